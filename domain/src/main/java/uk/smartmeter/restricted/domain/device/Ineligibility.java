package uk.smartmeter.restricted.domain.device;

import java.util.function.Predicate;

/**
 * MP169's eligibility rules for Restricted mode, each one named policy: the words of the modification that set it,
 * the meter it rules out, the code an apply request is refused with, and the reason a restriction ends when a later
 * fact breaks it. A meter is eligible when it breaks none ({@link RestrictedModeEligibility}).
 */
public enum Ineligibility {
    /** "The solution applies to SMETS2+ devices only" (Annex A, 2.1). */
    NOT_SMETS2_OR_LATER(RefusalCode.NOT_SMETS2_OR_LATER, RestrictionEndReason.NOT_SMETS2_OR_LATER,
            "SMETS2+ devices only (Annex A, 2.1)", meter -> !meter.smetsVersion().isSmets2OrLater()),
    /** "Only after the Smart Meter ... ha[s] been installed and commissioned" (Annex A, 2.2). */
    METER_NOT_COMMISSIONED(RefusalCode.METER_NOT_COMMISSIONED, RestrictionEndReason.METER_NOT_COMMISSIONED,
            "only after the Smart Meter has been installed and commissioned (Annex A, 2.2)",
            meter -> meter.status() != SmiStatus.COMMISSIONED),
    /** "... and Communications Hub have been installed and commissioned" (Annex A, 2.2). */
    COMMS_HUB_NOT_COMMISSIONED(RefusalCode.COMMS_HUB_NOT_COMMISSIONED, RestrictionEndReason.COMMS_HUB_NOT_COMMISSIONED,
            "only after the Communications Hub has been installed and commissioned (Annex A, 2.2)",
            meter -> meter.commsHubStatus() != SmiStatus.COMMISSIONED),
    /** Credit customers only: prepayment relies on the Service Requests Restricted mode blocks (section 4). */
    PREPAYMENT_MODE(RefusalCode.PREPAYMENT_MODE, RestrictionEndReason.PREPAYMENT_MODE,
            "credit customers only: prepayment needs the blocked Service Requests (section 4)",
            meter -> meter.paymentMode() != PaymentMode.CREDIT),
    /** "Any consumer on an Economy 7 tariff (or similar) arrangement relies on the Smart meter communicating." */
    LOAD_SWITCHING_EXEMPTION(RefusalCode.LOAD_SWITCHING_EXEMPTION, RestrictionEndReason.LOAD_SWITCHING_EXEMPTION,
            "an Economy 7 tariff (or similar) arrangement relies on the Smart meter communicating",
            meter -> meter.site().loadSwitching()),
    /** "Those on specific Radio TeleSwitched regimes must also have communications." */
    RADIO_TELESWITCH_EXEMPTION(RefusalCode.RADIO_TELESWITCH_EXEMPTION, RestrictionEndReason.RADIO_TELESWITCH_EXEMPTION,
            "those on specific Radio TeleSwitched regimes must also have communications",
            meter -> meter.site().radioTeleswitch()),
    /** "Potential Network Managed sites with no Wide Area Network (WAN) ... must also have communications." */
    NETWORK_MANAGED_EXEMPTION(RefusalCode.NETWORK_MANAGED_EXEMPTION, RestrictionEndReason.NETWORK_MANAGED_EXEMPTION,
            "potential Network Managed sites with no Wide Area Network (WAN) must also have communications",
            meter -> meter.site().networkManagedWithoutWan());

    private final RefusalCode refusalCode;
    private final RestrictionEndReason endReason;
    private final String rule;
    private final Predicate<Meter> rulesOut;

    Ineligibility(RefusalCode refusalCode, RestrictionEndReason endReason, String rule, Predicate<Meter> rulesOut) {
        this.refusalCode = refusalCode;
        this.endReason = endReason;
        this.rule = rule;
        this.rulesOut = rulesOut;
    }

    /** Whether this rule rules the meter out of Restricted mode. */
    public boolean rulesOut(Meter meter) {
        return rulesOut.test(meter);
    }

    /** The rule, in MP169's words. */
    public String rule() {
        return rule;
    }

    /** The code an apply request is refused with. */
    public RefusalCode refusalCode() {
        return refusalCode;
    }

    /** The reason a restriction ends automatically when this arises. */
    public RestrictionEndReason endReason() {
        return endReason;
    }
}
