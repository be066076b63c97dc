package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * The lifecycle a meter walks through the API: enrol, commission, apply, Change of Supplier (the flag
 * stays), the new Supplier clears, apply again, Change of Tenancy (the flag goes).
 */
final class RestLifecycle {

    private RestLifecycle() {
    }

    static void walk(HttpApi api, String deviceId, String oldSupplier, String newSupplier) {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String supplierA = api.token(oldSupplier, UserRole.IS);
        String supplierB = api.token(newSupplier, UserRole.IS);
        String device = "/api/v1/devices/" + deviceId;

        HttpApi.Response enrolled = api.send("POST", "/api/v1/devices", dcc, HttpApi.enrolment(deviceId, oldSupplier));
        assertThat(enrolled.status()).as(enrolled.toString()).isEqualTo(201);
        assertThat(enrolled.header("Location")).isEqualTo(device);
        assertThat(enrolled.json().at("/device/eligible").asBoolean()).isFalse();

        HttpApi.Response commissioned = api.send("POST", device + "/smi-status-changes", dcc,
                "{\"target\":\"METER\",\"status\":\"COMMISSIONED\"}");
        assertThat(commissioned.status()).as(commissioned.toString()).isEqualTo(200);
        assertThat(commissioned.json().at("/device/eligible").asBoolean()).isTrue();

        HttpApi.Response applied = api.send("PUT", device + "/restriction", supplierA, HttpApi.attestation());
        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
        assertThat(applied.json().at("/events/0").asText()).isEqualTo("RestrictionApplied");
        assertThat(applied.header("ETag")).isEqualTo("\"2\"");

        HttpApi.Response changeOfSupplier = api.send("POST", device + "/supplier-changes", dcc,
                "{\"gainingSupplier\":{\"partyId\":\"" + newSupplier + "\",\"role\":\"IS\"}}");
        assertThat(changeOfSupplier.status()).as(changeOfSupplier.toString()).isEqualTo(200);
        assertThat(changeOfSupplier.json().at("/device/restricted").asBoolean()).isTrue();
        assertThat(api.get(device, supplierA).status()).as("the losing Supplier no longer sees it").isEqualTo(404);

        HttpApi.Response cleared = api.send("DELETE", device + "/restriction?reason=CONSUMER_REQUEST", supplierB, null);
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        assertThat(cleared.json().at("/device/restricted").asBoolean()).isFalse();

        HttpApi.Response reapplied = api.send("PUT", device + "/restriction", supplierB, HttpApi.attestation());
        assertThat(reapplied.json().at("/device/restricted").asBoolean()).as(reapplied.toString()).isTrue();

        HttpApi.Response changeOfTenancy = api.send("POST", device + "/tenancy-changes", dcc, "{}");
        assertThat(changeOfTenancy.status()).as(changeOfTenancy.toString()).isEqualTo(200);
        assertThat(changeOfTenancy.json().at("/events").toString())
                .isEqualTo("[\"TenancyChanged\",\"RestrictionEnded\"]");

        HttpApi.Response status = api.get(device, supplierB);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().at("/restricted").asBoolean()).isFalse();
        assertThat(status.json().at("/version").asLong()).isEqualTo(7);
        assertThat(status.header("ETag")).isEqualTo("\"7\"");
    }
}
