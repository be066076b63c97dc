package uk.smartmeter.restricted.domain.reporting;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What changed between two reports of a month: every figure whose value differs, was added or went. */
public final class ReportDiff {

    private ReportDiff() {
    }

    /** A figure that differs; a value absent on one side is null. */
    public record Change(String figure, String before, String after) {
    }

    public static List<Change> between(MonthlyReport before, MonthlyReport after) {
        return between(ReportFigures.of(before), ReportFigures.of(after));
    }

    public static List<Change> between(Map<String, String> before, Map<String, String> after) {
        Set<String> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<Change> changes = new ArrayList<>();
        for (String key : keys) {
            String was = before.get(key);
            String now = after.get(key);
            if (was == null ? now != null : !was.equals(now)) {
                changes.add(new Change(key, was, now));
            }
        }
        return changes;
    }
}
