package uk.smartmeter.restricted.adapter.reporting;

import java.io.IOException;
import java.io.InputStream;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import uk.smartmeter.restricted.application.port.out.OutcomeLogs;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.gate.SrvClass;
import uk.smartmeter.restricted.domain.reporting.MonthFacts;
import uk.smartmeter.restricted.domain.reporting.MonthlyMeasures;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport;
import uk.smartmeter.restricted.domain.reporting.OutcomeRowSink;
import uk.smartmeter.restricted.domain.reporting.SrvIndex;

/** One streaming pass over outcome logs in the order given: every good row to a sink, each file's SHA-256 taken. */
public final class OutcomeLogPass {

    private OutcomeLogPass() {
    }

    /** An outcome log to read: its name (as the report records it) and how to open it. */
    public record Log(String name, Opener opener) {
    }

    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    public static OutcomeLogs.Read read(List<Log> logs, SrvIndex srvs, YearMonth month, OutcomeRowSink rows,
                                        OutcomeLogs.Progress progress) throws IOException {
        OutcomeLogReader reader = new OutcomeLogReader(srvs, month);
        List<MonthlyReport.LogInput> inputs = new ArrayList<>();
        List<MonthlyReport.MalformedRow> named = new ArrayList<>();
        long[] malformed = {0};
        long[] before = {0, 0};
        for (Log log : logs) {
            long base = before[0];
            long baseRows = before[1];
            try (InputStream in = log.opener().open()) {
                OutcomeLogReader.Summary summary = reader.read(log.name(), in, rows, (file, line, reason) -> {
                    malformed[0]++;
                    if (named.size() < MonthlyReport.MALFORMED_NAMED) {
                        named.add(new MonthlyReport.MalformedRow(file, line, reason));
                    }
                }, (bytes, read) -> progress.at(base + bytes, baseRows + read));
                before[0] += summary.bytes();
                before[1] += summary.rows() + summary.malformed();
                inputs.add(new MonthlyReport.LogInput(log.name(), summary.sha256(), summary.rows(),
                        summary.malformed()));
            }
        }
        return new OutcomeLogs.Read(List.copyOf(inputs), malformed[0], List.copyOf(named));
    }

    /** A month's report from its facts and these logs, as the service computes it (for tests and benchmarks). */
    public static MonthlyReport compute(MonthFacts.Month month, long eventPosition, SrvCatalogue catalogue,
                                        Map<SrvClass, Integer> targets, List<Log> logs,
                                        MonthlyMeasures.ExplainSink explain, OutcomeLogs.Progress progress)
            throws IOException {
        SrvIndex srvs = new SrvIndex(catalogue);
        MonthlyMeasures measures = new MonthlyMeasures(month, srvs, targets, explain);
        OutcomeLogs.Read read = read(logs, srvs, month.month(), measures, progress);
        return MonthlyReport.of(month, measures, eventPosition, catalogue.version(), targets, read.inputs(),
                read.malformed(), read.named());
    }
}
