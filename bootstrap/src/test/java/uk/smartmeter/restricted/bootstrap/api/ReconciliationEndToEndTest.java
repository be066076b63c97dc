package uk.smartmeter.restricted.bootstrap.api;


import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.smartmeter.restricted.adapter.rest.security.LocalTokenController;
import uk.smartmeter.restricted.bootstrap.Eventually;
import uk.smartmeter.restricted.bootstrap.RestrictedModeApplication;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * Issue 18, F14, through the API as the DCC and a regulator use it: five meters, each mismatch kind planted by hand,
 * a registration file with bad lines; the run's counts, its paged listing (Restricted first), the correction each
 * names, its entry in the history with the input's SHA-256, its forms, a repeat of the same run, a re-run with the
 * same inputs, a correction through the named command, and the refusals.
 */
@SpringBootTest(classes = RestrictedModeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReconciliationEndToEndTest {

    private static final Path DATA = temp();
    private static final String M1 = "00-DB-12-34-56-78-71-01";
    private static final String M2 = "00-DB-12-34-56-78-71-02";
    private static final String M3 = "00-DB-12-34-56-78-71-03";
    private static final String M4 = "00-DB-12-34-56-78-71-04";
    private static final String M5 = "00-DB-12-34-56-78-71-05";

    @LocalServerPort
    int port;
    @Autowired
    LocalTokenController tokens;
    @Autowired
    JdbcTemplate sql;

    private static Path temp() {
        try {
            return Files.createTempDirectory("restricted-reconciliation-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry properties) {
        properties.add("restricted.data-dir", DATA::toString);
    }

    private static String mpan(String device) {
        return "10000000000" + device.substring(device.length() - 2);
    }

    private static String enrolment(String device) {
        return HttpApi.commissioned(device, device.replace("-71-", "-72-"), "NORTH", "SUPPLIER-A")
                .replace("1234567890123", mpan(device));
    }

    private JsonNode awaitDone(HttpApi api, String token, String id) throws InterruptedException {
        return Eventually.value("reconciliation " + id + " finished", Duration.ofSeconds(30),
                () -> api.get("/api/v1/reconciliations/" + id, token).json(),
                run -> !run.get("state").asText().equals("RUNNING"));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void eachMismatchKindIsFoundListedRestrictedFirstRecordedInTheHistoryAndNothingChanges() throws Exception {
        HttpApi api = new HttpApi(port, tokens);
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String regulator = api.token("OFGEM", UserRole.REGULATOR);
        String supplierA = api.token("SUPPLIER-A", UserRole.IS);
        for (String meter : List.of(M1, M2, M3, M4, M5)) {
            assertThat(api.send("POST", "/api/v1/devices", dcc, enrolment(meter)).status()).isEqualTo(201);
        }
        for (String meter : List.of(M1, M5)) {
            assertThat(api.send("PUT", "/api/v1/devices/" + meter + "/restriction", supplierA, HttpApi.attestation())
                    .status()).isEqualTo(200);
        }
        Path folder = DATA.resolve("registration");
        Files.createDirectories(folder);
        String css = String.join("\n",
                "mpxn,fuel,supplier_id,supplier_role,effective_from",
                mpan(M1) + ",ELECTRICITY,SUPPLIER-A,IS,2024-01-01",
                mpan(M1) + ",ELECTRICITY,SUPPLIER-B,IS,2026-06-01T00:00:00Z", // M1 moved to B: never received
                mpan(M2) + ",ELECTRICITY,SUPPLIER-B,IS,2026-06-01", // M2 moved to B too
                mpan(M3) + ",GAS,SUPPLIER-A,GS,2024-01-01", // M3 is an ESME
                mpan(M5) + ",ELECTRICITY,SUPPLIER-A,IS,2024-01-01", // M5 agrees; M4 is not listed
                "1000000000099,ELECTRICITY,SUPPLIER-C,IS,2024-01-01", // nobody's meter
                "1234,ELECTRICITY,SUPPLIER-A,IS,2024-01-01",
                mpan(M5) + ",WATER,SUPPLIER-A,IS,2024-01-01",
                mpan(M5) + ",ELECTRICITY,SUPPLIER-A,IS",
                mpan(M5) + ",ELECTRICITY,SUPPLIER-A,IS,0000-01-01T00:00:00Z",
                "",
                mpan(M5) + ",ELECTRICITY,SUPPLIER-A,XX,2024-01-01") + "\n";
        Files.writeString(folder.resolve("css.csv"), css);

        JsonNode started = api.send("POST", "/api/v1/reconciliations", dcc,
                "{\"reconciliationId\":\"r1\",\"registrationFiles\":[\"css.csv\"]}").json();
        assertThat(started.get("state").asText()).isIn("RUNNING", "DONE");
        JsonNode run = awaitDone(api, regulator, "r1");

        assertThat(run.get("state").asText()).isEqualTo("DONE");
        assertThat(run.get("storeMeters").asLong()).isEqualTo(5);
        assertThat(run.get("linesRead").asLong()).as("every line but the header, the blank one included").isEqualTo(12);
        JsonNode counts = run.get("counts");
        assertThat(counts.get("FLAG_UNDER_UNREGISTERED_SUPPLIER").asLong()).isEqualTo(1);
        assertThat(counts.get("CHANGE_OF_SUPPLIER_NOT_RECEIVED").asLong()).isEqualTo(2);
        assertThat(counts.get("FUEL_OR_ROLE_MISMATCH").asLong()).isEqualTo(1);
        assertThat(counts.get("MPXN_UNKNOWN").asLong()).isEqualTo(1);
        assertThat(counts.get("NO_REGISTRATION").asLong()).isEqualTo(1);
        assertThat(run.get("restricted").get("CHANGE_OF_SUPPLIER_NOT_RECEIVED").asLong()).isEqualTo(1);
        String sha = sha256(css.getBytes(StandardCharsets.UTF_8));
        JsonNode input = run.get("inputs").get(0);
        assertThat(input.get("sha256").asText()).isEqualTo(sha);
        assertThat(input.get("badLines").asLong()).isEqualTo(5);

        // the listing: Restricted first, one page at a time, each naming its correction
        JsonNode first = api.get("/api/v1/reconciliations/r1/findings?kind=CHANGE_OF_SUPPLIER_NOT_RECEIVED&limit=1",
                regulator).json();
        assertThat(first.get("total").asLong()).isEqualTo(2);
        assertThat(first.get("findings").get(0).get("deviceId").asText()).isEqualTo(M1);
        assertThat(first.get("findings").get(0).get("restricted").asBoolean()).isTrue();
        assertThat(first.get("findings").get(0).get("line").asLong()).isEqualTo(3);
        assertThat(first.get("findings").get(0).get("correction").asText())
                .contains("/api/v1/devices/" + M1 + "/supplier-changes").contains("SUPPLIER-B");
        JsonNode second = api.get("/api/v1/reconciliations/r1/findings?kind=CHANGE_OF_SUPPLIER_NOT_RECEIVED&limit=1"
                + "&cursor=" + first.get("nextCursor").asLong(), regulator).json();
        assertThat(second.get("findings").get(0).get("deviceId").asText()).isEqualTo(M2);
        assertThat(second.path("nextCursor").isMissingNode() || second.get("nextCursor").isNull())
                .as("the last page has no next cursor").isTrue();
        assertThat(api.get("/api/v1/reconciliations/r1/findings?kind=NO_REGISTRATION", dcc).json().get("findings")
                .get(0).get("deviceId").asText()).isEqualTo(M4);
        assertThat(api.get("/api/v1/reconciliations/r1/findings?kind=MPXN_UNKNOWN", dcc).json().get("findings")
                .get(0).get("mpxn").asText()).isEqualTo("1000000000099");

        // the bad lines, by number, field and rule
        String bad = api.get("/api/v1/reconciliations/r1/report?format=bad-lines", regulator).body();
        assertThat(bad.lines().toList()).containsExactly("file,line,field,rule",
                "css.csv,8,mpxn,a 13-digit MPAN core or a 6 to 10 digit MPRN",
                "css.csv,9,fuel,ELECTRICITY or GAS",
                "css.csv,10,line,\"5 fields: mpxn,fuel,supplier_id,supplier_role,effective_from\"",
                "css.csv,11,effective_from,\"an ISO-8601 instant with its offset, or a date, from 2000 to 2100\"",
                "css.csv,13,supplier_role,\"IS, ES or GS\"");

        // the forms
        String svg = api.get("/api/v1/reconciliations/r1/report?format=svg", regulator).body();
        assertThat(svg).startsWith("<?xml").contains("<svg").contains("<text").contains("On Restricted meters").contains(">Change of Supplier </text>").contains(">not received</text>")
                .contains(sha.substring(0, 12));
        assertThat(api.get("/api/v1/reconciliations/r1/report?format=csv", regulator).body())
                .contains("CHANGE_OF_SUPPLIER_NOT_RECEIVED,2,1");
        String findings = api.get("/api/v1/reconciliations/r1/report?format=findings", regulator).body();
        assertThat(findings.lines().count()).isEqualTo(1 + 6);

        // recorded in the history, with the input's SHA-256 and the counts
        String entry = Eventually.value("the run's history entry", Duration.ofSeconds(20),
                () -> sql.queryForList("SELECT detail FROM history_entry WHERE event_type = 'RegistrationReconciled'",
                        String.class), rows -> !rows.isEmpty()).get(0);
        assertThat(entry).contains("reconciliation r1 DONE").contains("css.csv sha256 " + sha)
                .contains("CHANGE_OF_SUPPLIER_NOT_RECEIVED=2 (1 Restricted)");
        assertThat(sql.queryForObject("SELECT party FROM history_entry WHERE event_type = 'RegistrationReconciled'",
                String.class)).isEqualTo("DCC-DSP");

        // nothing changed: M1 is still A's, still Restricted
        JsonNode m1 = api.get("/api/v1/devices/" + M1, dcc).json();
        assertThat(m1.toString()).contains("SUPPLIER-A");

        // the same run asked again is the same run; its ID with other files is refused; a new ID finds the same
        var repeat = api.send("POST", "/api/v1/reconciliations", dcc,
                "{\"reconciliationId\":\"r1\",\"registrationFiles\":[\"css.csv\"]}");
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.json().get("forms")).isEqualTo(run.get("forms"));
        Files.writeString(folder.resolve("other.csv"), "mpxn,fuel,supplier_id,supplier_role,effective_from\n");
        var reused = api.send("POST", "/api/v1/reconciliations", dcc,
                "{\"reconciliationId\":\"r1\",\"registrationFiles\":[\"other.csv\"]}");
        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.json().get("code").asText()).isEqualTo("RECONCILIATION_ID_REUSED");
        assertThat(api.send("POST", "/api/v1/reconciliations", dcc,
                "{\"reconciliationId\":\"r2\",\"registrationFiles\":[\"css.csv\"]}").status()).isEqualTo(202);
        JsonNode again = awaitDone(api, dcc, "r2");
        assertThat(again.get("forms").get("findings")).as("the same inputs and store: the same findings, byte for byte")
                .isEqualTo(run.get("forms").get("findings"));
        assertThat(again.get("counts")).isEqualTo(run.get("counts"));

        // correcting through the named command, then running again, leaves only the Restricted meter's finding
        assertThat(api.send("POST", "/api/v1/devices/" + M2 + "/supplier-changes", dcc,
                "{\"gainingSupplier\":{\"partyId\":\"SUPPLIER-B\",\"role\":\"IS\"}}").status()).isEqualTo(200);
        assertThat(api.send("POST", "/api/v1/reconciliations", dcc,
                "{\"reconciliationId\":\"r3\",\"registrationFiles\":[\"css.csv\"]}").status()).isEqualTo(202);
        assertThat(awaitDone(api, dcc, "r3").get("counts").get("CHANGE_OF_SUPPLIER_NOT_RECEIVED").asLong())
                .isEqualTo(1);

        // an altered form is refused by name, never served
        Path stored = DATA.resolve("reports").resolve("reconciliations").resolve("r1").resolve("findings.csv");
        Files.writeString(stored, Files.readString(stored).replace(M2, M5));
        var altered = api.get("/api/v1/reconciliations/r1/report?format=findings", regulator);
        assertThat(altered.status()).isEqualTo(409);
        assertThat(altered.json().get("code").asText()).isEqualTo("RECONCILIATION_FILE_ALTERED");
        assertThat(altered.json().get("detail").asText()).contains("findings.csv");
    }

    @Test
    void badRequestsNameTheFieldAndEveryRefusalIsRecorded() throws Exception {
        HttpApi api = new HttpApi(port, tokens);
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        Path folder = DATA.resolve("registration");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("headless.csv"), "mpxn,fuel\n");
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"{\"registrationFiles\":[\"x.csv\"]}", "reconciliationId"});
        cases.add(new String[] {"{\"reconciliationId\":\"-bad\",\"registrationFiles\":[\"x.csv\"]}",
                "reconciliationId"});
        cases.add(new String[] {"{\"reconciliationId\":\"b1\",\"registrationFiles\":[]}", "registrationFiles"});
        cases.add(new String[] {"{\"reconciliationId\":\"b1\",\"registrationFiles\":[\"../../etc/passwd\"]}",
                "registrationFiles"});
        cases.add(new String[] {"{\"reconciliationId\":\"b1\",\"registrationFiles\":[\"missing.csv\"]}",
                "registrationFiles"});
        cases.add(new String[] {"{\"reconciliationId\":\"b1\",\"registrationFiles\":[\"headless.csv\"]}",
                "registrationFiles"});
        cases.add(new String[] {"{\"reconciliationId\":\"b1\",\"registrationFiles\":[\"headless.csv\","
                + "\"headless.csv\"]}", "registrationFiles"});
        for (String[] c : cases) {
            var answer = api.send("POST", "/api/v1/reconciliations", dcc, c[0]);
            assertThat(answer.status()).as(c[0]).isEqualTo(422);
            assertThat(answer.headers().get("Content-Type").get(0)).startsWith("application/problem+json");
            assertThat(answer.body()).as(c[0]).contains("\"" + c[1] + "\"");
        }
        assertThat(api.get("/api/v1/reconciliations/b1", dcc).status()).as("nothing half-written").isEqualTo(404);
        assertThat(api.get("/api/v1/reconciliations/none/findings?kind=SOMETHING", dcc).body()).contains("\"kind\"");
        assertThat(api.get("/api/v1/reconciliations/none/findings?kind=MPXN_UNKNOWN&limit=0", dcc).body())
                .contains("\"limit\"");
        var unknown = api.get("/api/v1/reconciliations/none", dcc);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asText()).isEqualTo("RECONCILIATION_NOT_FOUND");
        String supplier = api.token("SUPPLIER-A", UserRole.IS);
        assertThat(api.get("/api/v1/reconciliations", supplier).status()).isEqualTo(403);
        // each refusal once: the seven bad runs, the two bad reads, the two unknown runs and the Supplier's read
        List<String> recorded = Eventually.value("the refusals recorded", Duration.ofSeconds(20), () -> sql.queryForList(
                "SELECT detail FROM history_entry WHERE event_type = 'RequestRefused'"
                        + " AND LOWER(detail) LIKE '%reconciliation%'", String.class), rows -> rows.size() >= 12);
        assertThat(recorded).anyMatch(d -> d.contains("no reconciliation none"))
                .anyMatch(d -> d.contains("role IS may not ListReconciliations"));
        assertThat(recorded).filteredOn(d -> d.startsWith("POST /api/v1/reconciliations: [FieldViolation"))
                .as("each bad run recorded once").hasSize(7);
    }
}
