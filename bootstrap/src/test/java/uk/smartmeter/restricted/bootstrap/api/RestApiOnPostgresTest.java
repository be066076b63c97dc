package uk.smartmeter.restricted.bootstrap.api;

import java.time.Duration;
import uk.smartmeter.restricted.bootstrap.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.smartmeter.restricted.adapter.store.LocalPostgres;
import uk.smartmeter.restricted.domain.device.UserRole;

/** The same lifecycle over HTTP under the production "postgres" profile (with local tokens for the test). */
@Tag("postgres")
@ActiveProfiles("postgres")
class RestApiOnPostgresTest extends RunningService {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry properties) throws Exception {
        String url = LocalPostgres.freshDatabase("restricted_api_it");
        properties.add("spring.datasource.url", () -> url);
        properties.add("restricted.api.auth.mode", () -> "local");
    }

    @Test
    void aMeterWalksItsWholeLifecycleThroughTheApiOnPostgres() {
        RestLifecycle.walk(api, "00-DB-12-34-56-78-92-00", "SUPPLIER-A", "SUPPLIER-B");
    }

    @Test
    void theGateDeniesARestrictedMetersReadAndItsReceiptNamesTheEventThatSetTheFlagOnPostgres()
            throws InterruptedException {
        String meter = "00-DB-12-34-56-78-92-01";
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String supplier = api.token("SUPPLIER-A", UserRole.IS);
        assertThat(api.send("POST", "/api/v1/devices", dcc, HttpApi.enrolment(meter, "SUPPLIER-A")).status())
                .isEqualTo(201);
        assertThat(api.send("POST", "/api/v1/devices/" + meter + "/smi-status-changes", dcc,
                "{\"target\":\"METER\",\"status\":\"COMMISSIONED\"}").status()).isEqualTo(200);
        assertThat(api.send("PUT", "/api/v1/devices/" + meter + "/restriction", supplier, HttpApi.attestation())
                .status()).isEqualTo(200);
        Eventually.holds("readiness", Duration.ofSeconds(20),
                () -> api.get("/actuator/health/readiness", null).status() == 200);

        HttpApi.Response denied = api.send("POST", "/api/v1/gate/decisions", dcc,
                "{\"requestId\":\"pg-1\",\"srv\":\"4.8.1\",\"deviceId\":\"" + meter + "\"}");

        assertThat(denied.json().get("responseCode").asText()).as(denied.toString()).isEqualTo("R1");
        HttpApi.Response receipts = api.get("/api/v1/gate/receipts?requestId=pg-1", dcc);
        assertThat(receipts.json().get(0).get("flagEventType").asText()).as(receipts.toString())
                .isEqualTo("RestrictionApplied");
        assertThat(receipts.json().get(0).get("flagEventId").asText()).isEqualTo(sql.queryForObject(
                "SELECT eventIdentifier FROM DomainEventEntry WHERE aggregateIdentifier = ? AND sequenceNumber = 2",
                String.class, meter));
    }

    @Test
    void theHistoryOfAMeterIsBuiltChainedAndVerifiedOnPostgres() throws InterruptedException {
        String meter = "00-DB-12-34-56-78-92-02";
        RestLifecycle.walk(api, meter, "SUPPLIER-C", "SUPPLIER-D");
        String regulator = api.token("OFGEM", UserRole.REGULATOR);
        String path = "/api/v1/history/devices/" + meter;
        // read once the history has caught up: a read of a meter it does not hold yet is a refusal, recorded in
        // the meter's own history (a poll that raced the processor added a tenth entry, RequestRefused)
        awaitHistoryCaughtUp();
        HttpApi.Response history = api.get(path, regulator);
        assertThat(history.status()).as(history.toString()).isEqualTo(200);

        assertThat(history.json().get("entries").findValuesAsText("eventType")).containsExactly("DeviceEnrolled",
                "MeterStatusChanged", "RestrictionApplied", "SupplierChanged", "RequestRefused", "RestrictionCleared",
                "RestrictionApplied", "TenancyChanged", "RestrictionEnded");
        assertThat(api.get("/api/v1/history/verification", regulator).json().get("intact").asBoolean()).isTrue();
        assertThat(api.get(path + "?limit=2&after=" + history.json().at("/entries/6/globalIndex").asLong(), regulator)
                .json().get("entries").findValuesAsText("eventType")).containsExactly("TenancyChanged",
                "RestrictionEnded");
    }
}
