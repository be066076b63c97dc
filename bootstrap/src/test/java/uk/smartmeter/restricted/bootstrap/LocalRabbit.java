package uk.smartmeter.restricted.bootstrap;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.time.Duration;
import java.time.Instant;

/**
 * The machine's RabbitMQ (127.0.0.1:5672, guest/guest) for the "rabbitmq" suites. Starts the broker
 * when it is down rather than assuming someone else did; can stop and start it, for outage tests.
 */
public final class LocalRabbit {

    private LocalRabbit() {
    }

    public static void ensureRunning() throws Exception {
        if (!reachable()) {
            start();
        }
    }

    /** Stops the broker node and waits until it no longer accepts connections. */
    public static void stop() throws Exception {
        run("rabbitmqctl", "stop");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (reachable()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("RabbitMQ still accepts connections 30 s after rabbitmqctl stop");
            }
            Thread.sleep(200);
        }
    }

    /** Starts the broker and waits until it accepts AMQP connections. */
    public static void start() throws Exception {
        run("rabbitmq-server", "-detached");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (!reachable()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("RabbitMQ did not come up on 127.0.0.1:5672 within 90 s");
            }
            Thread.sleep(500);
        }
    }

    public static boolean reachable() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setConnectionTimeout(1_000);
        try (Connection ignored = factory.newConnection("restricted-mode-test-probe")) {
            return true;
        } catch (Exception down) {
            return false;
        }
    }

    private static void run(String... command) throws Exception {
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                .waitFor();
    }
}
