package uk.smartmeter.restricted.application.port.out;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed checkpoint of the history's Merkle tree: its size, its root (hex) and the signed note that commits
 * to both (C2SP tlog-checkpoint in a C2SP signed note), issued at a time for a reason ({@code interval},
 * {@code monthly-report 2026-10 revision 2}, {@code exclusion-list NORTH 2026-10}, ...).
 */
public record IssuedCheckpoint(long treeSize, String rootHash, String note, Instant issuedAt, String reason) {

    public IssuedCheckpoint {
        Objects.requireNonNull(rootHash, "rootHash is required");
        Objects.requireNonNull(note, "note is required");
        Objects.requireNonNull(issuedAt, "issuedAt is required");
        Objects.requireNonNull(reason, "reason is required");
    }
}
