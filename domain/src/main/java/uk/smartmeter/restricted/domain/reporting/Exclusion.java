package uk.smartmeter.restricted.domain.reporting;

/** Why a request is left out of the adjusted measures (MP169 BR6). */
public enum Exclusion {
    /** The gate's own refusal of a request to a Restricted meter (R1, R2): consumer choice, not a failure. */
    GATE_DENIAL,
    /** A consumption SRV to a meter during its Restricted interval: not expected to succeed. */
    RESTRICTED_CONSUMPTION
}
