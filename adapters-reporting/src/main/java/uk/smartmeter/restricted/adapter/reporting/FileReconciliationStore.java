package uk.smartmeter.restricted.adapter.reporting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import uk.smartmeter.restricted.application.port.in.ReconcileRegistration;
import uk.smartmeter.restricted.application.port.out.ReconciliationRun;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;
import uk.smartmeter.restricted.application.port.out.ReconciliationStore;
import uk.smartmeter.restricted.application.reconciliation.ReconciliationRefused;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.Mpxn;
import uk.smartmeter.restricted.domain.history.HashChain;
import uk.smartmeter.restricted.domain.reconciliation.Mismatch;
import uk.smartmeter.restricted.domain.reconciliation.MismatchKind;

/**
 * Reconciliation runs in {@code reconciliation_run}, their forms as files {@code <reports>/reconciliations/<id>/}
 * beside the monthly reports: {@code report.json}, {@code report.csv}, {@code chart.svg}, {@code findings.csv}
 * (every finding, in listing order), {@code bad-lines.csv}, and for paging one {@code <KIND>.ndjson} a kind with a
 * sparse index of its line offsets. The files are written under a temporary folder and moved into place before the
 * run is marked done, with the SHA-256 of each; a file that no longer has it is refused by name, never served.
 */
final class FileReconciliationStore implements ReconciliationStore {

    private static final List<String> FORMS = List.of("json", "csv", "svg", "findings", "bad-lines");
    private static final int INDEX_EVERY = 256;
    /** An index entry: a block's offset and its SHA-256. */
    private static final int INDEX_ENTRY = Long.BYTES + 32;
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Path dir;

