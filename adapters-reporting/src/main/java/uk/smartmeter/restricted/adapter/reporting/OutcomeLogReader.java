package uk.smartmeter.restricted.adapter.reporting;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.ZoneOffset;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.reporting.Outcome;
import uk.smartmeter.restricted.domain.reporting.OutcomeRow;
import uk.smartmeter.restricted.domain.reporting.OutcomeRowSink;
import uk.smartmeter.restricted.domain.reporting.SrvIndex;

/**
 * Reads a DSP Service Request outcome log in one streaming pass, in memory that does not grow with the
 * file: RFC 4180 CSV without quoting (no field holds a comma), UTF-8, LF or CRLF line ends, the header
 * {@value #HEADER}. Each good row goes to the sink; each bad one is reported with its line number and
 * why, counted, and skipped. The file's SHA-256 is taken in the same pass.
 */
public final class OutcomeLogReader {

    public static final String HEADER = "timestamp,request_id,sender_role,srv,device_id,csp_region,outcome,dsp_code,"
            + "response_ms";
    private static final byte[] HEADER_BYTES = HEADER.getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER = 1 << 22;
    private static final int MAX_LINE = 4096;
    private static final int FIELDS = 9;

    /** Receives each bad row: its file, line number and the rule it breaks. */
    public interface MalformedSink {
        void malformed(String file, long line, String reason);
    }

    /** Told after each buffer: the bytes and the rows (good and malformed, not the header) read so far. */
    public interface Progress {
        void at(long bytes, long rows);
    }

    /** What one pass read: rows accepted, rows refused, and the file's SHA-256. */
    public record Summary(String file, long rows, long malformed, long bytes, String sha256) {
    }

    private final SrvIndex srvs;
    private final long monthStart;
    private final long monthEnd;
    private final YearMonth month;
    private final int[] starts = new int[FIELDS + 1];
    private final int[] ends = new int[FIELDS + 1];

