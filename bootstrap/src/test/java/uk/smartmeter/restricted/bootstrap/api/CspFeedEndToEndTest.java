package uk.smartmeter.restricted.bootstrap.api;

import uk.smartmeter.restricted.bootstrap.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * The CSP notices with no broker configured (the embedded default): each region's pull feed, its cursor,
 * replay by reading again, region isolation, and the month's exclusion list as JSON and CSV.
 */
class CspFeedEndToEndTest extends RunningService {

    private static final String NORTH_METER = "00-DB-12-34-56-78-96-01";
    private static final String NORTH_HUB = "00-DB-12-34-56-78-96-A1";
    private static final String SOUTH_METER = "00-DB-12-34-56-78-96-02";
    private static final String SOUTH_HUB = "00-DB-12-34-56-78-96-A2";

    private String dcc;

    private List<JsonNode> waitForNotices(String region, String token, Instant since, Predicate<JsonNode> mine,
                                          int count) throws InterruptedException {
        return Eventually.value(count + " notices in " + region + "'s feed", Duration.ofSeconds(20), () -> {
            HttpApi.Response page = api.get("/api/v1/csp/" + region + "/notices?limit=1000&since=" + since, token);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            List<JsonNode> notices = new ArrayList<>();
            page.json().get("notices").forEach(notice -> {
                if (mine.test(notice)) {
                    notices.add(notice);
                }
            });
            return notices;
        }, notices -> notices.size() >= count);
    }

    private static Predicate<JsonNode> of(String meter) {
        return notice -> notice.get("deviceId").asText().equals(meter);
    }

    private void enrolAndRestrict(String meter, String hub, String region, String supplier) {
        dcc = api.token("DCC-DSP", UserRole.DCC);
        assertThat(api.send("POST", "/api/v1/devices", dcc, HttpApi.commissioned(meter, hub, region, supplier))
                .status()).isEqualTo(201);
        assertThat(api.send("PUT", "/api/v1/devices/" + meter + "/restriction", api.token(supplier, UserRole.IS),
                HttpApi.attestation()).status()).isEqualTo(200);
    }

