package uk.smartmeter.restricted.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import uk.smartmeter.restricted.adapter.rest.security.LocalSigningKey;
import uk.smartmeter.restricted.adapter.rest.security.LocalTokenController;
import uk.smartmeter.restricted.adapter.store.Ed25519KeyFile;

/**
 * The production configuration (profile "postgres", tokens from an issuer) has no way to mint a
 * token: no minting bean, no local key, and the path answers 404. Storage is pointed at H2 here only
 * so that the test needs no database server.
 */
class ProductionHasNoTokenMintingTest {

    @TempDir
    Path dataDir;

    /** Outside local mode the history's signing key is given by path; none is made up, and the service will not start. */
    @Test
    void theProductionProfileWillNotStartWithoutAHistorySigningKeyAndNeverCreatesOne() {
        Map<String, Object> production = Map.of(
                "spring.datasource.url", "jdbc:h2:file:" + dataDir.resolve("nokey") + ";DB_CLOSE_ON_EXIT=FALSE",
                "restricted.data-dir", dataDir.toString(),
                "restricted.api.auth.issuer", "https://idp.example.invalid/",
                "restricted.api.auth.jwk-set-uri", "https://idp.example.invalid/jwks");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServiceRunner.start(production, "postgres").close())
                .hasStackTraceContaining("no history signing key at");
        assertThat(dataDir.resolve("history-signing-key.pem")).doesNotExist();
    }

    @Test
    void theProductionProfileHasNoMintingPathAndNoLocalKey() throws Exception {
        Path key = dataDir.resolve("history-key.pem");
        Ed25519KeyFile.write(key, Ed25519KeyFile.generate());
        Map<String, Object> production = Map.of(
                "spring.datasource.url", "jdbc:h2:file:" + dataDir.resolve("prod") + ";DB_CLOSE_ON_EXIT=FALSE",
                "restricted.history.signing-key", key.toString(),
                "restricted.data-dir", dataDir.toString(),
                "restricted.api.auth.issuer", "https://idp.example.invalid/",
                "restricted.api.auth.jwk-set-uri", "https://idp.example.invalid/jwks");
        try (ConfigurableApplicationContext service = ServiceRunner.start(production, "postgres")) {
            assertThat(service.getBeanNamesForType(LocalTokenController.class)).isEmpty();
            assertThat(service.getBeanNamesForType(LocalSigningKey.class)).isEmpty();

            int port = ((WebServerApplicationContext) service).getWebServer().getPort();
            HttpResponse<String> mint = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/local/tokens"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"partyId\":\"X\",\"roles\":[\"DCC\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(mint.statusCode()).isEqualTo(404);
            assertThat(mint.body()).doesNotContain("token\"");
        }
    }
}
