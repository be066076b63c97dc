package uk.smartmeter.restricted.application.port.out;

import java.util.List;
import java.util.Optional;

/**
 * The signed checkpoints the service has issued, in its database and, as a copy outside it, in the archive
 * folder: a checkpoint deleted from the one is still found in the other.
 */
public interface CheckpointStore {

    /** Keeps a checkpoint; one of the same tree size already kept is kept instead, and answered. */
    IssuedCheckpoint save(IssuedCheckpoint checkpoint);

    Optional<IssuedCheckpoint> latest();

    /** The checkpoint of this tree size. */
    Optional<IssuedCheckpoint> ofSize(long treeSize);

    /** Checkpoints of tree sizes above {@code afterSize}, smallest first, at most {@code limit}. */
    List<IssuedCheckpoint> after(long afterSize, int limit);

    /** The signed notes of the archive copies, whether or not the database still has them. */
    List<String> archived();

    /** Checkpoints not yet pushed to the CSPs, oldest first. */
    List<IssuedCheckpoint> unpushed(int limit);

    void pushed(long treeSize, java.time.Instant at);
}
