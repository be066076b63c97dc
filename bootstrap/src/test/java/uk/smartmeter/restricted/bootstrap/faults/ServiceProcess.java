package uk.smartmeter.restricted.bootstrap.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One node of the service as a real operating-system process: {@code java -jar bootstrap/target/restricted-mode-exec.jar}
 * on PostgreSQL with local tokens signed by one secret shared by every node (so a token minted by one node is good on
 * all), no device cache (several writers), and a port of its own. Its console goes to
 * {@code bootstrap/target/faults/<name>.log} (each start appended, after a marker line).
 *
 * <p>{@link #kill9()} is {@code kill -9}: {@link Process#destroyForcibly()} on the JVM's own process (it is started
 * directly, no shell in between, so the child's pid is the service's), which on Linux sends SIGKILL; the exit status
 * 137 (128 + 9) proves it was that signal. A shutdown hook kills every node still running if the test JVM goes away.
 */
final class ServiceProcess implements AutoCloseable {

    /** The HMAC key every node signs and checks local tokens with (32+ bytes). */
    static final String SECRET = "restricted-mode-fault-suite-shared-local-secret";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Http HTTP = new Http();
    /**
     * Extra JVM options of every node ({@code -Dfaults.node-jvm-args=...}, blank for none). By default the JIT stops
     * at C1: on two cores shared with the load and a second node, a node restarted after kill -9 was measured ready
     * in 32 s instead of 78 s. The service's behaviour under faults does not depend on the JIT tier.
     */
    private static final List<String> NODE_JVM_ARGS = List.of(System.getProperty("faults.node-jvm-args",
            "-XX:TieredStopAtLevel=1").trim().split("\\s+")).stream().filter(arg -> !arg.isEmpty()).toList();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "faults-kill-nodes"));
    }

    private final String name;
    private final String jdbcUrl;
    private final List<String> extra;
    private final int port;
    private final int grpcPort;
    private final Path log;
    private volatile Process process;
    private int starts;

    private ServiceProcess(String name, String jdbcUrl, List<String> extra) {
        this.name = name;
        this.jdbcUrl = jdbcUrl;
        this.extra = List.copyOf(extra);
        this.port = freePort();
        this.grpcPort = freePort();
        this.log = FaultsJar.dir().resolve(name + ".log");
    }

    /** Starts a node and waits until it is ready. */
    static ServiceProcess start(String name, String jdbcUrl, String... extra) {
        ServiceProcess node = launch(name, jdbcUrl, extra);
        node.awaitReady();
        return node;
    }

    /** Starts a node without waiting for it (see {@link #awaitReady()}). */
    static ServiceProcess launch(String name, String jdbcUrl, String... extra) {
        ServiceProcess node = new ServiceProcess(name, jdbcUrl, List.of(extra));
        node.launch();
        return node;
    }

    String name() {
        return name;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String url(String path) {
        return baseUrl() + path;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        Process running = process;
        return running != null && running.isAlive();
    }

    /** The port of its gRPC gate. */
    int grpcPort() {
        return grpcPort;
    }

    /** Starts the process again on the same port and database (after {@link #kill9()} or {@link #stop()}). */
    synchronized void launch() {
        if (alive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + System.getProperty("faults.node-heap", "768m"),
                "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(NODE_JVM_ARGS);
        command.addAll(List.of(
                // Axon writes a machine id under user.home; keep it out of the real home
                "-Duser.home=" + FaultsJar.dir().resolve("home"),
                "-jar", FaultsJar.jar().toString(),
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + jdbcUrl,
                "--restricted.api.auth.mode=local",
                "--restricted.api.auth.local-secret=" + SECRET,
                "--restricted.device-cache=false",
                // the load generators act as a few parties, far faster than a real one: no rate limit here
                "--restricted.api.rate-limit.enabled=false",
                "--restricted.data-dir=" + FaultsJar.dir().resolve(name + "-data"),
                // one signing key and one checkpoint archive for the cluster, as production gives every node
                "--restricted.history.signing-key=" + FaultsJar.dir().resolve("history-signing-key.pem"),
                // the archive belongs to the database its checkpoints are of: one per suite's database
                "--restricted.history.checkpoint-archive=" + FaultsJar.dir().resolve("checkpoints-"
                        + jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1).replaceFirst("[?;].*", "")),
                "--server.port=" + port,
                "--restricted.grpc.port=" + grpcPort));
        command.addAll(extra);
        starts++;
        try {
            Files.createDirectories(log.getParent());
            // a new node starts a new log; its restarts are appended after a marker
            Files.writeString(log, "==== faults: start " + starts + " of " + name + " at " + Instant.now() + ": "
                            + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, starts == 1 ? StandardOpenOption.TRUNCATE_EXISTING
                            : StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            Process started = new ProcessBuilder(command)
                    .directory(FaultsJar.dir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            RUNNING.add(started);
            process = started;
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot start " + name, failed);
        }
    }

    /** Waits (polling, never sleeping blind) until {@code /actuator/health/readiness} answers 200. */
    void awaitReady() {
        awaitReady(START_TIMEOUT);
    }

    void awaitReady(Duration atMost) {
        await("readiness of " + name + " (log: " + log + ")").atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Process running = process;
                    if (!running.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + running.exitValue()
                                + " before it was ready; see " + log);
                    }
                    return readiness(Duration.ofSeconds(2)).status() == 200;
                });
    }

    Http.Reply readiness(Duration timeout) {
        return HTTP.get(url("/actuator/health/readiness"), null, timeout);
    }

    Http.Reply health(Duration timeout) {
        return HTTP.get(url("/actuator/health"), null, timeout);
    }

    /**
     * kill -9: SIGKILL to the service's JVM, which gets no chance to finish anything. Returns its pid. Fails unless
     * the process was ended by SIGKILL (exit status 137).
     */
    long kill9() {
        Process running = process;
        ProcessHandle handle = running.toHandle();
        handle.info().command().filter(command -> !command.endsWith("java")).ifPresent(command -> {
            throw new IllegalStateException(name + ": pid " + handle.pid() + " is " + command + ", not the service's JVM");
        });
        running.destroyForcibly();
        int status = waitFor(running, Duration.ofSeconds(30));
        if (status != 128 + 9) {
            throw new IllegalStateException(name + " (pid " + handle.pid() + ") ended with status " + status
                    + ", not by SIGKILL (137)");
        }
        RUNNING.remove(running);
        return handle.pid();
    }

    /** A graceful stop (SIGTERM), forcibly after 30 s. */
    void stop() {
        Process running = process;
        if (running == null || !running.isAlive()) {
            return;
        }
        running.destroy();
        try {
            if (!running.waitFor(30, TimeUnit.SECONDS)) {
                running.destroyForcibly();
                running.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(running);
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return name + "@" + port;
    }

    private static int waitFor(Process process, Duration atMost) {
        try {
            if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("pid " + process.pid() + " still running after SIGKILL");
            }
            return process.exitValue();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    static int freePort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            probe.setReuseAddress(true);
            return probe.getLocalPort();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }
}
