package uk.smartmeter.restricted.application.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The rebuilds asked for, shared by every node: at most one runs at a time. */
public interface RebuildRuns {

    /**
     * Records a new rebuild as running, unless one is running already whose node has reported within
     * {@code staleAfter} (then that one is answered and nothing is recorded).
     */
    Optional<HistoryRebuild> claim(HistoryRebuild rebuild, Duration staleAfter);

    /**
     * Marks FAILED every running rebuild whose node has not reported within {@code staleAfter} (it died or lost the
     * database), and answers them, so that their outcome can be recorded.
     */
    List<HistoryRebuild> reapStale(Duration staleAfter, Instant now);

    /** The node running it is still at it. */
    void heartbeat(String rebuildId, Instant at);

    void finish(String rebuildId, String status, String detail, Instant at);

    Optional<HistoryRebuild> find(String rebuildId);

    List<HistoryRebuild> recent(int limit);
}
