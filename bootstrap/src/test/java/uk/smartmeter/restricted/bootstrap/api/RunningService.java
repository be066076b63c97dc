package uk.smartmeter.restricted.bootstrap.api;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.smartmeter.restricted.adapter.rest.security.LocalTokenController;
import uk.smartmeter.restricted.bootstrap.RestrictedModeApplication;

/**
 * The whole service on a random port, on an H2 file of its own, shared by the HTTP suites (one
 * Spring context for all of them). Each suite uses its own device IDs.
 */
@SpringBootTest(classes = RestrictedModeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RunningService {

    @LocalServerPort
    int port;
    @Autowired
    LocalTokenController tokens;
    @Autowired
    protected JdbcTemplate sql;

    protected HttpApi api;
    @Autowired
    uk.smartmeter.restricted.adapter.grpc.GrpcGateServer grpcGate;

    /** A channel to this node's gRPC gate that calls with {@code token}; close it after use. */
    GateTransport.Channel grpc(String token) {
        return GateTransport.Channel.to(grpcGate.port(), token);
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry properties) throws Exception {
        Path dir = Files.createTempDirectory("restricted-http-");
        properties.add("restricted.data-dir", dir::toString);
    }

    @BeforeEach
    void connect() {
        api = new HttpApi(port, tokens);
    }

    protected int refusalsRecorded(String code) {
        return sql.query("SELECT payload FROM DomainEventEntry WHERE payloadType LIKE '%RequestRefused'",
                        (row, n) -> new String(row.getBytes(1), java.nio.charset.StandardCharsets.UTF_8)).stream()
                .mapToInt(json -> json.contains("\"code\":\"" + code + "\"") ? 1 : 0).sum();
    }

    /** Waits until the history processor has committed the store's last event. */
    protected void awaitHistoryCaughtUp() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(20)).until(() -> {
                    long last = sql.queryForObject("SELECT COALESCE(MAX(globalIndex), -1) FROM DomainEventEntry",
                            Long.class);
                    java.util.List<byte[]> token = sql.query("SELECT token FROM TokenEntry WHERE processorName ="
                            + " 'history'", (rs, n) -> rs.getBytes(1));
                    if (token.isEmpty() || token.get(0) == null) {
                        return false;
                    }
                    java.util.regex.Matcher at = java.util.regex.Pattern.compile("\"index\"\\s*:\\s*(\\d+)")
                            .matcher(new String(token.get(0), java.nio.charset.StandardCharsets.UTF_8));
                    return at.find() && Long.parseLong(at.group(1)) >= last;
                });
    }

    protected int eventsOf(String deviceId) {
        return sql.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier = ?", Integer.class,
                deviceId);
    }
}
