package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * MP169 BR3 (only the responsible Supplier acts on a meter) as an oracle test: a Supplier walks every endpoint
 * it can reach for another Supplier's Restricted meter and for a meter that does not exist, before and after
 * its own refused requests are in the history. Every answer must be the same bytes, apart from
 * {@code instance} (the path), with the same headers.
 */
class ASupplierSeesNothingOfAnotherSuppliersMeterTest extends RunningService {

    private static final String THEIRS = "00-DB-12-34-56-78-9B-A0";
    private static final String UNKNOWN = "00-DB-12-34-56-78-9B-FF";

    /** Method, path (with {id}) and body of every request a Supplier may send about one meter. */
    private static final List<String[]> WALK = List.of(
            new String[] {"GET", "/api/v1/devices/{id}", null},
            new String[] {"GET", "/api/v1/history/devices/{id}", null},
            new String[] {"GET", "/api/v1/history/devices/{id}?kind=RequestRefused", null},
            new String[] {"GET", "/api/v1/history/devices/{id}?kind=RestrictionApplied&from=2026-01-01T00:00:00Z", null},
            new String[] {"GET", "/api/v1/history/devices/{id}?after=0&limit=5", null},
            new String[] {"GET", "/api/v1/history/devices/{id}/as-of?effective=2026-01-01T00:00:00Z", null},
            new String[] {"GET", "/api/v1/gate/receipts?deviceId={id}", null},
            new String[] {"PUT", "/api/v1/devices/{id}/restriction", HttpApi.attestation()},
            new String[] {"PUT", "/api/v1/devices/{id}/restriction", "{}"},
            new String[] {"DELETE", "/api/v1/devices/{id}/restriction?reason=CONSUMER_REQUEST", null},
            new String[] {"DELETE", "/api/v1/devices/{id}/restriction?reason=APPLIED_IN_ERROR", null},
            new String[] {"POST", "/api/v1/devices/{id}/tenancy-changes", "{}"});

    private static String comparable(HttpApi.Response response) {
        String body = response.body();
        if (body != null && body.startsWith("{")) {
            JsonNode json = HttpApi.Response.parse(body);
            ((ObjectNode) json).remove("instance");
            body = json.toString();
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(response.headers());
        headers.remove("date");
        headers.remove(":status");
        return response.status() + " " + headers + " " + body;
    }

    private void walkAndCompare(String supplier, String when) {
        for (String[] step : WALK) {
            HttpApi.Response theirs = api.send(step[0], step[1].replace("{id}", THEIRS), supplier, step[2]);
            HttpApi.Response unknown = api.send(step[0], step[1].replace("{id}", UNKNOWN), supplier, step[2]);
            assertThat(comparable(theirs)).as("%s %s %s", when, step[0], step[1]).isEqualTo(comparable(unknown));
            assertThat(theirs.body()).as("%s %s %s names nothing of the meter", when, step[0], step[1])
                    .doesNotContain("SUPPLIER-VB", "NOT_RESPONSIBLE_SUPPLIER", "restrictedAfter");
        }
    }

    @Test
    void br3EveryEndpointAnswersAnotherSuppliersMeterAsAnUnknownOneBeforeAndAfterItsOwnRefusals() {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String owner = api.token("SUPPLIER-VB", UserRole.IS);
        String nosy = api.token("SUPPLIER-VA", UserRole.IS);
        assertThat(api.send("POST", "/api/v1/devices", dcc, HttpApi.commissioned(THEIRS, "00-DB-12-34-56-78-9B-A2",
                "CENTRAL", "SUPPLIER-VB")).status()).isEqualTo(201);
        assertThat(api.send("PUT", "/api/v1/devices/" + THEIRS + "/restriction", owner, HttpApi.attestation())
                .status()).isEqualTo(200);

        walkAndCompare(nosy, "before any refusal");
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() ->
                sql.queryForObject("SELECT COUNT(*) FROM history_entry WHERE device_id = ? AND party = ?"
                        + " AND event_type = 'RequestRefused'", Integer.class, THEIRS, "SUPPLIER-VA") >= 4
                && sql.queryForObject("SELECT COUNT(*) FROM history_entry WHERE device_id = ? AND party = ?"
                        + " AND event_type = 'RequestRefused'", Integer.class, UNKNOWN, "SUPPLIER-VA") >= 4);
        walkAndCompare(nosy, "with its refusals in the history");

        assertThat(api.get("/api/v1/history/devices/" + THEIRS, owner).status()).as("the owner sees its meter")
                .isEqualTo(200);
        assertThat(refusalsRecorded("NOT_RESPONSIBLE_SUPPLIER")).as("the true reason is recorded for regulators")
                .isGreaterThanOrEqualTo(4);
    }
}
