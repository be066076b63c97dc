package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * Finding a meter by its MPxN (issue 19), as the console's search does: the DCC and regulators find every meter
 * enrolled with it; its responsible Supplier finds it; another Supplier gets exactly what an unknown MPxN gets, and
 * each hidden answer is recorded with its true reason.
 */
class AMeterIsFoundByItsMpxnTest extends RunningService {

    private static final String METER = "00-DB-12-34-56-79-C1-00";
    private static final String MPXN = "1790000000001";

    private static List<String> devices(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.get("devices").forEach(device -> ids.add(device.get("deviceId").asText()));
        return ids;
    }

    @Test
    void theResponsibleSupplierAndTheDccFindItAndAnotherSupplierSeesWhatAnUnknownMpxnShows() {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        assertThat(api.send("POST", "/api/v1/devices", dcc, HttpApi.commissioned(METER, "00-DB-12-34-56-79-C1-01",
                "SOUTH", "SUPPLIER-MPXN").replace("1234567890123", MPXN)).status()).isEqualTo(201);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                devices(api.get("/api/v1/devices?mpxn=" + MPXN, dcc).json()).contains(METER));

        assertThat(devices(api.get("/api/v1/devices?mpxn=" + MPXN, api.token("OFGEM", UserRole.REGULATOR)).json()))
                .containsExactly(METER);
        JsonNode own = api.get("/api/v1/devices?mpxn=" + MPXN, api.token("SUPPLIER-MPXN", UserRole.IS)).json();
        assertThat(devices(own)).containsExactly(METER);
        assertThat(own.get("devices").get(0).get("cspRegion").asText()).isEqualTo("SOUTH");

        String other = api.token("SUPPLIER-OTHER", UserRole.IS);
        int hidden = refusalsRecorded("NOT_RESPONSIBLE_SUPPLIER");
        int unknown = refusalsRecorded("DEVICE_NOT_ENROLLED");
        HttpApi.Response theirs = api.get("/api/v1/devices?mpxn=" + MPXN, other);
        HttpApi.Response none = api.get("/api/v1/devices?mpxn=1790000000999", other);
        assertThat(theirs.status()).isEqualTo(200).isEqualTo(none.status());
        assertThat(theirs.body().replace(MPXN, "M")).isEqualTo(none.body().replace("1790000000999", "M"))
                .isEqualTo("{\"mpxn\":\"M\",\"devices\":[]}");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                refusalsRecorded("NOT_RESPONSIBLE_SUPPLIER") > hidden && refusalsRecorded("DEVICE_NOT_ENROLLED") > unknown);
    }

    @Test
    void aBadMpxnIsA422NamingTheField() {
        for (String bad : List.of("12345", "12345678901234", "1234567890abc", "")) {
            HttpApi.Response refused = api.get("/api/v1/devices?mpxn=" + bad, api.token("OFGEM", UserRole.REGULATOR));
            assertThat(refused.status()).as(bad).isEqualTo(422);
            assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("mpxn");
        }
        HttpApi.Response missing = api.get("/api/v1/devices", api.token("OFGEM", UserRole.REGULATOR));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("errors").get(0).get("field").asText()).isEqualTo("mpxn");
        assertThat(api.get("/api/v1/devices?mpxn=1790000000001", api.token("DNO-A", UserRole.ED)).status())
                .as("a distributor may not look meters up").isEqualTo(403);
    }
}
