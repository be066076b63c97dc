package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import uk.smartmeter.restricted.domain.device.UserRole;

/** What the bulk import's tests share: meter IDs in a block of their own, NDJSON lines, and an import answered. */
abstract class BulkImportCase extends RunningService {

    private final String block;

    /** @param block the two hex digits that keep this class's meter IDs apart from every other test's */
    BulkImportCase(String block) {
        this.block = block;
    }

    String hub() {
        return "00-DB-12-34-56-" + block + "-FF-F0";
    }

    String id(int n) {
        return String.format("00-DB-12-34-56-%s-%02X-%02X", block, n / 256, n % 256);
    }

    static String line(String deviceId, String supplier) {
        return HttpApi.enrolment(deviceId, supplier).replace("\n", " ");
    }

    String gas(String meter, String gpf) {
        return HttpApi.commissioned(meter, hub(), "CENTRAL", "SUPPLIER-IMP").replace("\"ESME\"", "\"GSME\"")
                .replace("\"mpxn\":\"1234567890123\"", "\"mpxn\":\"1234567890\"").replace("\"role\":\"IS\"", "\"role\":\"GS\"")
                .replace("\"commsHubStatus\"", "\"gpfId\":\"" + gpf + "\",\"commsHubStatus\"").replace("\n", " ");
    }

    List<JsonNode> importLines(List<String> lines) {
        HttpApi.Response answer = api.send("POST", "/api/v1/inventory/imports", api.token("DCC-DSP", UserRole.DCC),
                String.join("\n", lines) + "\n", Map.of("Content-Type", "application/x-ndjson"));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.body().lines().map(HttpApi.Response::parse).toList();
    }
}
