package uk.smartmeter.restricted.domain.reconciliation;

import java.util.Objects;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.Mpxn;

/**
 * One finding of a reconciliation. Nothing is changed by it: {@code correction} names the DCC command that would
 * correct it, if any, and correcting goes through that command as usual.
 *
 * @param deviceId null for a meter point the store does not know
 * @param file     the registration file of the line it rests on, or null for a store meter with no registration
 * @param line     that line's number in its file, or 0 for a store meter with no registration
 */
public record Mismatch(MismatchKind kind, Mpxn mpxn, DeviceId deviceId, boolean restricted, String file, long line,
                       String detail, String correction) {

    public Mismatch {
        Objects.requireNonNull(kind, "kind is required");
        Objects.requireNonNull(mpxn, "mpxn is required");
        Objects.requireNonNull(detail, "detail is required");
        Objects.requireNonNull(correction, "correction is required");
    }
}
