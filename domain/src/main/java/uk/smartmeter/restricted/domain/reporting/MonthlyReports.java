package uk.smartmeter.restricted.domain.reporting;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.gate.SrvClass;

/**
 * Computes a month's report: the meters' facts as the events up to a position left them, then one
 * streaming pass over each outcome log in the order given.
 */
public final class MonthlyReports {

    private MonthlyReports() {
    }

    /** An outcome log to read: its name (as the report records it) and how to open it. */
    public record Log(String name, Opener opener) {
    }

    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    public static MonthlyReport compute(MonthFacts.Month month, long eventPosition, SrvCatalogue catalogue,
                                        Map<SrvClass, Integer> targets, List<Log> logs,
                                        MonthlyMeasures.ExplainSink explain, OutcomeLogReader.Progress progress)
            throws IOException {
        SrvIndex srvs = new SrvIndex(catalogue);
        MonthlyMeasures measures = new MonthlyMeasures(month, srvs, targets, explain);
        OutcomeLogReader reader = new OutcomeLogReader(srvs, month.month());
        List<MonthlyReport.LogInput> inputs = new ArrayList<>();
        List<MonthlyReport.MalformedRow> named = new ArrayList<>();
        long[] malformed = {0};
        long[] before = {0, 0};
        for (Log log : logs) {
            long base = before[0];
            long baseRows = before[1];
            try (InputStream in = log.opener().open()) {
                OutcomeLogReader.Summary summary = reader.read(log.name(), in, measures, (file, line, reason) -> {
                    malformed[0]++;
                    if (named.size() < MonthlyReport.MALFORMED_NAMED) {
                        named.add(new MonthlyReport.MalformedRow(file, line, reason));
                    }
                }, (bytes, rows) -> progress.at(base + bytes, baseRows + rows));
                before[0] += summary.bytes();
                before[1] += summary.rows() + summary.malformed();
                inputs.add(new MonthlyReport.LogInput(log.name(), summary.sha256(), summary.rows(),
                        summary.malformed()));
            }
        }
        return MonthlyReport.of(month, measures, eventPosition, catalogue.version(), targets, inputs, malformed[0],
                named);
    }
}
