package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * An Idempotency-Key belongs to a party, the role it acts in and the endpoint. The same party acting
 * in a role that may not make a command is never handed the stored answer of the command it made in
 * another role; the same key at another endpoint is another request.
 */
class AnIdempotencyKeyIsScopedByPartyRoleAndEndpointTest extends RunningService {

    private static final String PARTY = "SUPPLIER-SCOPE";
    private static final String DEVICE = "00-DB-12-34-56-78-9B-01";

    @Test
    void theSamePartyInAnotherRoleWithTheSameKeyGetsItsOwnAnswerNotTheStoredOne() {
        assertThat(api.send("POST", "/api/v1/devices", api.token("DCC-DSP", UserRole.DCC),
                HttpApi.commissioned(DEVICE, "00-DB-12-34-56-78-9B-F2", "CENTRAL", PARTY)).status()).isEqualTo(201);
        String path = "/api/v1/devices/" + DEVICE + "/restriction";
        Map<String, String> key = Map.of("Idempotency-Key", "one-key");
        HttpApi.Response asSupplier = api.send("PUT", path, api.token(PARTY, UserRole.IS), HttpApi.attestation(), key);
        assertThat(asSupplier.status()).isEqualTo(200);
        int refused = refusalsRecorded("ROLE_NOT_PERMITTED");

        HttpApi.Response asDistributor = api.send("PUT", path, api.token(PARTY, UserRole.ED), HttpApi.attestation(), key);
        HttpApi.Response asOtherUser = api.send("PUT", path, api.token(PARTY, UserRole.OU), HttpApi.attestation(), key);

        assertThat(asDistributor.status()).as(asDistributor.toString()).isEqualTo(403);
        assertThat(asDistributor.header("Idempotency-Replayed")).isNull();
        assertThat(asOtherUser.status()).isEqualTo(403);
        assertThat(refusalsRecorded("ROLE_NOT_PERMITTED")).as("both refusals recorded").isEqualTo(refused + 2);
        HttpApi.Response multiRole = api.send("PUT", path, api.token(PARTY, UserRole.IS, UserRole.ED),
                HttpApi.attestation(), Map.of("Idempotency-Key", "one-key", "DCC-User-Role", "ED"));
        assertThat(multiRole.status()).as("a token with both roles, acting as ED: " + multiRole).isEqualTo(403);
        HttpApi.Response bothRolesNoHeader = api.send("PUT", path, api.token(PARTY, UserRole.ED, UserRole.GS),
                HttpApi.attestation(), key);
        assertThat(bothRolesNoHeader.status()).as("ED+GS acts as GS, not the supplier of this meter")
                .isNotEqualTo(200);
        assertThat(bothRolesNoHeader.header("Idempotency-Replayed")).isNull();

        HttpApi.Response replayed = api.send("PUT", path, api.token(PARTY, UserRole.IS), HttpApi.attestation(), key);
        assertThat(replayed.header("Idempotency-Replayed")).isEqualTo("true");
        assertThat(replayed.body()).isEqualTo(asSupplier.body());
    }

    /** The controllers read a device ID in any of its spellings; the key's endpoint is the device, not the spelling. */
    @Test
    void theSameDeviceSpelledAnotherWayIsTheSameEndpoint() {
        String device = "00-DB-12-34-56-78-9B-03";
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        assertThat(api.send("POST", "/api/v1/devices", dcc,
                HttpApi.commissioned(device, "00-DB-12-34-56-78-9B-F4", "CENTRAL", PARTY)).status()).isEqualTo(201);
        Map<String, String> key = Map.of("Idempotency-Key", "cot-once");
        HttpApi.Response first = api.send("POST", "/api/v1/devices/" + device + "/tenancy-changes", dcc, "{}", key);
        int events = eventsOf(device);

        for (String spelling : java.util.List.of("00db12345678 9b03".replace(" ", ""), "00:DB:12:34:56:78:9B:03",
                "00-db-12-34-56-78-9b-03")) {
            HttpApi.Response again = api.send("POST", "/api/v1/devices/" + spelling + "/tenancy-changes", dcc, "{}", key);
            assertThat(again.status()).as(spelling + ": " + again).isEqualTo(first.status());
            assertThat(again.header("Idempotency-Replayed")).as(spelling).isEqualTo("true");
        }
        assertThat(eventsOf(device)).as("the Change of Tenancy ran once").isEqualTo(events);
    }

    @Test
    void theSameKeyAtAnotherEndpointIsAnotherRequest() {
        String device = "00-DB-12-34-56-78-9B-02";
        assertThat(api.send("POST", "/api/v1/devices", api.token("DCC-DSP", UserRole.DCC),
                HttpApi.commissioned(device, "00-DB-12-34-56-78-9B-F3", "CENTRAL", PARTY)).status()).isEqualTo(201);
        String supplier = api.token(PARTY, UserRole.IS);
        Map<String, String> key = Map.of("Idempotency-Key", "reused-across-endpoints");
        String path = "/api/v1/devices/" + device + "/restriction";
        assertThat(api.send("PUT", path, supplier, HttpApi.attestation(), key).status()).isEqualTo(200);

        HttpApi.Response cleared = api.send("DELETE", path + "?reason=CONSUMER_REQUEST", supplier, null, key);

        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        assertThat(cleared.header("Idempotency-Replayed")).isNull();
        assertThat(cleared.json().get("changed").asBoolean()).as("the clear ran").isTrue();
        assertThat(sql.queryForList("SELECT scope FROM idempotency_record WHERE party_id = ? AND idempotency_key = ?",
                String.class, PARTY, "reused-across-endpoints"))
                .containsExactlyInAnyOrder("IS PUT " + path, "IS DELETE " + path);
    }
}
