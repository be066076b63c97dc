package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
import uk.smartmeter.restricted.bootstrap.Eventually;
import uk.smartmeter.restricted.bootstrap.RestrictedModeApplication;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * Reports that cost the month (issue 17): a store generated through the API over January to March 2026 (electricity
 * and gas meters, restrictions applied and cleared, Changes of Tenancy back-dated across month ends, Changes of
 * Supplier, status changes, gate denials), then February's report, whose replay keeps March's start, then March's,
 * which replays only from there. March reproduced by a replay from the store's beginning must be byte-identical; and a
 * month start changed in the database is refused and the month replays in full, to the same figures.
 */
@SpringBootTest(classes = RestrictedModeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(AMonthFromItsStartIsTheFullReplayTest.TestClock.class)
class AMonthFromItsStartIsTheFullReplayTest {

    private static final Path DATA = temp();
    private static final int METERS = 40;

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
            return Files.createTempDirectory("restricted-month-starts-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry properties) {
        properties.add("restricted.data-dir", DATA::toString);
    }

    private static String meter(int n) {
        return String.format("00-DB-12-34-56-79-%02X-%02X", n >> 8, n & 0xFF);
    }

    private static String gpf(int n) {
        return String.format("00-DB-12-34-56-7A-%02X-%02X", n >> 8, n & 0xFF);
    }

    private static boolean gas(int n) {
        return n % 3 == 0;
    }

    private JsonNode run(HttpApi api, String dcc, String month, String body) throws InterruptedException {
        JsonNode started = api.send("POST", "/api/v1/reports/" + month + "/runs", dcc, body).json();
        JsonNode done = Eventually.value("the " + month + " run finished", Duration.ofSeconds(60),
                () -> api.get("/api/v1/reports/runs/" + started.get("runId").asLong(), dcc).json(),
                run -> !run.get("state").asText().equals("RUNNING") && !run.get("state").asText().equals("QUEUED"));
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
        return done;
    }

    @Test
    void aMonthReplayedFromItsStartIsByteIdenticalToAReplayFromTheBeginning() throws Exception {
        // tokens are minted on the clock and checked against real time: minted now, before the clock goes back
        clock.set(Instant.now());
        HttpApi api = new HttpApi(port, tokens);
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        Map<String, String> suppliers = new HashMap<>();
        for (int s = 0; s < 3; s++) {
            suppliers.put("SUPPLIER-M" + s + "/IS", api.token("SUPPLIER-M" + s, UserRole.IS));
            suppliers.put("SUPPLIER-M" + s + "/GS", api.token("SUPPLIER-M" + s, UserRole.GS));
        }
        clock.set(Instant.parse("2026-01-02T09:00:00Z"));
        String[] region = {"NORTH", "CENTRAL", "SOUTH"};
        Map<Integer, String> supplierOf = new HashMap<>();
        for (int n = 0; n < METERS; n++) {
            String supplier = "SUPPLIER-M" + (n % 2);
            String enrolment = HttpApi.commissioned(meter(n), meter(n).replace("-79-", "-7B-"), region[n % 3], supplier);
            if (gas(n)) {
                enrolment = enrolment.replace("\"ESME\"", "\"GSME\"").replace("\"mpxn\":\"1234567890123\"",
                        "\"mpxn\":\"12345" + String.format("%05d", n) + "\"").replace("\"role\":\"IS\"", "\"role\":\"GS\"")
                        .replace("\"commsHubStatus\"", "\"gpfId\":\"" + gpf(n) + "\",\"commsHubStatus\"");
            }
            assertThat(api.send("POST", "/api/v1/devices", dcc, enrolment).status()).as(meter(n)).isEqualTo(201);
            supplierOf.put(n, supplier);
        }
        Random random = new Random(17);
        List<String> log = new ArrayList<>();
        log.add("timestamp,request_id,sender_role,srv,device_id,csp_region,outcome,dsp_code,response_ms");
        int request = 0;
        for (Instant day = Instant.parse("2026-01-03T10:00:00Z"); day.isBefore(Instant.parse("2026-04-01T00:00:00Z"));
             day = day.plus(1, ChronoUnit.DAYS)) {
            for (int op = 0; op < 6; op++) {
                clock.set(day.plus(op * 37L, ChronoUnit.MINUTES));
                int n = random.nextInt(METERS);
                String role = gas(n) ? "GS" : "IS";
                String supplier = suppliers.get(supplierOf.get(n) + "/" + role);
                String path = "/api/v1/devices/" + meter(n);
                switch (random.nextInt(7)) {
                    case 0, 1 -> api.send("PUT", path + "/restriction", supplier, "{\"attestation\":{\"reference\":\"RS-"
                            + n + "\",\"stepsExhaustedOn\":\"" + day.minus(3, ChronoUnit.DAYS).toString().substring(0, 10)
                            + "\"}}");
                    case 2 -> api.send("DELETE", path + "/restriction?reason=CONSUMER_REQUEST", supplier, null);
                    // back-dated up to six days: across a month's end near one
                    case 3 -> api.send("POST", path + "/tenancy-changes", dcc, "{\"effectiveAt\":\""
                            + day.minus(random.nextInt(7), ChronoUnit.DAYS) + "\"}");
                    case 4 -> {
                        String gaining = "SUPPLIER-M" + random.nextInt(3);
                        if (api.send("POST", path + "/supplier-changes", dcc, "{\"gainingSupplier\":{\"partyId\":\""
                                + gaining + "\",\"role\":\"" + role + "\"},\"effectiveAt\":\""
                                + day.minus(random.nextInt(3), ChronoUnit.DAYS) + "\"}").status() == 200) {
                            supplierOf.put(n, gaining);
                        }
                    }
                    case 5 -> api.send("POST", path + "/smi-status-changes", dcc, "{\"target\":\"METER\",\"status\":\""
                            + (random.nextBoolean() ? "SUSPENDED" : "COMMISSIONED") + "\"}");
                    default -> {
                        // the gate's decision, and the DSP's log row that claims it
                        String id = "REQ-" + request++;
                        String device = gas(n) && random.nextBoolean() ? gpf(n) : meter(n);
                        JsonNode decision = api.send("POST", "/api/v1/gate/decisions", dcc, "{\"requestId\":\"" + id
                                + "\",\"senderId\":\"" + supplierOf.get(n) + "\",\"senderRole\":\"" + role
                                + "\",\"srv\":\"4.1.1\",\"deviceId\":\"" + device + "\"}").json();
                        String code = decision.path("responseCode").asText("");
                        log.add(clock.instant() + "," + id + "," + role + ",4.1.1," + device + "," + region[n % 3] + ","
                                + (code.startsWith("R") ? "REJECTED," + code + "," : random.nextBoolean()
                                ? "DELIVERED,," + (500 + random.nextInt(60_000)) : "NOT_RESPONDING,,"));
                    }
                }
            }
        }
        clock.set(Instant.parse("2026-04-03T08:00:00Z"));
        Path logs = DATA.resolve("sr-logs");
        Files.createDirectories(logs);
        Files.writeString(logs.resolve("q1.csv"), String.join("\n", log) + "\n");
        long events = sql.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);

        JsonNode february = run(api, dcc, "2026-02", "{\"mode\":\"PUBLISH\",\"outcomeLogs\":[\"q1.csv\"]}");
        Map<String, Object> marchStart = sql.queryForMap("SELECT position, meters FROM report_month_start WHERE report_month = '2026-03'");
        assertThat(((Number) marchStart.get("meters")).longValue()).as("every meter in March's start").isEqualTo(METERS);

        JsonNode march = run(api, dcc, "2026-03", "{\"mode\":\"PUBLISH\",\"outcomeLogs\":[\"q1.csv\"]}");
        assertThat(march.get("eventsRead").asLong()).as("March replayed from its start, February from the beginning")
                .isPositive().isLessThan(february.get("eventsRead").asLong());

        JsonNode reproduced = run(api, dcc, "2026-03", "{\"mode\":\"REPRODUCE\"}");
        assertThat(reproduced.get("identical").asBoolean()).as(reproduced.toString()).isTrue();
        assertThat(reproduced.get("reportSha256").asText()).isEqualTo(march.get("reportSha256").asText());
        assertThat(reproduced.get("eventsRead").asLong()).as("a reproduction replays from the beginning")
                .isGreaterThan(march.get("eventsRead").asLong());
        assertThat(events).as("the store the months were taken from").isGreaterThan(METERS * 5L);

        // a month start changed in the database no longer matches its digest: refused, and the month replays in full
        byte[] bytes = sql.queryForObject("SELECT bytes FROM report_month_start_chunk WHERE report_month = '2026-03'"
                + " AND seq = 0", byte[].class);
        bytes[bytes.length / 2] ^= 1;
        sql.update("UPDATE report_month_start_chunk SET bytes = ? WHERE report_month = '2026-03' AND seq = 0", bytes);
        JsonNode recomputed = run(api, dcc, "2026-03", "{\"mode\":\"RECOMPUTE\"}");
        assertThat(recomputed.get("eventsRead").asLong()).as("replayed from the beginning")
                .isGreaterThanOrEqualTo(reproduced.get("eventsRead").asLong());
        JsonNode first = api.get("/api/v1/reports/2026-03/revisions/1", dcc).json();
        JsonNode second = api.get("/api/v1/reports/2026-03/revisions/" + recomputed.get("revision").asInt(), dcc).json();
        assertThat(second.get("regions")).isEqualTo(first.get("regions"));
        assertThat(second.get("exclusionList")).isEqualTo(first.get("exclusionList"));
    }
}
