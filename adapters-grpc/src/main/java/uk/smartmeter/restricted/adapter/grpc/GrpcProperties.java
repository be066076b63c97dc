package uk.smartmeter.restricted.adapter.grpc;

import java.io.File;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gRPC gate's settings, under {@code restricted.grpc.*}.
 *
 * @param enabled        whether this node serves the gate over gRPC
 * @param address        the interface it listens on; unset: where HTTP listens ({@code server.address}: the loopback
 *                       interface in local mode, all interfaces when that is unset too)
 * @param port           its port (0: any free one, as the tests use)
 * @param threads        the threads that run calls; 0 means four per core
 * @param healthInterval how often the health protocol's status is set from this node's readiness
 * @param tls            TLS, and mTLS when client CAs are given; plain text when no certificate is given
 */
@ConfigurationProperties("restricted.grpc")
public record GrpcProperties(
        @DefaultValue("true") boolean enabled,
        String address,
        @DefaultValue("9090") int port,
        @DefaultValue("0") int threads,
        @DefaultValue("1s") Duration healthInterval,
        @DefaultValue Tls tls) {

    /**
     * @param certificateChain PEM certificate chain of this node
     * @param privateKey PEM private key (PKCS #8)
     * @param clientCertificateAuthorities PEM CAs; when given, every client must present a certificate they signed
     */
    public record Tls(File certificateChain, File privateKey, File clientCertificateAuthorities) {

        public Tls {
            if ((certificateChain == null) != (privateKey == null)) {
                throw new IllegalArgumentException("restricted.grpc.tls: give both certificate-chain and private-key");
            }
            if (clientCertificateAuthorities != null && certificateChain == null) {
                throw new IllegalArgumentException(
                        "restricted.grpc.tls.client-certificate-authorities needs the node's own certificate-chain");
            }
        }
    }

    int threadsOrDefault() {
        return threads > 0 ? threads : 4 * Runtime.getRuntime().availableProcessors();
    }
}
