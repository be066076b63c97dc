package uk.smartmeter.restricted.application.input;

import java.util.ArrayList;
import java.util.List;
import uk.smartmeter.restricted.application.port.in.GateQuestion;
import uk.smartmeter.restricted.application.port.in.RequestRef;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.PaymentMode;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.gate.GateVerdict;
import uk.smartmeter.restricted.domain.gate.ServiceReferenceVariant;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.gate.SrvEntry;

/**
 * Turns a transport's messages (HTTP's JSON, gRPC's protobuf, a DUIS document) into questions for the gate, by the
 * same rules whichever way they came in; every broken rule is named with its field.
 */
public final class GateQuestions {

    static final String CREATE_SCHEDULE = "5.1";
    static final String UPDATE_PAYMENT_MODE = "1.6";
    private static final int MAX_REQUEST_ID = 200;

    private final SrvCatalogue catalogue;
    private final Actor asker;

    /**
     * @param asker the party that asked the gate (its token): a question that names no sender is recorded as
     *              sent by it, so that every receipt and its history entry name a party and a role
     */
    public GateQuestions(SrvCatalogue catalogue, Actor asker) {
        this.catalogue = catalogue;
        this.asker = asker;
    }

    /** The version of the SRV catalogue these questions are asked in. */
    public String catalogueVersion() {
        return catalogue.version();
    }

    public GateQuestion from(Asked body) {
        if (body == null) {
            throw InvalidRequest.of("body", "required");
        }
        InvalidRequest.Builder rules = InvalidRequest.builder();
        String requestId = rules.check("requestId", body.requestId(), GateQuestions::requestId);
        PartyId sender = rules.checkOptional("senderId", body.senderId(), PartyId::of);
        UserRole role = rules.checkOptional("senderRole", body.senderRole(), GateQuestions::role);
        if (body.senderId() == null && body.senderRole() == null && asker != null) {
            sender = asker.party();
            role = asker.role();
        }
        Long device = rules.check("deviceId", body.deviceId(), DeviceId::parseEui64);
        if ((body.srv() == null) == (body.alertCode() == null)) {
            rules.add(body.srv() == null ? "srv" : "alertCode", "exactly one of srv and alertCode is required");
        }
        SrvEntry srv = rules.checkOptional("srv", body.srv(), this::srv);
        Integer alert = rules.checkOptional("alertCode", body.alertCode(), GateQuestions::alertCode);
        SrvEntry scheduled = null;
        PaymentMode paymentMode = null;
        if (srv != null && CREATE_SCHEDULE.equals(srv.srv().value())) {
            scheduled = rules.check("scheduledSrv", body.scheduledSrv(), this::srv);
        } else if (body.scheduledSrv() != null) {
            rules.add("scheduledSrv", "only for srv 5.1");
        }
        if (srv != null && UPDATE_PAYMENT_MODE.equals(srv.srv().value())) {
            paymentMode = rules.check("paymentMode", body.paymentMode(), GateQuestions::paymentMode);
        } else if (body.paymentMode() != null) {
            rules.add("paymentMode", "only for srv 1.6");
        }
        rules.throwIfAny();
        RequestRef ref = RequestRef.of(requestId, sender, role);
        if (alert != null) {
            return new GateQuestion.Alert(ref, alert, device);
        }
        if (scheduled != null) {
            return new GateQuestion.Schedule(ref, scheduled, device);
        }
        if (paymentMode != null) {
            return new GateQuestion.PaymentModeUpdate(ref, device, paymentMode);
        }
        return new GateQuestion.ServiceRequest(ref, srv, device);
    }

