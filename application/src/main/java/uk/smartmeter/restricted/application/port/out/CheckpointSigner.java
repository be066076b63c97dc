package uk.smartmeter.restricted.application.port.out;

import java.util.Optional;

/** The history's signing key (Ed25519, held outside the database), as C2SP signed notes. */
public interface CheckpointSigner {

    /** The key's name, which is also the checkpoints' origin line. */
    String name();

    /** The verifier key: {@code <name>+<key ID hex>+<base64(0x01 ‖ public key)>}. */
    String verifierKey();

    /** The text signed: the note, text and signature lines. */
    String sign(String text);

    /** The note's text when this key signed it, else empty. */
    Optional<String> open(String note);
}
