package uk.smartmeter.restricted.domain.device;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a meter may be in Restricted mode: it breaks none of MP169's eligibility rules, each a named
 * {@link Ineligibility}. The same rules decide an apply request and end a restriction when a later fact breaks one.
 */
public final class RestrictedModeEligibility {

    private RestrictedModeEligibility() {
    }

    /** Every rule the meter breaks, in the rules' fixed order. */
    public static List<Ineligibility> ineligibilities(Meter meter) {
        List<Ineligibility> broken = new ArrayList<>(2);
        for (Ineligibility rule : Ineligibility.values()) {
            if (rule.rulesOut(meter)) {
                broken.add(rule);
            }
        }
        return List.copyOf(broken);
    }
}
