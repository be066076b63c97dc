package uk.smartmeter.restricted.adapter.grpc;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import uk.smartmeter.restricted.application.port.in.GateDecisions;
import uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase;
import uk.smartmeter.restricted.application.schedule.Recurring;

/**
 * The gRPC gate: its server on {@code restricted.grpc.port} (on {@code restricted.grpc.address}, else where HTTP
 * listens: {@code server.address}, the loopback interface in local mode), the same token verifier as the HTTP API,
 * and its health status kept from this node's readiness group ({@code /actuator/health/readiness}: the gate index's
 * freshness and the catalogue in force).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GrpcProperties.class)
@ConditionalOnProperty(name = "restricted.grpc.enabled", havingValue = "true", matchIfMissing = true)
public class GrpcAdapterConfiguration {

    @Bean
    GrpcCallers grpcCallers(JwtDecoder tokens, RecordRefusalUseCase refusals, java.time.Clock clock,
                            @Value("${restricted.api.auth.clock-skew:5s}") java.time.Duration clockSkew) {
        return new GrpcCallers(tokens, refusals, clock, clockSkew);
    }

    @Bean
    GateGrpcService gateGrpcService(GrpcCallers callers, GateDecisions gate, RecordRefusalUseCase refusals,
                                    @Value("${restricted.api.duis.max-bytes:2097152}") int duisMaxBytes,
                                    @Value("${restricted.api.duis.dcc-eui:90-B3-D5-1F-30-00-00-02}") String dccEui) {
        return new GateGrpcService(callers, gate, refusals, duisMaxBytes, dccEui);
    }

    @Bean(destroyMethod = "close")
    GrpcGateServer grpcGateServer(GrpcProperties properties, GateGrpcService gate, GrpcCallers callers,
                                  HealthEndpoint health,
                                  @Value("${restricted.api.duis.max-bytes:2097152}") int duisMaxBytes,
                                  @Value("${server.address:}") String httpAddress) {
        GrpcProperties.Tls tls = properties.tls();
        // where HTTP listens unless told otherwise: in local mode, the loopback interface only
        String address = properties.address() != null ? properties.address() : httpAddress;
        GrpcGateServer.Settings settings = new GrpcGateServer.Settings(address, properties.port(),
                properties.threadsOrDefault(), duisMaxBytes + 4096, tls.certificateChain(), tls.privateKey(),
                tls.clientCertificateAuthorities());
        return GrpcGateServer.start(settings, gate, callers, () -> {
            HealthComponent readiness = health.healthForPath("readiness");
            return readiness != null && Status.UP.equals(readiness.getStatus());
        });
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService grpcHealthRefresh(GrpcGateServer server, GrpcProperties properties) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "grpc-gate-health");
            thread.setDaemon(true);
            return thread;
        });
        Recurring.schedule(timer, "the gRPC gate's health status", properties.healthInterval(),
                properties.healthInterval(), server::refreshHealth);
        return timer;
    }
}
