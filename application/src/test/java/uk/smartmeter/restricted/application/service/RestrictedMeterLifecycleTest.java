package uk.smartmeter.restricted.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.smartmeter.restricted.domain.device.DeviceTestData.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.application.port.in.DeviceStatus;
import uk.smartmeter.restricted.application.port.out.ExpectedVersion;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.Ineligibility;
import uk.smartmeter.restricted.domain.device.PaymentMode;
import uk.smartmeter.restricted.domain.device.RefusalCode;
import uk.smartmeter.restricted.domain.device.RestrictionEndReason;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.command.ApplyRestriction;
import uk.smartmeter.restricted.domain.device.event.RequestRefused;
import uk.smartmeter.restricted.domain.device.event.RestrictionEnded;

/** One meter's whole life through the use cases, over in-memory adapters. */
class RestrictedMeterLifecycleTest {

    private final InMemoryDevices devices = new InMemoryDevices(CONTEXT);
    private final List<RequestRefused> refusals = new ArrayList<>();
    private final DeviceService service = new DeviceService(devices, refusals::add, CLOCK);

    @Test
    void aMeterIsEnrolledRestrictedHandedOverClearedRestrictedAgainAndFreedByANewTenancy() {
        service.enrol(anEligibleEsme().build());
        assertThat(status().eligible()).isTrue();

        service.applyRestriction(apply(AS_SUPPLIER_A));
        assertThat(status().restricted()).isTrue();
        assertThat(status().restrictedSince()).isEqualTo(NOW);

        service.changeSupplier(changeOfSupplierTo(SUPPLIER_B));
        assertThat(status().restricted()).as("the flag survives a Change of Supplier").isTrue();
        assertThat(status().responsibleSupplier()).isEqualTo(SUPPLIER_B);

        service.clearRestriction(clear(AS_SUPPLIER_B));
        assertThat(status().restricted()).isFalse();

        service.applyRestriction(apply(AS_SUPPLIER_B));
        service.changeTenancy(changeOfTenancy(null));
        assertThat(status().restricted()).as("a Change of Tenancy ends the flag").isFalse();
        assertThat(devices.stream(ESME)).last().isEqualTo(
                new RestrictionEnded(ESME, DCC, NOW, NOW, RestrictionEndReason.CHANGE_OF_TENANCY, SUPPLIER_B));
        assertThat(status().version()).isEqualTo(6);
        assertThat(refusals).isEmpty();
    }

    @Test
    void everyRefusalIsRecordedWithWhoWhatWhenAndWhy() {
        service.enrol(anEligibleEsme().build());
        Actor otherUser = Actor.of("DATA-CO", UserRole.OU);

        Decision decision = service.clearRestriction(clear(otherUser)).decision();

        assertThat(((Decision.Refused) decision).code()).isEqualTo(RefusalCode.NOT_RESPONSIBLE_SUPPLIER);
        assertThat(refusals).containsExactly(new RequestRefused(ESME, otherUser, "ClearRestriction",
                RefusalCode.NOT_RESPONSIBLE_SUPPLIER.name(),
                "only the meter's responsible Supplier may apply or clear Restricted mode", NOW));
        assertThat(devices.stream(ESME)).hasSize(1);
    }

    @Test
    void aRefusalAboutADeviceThatDoesNotExistIsRecordedToo() {
        DeviceId unknown = DeviceId.of("00-DB-12-34-56-78-90-FF");

        service.applyRestriction(new ApplyRestriction(unknown, AS_SUPPLIER_A, ATTESTATION));

        assertThat(refusals).singleElement().satisfies(refusal -> {
            assertThat(refusal.deviceId()).isEqualTo(unknown);
            assertThat(refusal.code()).isEqualTo(RefusalCode.DEVICE_NOT_ENROLLED.name());
        });
        assertThat(refusals.get(0).request()).isEqualTo("ApplyRestriction");
        assertThat(service.statusFor(DCC, unknown)).isEmpty();
    }

    @Test
    void acceptedAndIdempotentRequestsRecordNoRefusal() {
        service.enrol(anEligibleEsme().build());
        service.enrol(anEligibleEsme().build());
        service.applyRestriction(apply(AS_SUPPLIER_A));
        service.applyRestriction(apply(AS_SUPPLIER_A));

        assertThat(refusals).isEmpty();
        assertThat(devices.stream(ESME)).hasSize(2);
    }

    @Test
    void theStatusSaysWhyAMeterIsIneligible() {
        service.enrol(anEligibleEsme().paymentMode(PaymentMode.PREPAYMENT).build());

        assertThat(status().eligible()).isFalse();
        assertThat(status().ineligibilities()).containsExactly(Ineligibility.PREPAYMENT_MODE);
    }

    @Test
    void aSupplierSeesOnlyTheMetersItIsResponsibleForAndTheAttemptIsRecorded() {
        service.enrol(anEligibleEsme().build());

        assertThat(service.statusFor(AS_SUPPLIER_A, ESME)).isPresent();
        assertThat(service.statusFor(Actor.of("REGULATOR-1", UserRole.REGULATOR), ESME)).isPresent();
        assertThat(service.statusFor(AS_SUPPLIER_B, ESME)).isEmpty();
        assertThat(refusals).singleElement().satisfies(refusal -> {
            assertThat(refusal.request()).isEqualTo("ReadDeviceStatus");
            assertThat(refusal.code()).isEqualTo(RefusalCode.NOT_RESPONSIBLE_SUPPLIER.name());
        });
    }

    @Test
    void aRequestBasedOnAStaleVersionIsRefusedAsAConcurrentUpdate() {
        service.enrol(anEligibleEsme().build());
        service.applyRestriction(apply(AS_SUPPLIER_A));

        CommandOutcome stale = service.clearRestriction(clear(AS_SUPPLIER_A), ExpectedVersion.of(0));

        assertThat(((Decision.Refused) stale.decision()).code()).isEqualTo(RefusalCode.CONCURRENT_UPDATE);
        assertThat(stale.device().restricted()).isTrue();
        assertThat(service.clearRestriction(clear(AS_SUPPLIER_A), ExpectedVersion.of(1)).device().restricted()).isFalse();
    }

    private DeviceStatus status() {
        return service.statusFor(DCC, ESME).orElseThrow();
    }
}