    FileReconciliationStore(JdbcTemplate jdbc, TransactionTemplate transactions, Path reportsDir) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.dir = reportsDir.toAbsolutePath().normalize().resolve("reconciliations");
    }

    @Override
    public Optional<ReconciliationRun> claim(ReconciliationRun run, String node) {
        try {
            long now = run.requestedAt().toEpochMilli();
            jdbc.update("INSERT INTO reconciliation_run (reconciliation_id, requested_ms, node, heartbeat_ms, state,"
                    + " run_json) VALUES (?, ?, ?, ?, ?, ?)", run.reconciliationId(), now, node, now, run.state(),
                    json(run));
            return Optional.empty();
        } catch (DuplicateKeyException taken) {
            return find(run.reconciliationId());
        }
    }

    @Override
    public void beat(String reconciliationId, Instant at) {
        jdbc.update("UPDATE reconciliation_run SET heartbeat_ms = ? WHERE reconciliation_id = ? AND state = ?",
                at.toEpochMilli(), reconciliationId, ReconciliationRun.RUNNING);
    }

    @Override
    public void progress(String reconciliationId, long linesRead, Instant at) {
        find(reconciliationId).filter(run -> run.state().equals(ReconciliationRun.RUNNING)).ifPresent(run ->
                jdbc.update("UPDATE reconciliation_run SET heartbeat_ms = ?, run_json = ? WHERE reconciliation_id = ?"
                        + " AND state = ?", at.toEpochMilli(), json(run.withProgress(linesRead)), reconciliationId,
                        ReconciliationRun.RUNNING));
    }

    @Override
    public ReconciliationRun finish(ReconciliationRun run, Map<MismatchKind, List<Mismatch>> findings,
                                    List<BadLine> badLines,
                                    java.util.function.Consumer<ReconciliationRun> record) {
        Path folder = folder(run.reconciliationId());
        Path part = dir.resolve(run.reconciliationId() + ".part-" + java.util.UUID.randomUUID());
        try {
            Files.createDirectories(part);
            Map<String, String> shas = new TreeMap<>();
            shas.put("findings", write(part.resolve("findings.csv"), out -> findingsCsv(out, findings)));
            shas.put("bad-lines", write(part.resolve("bad-lines.csv"), out -> badLinesCsv(out, badLines)));
            for (MismatchKind kind : MismatchKind.values()) {
                String[] kindShas = kindFile(part, kind, findings.get(kind));
                shas.put(kind.name(), kindShas[0]);
                shas.put(kind.name() + ".idx", kindShas[1]);
            }
            ReconciliationRun done = run.done(null);
            shas.put("json", write(part.resolve("report.json"), out -> out.write(JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(done) + "\n")));
            shas.put("csv", write(part.resolve("report.csv"), out -> reportCsv(out, done)));
            shas.put("svg", write(part.resolve("chart.svg"), out -> out.write(ReconciliationChart.svg(done))));
            if (Files.exists(folder)) {
                // the leftover of a run of this ID that died before its row was marked: never served
                deleteTree(folder);
            }
            Files.move(part, folder, StandardCopyOption.ATOMIC_MOVE);
            ReconciliationRun stored = done.done(shas);
            transactions.executeWithoutResult(status -> {
                int marked = jdbc.update("UPDATE reconciliation_run SET state = ?, heartbeat_ms = ?, run_json = ?"
                        + " WHERE reconciliation_id = ? AND state = ?", ReconciliationRun.DONE,
                        stored.finishedAt().toEpochMilli(), json(stored), stored.reconciliationId(),
                        ReconciliationRun.RUNNING);
                if (marked != 1) {
                    throw new IllegalStateException("reconciliation " + stored.reconciliationId() + " is no longer"
                            + " running here (another node failed it as stale)");
                }
                record.accept(stored);
            });
            return stored;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (Files.exists(part)) {
                deleteTree(part);
            }
        }
    }

    @Override
    public void fail(ReconciliationRun run, Runnable record) {
        transactions.executeWithoutResult(status -> {
            if (jdbc.update("UPDATE reconciliation_run SET state = ?, heartbeat_ms = ?, run_json = ? WHERE"
                    + " reconciliation_id = ? AND state = ?", ReconciliationRun.FAILED, run.finishedAt().toEpochMilli(),
                    json(run), run.reconciliationId(), ReconciliationRun.RUNNING) == 1) {
                record.run();
            }
        });
    }

    @Override
    public List<ReconciliationRun> reapStale(Duration staleAfter, Instant now,
                                             java.util.function.Consumer<ReconciliationRun> record) {
        List<ReconciliationRun> reaped = new ArrayList<>();
        for (String id : jdbc.queryForList("SELECT reconciliation_id FROM reconciliation_run WHERE state = ? AND"
                + " heartbeat_ms < ?", String.class, ReconciliationRun.RUNNING, now.minus(staleAfter).toEpochMilli())) {
            find(id).ifPresent(run -> {
                ReconciliationRun failed = run.failed("the node running it stopped reporting for more than "
                        + staleAfter.toSeconds() + " s", now);
                if (Boolean.TRUE.equals(transactions.execute(status -> {
                    if (jdbc.update("UPDATE reconciliation_run SET state = ?, run_json = ? WHERE reconciliation_id = ?"
                            + " AND state = ? AND heartbeat_ms < ?", ReconciliationRun.FAILED, json(failed), id,
                            ReconciliationRun.RUNNING, now.minus(staleAfter).toEpochMilli()) != 1) {
                        return false;
                    }
                    record.accept(failed);
                    return true;
                }))) {
                    reaped.add(failed);
                }
            });
        }
        return reaped;
    }

    @Override
    public Optional<ReconciliationRun> find(String reconciliationId) {
        return jdbc.query("SELECT run_json FROM reconciliation_run WHERE reconciliation_id = ?",
                (rs, n) -> read(rs.getString(1)), reconciliationId).stream().findFirst();
    }

    @Override
    public List<ReconciliationRun> recent(int limit) {
        return jdbc.query("SELECT run_json FROM reconciliation_run ORDER BY requested_ms DESC, reconciliation_id"
                + " FETCH FIRST " + Math.max(1, Math.min(limit, 1000)) + " ROWS ONLY", (rs, n) -> read(rs.getString(1)));
    }

    @Override
    public Optional<uk.smartmeter.restricted.application.port.out.FindingsPage> page(ReconciliationRun run,
                                                                                   MismatchKind kind, long cursor,
                                                                                   int limit) {
        Path folder = folder(run.reconciliationId());
        Path file = folder.resolve(kind.name() + ".ndjson");
        long total = run.counts().getOrDefault(kind, 0L);
        List<Mismatch> page = new ArrayList<>();
        if (cursor < total && !run.forms().containsKey(kind.name() + ".idx")) {
            legacyPage(run, file, kind, cursor, limit, page);
        } else if (cursor < total) {
            try {
                Path indexFile = folder.resolve(kind.name() + ".idx");
                byte[] index = Files.readAllBytes(indexFile);
                if (!sha256(index).equals(run.forms().get(kind.name() + ".idx")) || index.length % INDEX_ENTRY != 0) {
                    throw altered(run, indexFile);
                }
                java.nio.ByteBuffer entries = java.nio.ByteBuffer.wrap(index);
                int blocks = index.length / INDEX_ENTRY;
                try (RandomAccessFile random = new RandomAccessFile(file.toFile(), "r")) {
                    for (int block = (int) (cursor / INDEX_EVERY); block < blocks && page.size() < limit; block++) {
                        long start = entries.getLong(block * INDEX_ENTRY);
                        long end = block + 1 < blocks ? entries.getLong((block + 1) * INDEX_ENTRY) : random.length();
                        if (start < 0 || end < start || end - start > Integer.MAX_VALUE) {
                            throw altered(run, file);
                        }
                        byte[] bytes = new byte[(int) (end - start)];
                        random.seek(start);
                        random.readFully(bytes);
                        byte[] expected = java.util.Arrays.copyOfRange(index, block * INDEX_ENTRY + Long.BYTES,
                                (block + 1) * INDEX_ENTRY);
                        if (!MessageDigest.isEqual(expected, digest(bytes))) {
                            throw altered(run, file);
                        }
                        long number = (long) block * INDEX_EVERY;
                        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                            if (number++ >= cursor && page.size() < limit && !line.isEmpty()) {
                                page.add(mismatch(JSON.readTree(line)));
                            }
                        }
                    }
                }
            } catch (java.nio.file.NoSuchFileException | java.io.EOFException gone) {
                throw altered(run, file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        long next = cursor + page.size();
        return Optional.of(new uk.smartmeter.restricted.application.port.out.FindingsPage(run.reconciliationId(),
                kind, total, page, next < total ? next : null));
    }

    /**
     * A page of a run finished before listings had block digests: the whole listing is read and checked against its
     * SHA-256 kept with the run, and the page is answered only if it matches.
     */
    private static void legacyPage(ReconciliationRun run, Path file, MismatchKind kind, long cursor, int limit,
                                   List<Mismatch> page) {
        MessageDigest digest = sha256();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(Channels.newReader(Channels.newChannel(new java.security
                .DigestInputStream(Files.newInputStream(file), digest)), StandardCharsets.UTF_8), 1 << 16)) {
            long number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (number++ >= cursor && lines.size() < limit) {
                    lines.add(line);
                }
            }
        } catch (java.nio.file.NoSuchFileException gone) {
            throw altered(run, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!HexFormat.of().formatHex(digest.digest()).equals(run.forms().get(kind.name()))) {
            throw altered(run, file);
        }
        try {
            for (String line : lines) {
                page.add(mismatch(JSON.readTree(line)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<InputStream> form(ReconciliationRun run, String form) {
        if (!FORMS.contains(form)) {
            return Optional.empty();
        }
        String file = switch (form) {
            case "json" -> "report.json";
            case "csv" -> "report.csv";
            case "svg" -> "chart.svg";
            case "findings" -> "findings.csv";
            default -> "bad-lines.csv";
        };
        Path path = folder(run.reconciliationId()).resolve(file);
        String expected = run.forms().get(form);
        try {
            if (expected == null || !expected.equals(sha256(path))) {
                throw altered(run, path);
            }
            return Optional.of(new Checked(Files.newInputStream(path), expected, run, path));
        } catch (java.nio.file.NoSuchFileException gone) {
            throw altered(run, path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A form as it is read, digested again: a file changed between its check and its reading ends the stream with an
     * error at its end instead of a clean end, so that a download cut short is never taken for the whole form.
     */
    private static final class Checked extends java.io.FilterInputStream {
        private final MessageDigest digest = sha256();
        private final String expected;
        private final ReconciliationRun run;
        private final Path path;
        private boolean ended;

        Checked(InputStream in, String expected, ReconciliationRun run, Path path) {
            super(in);
            this.expected = expected;
            this.run = run;
            this.path = path;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
            } else if (n < 0 && !ended) {
                ended = true;
                if (!HexFormat.of().formatHex(digest.digest()).equals(expected)) {
                    throw new IOException(altered(run, path).getMessage());
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[8192];
            long skipped = 0;
            while (skipped < n) {
                int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    private static ReconciliationRefused altered(ReconciliationRun run, Path file) {
        return new ReconciliationRefused(ServiceRefusal.RECONCILIATION_FILE_ALTERED, "reconciliation "
                + run.reconciliationId() + ": " + file.getFileName() + " no longer has the SHA-256 kept with the run");
    }

    private Path folder(String reconciliationId) {
        Path folder = dir.resolve(reconciliationId).normalize();
        if (!folder.getParent().equals(dir)) {
            throw new IllegalArgumentException("a reconciliation ID names one folder");
        }
        return folder;
    }

    private interface Body {
        void write(Writer out) throws IOException;
    }

    private static String write(Path file, Body body) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            body.write(out);
        }
        return sha256(file);
    }

    static final String FINDINGS_HEADER = "kind,restricted,mpxn,device_id,registration_file,registration_line,detail,correction";

    private static void findingsCsv(Writer out, Map<MismatchKind, List<Mismatch>> findings) throws IOException {
        out.write(FINDINGS_HEADER + "\r\n");
        for (MismatchKind kind : MismatchKind.values()) {
            for (Mismatch m : findings.getOrDefault(kind, List.of())) {
                out.write(HashChain.csvRecord(Arrays.asList(kind.name(), Boolean.toString(m.restricted()),
                        m.mpxn().value(), m.deviceId() == null ? null : m.deviceId().value(),
                        m.file() == null ? null : HashChain.exportCell(m.file()),
                        m.line() == 0 ? null : Long.toString(m.line()), HashChain.exportCell(m.detail()),
                        HashChain.exportCell(m.correction()))) + "\r\n");
            }
        }
    }

    private static void badLinesCsv(Writer out, List<BadLine> badLines) throws IOException {
        out.write("file,line,field,rule\r\n");
        for (BadLine bad : badLines) {
            out.write(HashChain.csvRecord(Arrays.asList(HashChain.exportCell(bad.input()), Long.toString(bad.line()),
                    bad.field(), bad.rule())) + "\r\n");
        }
    }

    private static void reportCsv(Writer out, ReconciliationRun run) throws IOException {
        out.write("kind,findings,on_restricted_meters\r\n");
        for (MismatchKind kind : MismatchKind.values()) {
            out.write(kind.name() + "," + run.counts().getOrDefault(kind, 0L) + ","
                    + run.restricted().getOrDefault(kind, 0L) + "\r\n");
        }
    }

    /**
     * One kind's findings as NDJSON, and its index: for every block of {@value #INDEX_EVERY} lines, the block's byte
     * offset and its bytes' SHA-256, so that a page is checked against the index (itself checked against the SHA-256
     * kept with the run) as it is read, with no cache and no whole-file digest per page.
     *
     * @return the SHA-256 of the NDJSON file and of the index
     */
    private static String[] kindFile(Path folder, MismatchKind kind, List<Mismatch> findings) throws IOException {
        List<Mismatch> listing = findings == null ? List.of() : findings;
        Path file = folder.resolve(kind.name() + ".ndjson");
        Path indexFile = folder.resolve(kind.name() + ".idx");
        MessageDigest whole = sha256();
        MessageDigest block = sha256();
        try (java.io.OutputStream raw = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             java.io.DataOutputStream index = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                     Files.newOutputStream(indexFile)))) {
            long offset = 0;
            for (int i = 0; i < listing.size(); i++) {
                if (i % INDEX_EVERY == 0) {
                    if (i > 0) {
                        index.write(block.digest());
                    }
                    index.writeLong(offset);
                }
                byte[] line = (JSON.writeValueAsString(row(listing.get(i))) + "\n").getBytes(StandardCharsets.UTF_8);
                raw.write(line);
                whole.update(line);
                block.update(line);
                offset += line.length;
            }
            if (!listing.isEmpty()) {
                index.write(block.digest());
            }
        }
        return new String[] {HexFormat.of().formatHex(whole.digest()), sha256(indexFile)};
    }

    private static Map<String, Object> row(Mismatch m) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", m.kind().name());
        row.put("restricted", m.restricted());
        row.put("mpxn", m.mpxn().value());
        row.put("deviceId", m.deviceId() == null ? null : m.deviceId().value());
        row.put("file", m.file());
        row.put("line", m.line());
        row.put("detail", m.detail());
        row.put("correction", m.correction());
        return row;
    }

    private static Mismatch mismatch(JsonNode row) {
        return new Mismatch(MismatchKind.valueOf(row.get("kind").asText()), Mpxn.of(row.get("mpxn").asText()),
                row.get("deviceId").isNull() ? null : DeviceId.of(row.get("deviceId").asText()),
                row.get("restricted").asBoolean(), row.path("file").isTextual() ? row.get("file").asText() : null,
                row.get("line").asLong(), row.get("detail").asText(),
                row.get("correction").asText());
    }

    private static String json(ReconciliationRun run) {
        try {
            return JSON.writeValueAsString(run);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ReconciliationRun read(String json) {
        try {
            return JSON.readValue(json, ReconciliationRun.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a reconciliation run's stored JSON cannot be read", e);
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = sha256();
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest(bytes));
    }

    private static byte[] digest(byte[] bytes) {
        return sha256().digest(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // a leftover is never served: it has no SHA-256 kept with a run
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
