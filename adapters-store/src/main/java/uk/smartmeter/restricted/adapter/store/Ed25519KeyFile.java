package uk.smartmeter.restricted.adapter.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uk.smartmeter.restricted.application.port.out.CheckpointSigner;
import uk.smartmeter.restricted.domain.history.SignedNote;

/**
 * The history's Ed25519 signing key, from a PEM file outside the database holding a {@code PRIVATE KEY}
 * (PKCS #8) and a {@code PUBLIC KEY} (X.509) block, as OpenSSL writes them:
 * {@code openssl genpkey -algorithm ed25519 -out key.pem && openssl pkey -in key.pem -pubout >> key.pem},
 * or {@code java -jar restricted-mode.jar history-keygen key.pem}. The pair is checked by signing and
 * verifying once at load.
 */
public final class Ed25519KeyFile implements CheckpointSigner {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN (PRIVATE KEY|PUBLIC KEY)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final String name;
    private final PrivateKey privateKey;
    private final byte[] publicKey;

    private Ed25519KeyFile(String name, PrivateKey privateKey, byte[] publicKey) {
        this.name = name;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        String probe = "key check\n";
        if (SignedNote.open(sign(probe), name, publicKey).isEmpty()) {
            throw new IllegalStateException("the history signing key's private and public keys are not a pair");
        }
    }

    /** Reads the key file; creates it first when {@code generate} and it does not exist. */
    public static Ed25519KeyFile load(Path file, String name, boolean generate) {
        if (!Files.exists(file)) {
            if (!generate) {
                throw new IllegalStateException("no history signing key at " + file.toAbsolutePath() + ": set"
                        + " restricted.history.signing-key to an Ed25519 PEM key file (see docs/history-integration.md)");
            }
            write(file, generate());
        }
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            PrivateKey privateKey = null;
            PublicKey publicKey = null;
            Matcher block = BLOCK.matcher(pem);
            KeyFactory keys = KeyFactory.getInstance("Ed25519");
            while (block.find()) {
                byte[] der = Base64.getMimeDecoder().decode(block.group(2));
                if (block.group(1).equals("PRIVATE KEY")) {
                    privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(der));
                } else {
                    publicKey = keys.generatePublic(new X509EncodedKeySpec(der));
                }
            }
            if (privateKey == null || publicKey == null) {
                throw new IllegalStateException("the history signing key " + file + " needs a PRIVATE KEY and a"
                        + " PUBLIC KEY block (Ed25519)");
            }
            return new Ed25519KeyFile(name, privateKey, SignedNote.raw(publicKey));
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot read the history signing key " + file, failed);
        } catch (GeneralSecurityException | IllegalArgumentException failed) {
            throw new IllegalStateException("the history signing key " + file + " is not an Ed25519 key pair",
                    failed);
        }
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException failed) {
            throw new IllegalStateException("no Ed25519 in this JDK", failed);
        }
    }

    /**
     * Writes a key pair as PEM, readable by its owner only: written whole to a file of its own, then linked into
     * place, so a node starting at the same moment finds either no key or the whole of one, never overwritten.
     */
    public static void write(Path file, KeyPair pair) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            String pem = pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem("PUBLIC KEY",
                    pair.getPublic().getEncoded());
            Path part = Files.createTempFile(parent, "history-signing-key.", ".part");
            try {
                try {
                    Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // a file system without POSIX permissions: keep the default
                }
                Files.writeString(part, pem, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
                Files.createLink(file.toAbsolutePath(), part);
            } catch (java.nio.file.FileAlreadyExistsException anotherNodeWroteIt) {
                // keep theirs
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot write the history signing key " + file, failed);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String verifierKey() {
        return SignedNote.verifierKey(name, publicKey);
    }

    @Override
    public String sign(String text) {
        return SignedNote.sign(text, name, privateKey, publicKey);
    }

    @Override
    public Optional<String> open(String note) {
        return SignedNote.open(note, name, publicKey);
    }
}
