package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.smartmeter.restricted.adapter.rest.security.LocalTokenController;
import uk.smartmeter.restricted.bootstrap.Eventually;
import uk.smartmeter.restricted.bootstrap.RestrictedModeApplication;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;

/**
 * Issue 18 through the API: the DCC adopts a reclassifying catalogue; the gate uses it from its effective instant,
 * its answers and receipts naming the version; the adoption is a history entry; a rollback adopts version 1 again;
 * refusals name the field or the code.
 */
@SpringBootTest(classes = RestrictedModeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CatalogueAdoptionEndToEndTest.TestClock.class)
class CatalogueAdoptionEndToEndTest {

    private static final String A = "00-DB-12-34-56-78-79-0A";
    private static final Path DATA = temp();

    @TestConfiguration
    static class TestClock {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    LocalTokenController tokens;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcTemplate sql;

    private static Path temp() {
        try {
            return Files.createTempDirectory("restricted-catalogues-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry properties) {
        properties.add("restricted.data-dir", DATA::toString);
        properties.add("restricted.gate.catalogue-refresh", () -> "200ms");
    }

    private static String bundled() throws Exception {
        try (InputStream in = SrvCatalogue.class.getResourceAsStream(SrvCatalogue.BUNDLED)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String reclassified() throws Exception {
        return bundled().replace("# version: 1", "# version: 2")
                .replace("\n4.1.1,CONSUMPTION_READ,ALL,", "\n4.1.1,CONSUMPTION_READ,NONE,")
                .replace("\n6.2.4,CONFIGURATION,NONE,", "\n6.2.4,CONFIGURATION,ALL,");
    }

    private HttpApi.Response adopt(HttpApi api, String token, String id, Instant from, String csv) {
        return api.send("POST", "/api/v1/gate/catalogues?adoptionId=" + id + "&effectiveFrom=" + from, token, csv,
                Map.of("Content-Type", "text/csv"));
    }

    private JsonNode decide(HttpApi api, String dcc, String request, String srv) {
        return api.send("POST", "/api/v1/gate/decisions", dcc, "{\"requestId\":\"" + request + "\",\"senderId\":"
                + "\"SUPPLIER-C\",\"senderRole\":\"IS\",\"srv\":\"" + srv + "\",\"deviceId\":\"" + A + "\"}").json();
    }

    @Test
    void anAdoptedCatalogueIsUsedFromItsInstantNamedInAnswersAndReceiptsAndRolledBackByAdoptingVersionOneAgain()
            throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.set(now);
        HttpApi api = new HttpApi(port, tokens);
        String dcc = api.token("DCC-OPS", UserRole.DCC);
        String regulator = api.token("OFGEM", UserRole.REGULATOR);
        String supplier = api.token("SUPPLIER-C", UserRole.IS);
        assertThat(api.send("POST", "/api/v1/devices", dcc, HttpApi.commissioned(A, A.replace("-79-", "-7A-"),
                "SOUTH", "SUPPLIER-C")).status()).isEqualTo(201);
        assertThat(api.send("PUT", "/api/v1/devices/" + A + "/restriction", supplier, HttpApi.attestation()).status())
                .isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "R1".equals(decide(api, dcc, "Q-0", "4.1.1")
                .path("responseCode").asText()));

        Instant from = now.plus(Duration.ofMinutes(10));
        var adopted = adopt(api, dcc, "adopt-2", from, reclassified());
        assertThat(adopted.status()).as(adopted.body()).isEqualTo(201);
        assertThat(adopted.json().get("version").asText()).isEqualTo("2");
        assertThat(adopt(api, dcc, "adopt-2", from, reclassified()).status()).as("the same, again").isEqualTo(200);
        assertThat(api.get("/api/v1/gate/catalogues/adopt-2", regulator).body()).isEqualTo(reclassified());
        JsonNode before = decide(api, dcc, "Q-1", "4.1.1");
        assertThat(before.get("responseCode").asText()).isEqualTo("R1");
        assertThat(before.get("catalogueVersion").asText()).isEqualTo("1");

        // the node reads the adoptions every 200 ms (of real time) at the clock's time; then the instant comes
        clock.set(from.minusSeconds(10));
        // a consumption read is answered R1, not R3, once the node has read the adoptions at this time
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "R1".equals(decide(api, dcc, "Q-2", "4.1.1")
                .path("responseCode").asText()));
        clock.set(from);
        JsonNode firmware = decide(api, dcc, "Q-3", "6.2.4");
        assertThat(firmware.get("responseCode").asText()).as("6.2.4 is consumption in version 2").isEqualTo("R1");
        assertThat(firmware.get("catalogueVersion").asText()).isEqualTo("2");
        JsonNode read = decide(api, dcc, "Q-4", "4.1.1");
        assertThat(read.get("decision").asText()).isEqualTo("ALLOW");
        assertThat(read.get("catalogueVersion").asText()).isEqualTo("2");
        assertThat(api.get("/api/v1/gate/receipts?requestId=Q-3", regulator).json().get(0).get("catalogueVersion")
                .asText()).isEqualTo("2");
        assertThat(api.get("/api/v1/gate/receipts?requestId=Q-1", regulator).json().get(0).get("catalogueVersion")
                .asText()).isEqualTo("1");
        JsonNode listed = api.get("/api/v1/gate/catalogues", regulator).json();
        assertThat(listed.get("inForce").asText()).isEqualTo("adopt-2");
        assertThat(listed.get("inForceVersion").asText()).isEqualTo("2");

        // the adoption is an entry of the history
        String entry = Eventually.value("the adoption's history entry", Duration.ofSeconds(20),
                () -> sql.queryForList("SELECT detail FROM history_entry WHERE event_type = 'CatalogueAdopted'",
                        String.class), rows -> !rows.isEmpty()).get(0);
        assertThat(entry).contains("adoption adopt-2").contains("version 2").contains("effective from " + from);

        // rollback: version 1 again, from a later instant
        Instant back = from.plus(Duration.ofMinutes(5));
        assertThat(adopt(api, dcc, "rollback-1", back, bundled()).status()).isEqualTo(201);
        clock.set(back.minusSeconds(10));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "R1".equals(decide(api, dcc, "Q-5", "6.2.4")
                .path("responseCode").asText()));
        clock.set(back);
        JsonNode rolledBack = decide(api, dcc, "Q-6", "4.1.1");
        assertThat(rolledBack.get("responseCode").asText()).isEqualTo("R1");
        assertThat(rolledBack.get("catalogueVersion").asText()).isEqualTo("1");
        assertThat(decide(api, dcc, "Q-7", "6.2.4").get("decision").asText()).isEqualTo("ALLOW");

        // refusals
        clock.set(back);
        var soon = adopt(api, dcc, "soon", back.plusSeconds(30), reclassified());
        assertThat(soon.status()).isEqualTo(422);
        assertThat(soon.body()).contains("\"effectiveFrom\"");
        var invalid = adopt(api, dcc, "invalid", back.plus(Duration.ofHours(1)), "srv,class\n1.1.1,TARIFF\n");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.body()).contains("\"catalogue\"");
        var conflict = adopt(api, dcc, "conflict", back.plus(Duration.ofHours(1)), reclassified()
                .replace("\n6.2.4,CONFIGURATION,ALL,", "\n6.2.4,CONFIGURATION,NONE,"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().get("code").asText()).isEqualTo("CATALOGUE_VERSION_CONFLICT");
        assertThat(adopt(api, regulator, "regulator", back.plus(Duration.ofHours(1)), reclassified()).status())
                .isEqualTo(403);
        assertThat(adopt(api, dcc, "bad-time", null, reclassified()).body()).contains("\"effectiveFrom\"");
        var unknown = api.get("/api/v1/gate/catalogues/none", regulator);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asText()).isEqualTo("CATALOGUE_ADOPTION_NOT_FOUND");
        assertThat(api.get("/api/v1/gate/catalogues", dcc).json().get("adoptions")).hasSize(2);
        clock.set(Instant.now());
    }
}