    @Test
    void aCspPollsItsRegionsFeedAndSeesEveryFlagChangeOfItsMetersInOrder() throws Exception {
        Instant start = Instant.now();
        String supplier = api.token("SUPPLIER-CA", UserRole.IS);
        enrolAndRestrict(NORTH_METER, NORTH_HUB, "NORTH", "SUPPLIER-CA");
        String device = "/api/v1/devices/" + NORTH_METER;
        assertThat(api.send("DELETE", device + "/restriction?reason=CONSUMER_REQUEST", supplier, null).status())
                .isEqualTo(200);
        assertThat(api.send("PUT", device + "/restriction", supplier, HttpApi.attestation()).status()).isEqualTo(200);
        assertThat(api.send("POST", device + "/supplier-changes", dcc,
                "{\"gainingSupplier\":{\"partyId\":\"SUPPLIER-CB\",\"role\":\"IS\"}}").status()).isEqualTo(200);
        assertThat(api.send("POST", device + "/tenancy-changes", dcc, "{}").status()).isEqualTo(200);
        String north = api.cspToken("ARQIVA", CspRegion.NORTH);

        List<JsonNode> notices = waitForNotices("north", north, start, of(NORTH_METER), 4);

        assertThat(notices).extracting(n -> n.get("change").asText())
                .as("the Change of Supplier keeps the flag, so it sends nothing")
                .containsExactly("APPLIED", "CLEARED", "APPLIED", "ENDED");
        assertThat(notices).extracting(n -> n.get("reason").asText())
                .containsExactly("CONSUMER_CHOICE", "CONSUMER_REQUEST", "CONSUMER_CHOICE", "CHANGE_OF_TENANCY");
        assertThat(notices).extracting(n -> n.get("restricted").asBoolean()).containsExactly(true, false, true, false);
        assertThat(notices).extracting(n -> n.get("deviceSequence").asLong()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(notices).extracting(n -> n.get("regionPosition").asLong()).isSorted().doesNotHaveDuplicates();
        assertThat(notices).allSatisfy(n -> assertThat(n.has("feedPosition") || n.has("globalPosition"))
                .as("nothing counted across regions").isFalse());
        assertThat(notices).extracting(n -> n.get("noticeId").asText()).doesNotHaveDuplicates();
        JsonNode first = notices.get(0);
        assertThat(first.get("schema").asText()).isEqualTo("restricted-mode/csp-notice/v2");
        assertThat(first.get("commsHubId").asText()).isEqualTo(NORTH_HUB);
        assertThat(first.get("deviceType").asText()).isEqualTo("ESME");
        assertThat(first.get("cspRegion").asText()).isEqualTo("NORTH");
        assertThat(first.get("gpfId").isNull()).isTrue();
        assertThat(Instant.parse(first.get("effectiveAt").asText())).isAfterOrEqualTo(start.minusSeconds(1));

        // the notice's ID is the ID of the event that changed the flag, as the regulators' history shows it
        JsonNode history = api.get("/api/v1/history/devices/" + NORTH_METER + "?kind=RestrictionApplied,"
                + "RestrictionCleared,RestrictionEnded", api.token("OFGEM", UserRole.REGULATOR)).json();
        List<String> eventIds = new ArrayList<>();
        history.get("entries").forEach(entry -> eventIds.add(entry.get("eventId").asText()));
        assertThat(notices).extracting(n -> n.get("noticeId").asText()).containsExactlyElementsOf(eventIds);

        // a cursor: after the second notice's position come the third and the fourth, then nothing new
        long second = notices.get(1).get("regionPosition").asLong();
        JsonNode page = api.get("/api/v1/csp/north/notices?limit=1000&after=" + second, north).json();
        List<String> rest = new ArrayList<>();
        page.get("notices").forEach(n -> {
            if (of(NORTH_METER).test(n)) {
                rest.add(n.get("noticeId").asText());
            }
        });
        assertThat(rest).containsExactly(notices.get(2).get("noticeId").asText(), notices.get(3).get("noticeId").asText());
        long end = page.get("next").asLong();
        JsonNode empty = api.get("/api/v1/csp/north/notices?after=" + end, north).json();
        assertThat(empty.get("notices")).isEmpty();
        assertThat(empty.get("next").asLong()).as("poll again with the same cursor").isEqualTo(end);
        JsonNode one = api.get("/api/v1/csp/north/notices?limit=1&after=" + (notices.get(0).get("regionPosition").asLong()
                - 1), north).json();
        assertThat(one.get("notices")).hasSize(1);
        assertThat(one.get("next").asLong()).isEqualTo(notices.get(0).get("regionPosition").asLong());

        // reading again from an earlier cursor is a replay: the same notices, byte for byte, in the same order
        List<JsonNode> again = waitForNotices("north", north, start, of(NORTH_METER), 4);
        assertThat(again.toString()).isEqualTo(notices.toString());
    }

    @Test
    void theNorthCspCannotReadTheSouthFeedNorItsListsNorReplayIt() throws Exception {
        Instant start = Instant.now();
        enrolAndRestrict(SOUTH_METER, SOUTH_HUB, "SOUTH", "SUPPLIER-CC");
        String north = api.cspToken("ARQIVA", CspRegion.NORTH);
        String south = api.cspToken("TELEFONICA", CspRegion.SOUTH);
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        int refusedBefore = refusalsRecorded("NOT_YOUR_CSP_REGION");

        for (HttpApi.Response refused : List.of(api.get("/api/v1/csp/south/notices", north),
                api.get("/api/v1/csp/SOUTH/exclusion-lists/" + month, north),
                api.get("/api/v1/csp/south/exclusion-lists", north),
                api.send("POST", "/api/v1/csp/south/replays", north, "{\"afterPosition\":0}"))) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.json().get("type").asText()).isEqualTo("urn:restricted-mode:problem:not-your-csp-region");
            assertThat(refused.body()).doesNotContain(SOUTH_METER);
        }
        assertThat(refusalsRecorded("NOT_YOUR_CSP_REGION")).as("each refusal recorded").isEqualTo(refusedBefore + 4);

