package uk.smartmeter.restricted.domain.device;

/**
 * The refusals of MP169's rules, as a Device decides them: who may act, what is possible for the meter, its
 * eligibility for Restricted mode, all reasonable steps (BR3), and a command that lost a race. They are part of the
 * public contract (API problem types and the audit trail): add new codes, never rename or reuse one. The service's
 * and the API's own refusals are not here (see {@link RefusalReason}); {@code docs/mp169.md} maps each code to the
 * rule and its tests.
 */
public enum RefusalCode implements RefusalReason {
    // Who may act
    /** Inventory and registration facts come from the DCC's own systems only. */
    NOT_DCC_SYSTEM,
    /** Only the meter's responsible Supplier, in the fuel's supplier role, may set or clear the flag. */
    NOT_RESPONSIBLE_SUPPLIER,

    // What is possible
    DEVICE_NOT_ENROLLED,
    DEVICE_ALREADY_ENROLLED,
    EFFECTIVE_TIME_IN_FUTURE,
    SUPPLIER_ROLE_DOES_NOT_MATCH_FUEL,
    MPXN_DOES_NOT_MATCH_FUEL,
    GPF_DOES_NOT_MATCH_FUEL,
    /**
     * The ID is already another device's: a meter's own ID, or another gas meter's GPF; or a GSME's GPF would be
     * the meter itself or its Comms Hub. One ID names one device, or the gate could not tell whose flag holds.
     */
    DEVICE_ID_IN_USE,
    GAINING_SUPPLIER_ALREADY_RESPONSIBLE,

    // Eligibility for Restricted mode (MP169)
    NOT_SMETS2_OR_LATER,
    METER_NOT_COMMISSIONED,
    COMMS_HUB_NOT_COMMISSIONED,
    PREPAYMENT_MODE,
    LOAD_SWITCHING_EXEMPTION,
    RADIO_TELESWITCH_EXEMPTION,
    NETWORK_MANAGED_EXEMPTION,

    // All reasonable steps (MP169 BR3)
    REASONABLE_STEPS_NOT_ATTESTED,
    REASONABLE_STEPS_DATE_IN_FUTURE,

    // Infrastructure: another command on the same device won the race, or the version the request
    // expected (If-Match) is no longer current; re-read and retry.
    CONCURRENT_UPDATE;

    /**
     * Whether this refuses the party access to the device at all (it is not there, or not theirs to
     * act on). Such a refusal comes before any other answer about the device, its version included,
     * so that nobody learns anything about a device they have no business with.
     */
    public boolean refusesAccess() {
        return this == DEVICE_NOT_ENROLLED || this == NOT_RESPONSIBLE_SUPPLIER || this == NOT_DCC_SYSTEM;
    }
}
