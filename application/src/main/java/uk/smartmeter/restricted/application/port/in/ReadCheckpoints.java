package uk.smartmeter.restricted.application.port.in;

import java.util.List;
import java.util.Optional;
import uk.smartmeter.restricted.application.port.out.IssuedCheckpoint;

/** The history's signed checkpoints, and the key that verifies them. */
public interface ReadCheckpoints {

    Optional<IssuedCheckpoint> latest();

    Optional<IssuedCheckpoint> ofSize(long treeSize);

    /** Checkpoints of tree sizes above {@code afterSize}, smallest first, at most {@code limit}. */
    List<IssuedCheckpoint> after(long afterSize, int limit);

    /**
     * A checkpoint of the tree as it stands now (the one already issued at its size, if any).
     *
     * @throws IllegalStateException while the history holds entries written before the tree (rebuild it once)
     */
    IssuedCheckpoint issue(String reason);

    /** The same, or empty while the history holds entries written before the tree. */
    Optional<IssuedCheckpoint> tryIssue(String reason);

    /** The C2SP verifier key: {@code <origin>+<key ID>+<base64(0x01 ‖ Ed25519 public key)>}. */
    String verifierKey();

    /** The log's origin line, also the key's name. */
    String origin();
}
