package uk.smartmeter.restricted.domain.gate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * The gate turned a Service Request or alert away: recorded in the global event stream, outside every
 * Device's own stream (like a refused request), so that the regulators' history holds it in order and
 * under its hash chains.
 *
 * @param device      the device the request was aimed at (or the alert came from)
 * @param flagMeter   the Restricted meter whose flag the denial rests on (for a GPF, its gas meter); null for R3
 * @param flagVersion that meter's version when the flag was set; null for R3
 * @param sender      the sending User, when known
 * @param question    SERVICE_REQUEST, SCHEDULE, PAYMENT_MODE_UPDATE or ALERT
 * @param srv         the SRV asked about (for a schedule, the scheduled SRV); null for an alert
 * @param alertCode   the alert code; null unless an alert
 */
public record GateDenied(String requestId, DeviceId device, DeviceId flagMeter, Long flagVersion, PartyId sender,
                         UserRole senderRole, String question, String srv, Integer alertCode, String responseCode,
                         Instant decidedAt, String catalogueVersion) {

    public GateDenied {
        Objects.requireNonNull(requestId, "requestId is required");
        Objects.requireNonNull(device, "device is required");
        Objects.requireNonNull(question, "question is required");
        Objects.requireNonNull(responseCode, "responseCode is required");
        // the history's precision, the microsecond
        decidedAt = Objects.requireNonNull(decidedAt, "decidedAt is required").truncatedTo(ChronoUnit.MICROS);
    }
}
