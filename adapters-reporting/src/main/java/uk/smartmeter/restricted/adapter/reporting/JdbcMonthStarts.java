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
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import uk.smartmeter.restricted.application.port.out.MonthStarts;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.SmetsVersion;
import uk.smartmeter.restricted.domain.device.SmiStatus;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals.FlagChange;
import uk.smartmeter.restricted.domain.reporting.MonthFacts.MeterState;

/**
 * {@link MonthStarts} in the database, so that a month start kept by one node's report run serves every node's: the
 * states as a gzipped stream cut into chunks of {@value #CHUNK} bytes ({@code report_month_start_chunk}), then the
 * month's row in {@code report_month_start} with the position, the meter count, the chunk count and the SHA-256 of the
 * stored bytes, all in one transaction. A read checks the digest as it goes and refuses the month start at its end if
 * it differs (the report then replays the store from its beginning). The {@value #KEPT} latest months are kept.
 */
final class JdbcMonthStarts implements MonthStarts {

    private static final int FORMAT = 1;
    static final int CHUNK = 4 << 20;
    static final int KEPT = 3;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    JdbcMonthStarts(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
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
        List<Object[]> kept = jdbc.query("SELECT chunks, sha256 FROM report_month_start WHERE report_month = ?",
                (row, n) -> new Object[] {row.getInt(1), row.getString(2)}, month.toString());
        if (kept.isEmpty()) {
            throw new IllegalStateException("no month start is kept for " + month);
        }
        int chunks = (Integer) kept.get(0)[0];
        MessageDigest sha256 = sha256();
        try (InputStream stored = new DigestInputStream(new Chunks(month, chunks), sha256);
             DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(stored, 1 << 16),
                     1 << 16))) {
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
            // the digest covers every stored byte, to the last chunk's end
            byte[] rest = new byte[8192];
            while (stored.read(rest, 0, rest.length) != -1) {
                // drained through the digest
            }
        } catch (EOFException truncated) {
            throw new IllegalStateException("month start " + month + " is truncated", truncated);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("month start " + month + " cannot be read", unreadable);
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(kept.get(0)[1])) {
            throw new IllegalStateException("month start " + month + " does not match its digest (kept " + kept.get(0)[1]
                    + ", stored bytes " + actual + "): it was changed after it was kept");
        }
    }

    /** The stored chunks of a month, one query each, read as one stream. */
    private final class Chunks extends InputStream {
        private final YearMonth month;
        private final int count;
        private int next;
        private byte[] chunk = new byte[0];
        private int at;

        Chunks(YearMonth month, int count) {
            this.month = month;
            this.count = count;
        }

        private boolean fill() {
            while (at == chunk.length) {
                if (next == count) {
                    return false;
                }
                List<byte[]> found = jdbc.query("SELECT bytes FROM report_month_start_chunk WHERE report_month = ?"
                        + " AND seq = ?", (row, n) -> row.getBytes(1), month.toString(), next);
                if (found.isEmpty()) {
                    throw new IllegalStateException("month start " + month + ": chunk " + next + " is missing");
                }
                chunk = found.get(0);
                at = 0;
                next++;
            }
            return true;
        }

        @Override
        public int read() {
            return fill() ? chunk[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(length, chunk.length - at);
            System.arraycopy(chunk, at, into, offset, n);
            at += n;
            return n;
        }
    }

    /** Writes each full chunk as a row as the stream fills it. */
    private final class ChunkWriter extends OutputStream {
        private final YearMonth month;
        private final byte[] buffer = new byte[CHUNK];
        private int used;
        private int chunks;

        ChunkWriter(YearMonth month) {
            this.month = month;
        }

        @Override
        public void write(int b) {
            if (used == buffer.length) {
                flushChunk();
            }
            buffer[used++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            while (length > 0) {
                if (used == buffer.length) {
                    flushChunk();
                }
                int n = Math.min(length, buffer.length - used);
                System.arraycopy(bytes, offset, buffer, used, n);
                used += n;
                offset += n;
                length -= n;
            }
        }

        void flushChunk() {
            if (used > 0) {
                jdbc.update("INSERT INTO report_month_start_chunk (report_month, seq, bytes) VALUES (?, ?, ?)",
                        month.toString(), chunks++, java.util.Arrays.copyOf(buffer, used));
                used = 0;
            }
        }

        @Override
        public void close() {
            flushChunk();
        }
    }

    @Override
    public void save(YearMonth month, long position, Consumer<Consumer<MeterState>> states) {
        if (find(month).isPresent()) {
            return;
        }
        try {
            transactions.executeWithoutResult(status -> {
                MessageDigest sha256 = sha256();
                long[] meters = {0};
                // counted first, so the count leads the stream; the states are the facts' own, iterated twice
                states.accept(state -> meters[0]++);
                ChunkWriter chunks = new ChunkWriter(month);
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(
                        new DigestOutputStream(chunks, sha256), 1 << 16), 1 << 16))) {
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
                } catch (IOException failed) {
                    throw new UncheckedIOException("month start " + month + " cannot be written", failed);
                }
                jdbc.update("INSERT INTO report_month_start (report_month, position, meters, chunks, sha256, created_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?)", month.toString(), position, meters[0], chunks.chunks,
                        HexFormat.of().formatHex(sha256.digest()), Instant.now(clock).toString());
                // the latest months only: an older month's report replays in full
                String oldest = month.minusMonths(KEPT - 1L).toString();
                jdbc.update("DELETE FROM report_month_start_chunk WHERE report_month < ?", oldest);
                jdbc.update("DELETE FROM report_month_start WHERE report_month < ?", oldest);
            });
        } catch (DuplicateKeyException another) {
            // another run (on this node or another) kept it first: the same states at the same position
        }
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
