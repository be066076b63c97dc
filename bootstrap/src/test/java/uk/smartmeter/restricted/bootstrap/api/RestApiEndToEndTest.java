package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.smartmeter.restricted.adapter.rest.idempotency.IdempotencyStore;
import uk.smartmeter.restricted.domain.device.UserRole;

/** The API over real HTTP on a random port, on H2. */
class RestApiEndToEndTest extends RunningService {

    @Test
    void aMeterWalksItsWholeLifecycleThroughTheApi() {
        RestLifecycle.walk(api, "00-DB-12-34-56-78-91-00", "SUPPLIER-A", "SUPPLIER-B");
    }

    @Test
    void theSameIdempotencyKeyWithTheSameBodyReturnsTheSameResponseAndRecordsNothingNew() {
        String deviceId = "00-DB-12-34-56-78-91-01";
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        Map<String, String> key = Map.of("Idempotency-Key", "enrol-" + deviceId);

        HttpApi.Response first = api.send("POST", "/api/v1/devices", dcc, HttpApi.enrolment(deviceId, "SUPPLIER-A"), key);
        HttpApi.Response again = api.send("POST", "/api/v1/devices", dcc, HttpApi.enrolment(deviceId, "SUPPLIER-A"), key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.header("Idempotency-Replayed")).isEqualTo("true");
        assertThat(eventsOf(deviceId)).isEqualTo(1);
    }