        assertThat(waitForNotices("south", south, start, of(SOUTH_METER), 1)).hasSize(1);
        HttpApi.Response northFeed = api.get("/api/v1/csp/north/notices?limit=1000&since=" + start, north);
        assertThat(northFeed.status()).isEqualTo(200);
        assertThat(northFeed.body()).doesNotContain(SOUTH_METER);
        assertThat(api.get("/api/v1/csp/south/notices", api.token("OFGEM", UserRole.REGULATOR)).status())
                .as("regulators read every region").isEqualTo(200);
        assertThat(api.get("/api/v1/csp/south/notices", api.token("DNO-1", UserRole.ED)).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/csp/south/notices", api.token("TELEFONICA", UserRole.CSP)).status())
                .as("a CSP's token without its region is no token").isEqualTo(401);
    }

    @Test
    void withoutABrokerAReplayIsRefusedAndTheFeedIsTheWayToReplay() {
        String central = api.cspToken("TELEFONICA", CspRegion.CENTRAL);
        int before = refusalsRecorded("CSP_PUSH_NOT_CONFIGURED");

        HttpApi.Response replay = api.send("POST", "/api/v1/csp/central/replays", central, "{\"afterPosition\":0}");

        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.json().get("code").asText()).isEqualTo("CSP_PUSH_NOT_CONFIGURED");
        assertThat(refusalsRecorded("CSP_PUSH_NOT_CONFIGURED")).isEqualTo(before + 1);
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndTheRule() {
        String dccToken = api.token("DCC-DSP", UserRole.DCC);
        String nextMonth = YearMonth.now(ZoneOffset.UTC).plusMonths(1).toString();
        record Case(String method, String path, String body, String field, String rule) {
        }
        for (Case bad : List.of(
                new Case("GET", "/api/v1/csp/west/notices", null, "region", "one of north, central, south"),
                new Case("GET", "/api/v1/csp/north/notices?limit=0", null, "limit", "a whole number from 1 to 1000"),
                new Case("GET", "/api/v1/csp/north/notices?after=-1", null, "after", "a feed position"),
                new Case("GET", "/api/v1/csp/north/notices?since=yesterday", null, "since", "an ISO-8601 UTC time"),
                new Case("GET", "/api/v1/csp/north/notices?since=2026-01-01T00:00:00Z&after=3", null, "since",
                        "give one of after, afterFeedPosition and since"),
                new Case("GET", "/api/v1/csp/north/exclusion-lists/2026-13", null, "month", "a month such as"),
                new Case("GET", "/api/v1/csp/north/exclusion-lists/-999999999-01", null, "month", "a month such as"),
                new Case("GET", "/api/v1/csp/north/exclusion-lists/2026-10?asKnownAt=%2B100000-01-01T00:00:00Z", null,
                        "asKnownAt", "an ISO-8601 UTC time"),
                new Case("GET", "/api/v1/csp/north/notices?since=-100000-01-01T00:00:00Z", null, "since",
                        "an ISO-8601 UTC time"),
                new Case("GET", "/api/v1/history/summary?from=%2B100000-01-01T00:00:00Z", null, "from",
                        "an ISO-8601 UTC time"),
                new Case("GET", "/api/v1/csp/north/exclusion-lists/" + nextMonth, null, "month", "a month that has begun"),
                new Case("GET", "/api/v1/csp/north/exclusion-lists/2026-10?format=xml", null, "format", "json or csv"),
                new Case("POST", "/api/v1/csp/north/replays", "{}", "afterPosition", "exactly one"),
                new Case("POST", "/api/v1/csp/north/replays", "{\"from\":\"soon\"}", "from", "an ISO-8601 UTC time"))) {
            HttpApi.Response response = api.send(bad.method(), bad.path(), dccToken, bad.body());
            assertThat(response.status()).as(response.toString()).isEqualTo(422);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo(bad.field());
            assertThat(response.json().get("errors").get(0).get("rule").asText()).contains(bad.rule());
        }
    }

