package uk.smartmeter.restricted.application.port.in;

import java.util.List;
import java.util.Optional;
import uk.smartmeter.restricted.application.port.out.HistoryRebuild;
import uk.smartmeter.restricted.domain.device.Actor;

/**
 * Rebuilds the history from the event store beside the live tables, and swaps it in only when it agrees with
 * every signed checkpoint. A recorded DCC action: the request and its outcome are entries of the history.
 */
public interface RebuildHistory {

    /** Thrown when another rebuild is running; names it. */
    final class RebuildRunning extends RuntimeException {
        private final transient HistoryRebuild running;

        public RebuildRunning(HistoryRebuild running) {
            super("rebuild " + running.rebuildId() + " is running on " + running.node());
            this.running = running;
        }

        public HistoryRebuild running() {
            return running;
        }
    }

    /**
     * Records the request and starts the rebuild; answers it as running. The same identifier again answers the
     * rebuild of that identifier, whatever its state.
     *
     * @throws RebuildRunning when another rebuild is running
     */
    HistoryRebuild start(Actor actor, String rebuildId, String reason);

    Optional<HistoryRebuild> find(String rebuildId);

    List<HistoryRebuild> recent(int limit);
}
