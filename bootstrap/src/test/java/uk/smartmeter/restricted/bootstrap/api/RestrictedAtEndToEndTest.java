package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * "Which meters were Restricted at T, as known at T′" across meters (issue 19), through the HTTP API: both
 * timelines, the filters, paging, counts, the CSV and the refusals. Its meters' Suppliers are its own, so the
 * other suites' meters in the shared store stay out of its answers.
 */
class RestrictedAtEndToEndTest extends RunningService {

    private static final String DEVICES = "/api/v1/devices";
    private static final String LIST = "/api/v1/history/restricted";

    private String dcc;
    private String regulator;

    private void commission(String device, String hub, String region, String supplier) {
        assertThat(api.send("POST", DEVICES, dcc, HttpApi.commissioned(device, hub, region, supplier)
                .replace("\"smiStatus\"", "\"effectiveAt\":\"2026-01-01T00:00:00Z\",\"smiStatus\"")).status())
                .isEqualTo(201);
    }

    private void apply(String device, String supplier) {
        HttpApi.Response applied = api.send("PUT", DEVICES + "/" + device + "/restriction",
                api.token(supplier, UserRole.IS), HttpApi.attestation());
        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
    }

    /** The history's last entry of a kind for the meter, once the history shows it. */
    private JsonNode last(String device, String kind) {
        List<JsonNode> found = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            found.clear();
            api.get("/api/v1/history/devices/" + device + "?kind=" + kind, regulator).json().get("entries")
                    .forEach(found::add);
            return !found.isEmpty();
        });
        return found.get(found.size() - 1);
    }

    /** The page once the spans' projection has caught up with the store. */
    private JsonNode page(String query) {
        JsonNode[] page = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            HttpApi.Response response = api.get(LIST + "?" + query, regulator);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            page[0] = response.json();
            return page[0].get("complete").asBoolean();
        });
        return page[0];
    }

    private static List<String> meters(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("meters").forEach(meter -> ids.add(meter.get("deviceId").asText()));
        return ids;
    }

    @Test
    void restrictedAtTAsKnownAtTPrimeListsTheMetersTheDccKnewToBeRestrictedThen() {
        dcc = api.token("DCC-DSP", UserRole.DCC);
        regulator = api.token("OFGEM", UserRole.REGULATOR);
        String a = "00-DB-12-34-56-79-A1-A0";
        String a2 = "00-DB-12-34-56-79-A1-A4";
        String b = "00-DB-12-34-56-79-A1-B0";
        String c = "00-DB-12-34-56-79-A1-C0";
        commission(a, "00-DB-12-34-56-79-A1-A2", "NORTH", "SUPPLIER-RAT-A");
        commission(a2, "00-DB-12-34-56-79-A1-A6", "SOUTH", "SUPPLIER-RAT-A");
        commission(b, "00-DB-12-34-56-79-A1-B2", "SOUTH", "SUPPLIER-RAT-B");
        commission(c, "00-DB-12-34-56-79-A1-C2", "NORTH", "SUPPLIER-RAT-A");
        apply(a, "SUPPLIER-RAT-A");
        apply(a2, "SUPPLIER-RAT-A");
        apply(b, "SUPPLIER-RAT-B");
        JsonNode bApplied = last(b, "RestrictionApplied");
        Instant bFrom = Instant.parse(bApplied.get("effectiveAt").asText());
        Instant knownBeforeTenancy = Instant.parse(bApplied.get("recordedAt").asText());

        assertThat(meters(page("supplier=SUPPLIER-RAT-A"))).as("C was never Restricted").containsExactly(a, a2);
        assertThat(meters(page("supplier=SUPPLIER-RAT-A&region=NORTH"))).containsExactly(a);
        assertThat(meters(page("supplier=SUPPLIER-RAT-B&deviceType=ESME"))).containsExactly(b);
        assertThat(meters(page("supplier=SUPPLIER-RAT-B&deviceType=GSME"))).isEmpty();
        assertThat(meters(page("supplier=SUPPLIER-RAT-A&effective=2026-01-02T00:00:00Z")))
                .as("before any flag was applied").isEmpty();

        // a Change of Tenancy back-dated to a millisecond after B's flag: it ends the flag from then, but only
        // for questions asked as of its recording
        Instant tenancyFrom = bFrom.plusMillis(1);
        assertThat(api.send("POST", DEVICES + "/" + b + "/tenancy-changes", dcc,
                "{\"effectiveAt\":\"" + tenancyFrom + "\"}").status()).isEqualTo(200);
        Instant tenancyRecorded = Instant.parse(last(b, "RestrictionEnded").get("recordedAt").asText());
        Instant after = tenancyFrom.plusMillis(1);
        assertThat(meters(page("supplier=SUPPLIER-RAT-B&effective=" + after + "&recorded=" + knownBeforeTenancy)))
                .as("as known before the tenancy was recorded").containsExactly(b);
        assertThat(meters(page("supplier=SUPPLIER-RAT-B&effective=" + after + "&recorded=" + tenancyRecorded)))
                .as("as known once it was").isEmpty();
        JsonNode stillThen = page("supplier=SUPPLIER-RAT-B&effective=" + bFrom + "&recorded=" + tenancyRecorded)
                .get("meters").get(0);
        assertThat(stillThen.get("deviceId").asText()).isEqualTo(b);
        assertThat(stillThen.get("restrictedFrom").asText()).isEqualTo(bFrom.toString());
        assertThat(stillThen.get("restrictedUntil").asText()).isEqualTo(tenancyFrom.toString());
        assertThat(stillThen.get("knownFrom").asText()).isEqualTo(tenancyRecorded.toString());
        assertThat(stillThen.get("supplier").asText()).isEqualTo("SUPPLIER-RAT-B/IS");
        assertThat(stillThen.get("cspRegion").asText()).isEqualTo("SOUTH");

        // cleared: gone from now on, still there for the time it was Restricted
        assertThat(api.send("DELETE", DEVICES + "/" + a + "/restriction?reason=CONSUMER_REQUEST",
                api.token("SUPPLIER-RAT-A", UserRole.IS), null).status()).isEqualTo(200);
        Instant aFrom = Instant.parse(last(a, "RestrictionApplied").get("effectiveAt").asText());
        Instant cleared = Instant.parse(last(a, "RestrictionCleared").get("effectiveAt").asText());
        assertThat(meters(page("supplier=SUPPLIER-RAT-A"))).containsExactly(a2);
        assertThat(meters(page("supplier=SUPPLIER-RAT-A&effective=" + aFrom))).contains(a);
        assertThat(meters(page("supplier=SUPPLIER-RAT-A&effective=" + cleared))).doesNotContain(a);
    }

    @Test
    void theListingPagesByCursorCountsPerRegionAndStreamsAsCsv() {
        dcc = api.token("DCC-DSP", UserRole.DCC);
        regulator = api.token("OFGEM", UserRole.REGULATOR);
        List<String> devices = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            String device = String.format("00-DB-12-34-56-79-A2-%02X", n * 4);
            devices.add(device);
            commission(device, String.format("00-DB-12-34-56-79-A2-%02X", n * 4 + 2), n < 3 ? "NORTH" : "CENTRAL",
                    "SUPPLIER-RAT-P");
            apply(device, "SUPPLIER-RAT-P");
        }
        List<String> paged = new ArrayList<>();
        JsonNode page = page("supplier=SUPPLIER-RAT-P&limit=2");
        int pages = 1;
        paged.addAll(meters(page));
        while (page.hasNonNull("nextCursor")) {
            assertThat(page.get("meters")).hasSize(2);
            page = page("supplier=SUPPLIER-RAT-P&limit=2&cursor=" + page.get("nextCursor").asText());
            paged.addAll(meters(page));
            pages++;
        }
        assertThat(paged).as("every meter once, in device order").containsExactlyElementsOf(devices);
        assertThat(pages).isEqualTo(3);

        JsonNode counts = api.get(LIST + "/counts?supplier=SUPPLIER-RAT-P", regulator).json();
        assertThat(counts.get("total").asLong()).isEqualTo(5);
        List<String> perRegion = new ArrayList<>();
        counts.get("byRegionAndType").forEach(row -> perRegion.add(row.get("region").asText() + "/"
                + row.get("type").asText() + "=" + row.get("meters").asLong()));
        assertThat(perRegion).containsExactly("CENTRAL/ESME=2", "NORTH/ESME=3");

        HttpApi.Response csv = api.get(LIST + "/export?supplier=SUPPLIER-RAT-P&region=NORTH", dcc);
        assertThat(csv.status()).isEqualTo(200);
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("device_id,device_type,csp_region,supplier,restricted_from,restricted_until,"
                + "known_from,known_until");
        assertThat(lines).hasSize(4);
        assertThat(lines[1]).startsWith(devices.get(0) + ",ESME,NORTH,SUPPLIER-RAT-P/IS,");
    }

    @Test
    void aBadQuestionIsA422NamingEachFieldAndASupplierIsRefusedAndRecorded() {
        regulator = api.token("OFGEM", UserRole.REGULATOR);
        HttpApi.Response bad = api.get(LIST + "?effective=0000-01-01T00:00:00Z&region=WEST&deviceType=CHF"
                + "&limit=0&cursor=not-a-meter&supplier=%20", regulator);
        assertThat(bad.status()).as(bad.toString()).isEqualTo(422);
        assertThat(String.valueOf(bad.headers().getOrDefault("content-type", List.of()))).contains("application/problem+json");
        List<String> fields = new ArrayList<>();
        bad.json().get("errors").forEach(error -> fields.add(error.get("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("effective", "region", "deviceType", "limit", "cursor",
                "supplier");
        assertThat(api.get(LIST + "/counts?recorded=+10000-01-01T00:00:00Z", regulator).status()).isEqualTo(422);
        // the whole range of years is answered (microseconds past 2262 overflow a long of nanoseconds)
        for (String path : List.of(LIST + "?effective=9999-12-31T23:59:59Z", LIST + "/counts?effective=2263-01-01T00:00:00Z",
                LIST + "/export?effective=9999-12-31T23:59:59Z", LIST + "?effective=1900-01-01T00:00:00Z")) {
            assertThat(api.get(path, regulator).status()).as(path).isEqualTo(200);
        }
        // a question as known later than now cannot be complete: what is recorded until then may still change it
        assertThat(api.get(LIST + "?recorded=2999-01-01T00:00:00Z", regulator).json().get("complete").asBoolean())
                .isFalse();
        assertThat(api.get(LIST + "/counts?recorded=2999-01-01T00:00:00Z", regulator).json().get("complete")
                .asBoolean()).isFalse();
        assertThat(api.get(LIST + "/export?region=north", regulator).status()).isEqualTo(422);

        int before = refusalsRecorded("ROLE_NOT_PERMITTED");
        for (String path : List.of(LIST, LIST + "/counts", LIST + "/export")) {
            HttpApi.Response refused = api.get(path, api.token("SUPPLIER-RAT-A", UserRole.IS));
            assertThat(refused.status()).as(path).isEqualTo(403);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> refusalsRecorded("ROLE_NOT_PERMITTED") >= before + 3);
    }
}
