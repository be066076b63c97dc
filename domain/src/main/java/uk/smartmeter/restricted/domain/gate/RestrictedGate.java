package uk.smartmeter.restricted.domain.gate;

import java.util.Objects;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.PaymentMode;

/**
 * MP169's gate (BR4: "Critical, Security and Safety Alerts and Firmware updates will still be sent"):
 * "the only messages which should be prevented from sending are those which relate
 * directly to the consumer's consumption". Consumption SRVs and alerts for a Restricted meter, or for
 * its GPF, are denied; everything else passes: critical, security and safety traffic, firmware,
 * credentials, tariffs, supply, inventory. Which roles may send which SRV is the DSP's business, not
 * the gate's.
 *
 * <p>The methods that take an {@link SrvEntry} and a device as its EUI-64 number are the hot path:
 * they do not allocate (an enum switch and the index's probe), which the JMH benchmark checks.
 */
public final class RestrictedGate {

    private static final ServiceReferenceVariant UPDATE_PAYMENT_MODE = ServiceReferenceVariant.of("1.6");

    private final SrvCatalogue catalogue;
    private final AlertCatalogue alerts;

    public RestrictedGate(SrvCatalogue catalogue, AlertCatalogue alerts) {
        this.catalogue = Objects.requireNonNull(catalogue);
        this.alerts = Objects.requireNonNull(alerts);
    }

    public SrvCatalogue catalogue() {
        return catalogue;
    }

    public AlertCatalogue alerts() {
        return alerts;
    }

    /** A Service Request aimed at a device (for a non-device request, the device its body names). */
    public GateVerdict serviceRequest(SrvEntry srv, long target, RestrictedMeters flags) {
        return consumption(srv.consumptionOn(), target, flags);
    }

    public GateVerdict serviceRequest(ServiceReferenceVariant srv, DeviceId target, RestrictedMeters flags) {
        return consumption(catalogue.consumptionOn(srv), target.eui64(), flags);
    }

    /** SRV 5.1 Create Schedule is judged as the SRV it schedules, for the device it schedules it on. */
    public GateVerdict createSchedule(SrvEntry scheduledSrv, long scheduledDevice, RestrictedMeters flags) {
        return serviceRequest(scheduledSrv, scheduledDevice, flags);
    }

    public GateVerdict createSchedule(ServiceReferenceVariant scheduledSrv, DeviceId scheduledDevice,
                                      RestrictedMeters flags) {
        return serviceRequest(scheduledSrv, scheduledDevice, flags);
    }

    /** SRV 1.6 to prepayment on a Restricted meter is refused: Restricted mode is for credit meters only. */
    public GateVerdict updatePaymentMode(long target, PaymentMode to, RestrictedMeters flags) {
        GateVerdict asRequest = consumption(catalogue.consumptionOn(UPDATE_PAYMENT_MODE), target, flags);
        if (!asRequest.allowed() || to != PaymentMode.PREPAYMENT) {
            return asRequest;
        }
        // Not a consumption SRV, so when the flags are not current it passes (fail closed covers consumption
        // only); a payment-mode fact from the DCC ends the restriction in any case.
        return flags.restrictedMeter(target) != null ? GateVerdict.DENY_CLEAR_RESTRICTION_FIRST : GateVerdict.ALLOW;
    }

    public GateVerdict updatePaymentMode(DeviceId target, PaymentMode to, RestrictedMeters flags) {
        return updatePaymentMode(target.eui64(), to, flags);
    }

    /** A device alert; only alerts that carry consumption (the billing data log, 0x8F0A) are ever held back. */
    public GateVerdict alert(int alertCode, long source, RestrictedMeters flags) {
        return consumption(alerts.consumptionOn(alertCode), source, flags);
    }

    public GateVerdict alert(int alertCode, DeviceId source, RestrictedMeters flags) {
        return alert(alertCode, source.eui64(), flags);
    }

    private static GateVerdict consumption(ConsumptionScope scope, long device, RestrictedMeters flags) {
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
