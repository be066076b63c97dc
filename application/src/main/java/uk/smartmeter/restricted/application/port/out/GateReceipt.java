package uk.smartmeter.restricted.application.port.out;

import java.time.Instant;
import java.util.Objects;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.gate.GateVerdict;

/**
 * The record of one denial: what was asked (request ID, sender, SRV or alert, device), the verdict and
 * its response code, and the flag it rests on: the Restricted meter and its version when the flag was
 * set (null for R3, when the gate could not tell). The event that set the flag is found from the meter
 * and version when the receipt is read.
 *
 * @param question        SERVICE_REQUEST, SCHEDULE, PAYMENT_MODE_UPDATE or ALERT
 * @param srv             the SRV asked about (for a schedule, the scheduled SRV); null for an alert
 * @param alertCode       the alert code; null unless an alert
 */
public record GateReceipt(String requestId, PartyId sender, UserRole senderRole, String question, String srv,
                          Integer alertCode, DeviceId device, GateVerdict verdict, DeviceId flagMeter,
                          Long flagVersion, Instant decidedAt, String catalogueVersion) {

    public GateReceipt {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(decidedAt, "decidedAt");
        if (verdict.allowed()) {
            throw new IllegalArgumentException("only denials have receipts");
        }
    }

    /** A receipt as stored, with the event that set the flag (null when the denial rests on no flag). */
    public record Recorded(long receiptNumber, GateReceipt receipt, String flagEventId, String flagEventType) {
    }
}
