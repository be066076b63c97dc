package uk.smartmeter.restricted.domain.device;

import java.util.ArrayList;
import java.util.List;

/**
 * MP169's eligibility rules for Restricted mode, each a named check. A meter is eligible when the
 * list of ineligibilities is empty; the same rules decide an apply request and end a restriction
 * when a later fact breaks one of them.
 */
public final class RestrictedModeEligibility {

    private RestrictedModeEligibility() {
    }

    /** Every rule the meter breaks, in a fixed order. */
    public static List<Ineligibility> ineligibilities(Meter meter) {
        List<Ineligibility> broken = new ArrayList<>();
        if (!isSmets2OrLater(meter)) {
            broken.add(Ineligibility.NOT_SMETS2_OR_LATER);
        }
        if (!meterIsCommissioned(meter)) {
            broken.add(Ineligibility.METER_NOT_COMMISSIONED);
        }
        if (!commsHubIsCommissioned(meter)) {
            broken.add(Ineligibility.COMMS_HUB_NOT_COMMISSIONED);
        }
        if (!isInCreditMode(meter)) {
            broken.add(Ineligibility.PREPAYMENT_MODE);
        }
        broken.addAll(meter.site().exemptions());
        return List.copyOf(broken);
    }

    /** The solution applies to SMETS2+ devices only (Annex A, 2.1). */
    public static boolean isSmets2OrLater(Meter meter) {
        return meter.smetsVersion().isSmets2OrLater();
    }

    /** Only after the meter is installed and commissioned (Annex A, 2.2). */
    public static boolean meterIsCommissioned(Meter meter) {
        return meter.status() == SmiStatus.COMMISSIONED;
    }

    /** Only after the Comms Hub is installed and commissioned (Annex A, 2.2). */
    public static boolean commsHubIsCommissioned(Meter meter) {
        return meter.commsHubStatus() == SmiStatus.COMMISSIONED;
    }

    /** Credit customers only: prepayment processes need the blocked Service Requests (section 4). */
    public static boolean isInCreditMode(Meter meter) {
        return meter.paymentMode() == PaymentMode.CREDIT;
    }
}