    @Test
    void twoIdempotencyKeysOnOneRequestAreMalformedAndNothingRuns() throws Exception {
        String deviceId = "00-DB-12-34-56-78-91-0A";
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/v1/devices"))
                        .header("Authorization", "Bearer " + dcc).header("Content-Type", "application/json")
                        .header("Idempotency-Key", "first").header("Idempotency-Key", "second")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(HttpApi.enrolment(deviceId, "SUPPLIER-A")))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(HttpApi.Response.parse(answer.body()).at("/errors/0/field").asText()).isEqualTo("Idempotency-Key");
        assertThat(HttpApi.Response.parse(answer.body()).at("/errors/0/rule").asText()).isEqualTo("exactly one");
        assertThat(eventsOf(deviceId)).isZero();
    }

    @Test
    void theSameIdempotencyKeyWithADifferentBodyIsRefusedAndRecorded() {
        String deviceId = "00-DB-12-34-56-78-91-02";
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        Map<String, String> key = Map.of("Idempotency-Key", "reused-" + deviceId);
        int before = refusalsRecorded("IDEMPOTENCY_KEY_REUSED");

        api.send("POST", "/api/v1/devices", dcc, HttpApi.enrolment(deviceId, "SUPPLIER-A"), key);
        HttpApi.Response other = api.send("POST", "/api/v1/devices", dcc, HttpApi.enrolment(deviceId, "SUPPLIER-B"), key);

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().at("/type").asText()).isEqualTo("urn:restricted-mode:problem:idempotency-key-reused");
        assertThat(refusalsRecorded("IDEMPOTENCY_KEY_REUSED")).isEqualTo(before + 1);
        assertThat(eventsOf(deviceId)).isEqualTo(1);
    }

    @Test
    void expiredIdempotencyKeysArePurgedAndFreshOnesKept(@Autowired IdempotencyStore store) {
        sql.update("INSERT INTO idempotency_record (party_id, scope, idempotency_key, request_hash, status,"
                + " created_at) VALUES ('DCC-DSP', 'DCC POST /api/v1/devices', 'old-key', 'h', 200, ?)", java.sql.Timestamp.from(Instant.now().minus(Duration.ofDays(2))));
        sql.update("INSERT INTO idempotency_record (party_id, scope, idempotency_key, request_hash, status,"
                + " created_at) VALUES ('DCC-DSP', 'DCC POST /api/v1/devices', 'new-key', 'h', 200, ?)", java.sql.Timestamp.from(Instant.now()));

        store.purgeExpired();

        assertThat(sql.queryForList("SELECT idempotency_key FROM idempotency_record WHERE idempotency_key IN"
                + " ('old-key', 'new-key')", String.class)).containsExactly("new-key");
    }

    @Test
    void concurrentConflictingCommandsOnOneDeviceOneWinsTheOtherGets409() throws Exception {
        String deviceId = "00-DB-12-34-56-78-91-03";
        String device = "/api/v1/devices/" + deviceId;
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String supplier = api.token("SUPPLIER-A", UserRole.IS);
        api.send("POST", "/api/v1/devices", dcc, HttpApi.enrolment(deviceId, "SUPPLIER-A"));
        api.send("POST", device + "/smi-status-changes", dcc, "{\"target\":\"METER\",\"status\":\"COMMISSIONED\"}");
        String etag = api.get(device, supplier).header("ETag");

        List<Callable<HttpApi.Response>> racers = List.of(
                () -> api.send("PUT", device + "/restriction", supplier, HttpApi.attestation(), Map.of("If-Match", etag)),
                () -> api.send("POST", device + "/payment-mode-changes", dcc, "{\"paymentMode\":\"PREPAYMENT\"}",
                        Map.of("If-Match", etag)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<HttpApi.Response> result : pool.invokeAll(racers)) {
                statuses.add(result.get().status());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        assertThat(eventsOf(deviceId)).isEqualTo(3);
    }

    @Test
    void aStaleIfMatchIsAConflictThatNamesTheCurrentVersion() {
        String deviceId = "00-DB-12-34-56-78-91-04";
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        api.send("POST", "/api/v1/devices", dcc, HttpApi.enrolment(deviceId, "SUPPLIER-A"));

        HttpApi.Response stale = api.send("POST", "/api/v1/devices/" + deviceId + "/tenancy-changes", dcc, "{}",
                Map.of("If-Match", "\"5\""));

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().at("/code").asText()).isEqualTo("CONCURRENT_UPDATE");
        assertThat(stale.json().at("/detail").asText()).contains("version 0");
    }

    @Test
    void aSupplierAskingAboutAMeterItIsNotResponsibleForGetsTheAnswerForAnUnknownMeter() {
        String deviceId = "00-DB-12-34-56-78-91-05";
        api.send("POST", "/api/v1/devices", api.token("DCC-DSP", UserRole.DCC), HttpApi.enrolment(deviceId, "SUPPLIER-A"));
        String stranger = api.token("SUPPLIER-Z", UserRole.IS);

        HttpApi.Response notMine = api.get("/api/v1/devices/" + deviceId, stranger);
        HttpApi.Response unknown = api.get("/api/v1/devices/00-DB-12-34-56-78-91-FF", stranger);
        HttpApi.Response applyNotMine = api.send("PUT", "/api/v1/devices/" + deviceId + "/restriction", stranger,
                HttpApi.attestation());
        HttpApi.Response applyUnknown = api.send("PUT", "/api/v1/devices/00-DB-12-34-56-78-91-FF/restriction", stranger,
                HttpApi.attestation());

        assertThat(notMine.status()).isEqualTo(404);
        assertThat(withoutInstance(notMine)).isEqualTo(withoutInstance(unknown));
        assertThat(withoutInstance(applyNotMine)).isEqualTo(withoutInstance(applyUnknown));
    }

    @Test
    void aStrangersIfMatchRevealsNeitherExistenceNorVersion() {
        String deviceId = "00-DB-12-34-56-78-91-07";
        api.send("POST", "/api/v1/devices", api.token("DCC-DSP", UserRole.DCC), HttpApi.enrolment(deviceId, "SUPPLIER-A"));
        String stranger = api.token("SUPPLIER-Z", UserRole.IS);
        Map<String, String> staleVersion = Map.of("If-Match", "\"99\"");

        HttpApi.Response onExisting = api.send("DELETE", "/api/v1/devices/" + deviceId
                + "/restriction?reason=CONSUMER_REQUEST", stranger, null, staleVersion);
        HttpApi.Response onUnknown = api.send("DELETE", "/api/v1/devices/00-DB-12-34-56-78-91-FE"
                + "/restriction?reason=CONSUMER_REQUEST", stranger, null, staleVersion);

        assertThat(onExisting.status()).isEqualTo(404);
        assertThat(withoutInstance(onExisting)).isEqualTo(withoutInstance(onUnknown));
    }

    @Test
    void aRefusedApplyNamesTheRuleAsAProblem() {
        String deviceId = "00-DB-12-34-56-78-91-06";
        api.send("POST", "/api/v1/devices", api.token("DCC-DSP", UserRole.DCC), HttpApi.enrolment(deviceId, "SUPPLIER-A"));

        HttpApi.Response refused = api.send("PUT", "/api/v1/devices/" + deviceId + "/restriction",
                api.token("SUPPLIER-A", UserRole.IS), HttpApi.attestation());

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().at("/type").asText()).isEqualTo("urn:restricted-mode:problem:meter-not-commissioned");
        assertThat(refused.json().at("/code").asText()).isEqualTo("METER_NOT_COMMISSIONED");
    }

    @Test
    void aBadFieldIsNamedWithTheRuleItBreaks() {
        HttpApi.Response bad = api.send("POST", "/api/v1/devices", api.token("DCC-DSP", UserRole.DCC),
                HttpApi.enrolment("00-DB-12-34-56-78-91-0Z", "SUPPLIER-A").replace("1234567890123", "12"));

        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().at("/errors").toString()).contains("\"field\":\"deviceId\"", "\"field\":\"mpxn\"", "EUI-64");
    }

    private static String withoutInstance(HttpApi.Response response) {
        return response.status() + response.body().replaceAll("\"instance\":\"[^\"]*\",?", "");
    }
}
