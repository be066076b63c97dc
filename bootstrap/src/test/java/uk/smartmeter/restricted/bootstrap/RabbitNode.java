package uk.smartmeter.restricted.bootstrap;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A RabbitMQ node of a test's own: its own node name, AMQP and distribution ports, data and log folders, and no
 * plugins, so that a test can stop and start it without touching the machine's broker or any other test's. Deleted
 * with its data when closed (unless {@code KEEP_RABBIT} is set in the environment: then the folder stays, with the
 * node's logs, for a failed run).
 */
public final class RabbitNode implements AutoCloseable {

    private static final Path SBIN = Path.of("/usr/lib/rabbitmq/bin");

    private final String name;
    private final int port;
    private final Path dir;
    private final Map<String, String> environment;

    private RabbitNode(String name, int port, int distributionPort, Path dir) {
        this.name = name;
        this.port = port;
        this.dir = dir;
        this.environment = Map.ofEntries(
                // not the machine's node settings (/etc/rabbitmq/rabbitmq-env.conf names its node)
                Map.entry("RABBITMQ_CONF_ENV_FILE", "/dev/null"),
                Map.entry("RABBITMQ_NODENAME", name),
                Map.entry("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString()),
                Map.entry("RABBITMQ_NODE_PORT", Integer.toString(port)),
                Map.entry("RABBITMQ_DIST_PORT", Integer.toString(distributionPort)),
                Map.entry("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString()),
                Map.entry("RABBITMQ_LOG_BASE", dir.resolve("log").toString()),
                Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString()),
                Map.entry("RABBITMQ_PID_FILE", dir.resolve("pid").toString()),
                Map.entry("ERL_EPMD_ADDRESS", "127.0.0.1"));
    }

    /** A new node, started, accepting AMQP connections on its own port. */
    public static RabbitNode start(String purpose) throws Exception {
        int port = freePort();
        int distribution = freePort();
        Path dir = Files.createTempDirectory("restricted-rabbit-" + purpose + "-");
        Files.writeString(dir.resolve("rabbitmq.conf"), "listeners.tcp.local = 127.0.0.1:" + port + "\n"
                + "loopback_users = none\n");
        Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
        RabbitNode node = new RabbitNode("restricted-" + purpose + "-" + port + "@localhost", port, distribution, dir);
        node.startAgain();
        return node;
    }

    public int port() {
        return port;
    }

    /** Starts the node (again, on its data) and waits until it accepts AMQP connections. */
    public void startAgain() throws Exception {
        run("rabbitmq-server", "-detached");
        Eventually.holds("RabbitMQ node " + name + " accepting connections on " + port, Duration.ofSeconds(90),
                this::reachable);
    }

    /** Stops the node and waits until it no longer accepts connections. */
    public void stop() throws Exception {
        run("rabbitmqctl", "-n", name, "stop");
        Eventually.holds("RabbitMQ node " + name + " stopped", Duration.ofSeconds(30), () -> !reachable());
    }

    public boolean reachable() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setConnectionTimeout(1_000);
        try (Connection ignored = factory.newConnection("restricted-mode-test-probe")) {
            return true;
        } catch (Exception down) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        if (reachable()) {
            stop();
        }
        if (System.getenv("KEEP_RABBIT") != null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private void run(String command, String... arguments) throws Exception {
        String executable = Files.isExecutable(SBIN.resolve(command)) ? SBIN.resolve(command).toString() : command;
        String[] line = new String[arguments.length + 1];
        line[0] = executable;
        System.arraycopy(arguments, 0, line, 1, arguments.length);
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(dir.resolve("commands.log").toFile().exists()
                        ? ProcessBuilder.Redirect.appendTo(dir.resolve("commands.log").toFile())
                        : ProcessBuilder.Redirect.to(dir.resolve("commands.log").toFile()));
        builder.environment().putAll(environment);
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(command + " " + String.join(" ", arguments) + " exited " + exit + "; see "
                    + dir.resolve("commands.log"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
