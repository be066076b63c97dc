package uk.smartmeter.restricted.domain.history;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A signed note in the C2SP {@code signed-note} format (the format of Go's {@code sumdb/note}, of
 * transparency-dev's logs and their witnesses), with Ed25519 keys: the text (one or more lines, each ending
 * in a newline), a blank line, then one line per signature, {@code — <name> <base64(key ID ‖ signature)>}.
 * The key ID is the first four bytes of {@code SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)}; a verifier key is
 * written {@code <name>+<key ID in hex>+<base64(0x01 ‖ public key)>}.
 */
public final class SignedNote {

    private static final byte ED25519 = 0x01;
    private static final String DASH = "\u2014 ";
    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo, before the 32 raw bytes (RFC 8410). */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private SignedNote() {
    }

    /** The four-byte key ID of an Ed25519 key under this name. */
    public static byte[] keyId(String name, byte[] rawPublicKey) {
        requireName(name);
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(name.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(ED25519);
            sha256.update(rawPublicKey);
            return Arrays.copyOf(sha256.digest(), 4);
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }

    /** The verifier key, as a witness or a regulator would configure it. */
    public static String verifierKey(String name, byte[] rawPublicKey) {
        byte[] typed = new byte[33];
        typed[0] = ED25519;
        System.arraycopy(rawPublicKey, 0, typed, 1, 32);
        return name + "+" + HexFormat.of().formatHex(keyId(name, rawPublicKey)) + "+"
                + Base64.getEncoder().encodeToString(typed);
    }

    /** The raw 32 bytes of an Ed25519 public key from a verifier key; checks its name and key ID. */
    public static byte[] publicKeyOf(String verifierKey) {
        int first = verifierKey.indexOf('+');
        int second = first < 0 ? -1 : verifierKey.indexOf('+', first + 1);
        if (second < 0) {
            throw new IllegalArgumentException("a verifier key is name+keyid+key");
        }
        String name = verifierKey.substring(0, first);
        byte[] typed = Base64.getDecoder().decode(verifierKey.substring(second + 1));
        if (typed.length != 33 || typed[0] != ED25519) {
            throw new IllegalArgumentException("not an Ed25519 verifier key");
        }
        byte[] raw = Arrays.copyOfRange(typed, 1, 33);
        if (!HexFormat.of().formatHex(keyId(name, raw)).equals(verifierKey.substring(first + 1, second))) {
            throw new IllegalArgumentException("the key ID does not match the key");
        }
        return raw;
    }

    /** The raw 32 bytes of a JDK Ed25519 public key. */
    public static byte[] raw(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded.length != 44 || !Arrays.equals(Arrays.copyOf(encoded, 12), X509_PREFIX)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(encoded, 12, 44);
    }

    /** Signs the text (which must end with a newline) as {@code name}. */
    public static String sign(String text, String name, PrivateKey key, byte[] rawPublicKey) {
        requireText(text);
        requireName(name);
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(key);
            ed25519.update(text.getBytes(StandardCharsets.UTF_8));
            byte[] signature = ed25519.sign();
            byte[] line = new byte[4 + signature.length];
            System.arraycopy(keyId(name, rawPublicKey), 0, line, 0, 4);
            System.arraycopy(signature, 0, line, 4, signature.length);
            return text + "\n" + DASH + name + " " + Base64.getEncoder().encodeToString(line) + "\n";
        } catch (GeneralSecurityException failed) {
            throw new IllegalStateException("could not sign with Ed25519", failed);
        }
    }

    /** The note's text when it carries a valid signature by this name and key; empty otherwise. */
    public static Optional<String> open(String note, String name, byte[] rawPublicKey) {
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) {
            return Optional.empty();
        }
        String text = note.substring(0, split + 1);
        byte[] id = keyId(name, rawPublicKey);
        boolean verified = false;
        for (String line : note.substring(split + 2).split("\n")) {
            if (!line.startsWith(DASH + name + " ")) {
                continue;
            }
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(line.substring(DASH.length() + name.length() + 1));
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
            if (blob.length >= 4 && Arrays.equals(Arrays.copyOf(blob, 4), id)) {
                // a line for this key that does not verify spoils the note (C2SP signed-note: reject it whole)
                if (blob.length != 68 || !verify(text, Arrays.copyOfRange(blob, 4, 68), rawPublicKey)) {
                    return Optional.empty();
                }
                verified = true;
            }
        }
        return verified ? Optional.of(text) : Optional.empty();
    }

    private static boolean verify(String text, byte[] signature, byte[] rawPublicKey) {
        try {
            byte[] encoded = Arrays.copyOf(X509_PREFIX, 44);
            System.arraycopy(rawPublicKey, 0, encoded, 12, 32);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(text.getBytes(StandardCharsets.UTF_8));
            return ed25519.verify(signature);
        } catch (GeneralSecurityException invalid) {
            return false;
        }
    }

    private static void requireName(String name) {
        if (name == null || name.isEmpty() || name.chars().anyMatch(c -> c == ' ' || c == '+' || c == '\n'
                || Character.isISOControl(c))) {
            throw new IllegalArgumentException("a key name has no spaces, plus signs or line breaks");
        }
    }

    private static void requireText(String text) {
        if (text == null || text.isEmpty() || !text.endsWith("\n") || text.contains("\n\n")) {
            throw new IllegalArgumentException("a note's text is lines, each ending in a newline, none empty");
        }
    }
}
