package uk.smartmeter.restricted.bootstrap.api;

import uk.smartmeter.restricted.bootstrap.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.smartmeter.restricted.adapter.rest.security.LocalTokenController;
import uk.smartmeter.restricted.bootstrap.RestrictedModeApplication;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * October 2026 through the API, on a clock the test moves: three meters, one Restricted from the 5th, one from
 * the 10th to the 20th; the month is published, its exclusion list is the CSPs' list, a back-dated Change of
 * Tenancy arrives, and the published report still reproduces byte for byte while a recomputation becomes
 * revision 2 with its diff.
 */
@SpringBootTest(classes = RestrictedModeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(MonthlyReportEndToEndTest.TestClock.class)
class MonthlyReportEndToEndTest {

    private static final String A = "00-DB-12-34-56-78-97-0A";
    private static final String B = "00-DB-12-34-56-78-97-0B";
    private static final String C = "00-DB-12-34-56-78-97-0C";
    private static final Path DATA = temp();

    @TestConfiguration
    static class TestClock {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    LocalTokenController tokens;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcTemplate sql;

    private static Path temp() {
        try {
            return Files.createTempDirectory("restricted-reports-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry properties) {
        properties.add("restricted.data-dir", DATA::toString);
        properties.add("restricted.reporting.max-input-bytes", () -> "4KB");
    }

    private static final String ATTESTATION = "{\"attestation\":{\"reference\":\"RS-OCT\",\"stepsExhaustedOn\":"
            + "\"2026-09-01\"}}";

    private void at(String instant) {
        clock.set(Instant.parse(instant));
    }

    private JsonNode awaitRun(HttpApi api, String token, JsonNode started) throws InterruptedException {
        return Eventually.value("the run finished", Duration.ofSeconds(30),
                () -> api.get("/api/v1/reports/runs/" + started.get("runId").asLong(), token).json(),
                run -> !run.get("state").asText().equals("RUNNING") && !run.get("state").asText().equals("QUEUED"));
    }

    private static Set<String> lines(JsonNode exclusions, String idField) {
        Set<String> lines = new TreeSet<>();
        exclusions.forEach(entry -> lines.add(entry.get(idField).asText() + " " + entry.get("intervals")));
        return lines;
    }

    @Test
    void aMonthIsPublishedMatchesTheCspListsReproducesByteForByteAndIsRecomputedAsARevision() throws Exception {
        clock.set(Instant.now());
        HttpApi api = new HttpApi(port, tokens);
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String regulator = api.token("OFGEM", UserRole.REGULATOR);
        String supplier = api.token("SUPPLIER-R", UserRole.IS);
        at("2026-10-05T10:00:00Z");
        String[][] meters = {{A, "NORTH"}, {B, "CENTRAL"}, {C, "SOUTH"}};
        for (String[] meter : meters) {
            String enrolment = HttpApi.commissioned(meter[0], meter[0].replace("-97-", "-98-"), meter[1], "SUPPLIER-R")
                    .replace("\"smiStatus\"", "\"effectiveAt\":\"2026-10-01T00:00:00Z\",\"smiStatus\"");
            assertThat(api.send("POST", "/api/v1/devices", dcc, enrolment).status()).isEqualTo(201);
        }
        assertThat(api.send("PUT", "/api/v1/devices/" + A + "/restriction", supplier, ATTESTATION).status())
                .isEqualTo(200);
        at("2026-10-10T00:00:00Z");
        assertThat(api.send("PUT", "/api/v1/devices/" + B + "/restriction", supplier, ATTESTATION).status())
                .isEqualTo(200);
        // the gate refuses REQ-A1: the receipt the outcome log's R1 for it rests on (BR6)
        at("2026-10-12T12:00:00Z");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "R1".equals(api.send("POST",
                "/api/v1/gate/decisions", dcc, "{\"requestId\":\"REQ-A1\",\"senderId\":\"SUPPLIER-R\","
                        + "\"senderRole\":\"IS\",\"srv\":\"4.1.1\",\"deviceId\":\"" + A + "\"}").json()
                .get("responseCode").asText()));
        at("2026-10-20T00:00:00Z");
        assertThat(api.send("DELETE", "/api/v1/devices/" + B + "/restriction?reason=CONSUMER_REQUEST", supplier, null)
                .status()).isEqualTo(200);
        at("2026-11-02T00:00:00Z");
        Path logs = DATA.resolve("sr-logs");
        Files.createDirectories(logs);
        Files.writeString(logs.resolve("october.csv"), String.join("\n",
                "timestamp,request_id,sender_role,srv,device_id,csp_region,outcome,dsp_code,response_ms",
                "2026-10-03T12:00:00.000Z,REQ-C1,IS,4.1.1," + C + ",SOUTH,DELIVERED,,40000",
                "2026-10-04T12:00:00.000Z,REQ-C2,IS,11.2," + C + ",SOUTH,NOT_RESPONDING,,",
                "2026-10-12T12:00:00.000Z,REQ-A1,IS,4.1.1," + A + ",NORTH,REJECTED,R1,",
                "2026-10-13T12:00:00.000Z,REQ-A2,IS,11.2," + A + ",NORTH,DELIVERED,,900",
                "not,a,row",
                "2026-10-15T12:00:00.000Z,REQ-B1,IS,4.1.1," + B + ",CENTRAL,NOT_RESPONDING,,",
                "2026-10-25T12:00:00.000Z,REQ-B2,IS,4.1.1," + B + ",CENTRAL,DELIVERED,,800") + "\n");

        assertThat(api.send("POST", "/api/v1/reports/2026-11/runs", dcc, "{\"mode\":\"PUBLISH\",\"outcomeLogs\":"
                + "[\"october.csv\"]}").json().get("code").asText()).as("November has not ended")
                .isEqualTo("REPORT_MONTH_NOT_CLOSED");
        assertThat(api.send("POST", "/api/v1/reports/2026-10/runs", dcc, "{\"mode\":\"PUBLISH\",\"outcomeLogs\":"
                + "[\"../secret.csv\"]}").status()).isEqualTo(422);
        JsonNode published = awaitRun(api, regulator, api.send("POST", "/api/v1/reports/2026-10/runs", dcc,
                "{\"mode\":\"PUBLISH\",\"outcomeLogs\":[\"october.csv\"]}").json());
        assertThat(published.get("state").asText()).as(published.toString()).isEqualTo("DONE");
        assertThat(published.get("revision").asInt()).isEqualTo(1);
        assertThat(published.get("rowsRead").asLong()).as("six rows and the malformed one").isEqualTo(7);

        HttpApi.Response json = api.get("/api/v1/reports/2026-10/revisions/1", regulator);
        JsonNode report = json.json();
        JsonNode total = report.get("regions").get(4);
        assertThat(total.get("region").asText()).isEqualTo("TOTAL");
        assertThat(total.at("/reported/requests").asLong()).isEqualTo(6);
        assertThat(total.at("/reported/withinTarget").asLong()).isEqualTo(2);
        assertThat(total.at("/reported/share").asText()).isEqualTo("0.333333");
        assertThat(total.at("/adjusted/requests").asLong()).isEqualTo(4);
        assertThat(total.at("/adjusted/share").asText()).isEqualTo("0.500000");
        assertThat(total.at("/excluded/GATE_DENIAL/requests").asLong()).isEqualTo(1);
        assertThat(total.at("/excluded/RESTRICTED_CONSUMPTION/requests").asLong()).isEqualTo(1);
        assertThat(total.at("/nonCommunicating/fault").asLong()).as("C never answered outside a restriction")
                .isZero();
        assertThat(total.get("unverifiedDenialClaims").asLong()).isZero();
        assertThat(report.get("regions").get(3).get("region").asText()).isEqualTo("UNKNOWN_DEVICE");
        assertThat(report.at("/malformed/rows").asLong()).isEqualTo(1);
        assertThat(report.at("/malformed/first/0/line").asLong()).isEqualTo(6);

        // the report's exclusion list is the CSPs' list for the same month
        // (the CSP lists are read from the CSP-notice projection, which may still be catching up with the last facts)
        Set<String> reportList = lines(report.get("exclusionList"), "deviceId");
        Set<String> cspLists = Eventually.value("the CSPs' lists caught up with the store", Duration.ofSeconds(20), () -> {
            Set<String> lists = new TreeSet<>();
            for (String region : new String[] {"north", "central", "south"}) {
                JsonNode list = api.get("/api/v1/csp/" + region
                        + "/exclusion-lists/2026-10?asKnownAt=2026-11-02T00:00:00Z", dcc).json();
                lists.addAll(lines(list.get("entries"), "deviceId"));
            }
            return lists;
        }, reportList::equals);
        assertThat(reportList).isEqualTo(cspLists).hasSize(2);

        assertThat(api.get("/api/v1/reports/2026-10/revisions/1?format=svg", regulator).body()).contains("<svg")
                .contains("restricted-mode/report-chart/v2");
        assertThat(api.get("/api/v1/reports/2026-10/revisions/published?format=csv", regulator).body())
                .contains("measure,TOTAL,adjustedShare,0.500000\r\n");
        assertThat(api.get("/api/v1/reports/2026-10/revisions/1?format=explanation", dcc).body())
                .contains("october.csv,4,REQ-A1," + A + ",4.1.1,GATE_DENIAL")
                .contains("october.csv,7,REQ-B1," + B + ",4.1.1,RESTRICTED_CONSUMPTION");

        // a back-dated Change of Tenancy ends A's restriction on 25 October, recorded in November
        at("2026-11-03T00:00:00Z");
        assertThat(api.send("POST", "/api/v1/devices/" + A + "/tenancy-changes", dcc,
                "{\"effectiveAt\":\"2026-10-25T00:00:00Z\"}").status()).isEqualTo(200);

        JsonNode reproduced = awaitRun(api, dcc, api.send("POST", "/api/v1/reports/2026-10/runs", dcc,
                "{\"mode\":\"REPRODUCE\"}").json());
        assertThat(reproduced.get("identical").asBoolean()).as(reproduced.toString()).isTrue();
        assertThat(reproduced.get("reportSha256").asText()).isEqualTo(published.get("reportSha256").asText());

        JsonNode recomputed = awaitRun(api, dcc, api.send("POST", "/api/v1/reports/2026-10/runs", dcc,
                "{\"mode\":\"RECOMPUTE\"}").json());
        assertThat(recomputed.get("revision").asInt()).isEqualTo(2);
        assertThat(recomputed.get("reportSha256").asText()).isNotEqualTo(published.get("reportSha256").asText());
        JsonNode diff = api.get("/api/v1/reports/2026-10/revisions/2/diff", regulator).json();
        Set<String> changed = new TreeSet<>();
        diff.get("changes").forEach(change -> changed.add(change.get("figure").asText()));
        assertThat(changed).contains("measure,NORTH,restrictedDeviceDays", "inputs,month,eventPosition");
        JsonNode north = null;
        for (JsonNode change : diff.get("changes")) {
            if (change.get("figure").asText().equals("measure,NORTH,restrictedDeviceDays")) {
                north = change;
            }
        }
        assertThat(north.get("before").asText()).as("5 Oct 10:00 to the month's end").isEqualTo("26.583");
        assertThat(north.get("after").asText()).as("5 Oct 10:00 to 25 Oct").isEqualTo("19.583");
        assertThat(api.get("/api/v1/reports/2026-10/revisions/1", regulator).body()).as("published never changes")
                .isEqualTo(json.body());
        assertThat(api.get("/api/v1/reports/2026-10", regulator).json()).hasSize(2);

        int refusedBefore = sql.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE payloadType LIKE"
                + " '%RequestRefused'", Integer.class);
        assertThat(api.send("POST", "/api/v1/reports/2026-10/runs", dcc, "{\"mode\":\"PUBLISH\",\"outcomeLogs\":"
                + "[\"october.csv\"]}").json().get("code").asText()).isEqualTo("REPORT_ALREADY_PUBLISHED");
        assertThat(api.get("/api/v1/reports/2026-10", supplier).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/reports/2026-10/revisions/9", regulator).status()).isEqualTo(404);
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE payloadType LIKE '%RequestRefused'",
                Integer.class)).as("each refusal recorded").isEqualTo(refusedBefore + 3);

        // a run names each log once, and reads no more than restricted.reporting.max-input-bytes
        HttpApi.Response twice = api.send("POST", "/api/v1/reports/2026-10/runs", dcc, "{\"mode\":\"RECOMPUTE\","
                + "\"outcomeLogs\":[\"october.csv\",\"x/../october.csv\"]}");
        assertThat(twice.status()).isEqualTo(422);
        assertThat(twice.json().at("/errors/0/field").asText()).isEqualTo("outcomeLogs");
        assertThat(twice.json().at("/errors/0/rule").asText()).contains("each outcome log once");
        Files.writeString(logs.resolve("big.csv"), "x".repeat(5000));
        HttpApi.Response big = api.send("POST", "/api/v1/reports/2026-10/runs", dcc, "{\"mode\":\"RECOMPUTE\","
                + "\"outcomeLogs\":[\"october.csv\",\"big.csv\"]}");
        assertThat(big.status()).isEqualTo(422);
        assertThat(big.json().at("/errors/0/rule").asText()).contains("at most 4096");

        // a served file edited on disk is refused by name, never served, and a reproduction says what differs
        Path csv = DATA.resolve("reports").resolve("2026-10").resolve("r1.csv");
        Files.writeString(csv, Files.readString(csv).replace("measure,TOTAL,adjustedShare,0.500000",
                "measure,TOTAL,adjustedShare,0.990000"));
        HttpApi.Response altered = api.get("/api/v1/reports/2026-10/revisions/1?format=csv", regulator);
        assertThat(altered.status()).isEqualTo(409);
        assertThat(altered.json().get("code").asText()).isEqualTo("REPORT_FILE_ALTERED");
        assertThat(altered.json().get("detail").asText()).contains("2026-10/r1.csv").doesNotContain("0.990000");
        assertThat(api.get("/api/v1/reports/2026-10/revisions/2/diff", regulator).status()).isEqualTo(409);
        JsonNode tampered = awaitRun(api, dcc, api.send("POST", "/api/v1/reports/2026-10/runs", dcc,
                "{\"mode\":\"REPRODUCE\"}").json());
        assertThat(tampered.get("identical").asBoolean()).isFalse();
        assertThat(tampered.get("differences").findValuesAsText("what")).containsExactly("form:csv");
        assertThat(tampered.at("/differences/0/published").asText()).contains("2026-10/r1.csv");
        Files.writeString(logs.resolve("october.csv"), "2026-10-26T12:00:00.000Z,REQ-X,IS,11.2," + C
                + ",SOUTH,DELIVERED,,100\n", java.nio.file.StandardOpenOption.APPEND);
        JsonNode newLog = awaitRun(api, dcc, api.send("POST", "/api/v1/reports/2026-10/runs", dcc,
                "{\"mode\":\"REPRODUCE\"}").json());
        assertThat(newLog.get("differences").findValuesAsText("what")).contains("log:october.csv", "form:json",
                "form:csv").doesNotContain("form:explanation", "catalogue");
        JsonNode reproductions = api.get("/api/v1/reports/2026-10/reproductions", regulator).json();
        assertThat(reproductions).hasSize(3);
        assertThat(reproductions.findValuesAsText("identical")).containsExactly("true", "false", "false");
        assertThat(reproductions.get(2).get("by").asText()).isEqualTo("DCC-DSP/DCC");
        assertThat(reproductions.get(2).get("differences").findValuesAsText("what")).contains("log:october.csv");

        // a form replaced by something that is not a file is refused by name, and a reproduction still names it
        Path svg = DATA.resolve("reports").resolve("2026-10").resolve("r1.svg");
        Files.delete(svg);
        Files.createDirectory(svg);
        HttpApi.Response directory = api.get("/api/v1/reports/2026-10/revisions/1?format=svg", regulator);
        assertThat(directory.status()).isEqualTo(409);
        assertThat(directory.json().get("detail").asText()).contains("2026-10/r1.svg");
        JsonNode named = awaitRun(api, dcc, api.send("POST", "/api/v1/reports/2026-10/runs", dcc,
                "{\"mode\":\"REPRODUCE\"}").json());
        assertThat(named.get("state").asText()).as(named.toString()).isEqualTo("DONE");
        assertThat(named.get("differences").findValuesAsText("what")).contains("form:svg");
        // a form grown far past its size (a sparse 3 GB file) is refused from its size, never read into memory
        try (var grown = new java.io.RandomAccessFile(DATA.resolve("reports").resolve("2026-10").resolve("r2.json")
                .toFile(), "rw")) {
            grown.setLength(3L << 30);
        }
        HttpApi.Response huge = api.get("/api/v1/reports/2026-10/revisions/2", regulator);
        assertThat(huge.status()).isEqualTo(409);
        assertThat(huge.json().get("detail").asText()).contains("2026-10/r2.json", "3221225472 bytes");

        // log names are paths, safe in a CSV cell and a file name: a line break, a NUL, a comma or a formula is
        // refused before anything runs
        for (String name : List.of("x.csv\\nGATE_DENIAL", "x.csv\\u0000", "a,b.csv", "=HYPER(1).csv", "\\\"q.csv")) {
            HttpApi.Response refused = api.send("POST", "/api/v1/reports/2026-10/runs", dcc,
                    "{\"mode\":\"RECOMPUTE\",\"outcomeLogs\":[\"" + name + "\"]}");
            assertThat(refused.status()).as(name + ": " + refused).isEqualTo(422);
            assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("outcomeLogs");
        }
        assertThat(api.get("/api/v1/reports/2026-10", regulator).status()).isEqualTo(200);
        try (var left = Files.list(DATA.resolve("reports").resolve("2026-10"))) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no run leaves a spool behind")
                    .noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndTheRule() {
        clock.set(Instant.now());
        HttpApi api = new HttpApi(port, tokens);
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String[][] cases = {
                {"GET", "/api/v1/reports/2026-13", null, "month", "a month such as 2026-10"},
                {"POST", "/api/v1/reports/+999999999-12/runs", "{\"mode\":\"PUBLISH\",\"outcomeLogs\":[\"a.csv\"]}",
                        "month", "a month such as 2026-10"},
                {"GET", "/api/v1/reports/2026-10/revisions/first", null, "revision", "a revision number"},
                {"GET", "/api/v1/reports/2026-10/revisions/1?format=pdf", null, "format", "json, csv, svg or explanation"},
                {"GET", "/api/v1/reports/2026-10/revisions/x/diff", null, "revision", "a revision number"},
                {"GET", "/api/v1/reports/runs/abc", null, "runId", "a run number"},
                {"POST", "/api/v1/reports/2026-10/runs", "{\"mode\":\"NOW\"}", "mode", "PUBLISH, REPRODUCE or RECOMPUTE"},
                {"POST", "/api/v1/reports/2026-10/runs", "{\"mode\":\"PUBLISH\",\"outcomeLogs\":[\"\"]}", "outcomeLogs",
                        "names of 1 to 512 characters"}};
        for (String[] bad : cases) {
            HttpApi.Response response = api.send(bad[0], bad[1], dcc, bad[2]);
            assertThat(response.status()).as(response.toString()).isEqualTo(422);
            assertThat(response.json().at("/errors/0/field").asText()).isEqualTo(bad[3]);
            assertThat(response.json().at("/errors/0/rule").asText()).startsWith(bad[4]);
        }
    }
}
