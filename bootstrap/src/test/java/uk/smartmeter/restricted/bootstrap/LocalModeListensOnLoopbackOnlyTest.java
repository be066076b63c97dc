package uk.smartmeter.restricted.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The default start mints any role, so it must not be reachable from another machine: in local mode it listens on
 * loopback unless told otherwise. Checked by connecting through this machine's own non-loopback address.
 */
class LocalModeListensOnLoopbackOnlyTest {

    @TempDir
    Path dataDir;

    @Test
    void theDefaultStartListensOnLoopbackOnly() throws Exception {
        Map<String, Object> local = Map.of("restricted.data-dir", dataDir.toString());
        try (ConfigurableApplicationContext service = ServiceRunner.start(local)) {
            int port = ((WebServerApplicationContext) service).getWebServer().getPort();
            assertThat(service.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
            assertThat(connects(InetAddress.getLoopbackAddress(), port)).isTrue();
            Optional<InetAddress> outside = nonLoopback();
            if (outside.isPresent()) {
                assertThat(connects(outside.get(), port)).as("reachable on %s", outside.get()).isFalse();
            }
        }
    }

    @Test
    void anAddressGivenIsKeptInLocalModeToo() throws Exception {
        Map<String, Object> local = Map.of("restricted.data-dir", dataDir.toString(), "server.address", "0.0.0.0");
        try (ConfigurableApplicationContext service = ServiceRunner.start(local)) {
            int port = ((WebServerApplicationContext) service).getWebServer().getPort();
            assertThat(service.getEnvironment().getProperty("server.address")).isEqualTo("0.0.0.0");
            Optional<InetAddress> outside = nonLoopback();
            if (outside.isPresent()) {
                assertThat(connects(outside.get(), port)).isTrue();
            }
        }
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (java.io.IOException refused) {
            return false;
        }
    }

    private static Optional<InetAddress> nonLoopback() throws Exception {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!network.isUp() || network.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
