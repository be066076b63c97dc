package uk.smartmeter.restricted.adapter.grpc;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import uk.smartmeter.restricted.adapter.grpc.v1.RestrictedGateGrpc;

/**
 * The gate's gRPC server on its own port: the gate service behind {@link GrpcCallers}, and the gRPC health protocol
 * ({@code grpc.health.v1.Health}, unauthenticated, as the HTTP readiness probe is), SERVING while this node is ready.
 * Plain text by default; TLS, and mTLS when client CAs are given, by {@link Settings}.
 */
public final class GrpcGateServer implements AutoCloseable {

    /** The gate service's name in the health protocol. */
    public static final String SERVICE = RestrictedGateGrpc.SERVICE_NAME;

    /**
     * @param address the interface to listen on (an IP address or host name), or null for all of them
     * @param port the port to listen on (0: any free one)
     * @param threads the threads that run calls (a denial's receipt is written on one)
     * @param maxInboundBytes the largest message taken (a DUIS document's limit and its framing)
     * @param certificateChain PEM certificate chain for TLS, or null for plain text
     * @param privateKey PEM private key for TLS, or null
     * @param clientCertificateAuthorities PEM CAs whose client certificates are required (mTLS), or null
     */
    public record Settings(String address, int port, int threads, int maxInboundBytes, File certificateChain,
                           File privateKey, File clientCertificateAuthorities) {
    }

    private final Server server;
    private final HealthStatusManager health = new HealthStatusManager();
    private final BooleanSupplier ready;
    private final ExecutorService calls;

    private GrpcGateServer(Settings settings, GateGrpcService gate, GrpcCallers callers, BooleanSupplier ready) {
        this.ready = ready;
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory named = task -> {
            Thread thread = new Thread(task, "grpc-gate-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.calls = Executors.newFixedThreadPool(settings.threads(), named);
        io.grpc.ServerBuilder<?> builder = settings.address() == null || settings.address().isBlank()
                ? Grpc.newServerBuilderForPort(settings.port(), credentials(settings))
                : io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.forAddress(
                        new java.net.InetSocketAddress(settings.address(), settings.port()), credentials(settings));
        this.server = builder
                .addService(ServerInterceptors.intercept(MalformedMessages.lenient(gate.bindService()), callers))
                .addService(health.getHealthService())
                .executor(calls)
                .maxInboundMessageSize(settings.maxInboundBytes())
                .build();
    }

    /** Starts the server, or fails when its port cannot be bound. */
    public static GrpcGateServer start(Settings settings, GateGrpcService gate, GrpcCallers callers,
                                       BooleanSupplier ready) {
        GrpcGateServer started = new GrpcGateServer(settings, gate, callers, ready);
        started.refreshHealth();
        try {
            started.server.start();
        } catch (IOException unbound) {
            started.calls.shutdownNow();
            throw new UncheckedIOException("the gRPC gate cannot listen on port " + settings.port(), unbound);
        }
        return started;
    }

    /** The port it listens on. */
    public int port() {
        return server.getPort();
    }

    /** Sets the health protocol's status from this node's readiness; called on the readiness probe's interval. */
    public void refreshHealth() {
        ServingStatus status = ready.getAsBoolean() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        health.setStatus("", status);
        health.setStatus(SERVICE, status);
    }

    /** Stops taking calls, lets those in flight finish for a while, then ends the rest. */
    @Override
    public void close() throws InterruptedException {
        health.enterTerminalState();
        server.shutdown();
        if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
            server.shutdownNow();
            server.awaitTermination(5, TimeUnit.SECONDS);
        }
        calls.shutdownNow();
    }

    private static ServerCredentials credentials(Settings settings) {
        if (settings.certificateChain() == null) {
            return InsecureServerCredentials.create();
        }
        try {
            TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder()
                    .keyManager(settings.certificateChain(), settings.privateKey());
            if (settings.clientCertificateAuthorities() != null) {
                tls.trustManager(settings.clientCertificateAuthorities())
                        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
            }
            return tls.build();
        } catch (IOException unreadable) {
            throw new UncheckedIOException("the gRPC gate's TLS files cannot be read", unreadable);
        }
    }
}
