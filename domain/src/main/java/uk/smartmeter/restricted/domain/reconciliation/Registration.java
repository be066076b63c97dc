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
 * @param input       which of the run's inputs (0 for the first) the line comes from, in the order they are read
 * @param electricity true for an MPAN (electricity), false for an MPRN (gas), as registration states the fuel
 * @param role        the registered Supplier's role as registration states it (IS, ES or GS); not checked here
 *                    against the fuel, since a mismatch is one of the things a reconciliation reports
 */
public record Registration(long line, int input, Mpxn mpxn, boolean electricity, PartyId supplier, UserRole role,
                           Instant effectiveFrom) {

    /** A line of a run's only (or first) input. */
    public Registration(long line, Mpxn mpxn, boolean electricity, PartyId supplier, UserRole role,
                        Instant effectiveFrom) {
        this(line, 0, mpxn, electricity, supplier, role, effectiveFrom);
    }

    public Registration {
        Objects.requireNonNull(mpxn, "mpxn is required");
        Objects.requireNonNull(supplier, "supplier is required");
        Objects.requireNonNull(role, "role is required");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom is required");
        if (line < 1 || input < 0) {
            throw new IllegalArgumentException("line numbers start at 1, inputs at 0");
        }
    }

    /**
     * Whether this line supersedes {@code earlier} for the same meter point: later effective, or as late and later in
     * the run's inputs (a later file, or later in the same file).
     */
    boolean supersedes(Registration earlier) {
        int order = effectiveFrom.compareTo(earlier.effectiveFrom);
        if (order != 0) {
            return order > 0;
        }
        return input != earlier.input ? input > earlier.input : line > earlier.line;
    }
}
