package uk.smartmeter.restricted.domain.reconciliation;

import java.time.Instant;
import java.util.Objects;
import uk.smartmeter.restricted.domain.device.Mpxn;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * One line of a registration snapshot or daily delta (issue 18, F14): who registration says supplies a meter point,
 * from when. {@code line} is its line number in the input, so that a listing can point back at it.
 *
 * @param electricity true for an MPAN (electricity), false for an MPRN (gas), as registration states the fuel
 * @param role        the registered Supplier's role as registration states it (IS, ES or GS); not checked here
 *                    against the fuel, since a mismatch is one of the things a reconciliation reports
 */
public record Registration(long line, Mpxn mpxn, boolean electricity, PartyId supplier, UserRole role,
                           Instant effectiveFrom) {

    public Registration {
        Objects.requireNonNull(mpxn, "mpxn is required");
        Objects.requireNonNull(supplier, "supplier is required");
        Objects.requireNonNull(role, "role is required");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom is required");
        if (line < 1) {
            throw new IllegalArgumentException("line numbers start at 1");
        }
    }

    /** Whether this line supersedes {@code earlier} for the same meter point: later effective, or as late and later in the input. */
    boolean supersedes(Registration earlier) {
        int order = effectiveFrom.compareTo(earlier.effectiveFrom);
        return order > 0 || (order == 0 && line > earlier.line);
    }
}
