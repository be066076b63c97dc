package uk.smartmeter.restricted.adapter.reporting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.smartmeter.restricted.application.port.out.ReportStore;
import uk.smartmeter.restricted.application.reporting.ReportOutputs;
import uk.smartmeter.restricted.application.reporting.ReportRefused;
import uk.smartmeter.restricted.application.reporting.ReportRevision;
import uk.smartmeter.restricted.domain.device.RefusalCode;

/**
 * Revisions in {@code report_revision}, their forms as files {@code <dir>/<month>/r<revision>.<form>}. The
 * files are written under temporary names and moved into place before the row is inserted, so a revision
 * that has a row has all its files. Files without a row are the leftovers of a run that failed before
 * its row was written, and a later run of that revision replaces them; a revision with a row is never
 * written again.
 */
final class FileReportStore implements ReportStore {

    private static final List<String> FORMS = List.of("json", "csv", "svg");

    private final JdbcTemplate jdbc;
    private final Path dir;

    FileReportStore(JdbcTemplate jdbc, Path dir) {
        this.jdbc = jdbc;
        this.dir = dir.toAbsolutePath().normalize();
    }

    @Override
    public int nextRevision(YearMonth month) {
        Integer last = jdbc.queryForObject("SELECT MAX(revision) FROM report_revision WHERE report_month = ?",
                Integer.class, month.toString());
        return last == null ? 1 : last + 1;
    }

    @Override
    public Writer explanation(YearMonth month, int revision) {
        try {
            Files.createDirectories(monthDir(month));
            return Files.newBufferedWriter(file(month, revision, "explanation.csv.part"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void save(ReportRevision revision, ReportOutputs outputs) {
        YearMonth month = revision.month();
        int number = revision.revision();
        try {
            Files.createDirectories(monthDir(month));
            if (revision(month, number).isPresent()) {
                throw refused(revision);
            }
            List<String> texts = List.of(outputs.json(), outputs.csv(), outputs.svg());
            for (int i = 0; i < FORMS.size(); i++) {
                Path part = file(month, number, FORMS.get(i) + ".part");
                Files.writeString(part, texts.get(i), StandardCharsets.UTF_8);
                Files.move(part, file(month, number, FORMS.get(i)), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            Path explanation = file(month, number, "explanation.csv.part");
            if (Files.exists(explanation)) {
                Files.move(explanation, file(month, number, "explanation.csv"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder logs = new StringBuilder();
        revision.logs().forEach(log -> logs.append(log.sha256()).append(' ').append(log.name()).append('\n'));
        try {
            jdbc.update("INSERT INTO report_revision (report_month, revision, event_position, outcome_logs,"
                            + " report_sha256, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)", month.toString(),
                    number, revision.eventPosition(), logs.toString(), revision.reportSha256(),
                    Timestamp.from(revision.createdAt()), revision.createdBy());
        } catch (DuplicateKeyException taken) {
            throw refused(revision);
        }
    }

    private static ReportRefused refused(ReportRevision revision) {
        return new ReportRefused(revision.revision() == 1 ? RefusalCode.REPORT_ALREADY_PUBLISHED
                : RefusalCode.CONCURRENT_UPDATE, revision.month() + " revision " + revision.revision()
                + " is stored already");
    }

    @Override
    public List<ReportRevision> revisions(YearMonth month) {
        return jdbc.query("SELECT * FROM report_revision WHERE report_month = ? ORDER BY revision",
                (rs, n) -> {
                    List<ReportRevision.LogFile> logs = new ArrayList<>();
                    for (String line : rs.getString("outcome_logs").split("\n")) {
                        if (!line.isEmpty()) {
                            logs.add(new ReportRevision.LogFile(line.substring(65), line.substring(0, 64)));
                        }
                    }
                    int revision = rs.getInt("revision");
                    return new ReportRevision(YearMonth.parse(rs.getString("report_month")), revision, revision == 1,
                            rs.getLong("event_position"), logs, rs.getString("report_sha256"),
                            rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"));
                }, month.toString());
    }

    @Override
    public Optional<ReportRevision> revision(YearMonth month, int revision) {
        return revisions(month).stream().filter(r -> r.revision() == revision).findFirst();
    }

    @Override
    public Optional<String> output(YearMonth month, int revision, String form) {
        if (!FORMS.contains(form) && !form.equals("explanation")) {
            return Optional.empty();
        }
        if (revision(month, revision).isEmpty()) {
            return Optional.empty();
        }
        Path file = file(month, revision, form.equals("explanation") ? "explanation.csv" : form);
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<YearMonth> months() {
        return jdbc.queryForList("SELECT DISTINCT report_month FROM report_revision ORDER BY report_month DESC",
                String.class).stream().map(YearMonth::parse).toList();
    }

    private Path monthDir(YearMonth month) {
        return dir.resolve(month.toString());
    }

    private Path file(YearMonth month, int revision, String form) {
        return monthDir(month).resolve("r" + revision + "." + form);
    }
}