    @Test
    void theMonthsExclusionListNamesEachRestrictedMeterWithItsExactIntervalsAsJsonAndCsv() throws Exception {
        String meter = "00-DB-12-34-56-78-96-03";
        Instant start = Instant.now();
        enrolAndRestrict(meter, "00-DB-12-34-56-78-96-A3", "CENTRAL", "SUPPLIER-CD");
        assertThat(api.send("DELETE", "/api/v1/devices/" + meter + "/restriction?reason=APPLIED_IN_ERROR",
                api.token("SUPPLIER-CD", UserRole.IS), null).status()).isEqualTo(200);
        assertThat(api.send("PUT", "/api/v1/devices/" + meter + "/restriction", api.token("SUPPLIER-CD", UserRole.IS),
                HttpApi.attestation()).status()).isEqualTo(200);
        String central = api.cspToken("TELEFONICA", CspRegion.CENTRAL);
        List<JsonNode> notices = waitForNotices("central", central, start, of(meter), 3);
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        String monthEnd = YearMonth.now(ZoneOffset.UTC).plusMonths(1).atDay(1).atStartOfDay()
                .toInstant(ZoneOffset.UTC).toString();

        JsonNode list = api.get("/api/v1/csp/central/exclusion-lists/" + month, central).json();

        assertThat(list.get("schema").asText()).isEqualTo("restricted-mode/csp-exclusion-list/v1");
        assertThat(list.get("publishedAt")).as("not published before the month ends").isNull();
        JsonNode entry = null;
        for (JsonNode e : list.get("entries")) {
            if (e.get("deviceId").asText().equals(meter)) {
                entry = e;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.get("commsHubId").asText()).isEqualTo("00-DB-12-34-56-78-96-A3");
        JsonNode intervals = entry.get("intervals");
        assertThat(intervals).hasSize(2);
        assertThat(intervals.get(0).get("from").asText()).isEqualTo(notices.get(0).get("effectiveAt").asText());
        assertThat(intervals.get(0).get("to").asText()).isEqualTo(notices.get(1).get("effectiveAt").asText());
        assertThat(intervals.get(1).get("from").asText()).isEqualTo(notices.get(2).get("effectiveAt").asText());
        assertThat(Instant.parse(intervals.get(1).get("to").asText())).as("still restricted: to the month's end")
                .isEqualTo(Instant.parse(monthEnd));

        // as known before the re-application: one interval only
        String knownAt = Instant.parse(notices.get(1).get("recordedAt").asText()).toString();
        JsonNode earlier = api.get("/api/v1/csp/central/exclusion-lists/" + month + "?asKnownAt=" + knownAt, central)
                .json();
        assertThat(earlier.toString()).contains(meter);
        for (JsonNode e : earlier.get("entries")) {
            if (e.get("deviceId").asText().equals(meter)) {
                assertThat(e.get("intervals")).hasSize(1);
            }
        }

        // the CSV: one row per interval, and its SHA-256 is the JSON's
        HttpApi.Response csv = api.get("/api/v1/csp/central/exclusion-lists/" + month + "?format=csv", central);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("csp_region,month,device_id,device_type,comms_hub_id,restricted_from,"
                + "restricted_to,restricted_seconds");
        assertThat(lines).filteredOn(line -> line.contains(meter)).hasSize(2)
                .allMatch(line -> line.startsWith("CENTRAL," + month + "," + meter + ",ESME,00-DB-12-34-56-78-96-A3,"));
        JsonNode again = api.get("/api/v1/csp/central/exclusion-lists/" + month, central).json();
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(csv.body().getBytes(StandardCharsets.UTF_8)))).isEqualTo(again.get("sha256").asText());
    }

    private List<JsonNode> wholeFeed(String region, String token) {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = api.get("/api/v1/csp/" + region + "/notices?limit=1000&after=" + after, token).json();
            page.get("notices").forEach(all::add);
            if (page.get("next").asLong() == after) {
                return all;
            }
            after = page.get("next").asLong();
        }
    }

    /**
     * Meters in two regions flipped by concurrent writers: each region's feed is numbered 1, 2, 3, ... with no
     * gap, whatever the other region did meanwhile, and a v1 cursor (a feed position across regions) is taken
     * once, only if it was one of the region's own notices.
     */
    @Test
    void eachRegionHasDensePositionsOfItsOwnWhateverTheOtherRegionsAreTold() throws Exception {
        List<String> meters = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String meter = "00-DB-12-34-56-78-97-0" + i;
            enrolAndRestrict(meter, "00-DB-12-34-56-78-97-A" + i, i % 2 == 0 ? "NORTH" : "SOUTH", "SUPPLIER-RP");
            meters.add(meter);
        }
        String supplier = api.token("SUPPLIER-RP", UserRole.IS);
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (String meter : meters) {
                done.add(writers.submit(() -> {
                    for (int flip = 0; flip < 5; flip++) {
                        assertThat(api.send("DELETE", "/api/v1/devices/" + meter + "/restriction?reason=CONSUMER_REQUEST",
                                supplier, null).status()).isEqualTo(200);
                        assertThat(api.send("PUT", "/api/v1/devices/" + meter + "/restriction", supplier,
                                HttpApi.attestation()).status()).isEqualTo(200);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> writer : done) {
                writer.get();
            }
        } finally {
            writers.shutdownNow();
        }
        String north = api.cspToken("ARQIVA", CspRegion.NORTH);
        String south = api.cspToken("TELEFONICA", CspRegion.SOUTH);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                wholeFeed("north", north).stream().filter(n -> meters.contains(n.get("deviceId").asText())).count()
                        == 33 && wholeFeed("south", south).stream()
                        .filter(n -> meters.contains(n.get("deviceId").asText())).count() == 33);

        for (String[] region : new String[][] {{"north", north}, {"south", south}}) {
            List<JsonNode> feed = wholeFeed(region[0], region[1]);
            assertThat(feed).extracting(n -> n.get("regionPosition").asLong()).as(region[0] + ": dense from 1")
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, feed.size()).boxed().toList());
            for (String meter : meters) {
                assertThat(feed.stream().filter(of(meter)).map(n -> n.get("deviceSequence").asLong()).toList())
                        .as("each meter's notices in order").isSorted();
            }
        }

        // a client still holding a v1 cursor: a North notice made while notices were v1 (as the migration marks
        // those made before it) moves it to region positions once
        JsonNode northSecond = wholeFeed("north", north).get(1);
        long v1 = sql.queryForObject("SELECT feed_position FROM csp_notice WHERE notice_id = ?", Long.class,
                northSecond.get("noticeId").asText());
        HttpApi.Response notShown = api.get("/api/v1/csp/north/notices?afterFeedPosition=" + v1, north);
        assertThat(notShown.status()).as("a feed position made after v1 was never shown: converting it would let a"
                + " CSP probe where its notices sit among the other regions'").isEqualTo(422);
        sql.update("UPDATE csp_notice SET shown_in_v1 = TRUE"); // as if all were made before the upgrade
        JsonNode moved = api.get("/api/v1/csp/north/notices?limit=1&afterFeedPosition=" + v1, north).json();
        assertThat(moved.get("notices").get(0).get("regionPosition").asLong()).isEqualTo(3);
        assertThat(moved.get("next").asLong()).isEqualTo(3);
        long southV1 = sql.queryForObject("SELECT MAX(feed_position) FROM csp_notice WHERE csp_region = 'SOUTH'"
                + " AND shown_in_v1", Long.class);
        HttpApi.Response probe = api.get("/api/v1/csp/north/notices?afterFeedPosition=" + southV1, north);
        assertThat(probe.status()).as("a position the region was never given tells it nothing").isEqualTo(422);
        assertThat(probe.json().at("/errors/0/field").asText()).isEqualTo("afterFeedPosition");
    }
}
