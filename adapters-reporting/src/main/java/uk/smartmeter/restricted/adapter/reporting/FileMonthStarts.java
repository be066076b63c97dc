package uk.smartmeter.restricted.adapter.reporting;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.smartmeter.restricted.application.port.out.MonthStarts;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.SmetsVersion;
import uk.smartmeter.restricted.domain.device.SmiStatus;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals.FlagChange;
import uk.smartmeter.restricted.domain.reporting.MonthFacts.MeterState;

/**
 * {@link MonthStarts} as one binary file per month, {@code <dir>/month-starts/<month>.states}, written beside and moved
 * into place, with its position, meter count and SHA-256 in {@code report_month_start}. A read checks the digest as it
 * goes and refuses the file at its end if it differs (the report then replays the store from its beginning).
 */
final class FileMonthStarts implements MonthStarts {

    private static final int FORMAT = 1;

    private final JdbcTemplate jdbc;
    private final Path dir;
    private final Clock clock;

    FileMonthStarts(JdbcTemplate jdbc, Path reportsDir, Clock clock) {
        this.jdbc = jdbc;
        this.dir = reportsDir.toAbsolutePath().normalize().resolve("month-starts");
        this.clock = clock;
    }

    @Override
    public Optional<Found> find(YearMonth month) {
        List<Found> found = jdbc.query("SELECT position, meters FROM report_month_start WHERE report_month = ?",
                (row, n) -> new Found(row.getLong(1), row.getLong(2)), month.toString());
        return found.stream().findFirst();
    }

    @Override
    public void read(YearMonth month, Consumer<MeterState> sink) {
        List<String> kept = jdbc.queryForList("SELECT sha256 FROM report_month_start WHERE report_month = ?", String.class,
                month.toString());
        if (kept.isEmpty()) {
            throw new IllegalStateException("no month start is kept for " + month);
        }
        MessageDigest sha256 = sha256();
        try (InputStream file = Files.newInputStream(file(month));
             DataInputStream in = new DataInputStream(new BufferedInputStream(new DigestInputStream(file, sha256), 1 << 16))) {
            if (in.readInt() != FORMAT) {
                throw new IllegalStateException("month start " + month + ": not a format this version reads");
            }
            long meters = in.readLong();
            for (long i = 0; i < meters; i++) {
                sink.accept(readState(in));
            }
            if (in.read() != -1) {
                throw new IllegalStateException("month start " + month + ": bytes after its last meter");
            }
        } catch (EOFException truncated) {
            throw new IllegalStateException("month start " + month + " is truncated", truncated);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("month start " + month + " cannot be read", unreadable);
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(kept.get(0))) {
            throw new IllegalStateException("month start " + month + " does not match its digest (kept " + kept.get(0)
                    + ", file " + actual + "): it was changed after it was kept");
        }
    }

    @Override
    public void save(YearMonth month, long position, Consumer<Consumer<MeterState>> states) {
        if (find(month).isPresent()) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path part = Files.createTempFile(dir, month + ".", ".part");
            MessageDigest sha256 = sha256();
            long[] meters = {0};
            try {
                // counted first, so the count leads the file; the states are the facts' own, iterated twice
                states.accept(state -> meters[0]++);
                try (OutputStream file = Files.newOutputStream(part);
                     DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                             new DigestOutputStream(file, sha256), 1 << 16))) {
                    out.writeInt(FORMAT);
                    out.writeLong(meters[0]);
                    long[] written = {0};
                    states.accept(state -> {
                        try {
                            writeState(out, state);
                            written[0]++;
                        } catch (IOException failed) {
                            throw new UncheckedIOException(failed);
                        }
                    });
                    if (written[0] != meters[0]) {
                        throw new IllegalStateException("the states changed while they were written");
                    }
                }
                Files.move(part, file(month), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
            jdbc.update("INSERT INTO report_month_start (report_month, position, meters, sha256, created_at) VALUES (?, ?, ?, ?, ?)",
                    month.toString(), position, meters[0], HexFormat.of().formatHex(sha256.digest()),
                    Instant.now(clock).toString());
        } catch (DuplicateKeyException another) {
            // another run kept it first: the same states at the same position of the same store
        } catch (IOException failed) {
            throw new UncheckedIOException("month start " + month + " cannot be written", failed);
        }
    }

    private Path file(YearMonth month) {
        return dir.resolve(month + ".states");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static void writeState(DataOutputStream out, MeterState state) throws IOException {
        out.writeLong(state.deviceId().eui64());
        // enums by name, so that a reordered enum cannot change what a kept file means
        writeName(out, state.type());
        writeName(out, state.region());
        writeName(out, state.smets());
        writeInstant(out, state.enrolledAt());
        writeName(out, state.status());
        writeInstant(out, state.statusAt());
        out.writeBoolean(state.supplier() != null);
        if (state.supplier() != null) {
            out.writeUTF(state.supplier());
        }
        writeInstant(out, state.supplierAt());
        out.writeLong(state.gpf() == null ? 0 : state.gpf().eui64());
        FlagChange last = state.lastChange();
        out.writeByte(last == null ? 0 : last.restricted() ? 1 : 2);
        if (last != null) {
            writeInstant(out, last.effectiveAt());
            writeInstant(out, last.recordedAt());
        }
    }

    private static MeterState readState(DataInputStream in) throws IOException {
        DeviceId id = DeviceId.fromEui64(in.readLong());
        String type = readName(in);
        String region = readName(in);
        String smets = readName(in);
        Instant enrolledAt = readInstant(in);
        String status = readName(in);
        Instant statusAt = readInstant(in);
        String supplier = in.readBoolean() ? in.readUTF() : null;
        Instant supplierAt = readInstant(in);
        long gpf = in.readLong();
        int flag = in.readByte();
        FlagChange last = flag == 0 ? null : new FlagChange(readInstant(in), readInstant(in), flag == 1);
        return new MeterState(id, type == null ? null : DeviceType.valueOf(type),
                region == null ? null : CspRegion.valueOf(region), smets == null ? null : SmetsVersion.valueOf(smets),
                enrolledAt, status == null ? null : SmiStatus.valueOf(status), statusAt, supplier, supplierAt,
                gpf == 0 ? null : DeviceId.fromEui64(gpf), last);
    }

    private static void writeName(DataOutputStream out, Enum<?> value) throws IOException {
        out.writeUTF(value == null ? "" : value.name());
    }

    private static String readName(DataInputStream in) throws IOException {
        String name = in.readUTF();
        return name.isEmpty() ? null : name;
    }

    private static void writeInstant(DataOutputStream out, Instant at) throws IOException {
        out.writeBoolean(at != null);
        if (at != null) {
            out.writeLong(at.getEpochSecond());
            out.writeInt(at.getNano());
        }
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }
}
