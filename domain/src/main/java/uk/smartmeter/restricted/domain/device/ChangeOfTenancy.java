package uk.smartmeter.restricted.domain.device;

import java.time.Instant;

/**
 * What a Change of Tenancy does to the flag, a choice MP169 leaves to the implementation: by the Working Group's
 * preference a new tenancy ends the previous tenant's choice ({@link DevicePolicy#clearRestrictionOnChangeOfTenancy},
 * on by default). A back-dated Change of Tenancy that took effect before the flag was applied leaves it alone: the flag
 * was then the incoming tenant's own choice.
 */
public final class ChangeOfTenancy {

    private ChangeOfTenancy() {
    }

    /** Whether a new tenancy effective at {@code effective} ends {@code restriction} ({@code null}: not restricted). */
    public static boolean endsTheFlag(Restriction restriction, Instant effective, DevicePolicy policy) {
        return restriction != null && policy.clearRestrictionOnChangeOfTenancy()
                && !effective.isBefore(restriction.since());
    }
}
