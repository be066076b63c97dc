package uk.smartmeter.restricted.adapter.reporting;

import java.io.IOException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import uk.smartmeter.restricted.domain.reporting.OutcomeRowSink;
import uk.smartmeter.restricted.domain.reporting.SrvIndex;
import uk.smartmeter.restricted.application.port.out.OutcomeLogs;
import uk.smartmeter.restricted.application.reporting.ReportRefused;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;

/** Outcome logs as files under one folder, named by their path inside it; nothing outside it is read. */
final class FileOutcomeLogs implements OutcomeLogs {

    private final FolderFiles folder;

    FileOutcomeLogs(Path root) {
        this.folder = new FolderFiles(root, name -> new ReportRefused(ServiceRefusal.OUTCOME_LOG_NOT_FOUND,
                "no readable outcome log " + name + " under the outcome-log folder"));
    }

    @Override
    public Read read(List<String> names, SrvIndex srvs, YearMonth month, OutcomeRowSink rows, Progress progress)
            throws IOException {
        return OutcomeLogPass.read(names.stream().map(name -> {
            folder.file(name);
            return new OutcomeLogPass.Log(name, () -> folder.open(name));
        }).toList(), srvs, month, rows, progress);
    }

    @Override
    public String canonical(String name) {
        return folder.canonical(name);
    }

    @Override
    public long totalBytes(List<String> names) {
        long total = 0;
        for (String name : names) {
            total += folder.size(name);
        }
        return total;
    }
}
