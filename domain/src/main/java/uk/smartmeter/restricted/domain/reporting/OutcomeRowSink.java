package uk.smartmeter.restricted.domain.reporting;

/** Receives each good row of an outcome log, as a reader parsed it (the row is valid during the call only). */
public interface OutcomeRowSink {
    void row(OutcomeRow row);
}
