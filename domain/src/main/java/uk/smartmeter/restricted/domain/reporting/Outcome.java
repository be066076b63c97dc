package uk.smartmeter.restricted.domain.reporting;

/** What became of a Service Request, as the DSP's outcome log records it. */
public enum Outcome {
    /** The device answered. */
    DELIVERED,
    /** The device did not answer in time. */
    NOT_RESPONDING,
    /** The DSP turned the request away, with a code (the gate's Restricted denials are R1 and R2). */
    REJECTED
}
