package uk.smartmeter.restricted.adapter.rest.gate;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import uk.smartmeter.restricted.application.input.GateQuestions;
import uk.smartmeter.restricted.application.port.out.GateReceipt;
import uk.smartmeter.restricted.domain.gate.GateVerdict;

/** The gate's JSON messages. */
public final class GateMessages {

    private GateMessages() {
    }

    @Schema(description = "One question for the gate: a Service Request (srv, deviceId), a 5.1 schedule (srv 5.1,"
            + " scheduledSrv, deviceId), a 1.6 payment-mode change (srv 1.6, paymentMode, deviceId) or an alert"
            + " (alertCode, deviceId). Exactly one of srv and alertCode.")
    public record DecisionRequest(
            @Schema(description = "the DUIS RequestID, or the alert's own reference; 1 to 200 printable characters",
                    example = "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1000") String requestId,
            @Schema(description = "the sending User's ID (optional; kept on a denial's receipt)",
                    example = "90-B3-D5-1F-30-01-00-00") String senderId,
            @Schema(description = "the sender's DUIS user role (optional; kept on a denial's receipt)",
                    example = "IS") String senderRole,
            @Schema(description = "the Service Reference Variant", example = "4.1.1") String srv,
            @Schema(description = "the target device (for a non-device request, the device its body names;"
                    + " for 5.1 the scheduled device; for an alert the device that raised it)",
                    example = "00-DB-12-34-56-78-90-A0") String deviceId,
            @Schema(description = "5.1 only: the SRV the schedule runs", example = "4.6.1") String scheduledSrv,
            @Schema(description = "1.6 only: the payment mode asked for", example = "PREPAYMENT") String paymentMode,
            @Schema(description = "an alert's GBCS code, hex", example = "0x8F0A") String alertCode) {

        GateQuestions.Asked asked() {
            return new GateQuestions.Asked(requestId, senderId, senderRole, srv, deviceId, scheduledSrv, paymentMode,
                    alertCode);
        }
    }

    @Schema(description = "The gate's answer. A DENY carries a DUIS-style response code: R1 Restricted (consumption"
            + " data unavailable), R2 clear Restricted mode before prepayment, R3 status cannot be determined now.")
    public record DecisionResponse(String requestId,
                                   @Schema(allowableValues = {"ALLOW", "DENY"}) String decision,
                                   @Schema(allowableValues = {"R1", "R2", "R3"}) String responseCode,
                                   String reason,
                                   @Schema(description = "the SRV catalogue version the decision used (issue 18)")
                                   String catalogueVersion) {

        static DecisionResponse of(String requestId, GateVerdict verdict, String catalogueVersion) {
            return verdict.allowed() ? new DecisionResponse(requestId, "ALLOW", null, null, catalogueVersion)
                    : new DecisionResponse(requestId, "DENY", verdict.responseCode(), verdict.meaning(),
                    catalogueVersion);
        }
    }

    @Schema(description = "A batch answer line: the line number (from 1) and its decision, or its error.")
    public record BatchLine(long line, String requestId, String decision, String responseCode, String reason,
                            List<uk.smartmeter.restricted.application.input.FieldViolation> errors,
                            String catalogueVersion) {
    }

    @Schema(description = "The gate's answer to a DUIS request: DENY when it is denied for any device it names.")
    public record DuisDecisionResponse(String requestId, String srv, String decision, String responseCode,
                                       String reason, List<DeviceDecision> devices, String catalogueVersion) {
    }

    public record DeviceDecision(String deviceId, String decision, String responseCode) {
    }

    @Schema(description = "A denial's receipt, with the flag it rested on and the event that set that flag.")
    public record ReceiptResponse(long receiptNumber, String requestId, String senderId, String senderRole,
                                  String question, String srv, String alertCode, String deviceId, String decision,
                                  String responseCode, String reason, String flagMeter, Long flagVersion,
                                  String flagEventId, String flagEventType, Instant decidedAt,
                                  String catalogueVersion) {

        static ReceiptResponse of(GateReceipt.Recorded recorded) {
            GateReceipt r = recorded.receipt();
            return new ReceiptResponse(recorded.receiptNumber(), r.requestId(),
                    r.sender() == null ? null : r.sender().value(),
                    r.senderRole() == null ? null : r.senderRole().name(), r.question(), r.srv(),
                    r.alertCode() == null ? null : String.format("0x%04X", r.alertCode()), r.device().value(), "DENY",
                    r.verdict().responseCode(), r.verdict().meaning(),
                    r.flagMeter() == null ? null : r.flagMeter().value(), r.flagVersion(), recorded.flagEventId(),
                    recorded.flagEventType(), r.decidedAt(), r.catalogueVersion());
        }
    }
}
