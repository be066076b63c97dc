package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.smartmeter.restricted.adapter.rest.security.LocalTokenController;
import uk.smartmeter.restricted.bootstrap.RestrictedModeApplication;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;

/**
 * F15 through the API: a Restricted meter's October traffic, a candidate catalogue that reclassifies one SRV each way,
 * the answer with both directions, its full list, a repeat, the refusals, and the live gate unchanged after it.
 */
@SpringBootTest(classes = RestrictedModeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(WhatIfEndToEndTest.TestClock.class)
class WhatIfEndToEndTest {

    private static final String A = "00-DB-12-34-56-78-75-0A";
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
    uk.smartmeter.restricted.application.gate.CatalogueSchedule schedule;

    private static Path temp() {
        try {
            return Files.createTempDirectory("restricted-what-if-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry properties) {
        properties.add("restricted.data-dir", DATA::toString);
    }

    private static String candidate() throws Exception {
        try (InputStream in = SrvCatalogue.class.getResourceAsStream(SrvCatalogue.BUNDLED)) {
            String live = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String candidate = live.replace("# version: 1", "# version: 2-candidate")
                    .replace("\n4.1.1,CONSUMPTION_READ,ALL,", "\n4.1.1,CONSUMPTION_READ,NONE,")
                    .replace("\n11.2,FIRMWARE,NONE,", "\n11.2,FIRMWARE,ALL,");
            assertThat(candidate).isNotEqualTo(live).contains("4.1.1,CONSUMPTION_READ,NONE").contains("11.2,FIRMWARE,ALL");
            return candidate;
        }
    }

    private HttpApi.Response evaluate(HttpApi api, String token, String query, String body) {
        return api.send("POST", "/api/v1/reports/2026-10/what-if?" + query, token, body, Map.of("Content-Type",
                "text/csv"));
    }

    @Test
    void aCandidateCatalogueIsEvaluatedOverAMonthsTrafficAndTheLiveGateDoesNotChange() throws Exception {
        clock.set(Instant.now());
        HttpApi api = new HttpApi(port, tokens);
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String regulator = api.token("OFGEM", UserRole.REGULATOR);
        String supplier = api.token("SUPPLIER-W", UserRole.IS);
        clock.set(Instant.parse("2026-10-05T10:00:00Z"));
        String enrolment = HttpApi.commissioned(A, A.replace("-75-", "-76-"), "NORTH", "SUPPLIER-W")
                .replace("\"smiStatus\"", "\"effectiveAt\":\"2026-10-01T00:00:00Z\",\"smiStatus\"");
        assertThat(api.send("POST", "/api/v1/devices", dcc, enrolment).status()).isEqualTo(201);
        assertThat(api.send("PUT", "/api/v1/devices/" + A + "/restriction", supplier,
                "{\"attestation\":{\"reference\":\"RS-W\",\"stepsExhaustedOn\":\"2026-09-01\"}}").status()).isEqualTo(200);
        clock.set(Instant.parse("2026-11-02T00:00:00Z"));
        Path logs = Files.createDirectories(DATA.resolve("sr-logs"));
        Files.writeString(logs.resolve("october.csv"), String.join("\n",
                "timestamp,request_id,sender_role,srv,device_id,csp_region,outcome,dsp_code,response_ms",
                "2026-10-03T12:00:00.000Z,REQ-0,IS,4.1.1," + A + ",NORTH,DELIVERED,,900", // before the flag
                "2026-10-12T12:00:00.000Z,REQ-1,IS,4.1.1," + A + ",NORTH,REJECTED,R1,",
                "2026-10-13T12:00:00.000Z,REQ-2,IS,11.2," + A + ",NORTH,DELIVERED,,900",
                "2026-10-14T12:00:00.000Z,REQ-3,IS,6.2.4," + A + ",NORTH,DELIVERED,,900") + "\n");
        String candidate = candidate();

        var answered = evaluate(api, dcc, "whatIfId=w1&outcomeLogs=october.csv&first=10", candidate);
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        JsonNode answer = answered.json();
        assertThat(answer.get("rows").asLong()).isEqualTo(4);
        assertThat(answer.get("onRestrictedMeters").asLong()).isEqualTo(3);
        JsonNode unblocked = answer.get("changes").get("DENY_TO_ALLOW");
        assertThat(unblocked.get("rows").asLong()).isEqualTo(1);
        assertThat(unblocked.get("bySrv").get("4.1.1").asLong()).isEqualTo(1);
        assertThat(unblocked.get("bySupplier").get("SUPPLIER-W/IS").asLong()).isEqualTo(1);
        JsonNode blocked = answer.get("changes").get("ALLOW_TO_DENY");
        assertThat(blocked.get("rows").asLong()).isEqualTo(1);
        assertThat(blocked.get("bySrv").get("11.2").asLong()).isEqualTo(1);
        assertThat(blocked.get("byRegion").get("NORTH").asLong()).isEqualTo(1);
        assertThat(answer.get("first")).extracting(row -> row.get("requestId").asText()).containsExactly("REQ-1",
                "REQ-2");
        assertThat(answer.get("candidateVersion").asText()).isEqualTo("2-candidate");

        String list = api.get("/api/v1/reports/what-if/w1/changes", regulator).body();
        assertThat(list.lines().toList()).hasSize(3).element(1).asString().contains("REQ-1").contains("DENY_TO_ALLOW");
        assertThat(api.get("/api/v1/reports/what-if/w1", regulator).json().get("changesSha256"))
                .isEqualTo(answer.get("changesSha256"));
        assertThat(evaluate(api, dcc, "whatIfId=w1&outcomeLogs=october.csv&first=10", candidate).json()
                .get("requestedAt")).as("the kept answer, not a second one").isEqualTo(answer.get("requestedAt"));

        // the live gate still turns the consumption read away and lets the firmware read through
        clock.set(Instant.now());
        // (the clock jumped a month: the gate answers R3 until this node has read the catalogue adoptions again)
        String[] last = {null};
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                    last[0] = api.send("POST", "/api/v1/gate/decisions", dcc, "{\"requestId\":\"REQ-9\","
                            + "\"senderId\":\"SUPPLIER-W\",\"senderRole\":\"IS\",\"srv\":\"4.1.1\",\"deviceId\":\""
                            + A + "\"}").body();
                    return last[0].contains("\"responseCode\":\"R1\"");
                });
        } catch (org.awaitility.core.ConditionTimeoutException late) {
            throw new AssertionError("the live gate never answered R1; last: " + last[0] + "; the clock at "
                    + clock.instant() + ", the catalogue adoptions read at " + schedule.loadedAt(), late);
        }
        assertThat(api.send("POST", "/api/v1/gate/decisions", dcc, "{\"requestId\":\"REQ-10\",\"senderId\":"
                + "\"SUPPLIER-W\",\"senderRole\":\"IS\",\"srv\":\"11.2\",\"deviceId\":\"" + A + "\"}").json()
                .get("decision").asText()).isEqualTo("ALLOW");
    }

    @Test
    void refusalsNameTheFieldAndTheRule() throws Exception {
        clock.set(Instant.now());
        HttpApi api = new HttpApi(port, tokens);
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        Files.createDirectories(DATA.resolve("sr-logs"));
        Files.writeString(DATA.resolve("sr-logs").resolve("empty.csv"),
                "timestamp,request_id,sender_role,srv,device_id,csp_region,outcome,dsp_code,response_ms\n");
        String candidate = candidate();
        Map<String, String> cases = Map.of(
                "whatIfId=b1&outcomeLogs=empty.csv|srv,class\n", "catalogue",
                "whatIfId=b1&outcomeLogs=empty.csv|" + candidate.replace("\n11.2,FIRMWARE,ALL,Read Firmware Version,\n",
                        "\n"), "catalogue",
                "whatIfId=b1&outcomeLogs=missing.csv|" + candidate, "outcomeLogs",
                "whatIfId=b1|" + candidate, "outcomeLogs",
                "outcomeLogs=empty.csv|" + candidate, "whatIfId",
                "whatIfId=b1&outcomeLogs=empty.csv&first=5000|" + candidate, "first");
        cases.forEach((request, field) -> {
            String[] parts = request.split("\\|", 2);
            var answer = evaluate(api, dcc, parts[0], parts[1]);
            assertThat(answer.status()).as(request.substring(0, Math.min(80, request.length()))).isEqualTo(422);
            assertThat(answer.body()).contains("\"" + field + "\"");
        });
        assertThat(evaluate(api, api.token("OFGEM", UserRole.REGULATOR), "whatIfId=b2&outcomeLogs=empty.csv", candidate)
                .status()).isEqualTo(403);
        var unknown = api.get("/api/v1/reports/what-if/none", dcc);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asText()).isEqualTo("WHAT_IF_NOT_FOUND");
        assertThat(api.get("/api/v1/reports/what-if/b1", dcc).status()).as("nothing kept of a refused one")
                .isEqualTo(404);
    }
}
