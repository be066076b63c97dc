package uk.smartmeter.restricted.adapter.reporting;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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

    private final Path root;

    FileOutcomeLogs(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Read read(List<String> names, SrvIndex srvs, YearMonth month, OutcomeRowSink rows, Progress progress)
            throws IOException {
        return OutcomeLogPass.read(resolve(names), srvs, month, rows, progress);
    }

    private List<OutcomeLogPass.Log> resolve(List<String> names) {
        return names.stream().map(name -> {
            Path file = file(name);
            // a run reads logs by their canonical names, so the file it opens is never a link: one swapped in for
            // it after the run was planned (to a file outside the folder, say) fails the run instead of being read
            return new OutcomeLogPass.Log(name, () -> new BufferedInputStream(Files.newInputStream(file,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS), 1 << 16));
        }).toList();
    }

    @Override
    public String canonical(String name) {
        Path file = file(name);
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                throw new ReportRefused(ServiceRefusal.OUTCOME_LOG_NOT_FOUND, "no readable outcome log " + name
                        + " under the outcome-log folder");
            }
            return root.toRealPath().relativize(real).toString().replace(java.io.File.separatorChar, '/');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long totalBytes(List<String> names) {
        long total = 0;
        for (String name : names) {
            try {
                total += Files.size(file(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return total;
    }

    private Path file(String name) {
        Path file = root.resolve(name).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ReportRefused(ServiceRefusal.OUTCOME_LOG_NOT_FOUND, "no readable outcome log " + name + " under"
                    + " the outcome-log folder");
        }
        return file;
    }
}
