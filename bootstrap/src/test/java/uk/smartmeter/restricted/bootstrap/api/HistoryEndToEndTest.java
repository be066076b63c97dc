package uk.smartmeter.restricted.bootstrap.api;

import uk.smartmeter.restricted.bootstrap.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * A meter's life through the API, with a Change of Tenancy back-dated before a restriction that was recorded
 * first, then read back as regulators and Suppliers would. A context of its own: the tamper test alters a row.
 */
@TestPropertySource(properties = "restricted.gate.check-interval=99ms")
class HistoryEndToEndTest extends RunningService {

    private static final String METER = "00-DB-12-34-56-78-95-00";
    private static final String DEVICE = "/api/v1/devices/" + METER;
    private static final String HISTORY = "/api/v1/history/devices/" + METER;

    /**
     * Waits in SQL until the rows are there, then reads them through the API: a read of a meter whose
     * history has not arrived yet is answered as for an unknown meter, and that refusal is recorded too.
     */
    private JsonNode waitForEntries(String token, int count) throws InterruptedException {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> sql.queryForObject("SELECT COUNT(*) FROM history_entry WHERE device_id = ?",
                        Integer.class, METER) >= count);
        return Eventually.value("a history of " + count + " entries", Duration.ofSeconds(20), () -> api.get(HISTORY, token),
                page -> page.status() == 200 && page.json().get("entries").size() >= count).json();
    }

    private static List<String> types(JsonNode page) {
        List<String> types = new ArrayList<>();
        page.get("entries").forEach(entry -> types.add(entry.get("eventType").asText()));
        return types;
    }

    @Test
    void aLifeWithABackDatedChangeOfTenancyReadsBackOnBothTimelinesAndOnlyToThoseWhoMaySeeIt() throws Exception {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String regulator = api.token("OFGEM", UserRole.REGULATOR);
        String supplierA = api.token("SUPPLIER-HA", UserRole.IS);
        String supplierB = api.token("SUPPLIER-HB", UserRole.IS);
        assertThat(api.send("POST", "/api/v1/devices", dcc, HttpApi.enrolment(METER, "SUPPLIER-HA")
                .replace("\"smiStatus\"", "\"effectiveAt\":\"2026-01-01T00:00:00Z\",\"smiStatus\"")).status())
                .isEqualTo(201);
        assertThat(api.send("POST", DEVICE + "/smi-status-changes", dcc,
                "{\"target\":\"METER\",\"status\":\"COMMISSIONED\",\"effectiveAt\":\"2026-01-02T00:00:00Z\"}").status())
                .isEqualTo(200);
        assertThat(api.send("PUT", DEVICE + "/restriction", supplierA, HttpApi.attestation()).status()).isEqualTo(200);
        assertThat(api.send("POST", "/api/v1/gate/decisions", dcc, "{\"requestId\":\"h-read-1\",\"senderId\":\"DNO-1\","
                + "\"senderRole\":\"ED\",\"srv\":\"4.8.1\",\"deviceId\":\"" + METER + "\"}").json().get("responseCode")
                .asText()).as("a gate denial, recorded in the history too").isEqualTo("R1");
        Instant afterApply = Instant.now();
        // the Change of Tenancy below is recorded strictly after this instant (the clock ticks in microseconds)
        Eventually.holds("the clock has moved past the apply", Duration.ofSeconds(1),
                () -> Instant.now().isAfter(afterApply.plusMillis(1)));
        assertThat(api.send("POST", DEVICE + "/tenancy-changes", dcc, "{\"effectiveAt\":\"2026-01-03T00:00:00Z\"}")
                .status()).as("back-dated CoT, recorded after the apply").isEqualTo(200);
        assertThat(api.send("POST", DEVICE + "/supplier-changes", dcc,
                "{\"gainingSupplier\":{\"partyId\":\"SUPPLIER-HB\",\"role\":\"IS\"}}").status()).isEqualTo(200);
        assertThat(api.send("DELETE", DEVICE + "/restriction?reason=CONSUMER_REQUEST", supplierB, null).status())
                .isEqualTo(200);
        assertThat(api.send("PUT", DEVICE + "/restriction", supplierA, HttpApi.attestation()).status())
                .as("the losing Supplier is refused as for an unknown meter").isEqualTo(404);

        JsonNode all = waitForEntries(regulator, 8);
        assertThat(types(all)).containsExactly("DeviceEnrolled", "MeterStatusChanged", "RestrictionApplied",
                "GateDenied", "TenancyChanged", "SupplierChanged", "RestrictionCleared", "RequestRefused");
        List<Boolean> flags = new ArrayList<>();
        all.get("entries").forEach(entry -> flags.add(entry.get("restrictedAfter").asBoolean()));
        assertThat(flags).containsExactly(false, false, true, true, true, true, false, false);
        JsonNode denied = all.get("entries").get(3);
        assertThat(denied.get("reason").asText()).isEqualTo("R1");
        assertThat(denied.get("party").asText()).isEqualTo("DNO-1");
        assertThat(denied.get("detail").asText()).contains("SRV 4.8.1", "request h-read-1", "flag set at version 2");
        JsonNode cot = all.get("entries").get(4);
        assertThat(cot.get("effectiveAt").asText()).isEqualTo("2026-01-03T00:00:00Z");
        assertThat(Instant.parse(cot.get("recordedAt").asText())).isAfter(afterApply);
        assertThat(all.get("entries").get(6).get("reason").asText()).isEqualTo("CONSUMER_REQUEST");
        assertThat(all.get("entries").get(7).get("reason").asText()).isEqualTo("NOT_RESPONSIBLE_SUPPLIER");
        assertThat(all.get("entries").get(2).get("party").asText()).isEqualTo("SUPPLIER-HA");

        // as known before the back-dated CoT arrived: on 3 January the meter was commissioned, not restricted
        JsonNode before = api.get(HISTORY + "/as-of?effective=2026-01-03T12:00:00Z&recorded=" + afterApply, regulator)
                .json();
        assertThat(before.get("restricted").asBoolean()).isFalse();
        assertThat(before.get("restsOnEventType").asText()).isEqualTo("MeterStatusChanged");
        // as known now: the CoT of 3 January is the last thing that happened by then
        JsonNode now = api.get(HISTORY + "/as-of?effective=2026-01-03T12:00:00Z", regulator).json();
        assertThat(now.get("restsOnEventType").asText()).isEqualTo("TenancyChanged");
        assertThat(now.get("restsOnEventId").asText()).isEqualTo(cot.get("eventId").asText());
        // just after the apply, as known just after the apply: restricted, resting on the apply
        JsonNode applied = api.get(HISTORY + "/as-of?effective=" + afterApply + "&recorded=" + afterApply, regulator)
                .json();
        assertThat(applied.get("restricted").asBoolean()).isTrue();
        assertThat(applied.get("restsOnEventType").asText()).isEqualTo("RestrictionApplied");
        assertThat(api.get(HISTORY + "/as-of?effective=2025-12-31T00:00:00Z", regulator).json().get("enrolled")
                .asBoolean()).as("before its enrolment took effect").isFalse();

        // which Suppliers applied or cleared flags, and why: counts per month and party
        JsonNode summary = api.get("/api/v1/history/summary?supplier=SUPPLIER-H", regulator).json();
        assertThat(summary.findValuesAsText("eventType")).isEmpty();
        String month = cot.get("recordedAt").asText().substring(0, 7);
        List<String> counted = new ArrayList<>();
        api.get("/api/v1/history/summary", regulator).json().forEach(row -> {
            if (row.get("month").asText().equals(month) && row.get("party").asText().startsWith("SUPPLIER-H")) {
                counted.add(row.get("eventType").asText() + " " + row.get("party").asText() + " "
                        + row.path("reason").asText("-") + " " + row.get("count").asLong());
            }
        });
        assertThat(counted).contains("RestrictionApplied SUPPLIER-HA - 1", "RestrictionCleared SUPPLIER-HB CONSUMER_REQUEST 1",
                "RequestRefused SUPPLIER-HA NOT_RESPONSIBLE_SUPPLIER 1");

        // a Supplier sees its own tenure in this tenancy only; the losing Supplier nothing: the meter is no longer
        // its own, so it is answered as an unknown meter, its own refusal included
        assertThat(types(api.get(HISTORY, supplierB).json())).containsExactly("SupplierChanged", "RestrictionCleared");
        assertThat(api.get(HISTORY, supplierA).status()).isEqualTo(404);
        // the losing Supplier's read just now was refused, and that refusal is in the device's history too
        assertThat(types(waitForEntries(dcc, 9))).as("DCC sees everything, for operations").containsExactly(
                "DeviceEnrolled", "MeterStatusChanged", "RestrictionApplied", "GateDenied", "TenancyChanged",
                "SupplierChanged", "RestrictionCleared", "RequestRefused", "RequestRefused");
        HttpApi.Response stranger = api.get(HISTORY, api.token("SUPPLIER-HC", UserRole.IS));
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(api.get(HISTORY, api.token("DNO-1", UserRole.ED)).status()).isEqualTo(403);
        assertThat(api.get(HISTORY + "/as-of?effective=2026-01-03T12:00:00Z", supplierB).status()).isEqualTo(403);
        int notEnrolledBefore = refusalsRecorded("DEVICE_NOT_ENROLLED");
        assertThat(api.get("/api/v1/history/devices/00-DB-12-34-56-78-95-FF/as-of?effective=2026-01-03T12:00:00Z",
                regulator).status()).isEqualTo(404);
        assertThat(refusalsRecorded("DEVICE_NOT_ENROLLED")).as("the unknown meter's as-of is recorded")
                .isEqualTo(notEnrolledBefore + 1);

        // a stable cursor
        JsonNode first = api.get(HISTORY + "?limit=3", regulator).json();
        assertThat(types(first)).containsExactly("DeviceEnrolled", "MeterStatusChanged", "RestrictionApplied");
        JsonNode second = api.get(HISTORY + "?limit=3&after=" + first.get("next").asLong(), regulator).json();
        assertThat(types(second)).containsExactly("GateDenied", "TenancyChanged", "SupplierChanged");
        assertThat(types(api.get(HISTORY + "?kind=RestrictionApplied,RestrictionCleared", regulator).json()))
                .containsExactly("RestrictionApplied", "RestrictionCleared");
    }

    @Test
    void theChainsVerifyAndAlteringAnyStoredRowBreaksThemAtExactlyThatEntry() throws Exception {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String meter = "00-DB-12-34-56-78-95-01";
        api.send("POST", "/api/v1/devices", dcc, HttpApi.enrolment(meter, "SUPPLIER-HA"));
        api.send("POST", "/api/v1/devices/" + meter + "/smi-status-changes", dcc,
                "{\"target\":\"METER\",\"status\":\"COMMISSIONED\"}");
        api.send("POST", "/api/v1/devices/" + meter + "/payment-mode-changes", dcc, "{\"paymentMode\":\"PREPAYMENT\"}");
        Eventually.holds("3 history rows of " + meter, Duration.ofSeconds(20), () -> sql.queryForObject(
                "SELECT COUNT(*) FROM history_entry WHERE device_id = ?", Integer.class, meter) >= 3);
        String verification = "/api/v1/history/verification";
        String regulator = api.token("OFGEM", UserRole.REGULATOR);
        assertThat(api.get(verification, regulator).json().get("intact").asBoolean()).isTrue();
        long second = sql.queryForObject("SELECT MIN(global_index) FROM history_entry WHERE device_id = ?"
                + " AND event_type = 'MeterStatusChanged'", Long.class, meter);

        sql.update("UPDATE history_entry SET detail = 'meter DECOMMISSIONED' WHERE global_index = ?", second);

        JsonNode broken = api.get(verification, regulator).json();
        sql.update("UPDATE history_entry SET detail = 'meter COMMISSIONED' WHERE global_index = ?", second);
        assertThat(broken.get("intact").asBoolean()).isFalse();
        assertThat(broken.get("firstBreakAt").asLong()).isEqualTo(second);
        assertThat(broken.get("findings").findValuesAsText("kind")).as(broken.toString())
                .contains("CHAIN_HASH_ALTERED");
        assertThat(broken.get("findings")).anySatisfy(finding -> {
            assertThat(finding.path("globalIndex").asLong()).isEqualTo(second);
            assertThat(finding.path("detail").asText()).contains("detail is \"meter DECOMMISSIONED\" in the history but"
                    + " \"meter COMMISSIONED\" by its event");
        });
        assertThat(api.get(verification, regulator).json().get("intact").asBoolean()).as("restored").isTrue();
        assertThat(api.get(verification, api.token("SUPPLIER-HA", UserRole.IS)).status()).isEqualTo(403);
    }

    @Test
    void theCsvExportRoundTripsAndARebuildByReplayYieldsAByteIdenticalExport() throws Exception {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String regulator = api.token("OFGEM", UserRole.REGULATOR);
        String meter = "00-DB-12-34-56-78-95-02";
        api.send("POST", "/api/v1/devices", dcc, HttpApi.enrolment(meter, "SUPPLIER-HX"));
        api.send("POST", "/api/v1/devices/" + meter + "/smi-status-changes", dcc,
                "{\"target\":\"METER\",\"status\":\"COMMISSIONED\"}");
        String awkward = "{\"attestation\":{\"reference\":\"RS-1, \\\"quoted\\\"; semi\",\"stepsExhaustedOn\":\""
                + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1) + "\"}}";
        assertThat(api.send("PUT", "/api/v1/devices/" + meter + "/restriction",
                api.token("SUPPLIER-HX", UserRole.IS), awkward).status()).isEqualTo(200);
        long events = sql.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);
        // start from a rebuilt history, so that no other test's tampering shows
        assertThat(rebuild(dcc, "start-clean").get("status").asText()).isEqualTo("SWAPPED_IN");
        events = sql.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);
        awaitHistoryRows(events);

        HttpApi.Response export = api.get("/api/v1/history/export", regulator);
        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("text/csv");
        List<List<String>> rows = Rfc4180.parse(export.body());
        assertThat(rows.get(0)).containsExactlyElementsOf(
                uk.smartmeter.restricted.application.port.out.HistoryEntry.COLUMNS);
        assertThat(rows).hasSize((int) events + 1);
        assertThat(rows).anySatisfy(row -> assertThat(row.get(15))
                .isEqualTo("attestation RS-1, \"quoted\"; semi, steps exhausted on "
                        + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1)));
        // every row's global hash recomputes from the row and the one before (the README's algorithm)
        String previous = uk.smartmeter.restricted.domain.history.HashChain.GENESIS;
        for (List<String> row : rows.subList(1, rows.size())) {
            String hash = uk.smartmeter.restricted.domain.history.HashChain.next(previous, row.subList(0, 17));
            assertThat(row.get(18)).isEqualTo(hash);
            previous = hash;
        }
        HttpApi.Response applied = api.get("/api/v1/history/export?kind=RestrictionApplied&supplier=SUPPLIER-HX",
                regulator);
        assertThat(Rfc4180.parse(applied.body())).hasSizeGreaterThan(1).allSatisfy(row ->
                assertThat(row.get(6)).isIn("event_type", "RestrictionApplied"));
        assertThat(Rfc4180.parse(api.get("/api/v1/history/export?region=NORTH", regulator).body()))
                .as("every meter here is CENTRAL").hasSize(1);

        assertThat(api.get("/api/v1/history/tree", regulator).json().get("size").asLong()).isEqualTo(events);
        String tree = api.get("/api/v1/history/tree", regulator).body();
        assertThat(rebuild(dcc, "replay-1").get("status").asText()).isEqualTo("SWAPPED_IN");
        awaitHistoryRows(events + 2);

        // the rebuilt history is the same, with the rebuild's own request and outcome appended
        String rebuilt = api.get("/api/v1/history/export", regulator).body();
        assertThat(rebuilt).startsWith(export.body());
        List<List<String>> added = Rfc4180.parse(rebuilt).subList(rows.size(), rows.size() + 2);
        assertThat(added).extracting(row -> row.get(6)).containsExactly("HistoryRebuildRequested",
                "HistoryRebuildFinished");
        assertThat(added.get(0).get(7)).isEqualTo("DCC-DSP");
        assertThat(added.get(0).get(15)).isEqualTo("rebuild replay-1: a test of the rebuild replay-1");
        assertThat(added.get(1).get(12)).isEqualTo("SWAPPED_IN");
        assertThat(api.get("/api/v1/history/proofs/consistency?first=" + events + "&second=" + (events + 2),
                regulator).json().get("firstRoot").asText()).as("the same tree, extended")
                .isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree(tree).get("root").asText());

        // rebuilds sent at once: one runs, the others are refused while it does; the history comes back whole
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<HttpApi.Response>> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String body = "{\"rebuildId\":\"race-" + i + "\",\"reason\":\"four at once\"}";
            sent.add(senders.submit(() -> api.send("POST", "/api/v1/history/rebuild", dcc, body)));
        }
        List<String> started = new ArrayList<>();
        for (java.util.concurrent.Future<HttpApi.Response> answer : sent) {
            HttpApi.Response response = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.status()).as(response.toString()).isIn(202, 409);
            if (response.status() == 202) {
                started.add(response.json().get("rebuildId").asText());
            } else {
                assertThat(response.json().get("code").asText()).isEqualTo("HISTORY_REBUILD_RUNNING");
            }
        }
        senders.shutdown();
        assertThat(started).isNotEmpty();
        for (String id : started) {
            assertThat(awaitRebuild(dcc, id).get("status").asText()).isEqualTo("SWAPPED_IN");
        }
        long now = sql.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);
        awaitHistoryRows(now);
        assertThat(api.get("/api/v1/history/export", regulator).body()).startsWith(rebuilt);
        assertThat(api.send("POST", "/api/v1/history/rebuild", regulator, "{\"rebuildId\":\"r\",\"reason\":\"x\"}")
                .status()).isEqualTo(403);
        HttpApi.Response noReason = api.send("POST", "/api/v1/history/rebuild", dcc, "{\"rebuildId\":\"r\"}");
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.body()).contains("reason");
    }

    /** Asks for a rebuild and waits until it has ended. */
    private JsonNode rebuild(String dcc, String id) {
        HttpApi.Response started = api.send("POST", "/api/v1/history/rebuild", dcc,
                "{\"rebuildId\":\"" + id + "\",\"reason\":\"a test of the rebuild " + id + "\"}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        assertThat(started.header("Location")).isEqualTo("/api/v1/history/rebuilds/" + id);
        return awaitRebuild(dcc, id);
    }

    private JsonNode awaitRebuild(String dcc, String id) {
        JsonNode[] last = new JsonNode[1];
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    last[0] = api.get("/api/v1/history/rebuilds/" + id, dcc).json();
                    return !last[0].get("status").asText().equals("RUNNING");
                });
        return last[0];
    }

    private void awaitHistoryRows(long rows) throws InterruptedException {
        Eventually.holds(rows + " history rows", Duration.ofSeconds(30),
                () -> sql.queryForObject("SELECT COUNT(*) FROM history_entry", Long.class) >= rows);
    }

    /** A strict RFC 4180 reader, written here so the export is checked by a parser that is not its writer. */
    static final class Rfc4180 {
        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    i++;
                } else {
                    field.append(c);
                }
            }
            return rows;
        }
    }
}
