package uk.smartmeter.restricted.domain.device.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;

/**
 * A party's request or a DCC fact that was refused. Recorded for regulators whether or not the
 * device exists, but never in the Device's own stream, so nobody can bloat a device by being refused.
 *
 * @param deviceId   the device the request named, or {@code null} when it named none
 * @param request    the request's stable name, for example {@code ApplyRestriction}
 * @param code       the refusal's code: a {@link uk.smartmeter.restricted.domain.device.RefusalReason}'s name
 */
public record RequestRefused(DeviceId deviceId, Actor actor, String request, String code, String detail,
                             Instant recordedAt) {

    public RequestRefused {
        Objects.requireNonNull(actor, "actor is required");
        Objects.requireNonNull(request, "request is required");
        Objects.requireNonNull(code, "code is required");
        if (!code.matches("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")) {
            throw new IllegalArgumentException("a refusal's code is upper-case words joined by underscores: " + code);
        }
        Objects.requireNonNull(detail, "detail is required");
        // the history's precision, the microsecond
        recordedAt = Objects.requireNonNull(recordedAt, "recordedAt is required").truncatedTo(ChronoUnit.MICROS);
    }
}
