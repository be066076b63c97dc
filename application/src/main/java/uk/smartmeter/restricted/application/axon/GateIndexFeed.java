package uk.smartmeter.restricted.application.axon;

import java.time.Instant;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import uk.smartmeter.restricted.application.gate.RestrictedIndex;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.event.DeviceEnrolled;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;
import uk.smartmeter.restricted.domain.device.event.RestrictionEnded;

/**
 * Feeds the Device events the gate needs into the {@link RestrictedIndex}: gas meters' GPF links from
 * enrolment, and every start and end of a restriction with the device version it happened at. Two
 * feeds share these handlers: {@link Live} (this node's commits, before they are acknowledged) and
 * {@link Tracking} (every node's commits, and the replay on start-up).
 */
public abstract class GateIndexFeed {

    /** The processing group of this node's own commits: a subscribing processor (assigned in bootstrap). */
    public static final String LIVE = "gate-index-live";
    /** The processing group that follows the store: a tracking processor with an in-memory token. */
    public static final String TRACKING = "gate-index";

    protected final RestrictedIndex index;

    protected GateIndexFeed(RestrictedIndex index) {
        this.index = index;
    }

    /** Applies an update to the index at the moment this feed's promise requires. */
    protected abstract void update(Runnable change, Instant recordedAt);

    @EventHandler
    void on(DeviceEnrolled event, @Timestamp Instant recordedAt) {
        if (event.deviceType() == DeviceType.GSME && event.gpfId() != null) {
            long meter = event.deviceId().eui64();
            long gpf = event.gpfId().eui64();
            update(() -> index.gasProxyEnrolled(meter, gpf), recordedAt);
        }
    }

    @EventHandler
    void on(RestrictionApplied event, @SequenceNumber long version, @Timestamp Instant recordedAt) {
        long meter = event.deviceId().eui64();
        DeviceType type = event.supplier().role() == UserRole.IS ? DeviceType.ESME : DeviceType.GSME;
        update(() -> index.restricted(meter, type, version), recordedAt);
    }

    @EventHandler
    void on(RestrictionCleared event, @SequenceNumber long version, @Timestamp Instant recordedAt) {
        long meter = event.deviceId().eui64();
        update(() -> index.unrestricted(meter, version), recordedAt);
    }

    @EventHandler
    void on(RestrictionEnded event, @SequenceNumber long version, @Timestamp Instant recordedAt) {
        long meter = event.deviceId().eui64();
        update(() -> index.unrestricted(meter, version), recordedAt);
    }

    /**
     * This node's own commits, handled in the committing thread: the change reaches the index after the
     * transaction commits and before the command's caller is answered, so a Supplier's acknowledged
     * "restricted" is already enforced here, and a command that rolls back never touches the index.
     */
    public static final class Live extends GateIndexFeed {

        public Live(RestrictedIndex index) {
            super(index);
        }

        @Override
        protected void update(Runnable change, Instant recordedAt) {
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().root().afterCommit(u -> change.run());
            } else {
                change.run();
            }
        }
    }

    /** Every node's commits, read back from the store; reports how far behind the store each one arrived. */
    public static final class Tracking extends GateIndexFeed {

        private final FeedLag lag;

        public Tracking(RestrictedIndex index, FeedLag lag) {
            super(index);
            this.lag = lag;
        }

        @Override
        protected void update(Runnable change, Instant recordedAt) {
            change.run();
            lag.applied(recordedAt);
        }
    }

    /** Told when the tracking feed applied an event recorded at the given time. */
    @FunctionalInterface
    public interface FeedLag {
        void applied(Instant recordedAt);
    }
}
