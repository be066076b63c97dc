package uk.smartmeter.restricted.domain.device;

/** A reason a meter cannot be, or stay, in Restricted mode. */
public enum Ineligibility {
    NOT_SMETS2_OR_LATER(RefusalCode.NOT_SMETS2_OR_LATER, RestrictionEndReason.NOT_SMETS2_OR_LATER),
    METER_NOT_COMMISSIONED(RefusalCode.METER_NOT_COMMISSIONED, RestrictionEndReason.METER_NOT_COMMISSIONED),
    COMMS_HUB_NOT_COMMISSIONED(RefusalCode.COMMS_HUB_NOT_COMMISSIONED, RestrictionEndReason.COMMS_HUB_NOT_COMMISSIONED),
    PREPAYMENT_MODE(RefusalCode.PREPAYMENT_MODE, RestrictionEndReason.PREPAYMENT_MODE),
    LOAD_SWITCHING_EXEMPTION(RefusalCode.LOAD_SWITCHING_EXEMPTION, RestrictionEndReason.LOAD_SWITCHING_EXEMPTION),
    RADIO_TELESWITCH_EXEMPTION(RefusalCode.RADIO_TELESWITCH_EXEMPTION, RestrictionEndReason.RADIO_TELESWITCH_EXEMPTION),
    NETWORK_MANAGED_EXEMPTION(RefusalCode.NETWORK_MANAGED_EXEMPTION, RestrictionEndReason.NETWORK_MANAGED_EXEMPTION);

    private final RefusalCode refusalCode;
    private final RestrictionEndReason endReason;

    Ineligibility(RefusalCode refusalCode, RestrictionEndReason endReason) {
        this.refusalCode = refusalCode;
        this.endReason = endReason;
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
