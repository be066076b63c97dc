package uk.smartmeter.restricted.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.smartmeter.restricted.bootstrap.api.RunningService;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.adapter.store.EventJson;
import uk.smartmeter.restricted.adapter.store.JdbcDeviceIdentities;

/** A store enrolled before device identities existed: the first start claims every enrolment's IDs, once. */
class DeviceIdentitiesAreFilledFromTheStoreTest extends RunningService {

    @Autowired
    DataSource dataSource;

    @Test
    void theEnrolmentsInTheStoreClaimTheirIdsAndAGpfTakenThenIsRefusedAfter() {
        String gas = "00-DB-12-34-56-7A-1F-01";
        String gpf = "00-DB-12-34-56-7A-1F-02";
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String body = uk.smartmeter.restricted.bootstrap.api.HttpApiAccess.gas(gas, gpf);
        assertThat(api.send("POST", "/api/v1/devices", dcc, body).status()).isEqualTo(201);
        // as a store from before the migration: enrolments in the events, nothing claimed
        sql.update("DELETE FROM device_identity");
        sql.update("DELETE FROM device_identity_state");

        new JdbcDeviceIdentities(dataSource).fillFromTheStore(EventJson.mapper());

        assertThat(sql.queryForObject("SELECT meter_id FROM device_identity WHERE identity_id = ? AND kind = 'GPF'",
                String.class, gpf)).isEqualTo(gas);
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM device_identity_state", Integer.class)).isEqualTo(1);
        assertThat(api.send("POST", "/api/v1/devices", dcc, uk.smartmeter.restricted.bootstrap.api.HttpApiAccess.gas(
                "00-DB-12-34-56-7A-1F-03", gpf)).json().get("code").asText()).isEqualTo("DEVICE_ID_IN_USE");
        int rows = sql.queryForObject("SELECT COUNT(*) FROM device_identity", Integer.class);
        new JdbcDeviceIdentities(dataSource).fillFromTheStore(EventJson.mapper());
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM device_identity", Integer.class)).as("once only")
                .isEqualTo(rows);
    }
}
