package uk.smartmeter.restricted.domain.gate;

import java.util.Objects;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.PaymentMode;

/**
 * MP169's gate: "the only messages which should be prevented from sending are those which relate
 * directly to the consumer's consumption". Consumption SRVs and alerts for a Restricted meter, or for
 * its GPF, are denied; everything else passes: critical, security and safety traffic, firmware,
 * credentials, tariffs, supply, inventory. Which roles may send which SRV is the DSP's business, not
 * the gate's. The methods are written not to allocate (map lookups and enums only); issue 4's JMH
 * benchmark is to prove it.
 */
public final class RestrictedGate {

    private static final ServiceReferenceVariant UPDATE_PAYMENT_MODE = ServiceReferenceVariant.of("1.6");

    private final SrvCatalogue catalogue;
    private final AlertCatalogue alerts;

    public RestrictedGate(SrvCatalogue catalogue, AlertCatalogue alerts) {
        this.catalogue = Objects.requireNonNull(catalogue);
        this.alerts = Objects.requireNonNull(alerts);
    }

    /** A Service Request aimed at a device (for a non-device request, the device its body names). */
    public GateVerdict serviceRequest(ServiceReferenceVariant srv, DeviceId target, RestrictedMeters flags) {
        return consumption(catalogue.consumptionOn(srv), target, flags);
    }

    /** SRV 5.1 Create Schedule is judged as the SRV it schedules, for the device it schedules it on. */
    public GateVerdict createSchedule(ServiceReferenceVariant scheduledSrv, DeviceId scheduledDevice,
                                      RestrictedMeters flags) {
        return serviceRequest(scheduledSrv, scheduledDevice, flags);
    }

    /** SRV 1.6 to prepayment on a Restricted meter is refused: Restricted mode is for credit meters only. */
    public GateVerdict updatePaymentMode(DeviceId target, PaymentMode to, RestrictedMeters flags) {
        GateVerdict asRequest = serviceRequest(UPDATE_PAYMENT_MODE, target, flags);
        if (!asRequest.allowed() || to != PaymentMode.PREPAYMENT) {
            return asRequest;
        }
        return flags.restrictedMeter(target) != null ? GateVerdict.DENY_CLEAR_RESTRICTION_FIRST : GateVerdict.ALLOW;
    }

    /** A device alert; only alerts that carry consumption (the billing data log, 0x8F0A) are ever held back. */
    public GateVerdict alert(int alertCode, DeviceId source, RestrictedMeters flags) {
        return consumption(alerts.consumptionOn(alertCode), source, flags);
    }

    private static GateVerdict consumption(ConsumptionScope scope, DeviceId device, RestrictedMeters flags) {
        if (scope == ConsumptionScope.NONE) {
            return GateVerdict.ALLOW;
        }
        if (!flags.current()) {
            return GateVerdict.DENY_STATUS_UNKNOWN;
        }
        DeviceType restricted = flags.restrictedMeter(device);
        return restricted != null && scope.carriesConsumptionFor(restricted)
                ? GateVerdict.DENY_RESTRICTED : GateVerdict.ALLOW;
    }
}
