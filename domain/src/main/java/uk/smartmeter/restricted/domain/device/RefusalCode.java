package uk.smartmeter.restricted.domain.device;

/**
 * Stable codes for refused requests and facts. They are part of the public contract (API problem
 * types and the audit trail): add new codes, never rename or reuse one.
 */
public enum RefusalCode {
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
    CONCURRENT_UPDATE,

    // Refused at the door, before any device was consulted
    /** The party's role may not use this endpoint (for example a Regulator writing, an Other User applying). */
    ROLE_NOT_PERMITTED,
    /** The request was malformed: bad JSON, a wrong type, an unknown value, a bad identifier, too large. */
    INVALID_REQUEST,
    /** An Idempotency-Key was reused with a different request. */
    IDEMPOTENCY_KEY_REUSED,
    /**
     * A party sent more requests than its rate limit allows; answered 429 each time, and recorded once per
     * party and summary interval with the count, never once per request.
     */
    RATE_LIMITED,

    // CSP notifications
    /** A CSP reads and replays only its own region's notices and exclusion lists. */
    NOT_YOUR_CSP_REGION,
    /** A replay over the broker was asked for, but no broker is configured (the pull feed replays by its cursor). */
    CSP_PUSH_NOT_CONFIGURED,

    // Monthly reports
    /** A month's report is published once; recompute it for a new revision instead. */
    REPORT_ALREADY_PUBLISHED,
    /** Reproducing or recomputing needs the month's published report first. */
    REPORT_NOT_PUBLISHED,
    /** A month is published only after it has ended. */
    REPORT_MONTH_NOT_CLOSED,
    /** No stored report (or run) of that month and revision. */
    REPORT_NOT_FOUND,
    /** A named outcome log is not there to read. */
    OUTCOME_LOG_NOT_FOUND,
    /** A stored report file no longer has the SHA-256 kept with its revision: it is not served. */
    REPORT_FILE_ALTERED,

    // History
    /** No entry of the history's tree holds that event. */
    HISTORY_ENTRY_NOT_FOUND,
    /** No checkpoint of that tree size (or no rebuild of that identifier). */
    HISTORY_CHECKPOINT_NOT_FOUND,
    HISTORY_REBUILD_NOT_FOUND,
    /** Another rebuild of the history is running; one runs at a time. */
    HISTORY_REBUILD_RUNNING,
    /** The history holds entries from before its Merkle tree: rebuild it once before checkpoints are issued. */
    HISTORY_NOT_YET_A_TREE,
    /** A node of the history's tree is missing or broken: verify the history and rebuild it. */
    HISTORY_TREE_DAMAGED;

    /**
     * Whether this refuses the party access to the device at all (it is not there, or not theirs to
     * act on). Such a refusal comes before any other answer about the device, its version included,
     * so that nobody learns anything about a device they have no business with.
     */
    public boolean refusesAccess() {
        return this == DEVICE_NOT_ENROLLED || this == NOT_RESPONSIBLE_SUPPLIER || this == NOT_DCC_SYSTEM;
    }
}