    /** The questions a DUIS request asks: one per device it is aimed at (a non-device request's body names them). */
    public List<GateQuestion> from(DuisRequest duis, long dccEui, UserRole senderRole) {
        SrvEntry srv = InvalidRequest.parse("Header.ServiceReferenceVariant", duis.srv(), this::srv);
        long target = InvalidRequest.parse("Header.RequestID", duis.target(), DeviceId::parseEui64);
        PartyId sender;
        try {
            sender = PartyId.of(duis.originator());
        } catch (IllegalArgumentException invalid) {
            throw InvalidRequest.of("Header.RequestID", "originator: " + invalid.getMessage());
        }
        if (!Actor.printable(duis.requestId())) {
            throw InvalidRequest.of("Header.RequestID", "printable characters only");
        }
        if (duis.requestId().length() > MAX_REQUEST_ID) {
            throw InvalidRequest.of("Header.RequestID", "at most " + MAX_REQUEST_ID + " characters");
        }
        List<Long> devices = new ArrayList<>();
        if (target == dccEui) {
            for (String id : duis.bodyDevices()) {
                devices.add(InvalidRequest.parse("Body.DeviceID", id, DeviceId::parseEui64));
            }
            if (devices.isEmpty()) {
                // a request to the DCC itself (a schedule read or delete, a WAN coverage lookup, a returned
                // local command) reaches no meter: it is asked about the DCC's EUI, as the JSON way in asks it
                devices.add(target);
            }
        } else {
            devices.add(target);
        }
        RequestRef ref = RequestRef.of(duis.requestId(), sender, senderRole);
        String variant = srv.srv().value();
        List<GateQuestion> questions = new ArrayList<>(devices.size());
        for (long device : devices) {
            if (CREATE_SCHEDULE.equals(variant)) {
                if (duis.scheduledSrv() == null) {
                    throw InvalidRequest.of("Body.DSPScheduledServiceReferenceVariant", "required for 5.1");
                }
                questions.add(new GateQuestion.Schedule(ref,
                        InvalidRequest.parse("Body.DSPScheduledServiceReferenceVariant", duis.scheduledSrv(), this::srv), device));
            } else if (UPDATE_PAYMENT_MODE.equals(variant)) {
                if (duis.paymentMode() == null) {
                    throw InvalidRequest.of("Body.UpdatePaymentMode", "must hold Credit or Prepayment");
                }
                questions.add(new GateQuestion.PaymentModeUpdate(ref, device,
                        "Prepayment".equals(duis.paymentMode()) ? PaymentMode.PREPAYMENT : PaymentMode.CREDIT));
            } else {
                questions.add(new GateQuestion.ServiceRequest(ref, srv, device));
            }
        }
        return questions;
    }

    /**
     * One question as a transport carries it, every field as text (null when absent): a Service Request (srv,
     * deviceId), a 5.1 schedule (srv 5.1, scheduledSrv, deviceId), a 1.6 payment-mode change (srv 1.6, paymentMode,
     * deviceId) or an alert (alertCode, deviceId).
     */
    public record Asked(String requestId, String senderId, String senderRole, String srv, String deviceId,
                        String scheduledSrv, String paymentMode, String alertCode) {
    }

    /** A DUIS request's answer over the questions it asked: the first denial, or ALLOW when none is denied. */
    public static GateVerdict overall(List<GateVerdict> verdicts) {
        for (GateVerdict verdict : verdicts) {
            if (!verdict.allowed()) {
                return verdict;
            }
        }
        return GateVerdict.ALLOW;
    }

    private SrvEntry srv(String raw) {
        return catalogue.entry(ServiceReferenceVariant.of(raw.trim())).orElseThrow(() -> new IllegalArgumentException(
                "not a DUIS SRV in catalogue version " + catalogue.version()));
    }

    private static String requestId(String raw) {
        if (raw.isEmpty() || raw.length() > MAX_REQUEST_ID || !Actor.printable(raw)) {
            throw new IllegalArgumentException("1 to " + MAX_REQUEST_ID + " printable characters");
        }
        return raw;
    }

    public static UserRole role(String raw) {
        try {
            return UserRole.valueOf(raw);
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("one of IS, ES, GS, ED, GT, OU, RSA, DCC");
        }
    }

    private static PaymentMode paymentMode(String raw) {
        try {
            return PaymentMode.valueOf(raw);
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("CREDIT or PREPAYMENT");
        }
    }

    private static Integer alertCode(String raw) {
        try {
            int code = Integer.decode(raw.trim());
            if (code < 0 || code > 0xFFFF) {
                throw new NumberFormatException();
            }
            return code;
        } catch (NumberFormatException notACode) {
            throw new IllegalArgumentException("a GBCS alert code from 0x0000 to 0xFFFF, such as 0x8F0A");
        }
    }
}
