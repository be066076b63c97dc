package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * A node that dies between a command's commit and storing its answer leaves the key in flight. The
 * crash is reproduced in SQL exactly as it leaves the tables: the key's row without an answer, claimed
 * long ago. The retry then settles the key from the store: the command's receipt, written in the
 * command's own transaction, says whether it happened.
 */
class AnIdempotencyKeyInFlightWhenItsNodeDiedTest extends RunningService {

    private static final String PARTY = "SUPPLIER-IK";

    @Test
    void aCommandThatCommittedBeforeTheCrashIsAnsweredWithItsOwnResultAndNotRunAgain() {
        String device = enrolled("00-DB-12-34-56-78-9A-01");
        String supplier = api.token(PARTY, UserRole.IS);
        Map<String, String> key = Map.of("Idempotency-Key", "apply-crashed-after-commit");

        HttpApi.Response first = api.send("PUT", "/api/v1/devices/" + device + "/restriction", supplier,
                HttpApi.attestation(), key);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("changed").asBoolean()).isTrue();
        int events = eventsOf(device);
        answerLost("apply-crashed-after-commit");

        HttpApi.Response retry = api.send("PUT", "/api/v1/devices/" + device + "/restriction", supplier,
                HttpApi.attestation(), key);

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body()).as("the first command's own answer, not a repeat's 'unchanged'").isEqualTo(first.body());
        assertThat(retry.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(eventsOf(device)).as("the command did not run twice").isEqualTo(events);
        HttpApi.Response again = api.send("PUT", "/api/v1/devices/" + device + "/restriction", supplier,
                HttpApi.attestation(), key);
        assertThat(again.header("Idempotency-Replayed")).as("the settled answer is kept").isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
    }

    @Test
    void aCommandThatNeverCommittedRunsOnRetry() {
        String device = enrolled("00-DB-12-34-56-78-9A-02");
        String supplier = api.token(PARTY, UserRole.IS);
        String path = "/api/v1/devices/" + device + "/restriction";
        HttpApi.Response applied = api.send("PUT", path, supplier, HttpApi.attestation(), Map.of("Idempotency-Key", "a"));
        assertThat(applied.status()).isEqualTo(200);
        assertThat(api.send("DELETE", path + "?reason=CONSUMER_REQUEST", supplier, null).status()).isEqualTo(200);
        int events = eventsOf(device);
        // the same request under another key, claimed by a node that died before its command committed
        sql.update("INSERT INTO idempotency_record (party_id, scope, idempotency_key, request_hash,"
                        + " created_at) SELECT party_id, scope, 'died-before-commit', request_hash, ? FROM idempotency_record"
                        + " WHERE party_id = ? AND idempotency_key = 'a'",
                Timestamp.from(Instant.now().minusSeconds(60)), PARTY);

        HttpApi.Response retry = api.send("PUT", path, supplier, HttpApi.attestation(),
                Map.of("Idempotency-Key", "died-before-commit"));

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("changed").asBoolean()).as("it ran now").isTrue();
        assertThat(eventsOf(device)).isEqualTo(events + 1);
    }

    @Test
    void aKeyWhoseFirstRequestIsStillWithinItsInFlightTimeIsAnsweredInProgress() {
        String device = enrolled("00-DB-12-34-56-78-9A-03");
        String supplier = api.token(PARTY, UserRole.IS);
        String path = "/api/v1/devices/" + device + "/restriction";
        assertThat(api.send("PUT", path, supplier, HttpApi.attestation(), Map.of("Idempotency-Key", "b")).status())
                .isEqualTo(200);
        sql.update("INSERT INTO idempotency_record (party_id, scope, idempotency_key, request_hash,"
                        + " created_at) SELECT party_id, scope, 'still-running', request_hash, ? FROM idempotency_record"
                        + " WHERE party_id = ? AND idempotency_key = 'b'", Timestamp.from(Instant.now()), PARTY);

        HttpApi.Response retry = api.send("PUT", path, supplier, HttpApi.attestation(),
                Map.of("Idempotency-Key", "still-running"));

        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.json().get("code").asText()).isEqualTo("REQUEST_IN_PROGRESS");
    }

    private String enrolled(String device) {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        assertThat(api.send("POST", "/api/v1/devices", dcc,
                HttpApi.commissioned(device, device.substring(0, 21) + "F2", "CENTRAL", PARTY)).status()).isEqualTo(201);
        return device;
    }

    /** What a kill -9 between the command's commit and storing its answer leaves. */
    private void answerLost(String key) {
        int rows = sql.update("UPDATE idempotency_record SET status = NULL, content_type = NULL, etag = NULL,"
                        + " location = NULL, body = NULL, created_at = ? WHERE party_id = ? AND idempotency_key = ?",
                Timestamp.from(Instant.now().minusSeconds(60)), PARTY, key);
        assertThat(rows).isEqualTo(1);
    }
}
