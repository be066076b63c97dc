package uk.smartmeter.restricted.application.gate;

import java.util.concurrent.atomic.LongAdder;
import uk.smartmeter.restricted.domain.gate.GateVerdict;
import uk.smartmeter.restricted.domain.gate.SrvClass;

/**
 * Decisions counted by traffic class (each SRV class, and ALERT) and verdict. Allows are counted, not
 * stored; counting allocates nothing. Metrics read these counters.
 */
public final class GateCounters {

    /** The class label of alerts, next to the SRV classes. */
    public static final String ALERT = "ALERT";
    private static final int ALERT_ROW = SrvClass.values().length;

    private final LongAdder[][] counts = new LongAdder[ALERT_ROW + 1][GateVerdict.values().length];

    private final LongAdder receiptsNotRecorded = new LongAdder();

    public GateCounters() {
        for (LongAdder[] row : counts) {
            for (int i = 0; i < row.length; i++) {
                row[i] = new LongAdder();
            }
        }
    }

    void count(SrvClass srvClass, GateVerdict verdict) {
        counts[srvClass.ordinal()][verdict.ordinal()].increment();
    }

    void countAlert(GateVerdict verdict) {
        counts[ALERT_ROW][verdict.ordinal()].increment();
    }

    void count(String classLabel, GateVerdict verdict) {
        counts[row(classLabel)][verdict.ordinal()].increment();
    }

    /** The count for a class label (an {@link SrvClass} name or {@link #ALERT}) and verdict. */
    public long total(String classLabel, GateVerdict verdict) {
        return counts[row(classLabel)][verdict.ordinal()].sum();
    }

    private static int row(String classLabel) {
        return ALERT.equals(classLabel) ? ALERT_ROW : SrvClass.valueOf(classLabel).ordinal();
    }

    void receiptsNotRecorded(int count) {
        receiptsNotRecorded.add(count);
    }

    /** Denials whose receipt could not be written (the denial stood). */
    public long receiptsNotRecorded() {
        return receiptsNotRecorded.sum();
    }

    /** Every class label: the SRV classes, then ALERT. */
    public static String[] classLabels() {
        String[] labels = new String[ALERT_ROW + 1];
        for (SrvClass srvClass : SrvClass.values()) {
            labels[srvClass.ordinal()] = srvClass.name();
        }
        labels[ALERT_ROW] = ALERT;
        return labels;
    }
}
