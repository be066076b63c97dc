package uk.smartmeter.restricted.domain.device;

/** Why a restriction ended without a Supplier clearing it. Stable: add, never rename. */
public enum RestrictionEndReason {
    CHANGE_OF_TENANCY,
    NOT_SMETS2_OR_LATER,
    METER_NOT_COMMISSIONED,
    COMMS_HUB_NOT_COMMISSIONED,
    PREPAYMENT_MODE,
    LOAD_SWITCHING_EXEMPTION,
    RADIO_TELESWITCH_EXEMPTION,
    NETWORK_MANAGED_EXEMPTION
}
