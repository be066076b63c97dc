package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import uk.smartmeter.restricted.adapter.rest.ratelimit.RateLimitFilter;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * Per-party limits, in a context of its own with a small one (5 requests an hour, so that nothing
 * refills during the test): the sixth request is a 429 with Retry-After; other parties, and the DCC's
 * gate traffic, are not held back; the limiting is counted per party and summarised in the history once,
 * not once per request.
 */
@TestPropertySource(properties = {"restricted.api.rate-limit.limit=5", "restricted.api.rate-limit.period=1h",
        "restricted.api.rate-limit.summary-interval=1h"})
class APartyOverItsRateLimitIsAnswered429Test extends RunningService {

    @Autowired
    RateLimitFilter limits;
    @Autowired
    MeterRegistry meters;

    private int rateLimitedRefusalsOf(String party) {
        return sql.query("SELECT payload FROM DomainEventEntry WHERE payloadType LIKE '%RequestRefused'",
                        (row, n) -> new String(row.getBytes(1), java.nio.charset.StandardCharsets.UTF_8)).stream()
                .mapToInt(json -> json.contains("\"RATE_LIMITED\"") && json.contains(party) ? 1 : 0).sum();
    }

    @Test
    void theSixthRequestIsA429WithRetryAfterAndTheFloodIsSummarisedOnce() {
        String flooder = api.token("SUPPLIER-FLOOD", UserRole.IS);
        String calm = api.token("SUPPLIER-CALM", UserRole.IS);
        int roleRefusalsBefore = refusalsRecorded("ROLE_NOT_PERMITTED");
        List<Integer> statuses = new ArrayList<>();
        HttpApi.Response limited = null;
        for (int i = 0; i < 25; i++) {
            // a supplier asking the gate: refused 403 and recorded, until the limit holds it back
            HttpApi.Response answer = api.send("POST", "/api/v1/gate/decisions", flooder,
                    "{\"requestId\":\"f-" + i + "\",\"srv\":\"4.1.1\",\"deviceId\":\"00-DB-12-34-56-78-9C-01\"}");
            statuses.add(answer.status());
            if (answer.status() == 429 && limited == null) {
                limited = answer;
            }
        }

        assertThat(statuses.subList(0, 5)).containsOnly(403);
        assertThat(statuses.subList(5, 25)).containsOnly(429);
        assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
        assertThat(limited.json().get("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 3600L);
        assertThat(refusalsRecorded("ROLE_NOT_PERMITTED")).as("only the five let through were recorded")
                .isEqualTo(roleRefusalsBefore + 5);
        assertThat(api.get("/api/v1/devices/00-DB-12-34-56-78-9C-01", calm).status()).as("another party")
                .isEqualTo(404);
        assertThat(meters.counter(RateLimitFilter.METRIC, "party", "SUPPLIER-FLOOD", "kind", "api").count())
                .isEqualTo(20.0);

        limits.summarise();

        assertThat(rateLimitedRefusalsOf("SUPPLIER-FLOOD")).as("one history entry for 20 limited requests")
                .isEqualTo(1);
        String detail = sql.query("SELECT payload FROM DomainEventEntry WHERE payloadType LIKE '%RequestRefused'",
                        (row, n) -> new String(row.getBytes(1), java.nio.charset.StandardCharsets.UTF_8)).stream()
                .filter(json -> json.contains("\"RATE_LIMITED\"")).findFirst().orElseThrow();
        assertThat(detail).contains("20 request(s) refused 429");
        limits.summarise();
        assertThat(rateLimitedRefusalsOf("SUPPLIER-FLOOD")).as("nothing new to summarise").isEqualTo(1);
    }

    /** The container decodes %61 to a before routing; the limit counts the path as it is routed. */
    @Test
    void anEncodedPathIsCountedAsThePathItIs() {
        String party = api.token("SUPPLIER-ENCODED", UserRole.IS);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(api.get("/%61pi/v1/devices/00-DB-12-34-56-78-9C-03", party).status());
        }
        assertThat(statuses.subList(0, 5)).containsOnly(404);
        assertThat(statuses.subList(5, 8)).containsOnly(429);
    }

    @Test
    void theDccsGateTrafficHasItsOwnLimitNoneByDefault() {
        String dcc = api.token("DCC-GATE-FLOOD", UserRole.DCC);
        for (int i = 0; i < 30; i++) {
            HttpApi.Response answer = api.send("POST", "/api/v1/gate/decisions", dcc,
                    "{\"requestId\":\"g-" + i + "\",\"srv\":\"6.15.1\",\"deviceId\":\"00-DB-12-34-56-78-9C-02\"}",
                    Map.of());
            assertThat(answer.status()).as("gate call %d", i).isEqualTo(200);
        }
    }
}
