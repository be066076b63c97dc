package uk.smartmeter.restricted.application.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.application.gate.RestrictedIndex;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Attestation;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.ClearReason;
import uk.smartmeter.restricted.domain.device.event.RestrictionApplied;
import uk.smartmeter.restricted.domain.device.event.RestrictionCleared;

/** The live feed reaches the index only when the command's unit of work commits. */
class GateIndexFeedTest {

    private static final DeviceId ESME = DeviceId.of("00-DB-12-34-56-78-90-A0");
    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");

    private static final DeviceId GSME = DeviceId.of("00-DB-12-34-56-78-90-A1");
    private static final DeviceId GPF = DeviceId.of("00-DB-12-34-56-78-90-A3");
    /** An electricity meter's events never ask for a GPF. */
    private static final GateIndexFeed.GasProxies NO_LOOKUP = meter -> {
        throw new AssertionError("looked up the GPF of " + meter);
    };

    private final RestrictedIndex index = new RestrictedIndex();

    private static RestrictionApplied gasApplied() {
        ResponsibleSupplier supplier = ResponsibleSupplier.of("90-B3-D5-1F-30-01-00-00", UserRole.GS);
        return new RestrictionApplied(GSME, new Actor(supplier.party(), UserRole.GS, "alice"), AT, AT, supplier,
                new Attestation("EVIDENCE-1", java.time.LocalDate.parse("2026-11-01")));
    }

    private static RestrictionCleared gasCleared() {
        ResponsibleSupplier supplier = ResponsibleSupplier.of("90-B3-D5-1F-30-01-00-00", UserRole.GS);
        return new RestrictionCleared(GSME, new Actor(supplier.party(), UserRole.GS, "alice"), AT, AT, supplier,
                ClearReason.CONSUMER_REQUEST);
    }
    private final List<Instant> lags = new ArrayList<>();

    private static RestrictionApplied applied() {
        ResponsibleSupplier supplier = ResponsibleSupplier.of("90-B3-D5-1F-30-01-00-00", UserRole.IS);
        return new RestrictionApplied(ESME, new Actor(supplier.party(), UserRole.IS, "alice"), AT, AT, supplier,
                new Attestation("EVIDENCE-1", java.time.LocalDate.parse("2026-11-01")));
    }

    @Test
    void aRestrictionCommittedByThisNodeIsInTheIndexOnceItsUnitOfWorkCommits() {
        GateIndexFeed.Live live = new GateIndexFeed.Live(index, NO_LOOKUP);
        UnitOfWork<?> command = DefaultUnitOfWork.startAndGet(null);

        live.on(applied(), 4, AT, null);
        assertThat(index.restrictedMeter(ESME)).as("before commit").isNull();
        command.commit();

        assertThat(index.restrictedMeter(ESME)).isEqualTo(DeviceType.ESME);
    }

    @Test
    void aRestrictionWhoseCommandRollsBackNeverReachesTheIndex() {
        GateIndexFeed.Live live = new GateIndexFeed.Live(index, NO_LOOKUP);
        UnitOfWork<?> command = DefaultUnitOfWork.startAndGet(null);

        live.on(applied(), 4, AT, null);
        command.rollback(new IllegalStateException("the append failed"));

        assertThat(index.restrictedMeter(ESME)).isNull();
    }

    @Test
    void theTrackingFeedAppliesAtOnceAndReportsWhenTheEventWasRecorded() {
        GateIndexFeed.Tracking tracking = new GateIndexFeed.Tracking(index, NO_LOOKUP, lags::add);

        tracking.on(applied(), 4, AT, null);

        assertThat(index.restrictedMeter(ESME)).isEqualTo(DeviceType.ESME);
        assertThat(lags).containsExactly(AT);
    }

    @Test
    void aGasMetersRestrictionReachesItsGpfFromTheEventsMetadataWithoutALookup() {
        GateIndexFeed.Tracking tracking = new GateIndexFeed.Tracking(index, NO_LOOKUP, lags::add);

        tracking.on(gasApplied(), 4, AT, GPF.value());
        assertThat(index.restrictedMeter(GPF)).isEqualTo(DeviceType.GSME);

        tracking.on(gasCleared(), 5, AT, GPF.value());
        assertThat(index.restrictedMeter(GPF)).isNull();
        assertThat(index.entries()).isZero();
    }

    @Test
    void anEventStoredBeforeTheMetadataFindsTheGpfItsEnrolmentNamed() {
        List<DeviceId> asked = new ArrayList<>();
        GateIndexFeed.Tracking tracking = new GateIndexFeed.Tracking(index, meter -> {
            asked.add(meter);
            return GPF.eui64();
        }, lags::add);

        tracking.on(gasApplied(), 4, AT, null);

        assertThat(asked).containsExactly(GSME);
        assertThat(index.restrictedMeter(GPF)).isEqualTo(DeviceType.GSME);
    }

    @Test
    void aLookupThatFailsFailsTheFeedAndTouchesNothing() {
        GateIndexFeed.Tracking tracking = new GateIndexFeed.Tracking(index, meter -> {
            throw new IllegalStateException("the store is unreachable");
        }, lags::add);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tracking.on(gasApplied(), 4, AT, null))
                .hasMessageContaining("unreachable");
        assertThat(index.restrictedMeter(GSME)).isNull();
        assertThat(lags).isEmpty();
    }
}
