package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document is the committed one, {@code docs/openapi.json}. A change to the API
 * fails here until the committed contract is updated with it (the served document is written to
 * {@code bootstrap/target/openapi.json} to compare and copy).
 */
class OpenApiContractTest extends RunningService {

    private static final Path COMMITTED = Path.of("..", "docs", "openapi.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @Test
    void theServedContractIsTheCommittedOne() throws Exception {
        HttpApi.Response served = api.get("/v3/api-docs", null);
        assertThat(served.status()).isEqualTo(200);
        JsonNode actual = JSON.readTree(served.body());
        Files.writeString(Path.of("target", "openapi.json"), JSON.writeValueAsString(actual) + "\n");

        assertThat(COMMITTED).as("commit bootstrap/target/openapi.json as docs/openapi.json").exists();
        assertThat(actual).isEqualTo(JSON.readTree(COMMITTED.toFile()));
    }

    @Test
    void everyEndpointDocumentsItsProblemsAndTheEui64Pattern() throws Exception {
        JsonNode contract = JSON.readTree(api.get("/v3/api-docs", null).body());

        assertThat(contract.at("/paths/~1api~1v1~1devices~1{deviceId}~1restriction/put/responses/422/content")
                .has("application/problem+json")).isTrue();
        assertThat(contract.at("/components/schemas/EnrolDeviceRequest/properties/deviceId/pattern").asText())
                .isNotEmpty();
        assertThat(contract.at("/components/schemas/EnrolDeviceRequest/required").toString()).contains("deviceId", "mpxn");
        assertThat(contract.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    }
}
