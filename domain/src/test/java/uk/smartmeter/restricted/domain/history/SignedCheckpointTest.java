package uk.smartmeter.restricted.domain.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Signed checkpoints against the published vector of Go's {@code golang.org/x/mod/sumdb/note} (the C2SP
 * signed-note example): Ed25519 is deterministic, so signing its text with its key must give its note byte
 * for byte, and its verifier key must name the same key ID.
 */
class SignedCheckpointTest {

    private static final String VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private static final String SIGNER_KEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private static final String TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    private static final String NOTE = TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FF"
            + "YC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    private static PrivateKey peterNeumann() throws Exception {
        // PRIVATE+KEY+<name>+<key ID>+<base64>: the key follows the fourth plus (its base64 may hold one)
        int at = -1;
        for (int plus = 0; plus < 4; plus++) {
            at = SIGNER_KEY.indexOf('+', at + 1);
        }
        byte[] typed = Base64.getDecoder().decode(SIGNER_KEY.substring(at + 1));
        assertThat(typed[0]).as("Ed25519").isEqualTo((byte) 1);
        return KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519,
                Arrays.copyOfRange(typed, 1, 33)));
    }

    @Test
    void theGoReferenceNoteIsReproducedByteForByteAndOpens() throws Exception {
        byte[] raw = SignedNote.publicKeyOf(VERIFIER_KEY);
        assertThat(HexFormat.of().formatHex(SignedNote.keyId("PeterNeumann", raw))).isEqualTo("c74f20a3");
        assertThat(SignedNote.verifierKey("PeterNeumann", raw)).isEqualTo(VERIFIER_KEY);
        assertThat(SignedNote.sign(TEXT, "PeterNeumann", peterNeumann(), raw)).isEqualTo(NOTE);
        assertThat(SignedNote.open(NOTE, "PeterNeumann", raw)).contains(TEXT);
    }

    @Test
    void anAlteredTextAnotherNameOrAnotherKeyDoesNotOpen() throws Exception {
        byte[] raw = SignedNote.publicKeyOf(VERIFIER_KEY);
        assertThat(SignedNote.open(NOTE.replace("cryptography", "cryptographY"), "PeterNeumann", raw)).isEmpty();
        assertThat(SignedNote.open(NOTE, "EnochRoot", raw)).isEmpty();
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertThat(SignedNote.open(NOTE, "PeterNeumann", SignedNote.raw(other.getPublic()))).isEmpty();
        assertThatThrownBy(() -> SignedNote.publicKeyOf("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4"
                + "izWy10TW")).hasMessageContaining("key ID");
    }

    @Test
    void aCheckpointOfTheHistoryIsSignedOpenedAndReadBack() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] raw = SignedNote.raw(key.getPublic());
        Checkpoint head = new Checkpoint("restricted-mode.example/history", 8,
                HexFormat.of().parseHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"));
        String signed = SignedNote.sign(head.text(), "restricted-mode.example/history", key.getPrivate(), raw);

        assertThat(head.text()).isEqualTo("restricted-mode.example/history\n8\n"
                + "XcnaeacGWamtVZy3Ad7Zoqudgjqt"
                + "L0lgz+Nw7/RgQyg=\n");
        String opened = SignedNote.open(signed, "restricted-mode.example/history", raw).orElseThrow();
        assertThat(Checkpoint.parse(opened)).isEqualTo(head);
        assertThat(SignedNote.open(signed.replace("\n8\n", "\n9\n"), "restricted-mode.example/history", raw))
                .as("a checkpoint whose size was changed").isEmpty();
        assertThatThrownBy(() -> Checkpoint.parse("origin\n-1\nAAAA\n")).isInstanceOf(IllegalArgumentException.class);
    }
}
