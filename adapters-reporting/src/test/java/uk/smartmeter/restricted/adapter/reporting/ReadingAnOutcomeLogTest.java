package uk.smartmeter.restricted.adapter.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.reporting.SrvIndex;

/** The outcome-log format, line by line: what is read, what is refused and with which line number. */
class ReadingAnOutcomeLogTest {

    private static final String ROW = "2026-10-01T00:00:01.250Z,REQ-1,IS,4.1.1,00-DB-12-34-56-78-90-A0,NORTH,DELIVERED,,850";

    private final List<String> good = new ArrayList<>();
    private final List<String> bad = new ArrayList<>();

    private OutcomeLogReader.Summary read(String text) throws Exception {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    private OutcomeLogReader.Summary read(byte[] bytes) throws Exception {
        OutcomeLogReader reader = new OutcomeLogReader(new SrvIndex(SrvCatalogue.bundled()), YearMonth.of(2026, 10));
        return reader.read("log.csv", new ByteArrayInputStream(bytes),
                row -> good.add(row.line() + " " + Instant.ofEpochMilli(row.epochMillis()) + " " + row.deviceId() + " "
                        + row.srvText() + " " + row.region() + " " + row.outcome() + " " + row.code() + " "
                        + row.responseMs() + " " + row.requestId()),
                (file, line, reason) -> bad.add(line + " " + reason), (at, rows) -> { });
    }

    @Test
    void aRowIsReadFieldByFieldWithOrWithoutTheHeaderAndWithCrlfOrLf() throws Exception {
        OutcomeLogReader.Summary summary = read(OutcomeLogReader.HEADER + "\r\n" + ROW + "\r\n"
                + "2026-10-31T23:59:59.999999Z,REQ-2,GS,4.10,00:db:12:34:56:78:90:a1,SOUTH,REJECTED,R1,");

        assertThat(good).containsExactly(
                "2 2026-10-01T00:00:01.250Z 00-DB-12-34-56-78-90-A0 4.1.1 NORTH DELIVERED  850 REQ-1",
                "3 2026-10-31T23:59:59.999Z 00-DB-12-34-56-78-90-A1 4.10 SOUTH REJECTED R1 -1 REQ-2");
        assertThat(summary.rows()).isEqualTo(2);
        assertThat(bad).isEmpty();
        read(ROW + "\n");
        assertThat(good).hasSize(3).last().asString().startsWith("1 ");
    }

    @Test
    void eachBrokenRuleIsNamedWithItsLineAndTheRestIsStillRead() throws Exception {
        String text = String.join("\n", ROW,
                ROW.replace("2026-10-01T00:00:01.250Z", "2026-10-01 00:00:01"),
                ROW.replace("2026-10-01", "2026-09-30"),
                ROW.replace(",4.1.1,", ",4.99.1,"),
                ROW.replace("00-DB-12-34-56-78-90-A0", "00-DB-12-34"),
                ROW.replace("NORTH", "WEST"),
                ROW.replace("DELIVERED", "LOST"),
                ROW.replace("DELIVERED,,850", "DELIVERED,E5,850"),
                ROW.replace(",850", ","),
                ROW.replace("REQ-1", "\"REQ,1\""),
                ROW + ",extra",
                "x".repeat(5000),
                "",
                ROW);

        OutcomeLogReader.Summary summary = read(text);

        assertThat(bad).containsExactly(
                "2 timestamp: an ISO-8601 UTC time such as 2026-10-01T00:00:00.000Z",
                "3 timestamp: outside 2026-10",
                "4 srv: not an SRV of the catalogue",
                "5 device_id: an EUI-64 such as 00-DB-12-34-56-78-90-A0",
                "6 csp_region: NORTH, CENTRAL or SOUTH",
                "7 outcome: DELIVERED, NOT_RESPONDING or REJECTED",
                "8 dsp_code: required (1 to 8 characters) for REJECTED only",
                "9 response_ms: a whole number of milliseconds, required for DELIVERED",
                "10 quoted fields are not used in this format",
                "11 more than 9 fields",
                "12 a line longer than 4096 bytes",
                "13 expected 9 fields (" + OutcomeLogReader.HEADER + "), found 1");
        assertThat(good).extracting(line -> line.split(" ")[0]).containsExactly("1", "14");
        assertThat(summary.malformed()).isEqualTo(12);
    }

    @Test
    void aLineLongerThanTheBufferIsOneMalformedLineAndTheNextKeepsItsNumber() throws Exception {
        byte[] huge = ("y".repeat(5 << 20) + "\n" + ROW + "\n").getBytes(StandardCharsets.UTF_8);

        OutcomeLogReader.Summary summary = read(huge);

        assertThat(bad).containsExactly("1 a line longer than 4194304 bytes");
        assertThat(good).singleElement().asString().startsWith("2 ");
        assertThat(summary.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(huge)));
    }

    @Test
    void theFilesSha256IsTakenInTheSamePass() throws Exception {
        byte[] bytes = (ROW + "\n" + ROW + "\n").getBytes(StandardCharsets.UTF_8);

        assertThat(read(bytes).sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(bytes)));
    }
}
