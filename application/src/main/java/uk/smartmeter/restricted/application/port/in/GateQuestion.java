package uk.smartmeter.restricted.application.port.in;

import java.util.Objects;
import uk.smartmeter.restricted.domain.device.PaymentMode;
import uk.smartmeter.restricted.domain.gate.GateVerdict;
import uk.smartmeter.restricted.domain.gate.RestrictedGate;
import uk.smartmeter.restricted.domain.gate.RestrictedMeters;
import uk.smartmeter.restricted.domain.gate.SrvClass;
import uk.smartmeter.restricted.domain.gate.SrvEntry;
import uk.smartmeter.restricted.application.port.in.RequestRef;
import uk.smartmeter.restricted.application.gate.GateCounters;

/** One question for the gate, as the HTTP and DUIS adapters put it. Devices are EUI-64 numbers. */
public sealed interface GateQuestion {

    RequestRef request();

    /** The device the question is about. */
    long device();

    /** The gate's answer under these flags. */
    GateVerdict askOf(RestrictedGate gate, RestrictedMeters flags);

    /** The traffic class the decision is counted under: an {@link SrvClass} name, or ALERT. */
    String countedAs();

    /** SERVICE_REQUEST, SCHEDULE, PAYMENT_MODE_UPDATE or ALERT, as receipts name it. */
    String kind();

    /** The SRV a receipt names (for a schedule, the scheduled SRV); null for an alert. */
    String srvAsked();

    /** The alert code a receipt names; null unless an alert. */
    /** The catalogue entry the question was asked with, or null (payment mode, alerts). */
    default SrvEntry srvEntry() {
        return null;
    }

    default Integer alertCode() {
        return null;
    }

    /** A Service Request aimed at a device (for a non-device request, the device its body names). */
    record ServiceRequest(RequestRef request, SrvEntry srv, long device) implements GateQuestion {
        @Override
        public SrvEntry srvEntry() {
            return srv;
        }

        public ServiceRequest {
            Objects.requireNonNull(request);
            Objects.requireNonNull(srv);
        }

        @Override
        public GateVerdict askOf(RestrictedGate gate, RestrictedMeters flags) {
            return gate.serviceRequest(srv, device, flags);
        }

        @Override
        public String countedAs() {
            return srv.srvClass().name();
        }

        @Override
        public String kind() {
            return "SERVICE_REQUEST";
        }

        @Override
        public String srvAsked() {
            return srv.srv().value();
        }
    }

    /** SRV 5.1 Create Schedule of {@code scheduledSrv} on {@code device}. */
    record Schedule(RequestRef request, SrvEntry scheduledSrv, long device) implements GateQuestion {
        @Override
        public SrvEntry srvEntry() {
            return scheduledSrv;
        }

        public Schedule {
            Objects.requireNonNull(request);
            Objects.requireNonNull(scheduledSrv);
        }

        @Override
        public GateVerdict askOf(RestrictedGate gate, RestrictedMeters flags) {
            return gate.createSchedule(scheduledSrv, device, flags);
        }

        @Override
        public String countedAs() {
            return SrvClass.SCHEDULE.name();
        }

        @Override
        public String kind() {
            return "SCHEDULE";
        }

        @Override
        public String srvAsked() {
            return scheduledSrv.srv().value();
        }
    }

    /** SRV 1.6 Update Payment Mode to {@code to}. */
    record PaymentModeUpdate(RequestRef request, long device, PaymentMode to) implements GateQuestion {
        public PaymentModeUpdate {
            Objects.requireNonNull(request);
            Objects.requireNonNull(to);
        }

        @Override
        public GateVerdict askOf(RestrictedGate gate, RestrictedMeters flags) {
            return gate.updatePaymentMode(device, to, flags);
        }

        @Override
        public String countedAs() {
            return SrvClass.PAYMENT_MODE.name();
        }

        @Override
        public String kind() {
            return "PAYMENT_MODE_UPDATE";
        }

        @Override
        public String srvAsked() {
            return "1.6";
        }
    }

    /** A device alert, by its GBCS alert code, from the device that raised it. */
    record Alert(RequestRef request, int code, long device) implements GateQuestion {
        public Alert {
            Objects.requireNonNull(request);
        }

        @Override
        public GateVerdict askOf(RestrictedGate gate, RestrictedMeters flags) {
            return gate.alert(code, device, flags);
        }

        @Override
        public String countedAs() {
            return GateCounters.ALERT;
        }

        @Override
        public String kind() {
            return "ALERT";
        }

        @Override
        public String srvAsked() {
            return null;
        }

        @Override
        public Integer alertCode() {
            return code;
        }
    }
}
