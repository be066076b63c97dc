package uk.smartmeter.restricted.domain.gate;

/**
 * The gate's answer. Denials carry a DUIS-style response code of their own: the "R" (Restricted)
 * series cannot clash with DUIS's I (information), W (warning) or E (error) codes.
 */
public enum GateVerdict {
    ALLOW(null, "may go to the device"),
    /** A consumption SRV or alert for a Restricted meter (or its GPF). */
    DENY_RESTRICTED("R1", "device Restricted: consumption data unavailable"),
    /** SRV 1.6 to prepayment on a Restricted meter: Restricted mode is for credit meters only. */
    DENY_CLEAR_RESTRICTION_FIRST("R2", "device Restricted: clear Restricted mode before changing to prepayment"),
    /** The gate's view of the flags is not current, so it cannot rule out that the meter is Restricted. */
    DENY_STATUS_UNKNOWN("R3", "Restricted status cannot be determined now: consumption data withheld, retry later");

    private final String responseCode;
    private final String meaning;

    GateVerdict(String responseCode, String meaning) {
        this.responseCode = responseCode;
        this.meaning = meaning;
    }

    /** The DUIS-style response code of a denial; {@code null} for ALLOW. */
    public String responseCode() {
        return responseCode;
    }

    public String meaning() {
        return meaning;
    }

    public boolean allowed() {
        return this == ALLOW;
    }
}
