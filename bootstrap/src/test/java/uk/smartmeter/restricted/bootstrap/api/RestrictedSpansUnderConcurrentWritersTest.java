package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.smartmeter.restricted.application.port.out.Devices;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.history.RestrictedTimeline;

/**
 * The spans' projection under concurrent writers (issue 19): eight clients apply, clear and end flags on twenty
 * meters at once, with back-dated Changes of Tenancy among them, so that the meters' events interleave in the store
 * in every order. Once the projection has caught up, every meter's rows are exactly the spans laid out from its own
 * stream, and the cross-meter question agrees with each meter's as-of.
 */
class RestrictedSpansUnderConcurrentWritersTest extends RunningService {

    private static final int METERS = 20;
    private static final int CLIENTS = 8;
    private static final int ROUNDS = 30;

    @Autowired
    Devices devices;

    private static String meter(int n) {
        return String.format("00-DB-12-34-56-79-B1-%02X", n * 2);
    }

    @Test
    void everyMetersRowsAreTheSpansOfItsOwnStreamWhateverOrderTheWritesCameIn() throws Exception {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String supplier = api.token("SUPPLIER-SPAN", UserRole.IS);
        for (int n = 0; n < METERS; n++) {
            assertThat(api.send("POST", "/api/v1/devices", dcc, HttpApi.commissioned(meter(n),
                    String.format("00-DB-12-34-56-79-B1-%02X", n * 2 + 1), List.of("NORTH", "CENTRAL", "SOUTH").get(n % 3),
                    "SUPPLIER-SPAN").replace("\"smiStatus\"", "\"effectiveAt\":\"2026-01-01T00:00:00Z\",\"smiStatus\""))
                    .status()).isEqualTo(201);
        }
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Integer>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            done.add(clients.submit(() -> {
                Random random = new Random(client);
                int changed = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    String device = meter(random.nextInt(METERS));
                    HttpApi.Response answer = switch (random.nextInt(3)) {
                        case 0 -> api.send("PUT", "/api/v1/devices/" + device + "/restriction", supplier,
                                HttpApi.attestation());
                        case 1 -> api.send("DELETE", "/api/v1/devices/" + device
                                + "/restriction?reason=CONSUMER_REQUEST", supplier, null);
                        default -> api.send("POST", "/api/v1/devices/" + device + "/tenancy-changes", dcc,
                                "{\"effectiveAt\":\"" + Instant.now().minus(Duration.ofMillis(random.nextInt(5_000)))
                                        .truncatedTo(ChronoUnit.MILLIS) + "\"}");
                    };
                    // a refusal (already Restricted, not Restricted, a race lost) is an answer too; a 5xx is not
                    assertThat(answer.status()).as(answer.toString()).isLessThan(500);
                    changed += answer.status() == 200 ? 1 : 0;
                }
                return changed;
            }));
        }
        int changed = 0;
        for (Future<Integer> client : done) {
            changed += client.get();
        }
        clients.shutdown();
        assertThat(changed).as("the clients changed something").isPositive();

        String regulator = api.token("OFGEM", UserRole.REGULATOR);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                api.get("/api/v1/history/restricted?supplier=SUPPLIER-SPAN", regulator).json().get("complete")
                        .asBoolean());
        for (int n = 0; n < METERS; n++) {
            DeviceId id = DeviceId.of(meter(n));
            List<RestrictedTimeline.Span> expected = RestrictedTimeline.of(id, devices.history(id));
            List<String> rows = sql.query("SELECT known_from, known_to, valid_from, valid_to FROM restricted_span"
                    + " WHERE device_id = ? ORDER BY known_from, valid_from", (rs, i) -> rs.getLong(1) + " "
                    + rs.getLong(2) + " " + rs.getLong(3) + " " + rs.getLong(4), id.value());
            assertThat(rows).as(id.value()).containsExactlyElementsOf(expected.stream().map(span -> micros(span.knownFrom())
                    + " " + micros(span.knownTo()) + " " + micros(span.validFrom()) + " " + micros(span.validTo()))
                    .toList());
        }
        // and the question across meters agrees with each meter's as-of, now
        List<String> listed = new ArrayList<>();
        api.get("/api/v1/history/restricted?supplier=SUPPLIER-SPAN&limit=1000", regulator).json().get("meters")
                .forEach(m -> listed.add(m.get("deviceId").asText()));
        List<String> restricted = new ArrayList<>();
        for (int n = 0; n < METERS; n++) {
            if (api.get("/api/v1/devices/" + meter(n), regulator).json().get("restricted").asBoolean()) {
                restricted.add(meter(n));
            }
        }
        assertThat(listed).isEqualTo(restricted);
    }

    private static long micros(Instant at) {
        return at == null ? Long.MAX_VALUE : ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }
}
