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
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.smartmeter.restricted.application.port.out.ReportStore;
import uk.smartmeter.restricted.application.port.out.ReportOutputs;
import uk.smartmeter.restricted.application.reporting.ReportRefused;
import uk.smartmeter.restricted.application.port.out.ReportRevision;
import uk.smartmeter.restricted.application.port.out.Reproduction;
import uk.smartmeter.restricted.domain.device.RefusalCode;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;

/**
 * Revisions in {@code report_revision}, their forms as files {@code <dir>/<month>/r<revision>.<form>}. The
 * files are written under temporary names and moved into place before the row is inserted, so a revision
 * that has a row has all its files. Files without a row are the leftovers of a run that failed before
 * its row was written, and a later run of that revision replaces them; a revision with a row is never
 * written again. The row keeps the SHA-256 of every form's file, and a form is served only while its
 * file still has it: an edited file is refused, by name, never served.
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
    public Writer explanation(YearMonth month, int revision, String spool) {
        try {
            Files.createDirectories(monthDir(month));
            return Files.newBufferedWriter(spoolFile(month, revision, spool), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void discard(YearMonth month, int revision, String spool) {
        try {
            Files.deleteIfExists(spoolFile(month, revision, spool));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A run's own spool of the explanation, so that two runs of one revision never write one file. */
    private Path spoolFile(YearMonth month, int revision, String spool) {
        if (!spool.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("a spool name of letters, digits and hyphens");
        }
        return file(month, revision, "explanation.csv." + spool + ".part");
    }

    /**
     * Writes every form under this run's own temporary name, then moves them into place, then inserts the row.
     * A failure before the row (a full disk, a name in the way) removes what this call wrote, so a revision
     * without a row leaves no files; with the row, all its files are there, with their SHA-256 and size.
     */
    @Override
    public void save(ReportRevision revision, ReportOutputs outputs, String spool) {
        YearMonth month = revision.month();
        int number = revision.revision();
        List<Path> written = new ArrayList<>();
        StringBuilder forms = new StringBuilder();
        try {
            Files.createDirectories(monthDir(month));
            if (revision(month, number).isPresent()) {
                throw refused(revision);
            }
            List<String> texts = List.of(outputs.json(), outputs.csv(), outputs.svg());
            List<Path> parts = new ArrayList<>();
            for (int i = 0; i < FORMS.size(); i++) {
                Path part = file(month, number, FORMS.get(i) + "." + spool + ".part");
                written.add(part);
                byte[] bytes = texts.get(i).getBytes(StandardCharsets.UTF_8);
                Files.write(part, bytes);
                parts.add(part);
                forms.append(FORMS.get(i)).append(' ').append(sha256(bytes)).append(' ').append(bytes.length)
                        .append('\n');
            }
            Path explanation = spoolFile(month, number, spool);
            written.add(explanation);
            if (Files.exists(explanation)) {
                forms.append("explanation ").append(sha256(explanation)).append(' ').append(Files.size(explanation))
                        .append('\n');
            }
            for (int i = 0; i < FORMS.size(); i++) {
                Path target = file(month, number, FORMS.get(i));
                written.add(target);
                Files.move(parts.get(i), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            if (Files.exists(explanation)) {
                Path target = file(month, number, "explanation.csv");
                written.add(target);
                Files.move(explanation, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException failed) {
            if (!(failed instanceof ReportRefused)) {
                removeQuietly(written);
            }
            throw failed instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) failed;
        }
        StringBuilder logs = new StringBuilder();
        revision.logs().forEach(log -> logs.append(log.sha256()).append(' ').append(log.name()).append('\n'));
        try {
            jdbc.update("INSERT INTO report_revision (report_month, revision, event_position, outcome_logs,"
                            + " report_sha256, created_at, created_by, form_sha256, catalogue_version, checkpoint_size,"
                            + " checkpoint_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", month.toString(),
                    number, revision.eventPosition(), logs.toString(), revision.reportSha256(),
                    Timestamp.from(revision.createdAt()), revision.createdBy(), forms.toString(),
                    revision.catalogueVersion(), revision.checkpointSize(), revision.checkpointNote());
        } catch (DuplicateKeyException taken) {
            throw refused(revision);
        } catch (RuntimeException failed) {
            removeQuietly(written);
            throw failed;
        }
    }

    private static void removeQuietly(List<Path> files) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException | RuntimeException ignored) {
                // the next run of this revision replaces what is left; nothing without a row is ever served
            }
        }
    }

    private static ReportRefused refused(ReportRevision revision) {
        return new ReportRefused(revision.revision() == 1 ? ServiceRefusal.REPORT_ALREADY_PUBLISHED
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
                    Map<String, String> forms = new TreeMap<>();
                    Map<String, Long> sizes = new TreeMap<>();
                    String formText = rs.getString("form_sha256");
                    for (String line : formText == null ? new String[0] : formText.split("\n")) {
                        String[] parts = line.split(" ");
                        if (parts.length >= 2) {
                            forms.put(parts[0], parts[1]);
                            if (parts.length == 3) {
                                sizes.put(parts[0], Long.parseLong(parts[2]));
                            }
                        }
                    }
                    return new ReportRevision(YearMonth.parse(rs.getString("report_month")), revision, revision == 1,
                            rs.getLong("event_position"), logs, rs.getString("report_sha256"),
                            rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"),
                            rs.getString("catalogue_version"), forms, sizes,
                            rs.getObject("checkpoint_size") == null ? null : rs.getLong("checkpoint_size"),
                            rs.getString("checkpoint_note"));
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
        Optional<ReportRevision> stored = revision(month, revision);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        String expected = stored.get().formSha256().get(form);
        if (expected == null && form.equals("json")) {
            expected = stored.get().reportSha256();
        }
        Path file = file(month, revision, fileName(form));
        String name = month + "/" + file.getFileName();
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (expected != null) {
                throw altered(name + " is missing; its revision's row names SHA-256 " + expected);
            }
            return Optional.empty();
        }
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw altered(name + " is no longer a regular file; it is not served");
        }
        Long size = stored.get().formBytes().get(form);
        byte[] bytes;
        try {
            long found = Files.size(file);
            if (size != null && found != size) {
                throw altered(name + " holds " + found + " bytes, not the " + size + " stored with its revision;"
                        + " it is not served");
            }
            if (size == null && expected != null && !expected.equals(sha256(file))) {
                throw altered(name + " does not match the SHA-256 stored with its revision; it is not served");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException | OutOfMemoryError unreadable) {
            throw altered(name + " cannot be read (" + unreadable.getClass().getSimpleName() + ")");
        }
        String found = sha256(bytes);
        if (expected != null && !expected.equals(found)) {
            throw altered(name + " does not match the SHA-256 stored with its revision (stored " + expected
                    + ", file " + found + "); it is not served");
        }
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    private static ReportRefused altered(String detail) {
        return new ReportRefused(ServiceRefusal.REPORT_FILE_ALTERED, detail);
    }

    @Override
    public void saveReproduction(Reproduction reproduction) {
        StringBuilder differences = new StringBuilder();
        reproduction.differences().forEach(d -> differences.append(flat(d.what())).append('\t')
                .append(flat(d.published())).append('\t').append(flat(d.reproduced())).append('\n'));
        jdbc.update("INSERT INTO report_reproduction (report_month, run_id, reproduced_at, reproduced_by, identical,"
                        + " differences) VALUES (?, ?, ?, ?, ?, ?)", reproduction.month().toString(),
                reproduction.runId(), Timestamp.from(reproduction.at()), reproduction.by(), reproduction.identical(),
                differences.toString());
    }

    @Override
    public List<Reproduction> reproductions(YearMonth month) {
        return jdbc.query("SELECT * FROM report_reproduction WHERE report_month = ? ORDER BY reproduced_at, run_id",
                (rs, n) -> {
                    List<Reproduction.Difference> differences = new ArrayList<>();
                    for (String line : rs.getString("differences").split("\n")) {
                        String[] parts = line.split("\t", -1);
                        if (parts.length == 3) {
                            differences.add(new Reproduction.Difference(parts[0], parts[1].isEmpty() ? null : parts[1],
                                    parts[2].isEmpty() ? null : parts[2]));
                        }
                    }
                    return new Reproduction(YearMonth.parse(rs.getString("report_month")), rs.getLong("run_id"),
                            rs.getTimestamp("reproduced_at").toInstant(), rs.getString("reproduced_by"),
                            rs.getBoolean("identical"), differences);
                }, month.toString());
    }

    private static String flat(String value) {
        return value == null ? "" : value.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    private static String fileName(String form) {
        return form.equals("explanation") ? "explanation.csv" : form;
    }

    private static String sha256(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            MessageDigest digest = digest();
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
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