    public OutcomeLogReader(SrvIndex srvs, YearMonth month) {
        this.srvs = srvs;
        this.month = month;
        this.monthStart = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        this.monthEnd = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /**
     * Reads the whole stream, telling {@code progress} how far it is after each buffer.
     */
    public Summary read(String file, InputStream in, OutcomeRowSink rows, MalformedSink malformed, Progress progress)
            throws IOException {
        try (ParallelSha256 sha = new ParallelSha256(BUFFER)) {
            return read(file, in, rows, malformed, progress, sha);
        }
    }

    private Summary read(String file, InputStream in, OutcomeRowSink rows, MalformedSink malformed, Progress progress,
                         ParallelSha256 sha) throws IOException {
        byte[] buffer = new byte[BUFFER];
        OutcomeRow row = new OutcomeRow();
        row.readFrom(file, buffer);
        Counts counts = new Counts();
        long bytes = 0;
        int filled = 0;
        int start = 0;
        boolean skipping = false;
        while (true) {
            int read = in.read(buffer, filled, buffer.length - filled);
            if (read < 0) {
                break;
            }
            sha.update(buffer, filled, read);
            bytes += read;
            int end = filled + read;
            int scan = filled;
            filled = end;
            for (int i = scan; i < end; i++) {
                if (buffer[i] != '\n') {
                    continue;
                }
                if (skipping) {
                    skipping = false;
                } else {
                    take(file, buffer, start, i, row, rows, malformed, counts);
                }
                start = i + 1;
            }
            if (start == 0 && filled == buffer.length) {
                counts.line++;
                counts.bad++;
                malformed.malformed(file, counts.line, "a line longer than " + buffer.length + " bytes");
                skipping = true;
                filled = 0;
                continue;
            }
            System.arraycopy(buffer, start, buffer, 0, filled - start);
            filled -= start;
            start = 0;
            progress.at(bytes, counts.good + counts.bad);
        }
        if (filled > 0 && !skipping) {
            take(file, buffer, 0, filled, row, rows, malformed, counts);
        }
        return new Summary(file, counts.good, counts.bad, bytes, sha.finish());
    }

    private static final class Counts {
        long line;
        long good;
        long bad;
    }

    /** One line: parsed and handed on, or reported as malformed; the header is passed over. */
    private void take(String file, byte[] buffer, int from, int to, OutcomeRow row, OutcomeRowSink rows,
                      MalformedSink malformed, Counts counts) {
        counts.line++;
        String problem = parse(buffer, from, to, counts.line, row);
        if (problem == null) {
            counts.good++;
            rows.row(row);
        } else if (problem != SKIP) {
            counts.bad++;
            malformed.malformed(file, counts.line, problem);
        }
    }

    private static final String SKIP = "header";

    /** Parses one line into the row; answers null when it is good, else the rule it breaks. */
    private String parse(byte[] b, int from, int to, long line, OutcomeRow row) {
        if (to > from && b[to - 1] == '\r') {
            to--;
        }
        if (to - from > MAX_LINE) {
            return "a line longer than " + MAX_LINE + " bytes";
        }
        if (line == 1 && equals(b, from, to, HEADER_BYTES)) {
            return SKIP;
        }
        int fields = 0;
        int fieldStart = from;
        for (int i = from; i <= to; i++) {
            if (i == to || b[i] == ',') {
                if (fields == FIELDS) {
                    return "more than " + FIELDS + " fields";
                }
                starts[fields] = fieldStart;
                ends[fields] = i;
                fields++;
                fieldStart = i + 1;
            } else if (b[i] == '"') {
                return "quoted fields are not used in this format";
            }
        }
        if (fields != FIELDS) {
            return "expected " + FIELDS + " fields (" + HEADER + "), found " + fields;
        }
        long time = timestamp(b, starts[0], ends[0]);
        if (time == Long.MIN_VALUE) {
            return "timestamp: an ISO-8601 UTC time such as 2026-10-01T00:00:00.000Z";
        }
        if (time < monthStart || time >= monthEnd) {
            return "timestamp: outside " + month;
        }
        if (ends[1] == starts[1]) {
            return "request_id: required";
        }
        int srv = srvs.find(b, starts[3], ends[3]);
        if (srv < 0) {
            return "srv: not an SRV of the catalogue";
        }
        long device = eui64(b, starts[4], ends[4]);
        if (device == Long.MIN_VALUE) {
            return "device_id: an EUI-64 such as 00-DB-12-34-56-78-90-A0";
        }
        CspRegion region = region(b, starts[5], ends[5]);
        if (region == null) {
            return "csp_region: NORTH, CENTRAL or SOUTH";
        }
        Outcome outcome = outcome(b, starts[6], ends[6]);
        if (outcome == null) {
            return "outcome: DELIVERED, NOT_RESPONDING or REJECTED";
        }
        int codeLength = ends[7] - starts[7];
        if (outcome == Outcome.REJECTED ? codeLength < 1 || codeLength > 8 : codeLength != 0) {
            return "dsp_code: required (1 to 8 characters) for REJECTED only";
        }
        int ms = number(b, starts[8], ends[8]);
        if (ms == -2 || (ms == -1 && outcome == Outcome.DELIVERED)) {
            return "response_ms: a whole number of milliseconds, required for DELIVERED";
        }
        row.set(line, time, srv, device, region, outcome, ms, starts[1], ends[1], starts[3], ends[3], starts[7],
                ends[7]);
        return null;
    }

    private static boolean equals(byte[] b, int from, int to, byte[] expected) {
        if (to - from != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (b[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** yyyy-MM-ddTHH:mm:ss[.fraction]Z, UTC, to epoch milliseconds; Long.MIN_VALUE when it is not one. */
    static long timestamp(byte[] b, int from, int to) {
        if (to - from < 20 || b[to - 1] != 'Z' || b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != 'T'
                || b[from + 13] != ':' || b[from + 16] != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(b, from, 4);
        int monthOfYear = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        if (year < 0 || monthOfYear < 1 || monthOfYear > 12 || day < 1 || day > lengthOf(year, monthOfYear)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return Long.MIN_VALUE;
        }
        int millis = 0;
        int at = from + 19;
        if (at < to - 1) {
            if (b[at] != '.' || to - 1 - (at + 1) < 1 || to - 1 - (at + 1) > 9) {
                return Long.MIN_VALUE;
            }
            int scale = 100;
            for (int i = at + 1; i < to - 1; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    return Long.MIN_VALUE;
                }
                millis += d * scale;
                scale /= 10;
            }
        }
        long days = epochDay(year, monthOfYear, day);
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private static int lengthOf(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    private static int digits(byte[] b, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /** 16 hex digits, with a hyphen or colon between every octet or with none. */
    static long eui64(byte[] b, int from, int to) {
        int length = to - from;
        boolean separated = length == 23;
        if (!separated && length != 16) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (int i = from, digit = 0; i < to; i++) {
            if (separated && (i - from) % 3 == 2) {
                if (b[i] != '-' && b[i] != ':') {
                    return Long.MIN_VALUE;
                }
                continue;
            }
            int c = b[i];
            int nibble = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (nibble < 0) {
                return Long.MIN_VALUE;
            }
            value = value << 4 | nibble;
            digit++;
        }
        return value;
    }

    private static final CspRegion[] REGIONS = CspRegion.values();
    private static final byte[][] REGION_NAMES = names(REGIONS);
    private static final Outcome[] OUTCOMES = Outcome.values();
    private static final byte[][] OUTCOME_NAMES = names(OUTCOMES);

    private static byte[][] names(Enum<?>[] values) {
        byte[][] names = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            names[i] = values[i].name().getBytes(StandardCharsets.US_ASCII);
        }
        return names;
    }

    private static CspRegion region(byte[] b, int from, int to) {
        for (int i = 0; i < REGIONS.length; i++) {
            if (equals(b, from, to, REGION_NAMES[i])) {
                return REGIONS[i];
            }
        }
        return null;
    }

    private static Outcome outcome(byte[] b, int from, int to) {
        for (int i = 0; i < OUTCOMES.length; i++) {
            if (equals(b, from, to, OUTCOME_NAMES[i])) {
                return OUTCOMES[i];
            }
        }
        return null;
    }

    /** A non-negative int; -1 when empty, -2 when not a number. */
    private static int number(byte[] b, int from, int to) {
        if (from == to) {
            return -1;
        }
        if (to - from > 9) {
            return -2;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -2;
            }
            value = value * 10 + d;
        }
        return value;
    }
}
