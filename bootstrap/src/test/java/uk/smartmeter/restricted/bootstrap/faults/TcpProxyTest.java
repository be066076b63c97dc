package uk.smartmeter.restricted.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The harness's proxy against a local echo server: what each mode does to open and new connections. */
@Tag("faults")
class TcpProxyTest {

    private final ExecutorService echoes = Executors.newCachedThreadPool();
    private ServerSocket echo;
    private TcpProxy proxy;

    @BeforeEach
    void echoServerBehindAProxy() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        echoes.execute(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket client = echo.accept();
                    echoes.execute(() -> {
                        try (client) {
                            client.getInputStream().transferTo(client.getOutputStream());
                        } catch (IOException gone) {
                            // the proxy closed or reset it
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
        proxy = new TcpProxy(echo.getLocalPort());
    }

    @AfterEach
    void close() throws IOException {
        proxy.close();
        echo.close();
        echoes.shutdownNow();
    }

    @Test
    void passForwardsBlackholeHoldsEverythingAndPassDeliversWhatWasHeld() throws IOException {
        try (Socket open = connect()) {
            assertThat(roundTrip(open, "ping")).isEqualTo("ping");

            proxy.mode(TcpProxy.Mode.BLACKHOLE);
            send(open, "held");
            assertThat(catchThrowable(() -> read(open, 4))).isInstanceOf(SocketTimeoutException.class);
            try (Socket during = connect()) {
                send(during, "new");
                assertThat(catchThrowable(() -> read(during, 3))).as("a new connection is accepted, never answered")
                        .isInstanceOf(SocketTimeoutException.class);
            }

            proxy.mode(TcpProxy.Mode.PASS);
            assertThat(read(open, 4)).as("the held bytes, once the partition heals").isEqualTo("held");
            assertThat(roundTrip(open, "again")).isEqualTo("again");
            try (Socket after = connect()) {
                assertThat(roundTrip(after, "fresh")).isEqualTo("fresh");
            }
        }
    }

    @Test
    void cutResetsOpenConnectionsAndEveryNewOneUntilPass() throws IOException {
        try (Socket open = connect()) {
            assertThat(roundTrip(open, "ping")).isEqualTo("ping");

            proxy.mode(TcpProxy.Mode.CUT);
            assertThat(endsAtOnce(open)).as("an open connection is reset").isTrue();
            assertThat(newConnectionEndsAtOnce()).as("a new connection is reset as soon as it is accepted").isTrue();

            proxy.mode(TcpProxy.Mode.PASS);
            try (Socket after = connect()) {
                assertThat(roundTrip(after, "back")).isEqualTo("back");
            }
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()), 2_000);
        socket.setSoTimeout(500);
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        send(socket, text);
        return read(socket, text.length());
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String read(Socket socket, int length) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new IOException("closed after " + bytes.length + " bytes");
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** True when a new connection ends (refused, EOF or reset) within the read timeout. */
    private boolean newConnectionEndsAtOnce() {
        try (Socket socket = connect()) {
            return endsAtOnce(socket);
        } catch (IOException reset) {
            return true;
        }
    }

    /** True when the connection ends (EOF or reset) within the read timeout, whatever is sent. */
    private static boolean endsAtOnce(Socket socket) {
        try {
            send(socket, "x");
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
