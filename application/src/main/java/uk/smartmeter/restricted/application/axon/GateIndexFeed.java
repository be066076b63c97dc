package uk.smartmeter.restricted.application.axon;

import java.time.Instant;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import uk.smartmeter.restricted.application.gate.RestrictedIndex;
import uk.smartmeter.restricted.application.port.out.GateIndexCheckpoint;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;
import uk.smartmeter.restricted.domain.device.event.RestrictionEnded;

/**
 * Feeds the Device events the gate needs into the {@link RestrictedIndex}: every start and end of a
 * restriction with the device version it happened at and, for a gas meter, its GPF. Two feeds share these
 * handlers: {@link Live} (this node's commits, before they are acknowledged) and {@link Tracking} (every
 * node's commits, read from the store after the gate index's checkpoint).
 * <p>
 * A gas meter's restriction events carry its GPF as the {@value #GPF_METADATA} metadata
 * ({@link DeviceAggregate} adds it). An event stored before that has none, and its GPF is the one its
 * enrolment named, read from the store ({@link GasProxies}); a read that fails fails the feed (the
 * tracking feed stops and the gate fails closed, a command of this node's is not acknowledged).
 */
public abstract class GateIndexFeed {

    /** The processing group of this node's own commits: a subscribing processor (assigned in bootstrap). */
    public static final String LIVE = "gate-index-live";
    /** The processing group that follows the store: a tracking processor with an in-memory token. */
    public static final String TRACKING = "gate-index";
    /** The processing group that keeps the index's durable checkpoint: tracking, its token in the token store. */
    public static final String CHECKPOINT = "gate-index-checkpoint";
    /** The metadata key of a gas meter's GPF on its restriction events. */
    public static final String GPF_METADATA = "gpfId";

    /** A gas meter's GPF, as its enrolment named it. */
    @FunctionalInterface
    public interface GasProxies {
        /** The GPF's EUI-64, or 0 when the meter has none (or is not known). */
        long gpfOf(DeviceId gasMeter);
    }

    /**
     * A restriction's start ({@code restricted}) or end, of a meter at a device version; {@code gpf} is a gas
     * meter's GPF (0 for none).
     */
    public record Change(long meter, boolean restricted, DeviceType type, long version, long gpf) {

        /** Applies the change to the index, as delivered by the given feed. */
        public void to(RestrictedIndex index, RestrictedIndex.Feed feed) {
            if (restricted) {
                index.restricted(meter, type, version, gpf);
            } else {
                index.unrestricted(meter, version, feed, gpf);
            }
        }
    }

    private final GasProxies gasProxies;

    protected GateIndexFeed(GasProxies gasProxies) {
        this.gasProxies = gasProxies;
    }

    /** Applies a change at the moment this feed's promise requires. */
    protected abstract void update(Change change, Instant recordedAt);

    @EventHandler
    void on(RestrictionApplied event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(GPF_METADATA) String gpfId) {
        long meter = event.deviceId().eui64();
        DeviceType type = event.supplier().role() == UserRole.IS ? DeviceType.ESME : DeviceType.GSME;
        long gpf = gpfOf(event.deviceId(), event.supplier(), gpfId);
        update(new Change(meter, true, type, version, gpf), recordedAt);
    }

    @EventHandler
    void on(RestrictionCleared event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(GPF_METADATA) String gpfId) {
        ended(event.deviceId(), event.supplier(), version, recordedAt, gpfId);
    }

    @EventHandler
    void on(RestrictionEnded event, @SequenceNumber long version, @Timestamp Instant recordedAt,
            @MetaDataValue(GPF_METADATA) String gpfId) {
        ended(event.deviceId(), event.supplierToNotify(), version, recordedAt, gpfId);
    }

    private void ended(DeviceId device, ResponsibleSupplier supplier, long version, Instant recordedAt, String gpfId) {
        long meter = device.eui64();
        long gpf = gpfOf(device, supplier, gpfId);
        DeviceType type = supplier != null && supplier.role() == UserRole.GS ? DeviceType.GSME : DeviceType.ESME;
        update(new Change(meter, false, type, version, gpf), recordedAt);
    }

    private long gpfOf(DeviceId meter, ResponsibleSupplier supplier, String gpfId) {
        if (gpfId != null) {
            return DeviceId.of(gpfId).eui64();
        }
        // stored before the metadata: an electricity meter's Supplier acts as IS; otherwise ask the enrolment
        return supplier != null && supplier.role() == UserRole.IS ? 0 : gasProxies.gpfOf(meter);
    }

    /**
     * This node's own commits, handled in the committing thread: the change reaches the index after the
     * transaction commits and before the command's caller is answered, so a Supplier's acknowledged
     * "restricted" is already enforced here, and a command that rolls back never touches the index.
     */
    public static final class Live extends GateIndexFeed {

        private final RestrictedIndex index;

        public Live(RestrictedIndex index, GasProxies gasProxies) {
            super(gasProxies);
            this.index = index;
        }

        @Override
        protected void update(Change change, Instant recordedAt) {
            if (CurrentUnitOfWork.isStarted()) {
                index.liveUpdateStarts(change.meter());
                var root = CurrentUnitOfWork.get().root();
                root.afterCommit(u -> change.to(index, RestrictedIndex.Feed.LIVE));
                root.onCleanup(u -> index.liveUpdateDone(change.meter()));
            } else {
                change.to(index, RestrictedIndex.Feed.LIVE);
            }
        }
    }

    /** Every node's commits, read back from the store; reports how far behind the store each one arrived. */
    public static final class Tracking extends GateIndexFeed {

        private final RestrictedIndex index;
        private final FeedLag lag;

        public Tracking(RestrictedIndex index, GasProxies gasProxies, FeedLag lag) {
            super(gasProxies);
            this.index = index;
            this.lag = lag;
        }

        @Override
        protected void update(Change change, Instant recordedAt) {
            change.to(index, RestrictedIndex.Feed.TRACKING);
            lag.applied(recordedAt);
        }
    }

    /**
     * The gate index's durable checkpoint: the Restricted meters (with their GPFs) kept in a table, in the same
     * transaction as this processor's token, by one node at a time (the token's claim). A node starts its index
     * from it and its token, then tails the store ({@value #CHECKPOINT}).
     */
    public static final class Checkpoint extends GateIndexFeed {

        private final GateIndexCheckpoint table;

        public Checkpoint(GateIndexCheckpoint table, GasProxies gasProxies) {
            super(gasProxies);
            this.table = table;
        }

        @Override
        protected void update(Change change, Instant recordedAt) {
            if (change.restricted()) {
                table.restricted(change.meter(), change.type(), change.version(), change.gpf());
            } else {
                table.ended(change.meter(), change.version());
            }
        }
    }

    /** Told when the tracking feed applied an event recorded at the given time. */
    @FunctionalInterface
    public interface FeedLag {
        void applied(Instant recordedAt);
    }
}
