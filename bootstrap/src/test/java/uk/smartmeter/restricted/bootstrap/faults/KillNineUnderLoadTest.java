package uk.smartmeter.restricted.bootstrap.faults;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two nodes under flag-command load, every command with an Idempotency-Key, and one node killed with SIGKILL three
 * times while the load runs (and started again each time). Every acknowledged command must be in the store; every
 * command that got no answer, retried with the same key and body against a live node, must resolve within the retry
 * window, consistently with the store; and the read models must equal the store.
 *
 * <p>Each command's token names its Idempotency-Key as the acting user, so every event a request caused carries its
 * key in the store ({@code actor.actingUser}): that is how the test tells a request's effect, and a duplicate of it,
 * from another request's.
 */
@Tag("faults")
class KillNineUnderLoadTest {

    private static final Duration LOAD_LIMIT = Duration.ofMinutes(10);
    /** Client threads that keep sending while the killed node restarts. */
    private static final int RESTART_LOAD = 1;

    @Test
    void acknowledgedCommandsSurviveKillNineAndUnansweredKeysResolve() throws Exception {
        long began = System.nanoTime();
        try (Cluster cluster = Cluster.start("kill-nine", 2)) {
            List<String> meters = cluster.enrol(0, FaultSizes.METERS);
            ServiceProcess victim = cluster.node(0);
            Set<ServiceProcess> down = ConcurrentHashMap.newKeySet();
            ConcurrentLinkedQueue<CommandAudit.Attempt> attempts = new ConcurrentLinkedQueue<>();
            AtomicLong next = new AtomicLong();
            AtomicLong victimAcks = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            long deadline = System.nanoTime() + LOAD_LIMIT.toNanos();

            // While the victim restarts, only RESTART_LOAD of the client threads go on (against the survivor): on two
            // cores, the full load would starve the restarting JVM for minutes. At each kill every thread is busy.
            AtomicBoolean restarting = new AtomicBoolean();
            Object restarted = new Object();
            AtomicInteger workerIds = new AtomicInteger();
            Runnable worker = () -> {
                int id = workerIds.getAndIncrement();
                while ((!stop.get() || next.get() < FaultSizes.COMMANDS) && System.nanoTime() < deadline) {
                    if (id >= RESTART_LOAD) {
                        synchronized (restarted) {
                            while (restarting.get() && !stop.get()) {
                                try {
                                    restarted.wait(1_000);
                                } catch (InterruptedException interrupted) {
                                    Thread.currentThread().interrupt();
                                    return;
                                }
                            }
                        }
                    }
                    long n = next.getAndIncrement();
                    String meter = meters.get((int) (n % meters.size()));
                    boolean apply = (n / meters.size()) % 2 == 0;
                    String key = "k9-" + n + "-" + UUID.randomUUID().toString().substring(0, 8);
                    CommandAudit.Order order = new CommandAudit.Order(n, meter, apply, key, cluster.mint(Cluster.SUPPLIER, "IS", key));
                    List<ServiceProcess> up = cluster.nodes.stream().filter(node -> !down.contains(node)).toList();
                    ServiceProcess node = up.get((int) (n % up.size()));
                    Http.Reply reply = order.call(cluster, node).send();
                    attempts.add(new CommandAudit.Attempt(order, node.name(), reply, new AtomicReference<>()));
                    if (reply.ok() && node == victim) {
                        victimAcks.incrementAndGet();
                    }
                }
            };
            ExecutorService loadRunner = Executors.newSingleThreadExecutor();
            Future<?> load = loadRunner.submit(() -> cluster.pool.onEveryThread(worker));

            long threshold = Math.max(20, FaultSizes.COMMANDS / (FaultSizes.KILLS + 1) / 4);
            List<String> kills = new ArrayList<>();
            try {
                for (int k = 1; k <= FaultSizes.KILLS; k++) {
                    long base = victimAcks.get();
                    await("the victim acknowledging " + threshold + " commands").atMost(Duration.ofSeconds(120))
                            .pollInterval(Duration.ofMillis(20)).until(() -> victimAcks.get() >= base + threshold);
                    down.add(victim);
                    restarting.set(true);
                    long issued = next.get();
                    long pid = victim.kill9();
                    long killedAt = System.nanoTime();
                    victim.launch();
                    victim.awaitReady();
                    down.remove(victim);
                    synchronized (restarted) {
                        restarting.set(false);
                        restarted.notifyAll();
                    }
                    kills.add("kill " + k + ": pid " + pid + " SIGKILL after " + issued + " commands, ready again in "
                            + (System.nanoTime() - killedAt) / 1_000_000 + " ms");
                    System.out.println("FAULTS kill-nine " + kills.get(kills.size() - 1));
                }
                long base = victimAcks.get();
                await("the restarted victim acknowledging commands").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(20)).until(() -> victimAcks.get() >= base + threshold);
            } finally {
                stop.set(true);
                synchronized (restarted) {
                    restarting.set(false);
                    restarted.notifyAll();
                }
                Pool.join(load);
                loadRunner.shutdownNow();
            }
            List<CommandAudit.Attempt> all = new ArrayList<>(attempts);

            // every request that got no answer (or a 5xx), again with the same key and body, against live nodes
            List<CommandAudit.Attempt> unanswered = all.stream().filter(CommandAudit.Attempt::unanswered).toList();
            long retryStart = System.nanoTime();
            CommandAudit.retryUnanswered(cluster, unanswered);
            double retrySeconds = (System.nanoTime() - retryStart) / 1e9;

            SoftAssertions soft = new SoftAssertions();
            Audit audit = new Audit(cluster, soft);
            audit.readModelsMatchStore(meters, false);

            CommandAudit.Result judged = CommandAudit.judge(all, cluster.store.events(), audit);
            long acked = all.stream().filter(attempt -> attempt.first().ok()).count();
            System.out.printf("FAULTS kill-nine nodes=2 kills=%d commands=%d acked=%d unanswered=%d (no answer=%d,"
                            + " 5xx=%d) retrySeconds=%.1f replayed=%d lost=%d duplicated=%d stillInProgress=%d"
                            + " inconsistent=%d %s first=%s retries=%s wallSeconds=%.1f%n",
                    kills.size(), all.size(), acked, unanswered.size(),
                    unanswered.stream().filter(attempt -> !attempt.first().answered()).count(),
                    unanswered.stream().filter(attempt -> attempt.first().status() >= 500).count(), retrySeconds,
                    judged.replayed(), judged.lost(), judged.duplicated(), judged.stillInProgress(), judged.inconsistent(),
                    audit.countLine(), judged.firstOutcomes(), judged.retryOutcomes(), (System.nanoTime() - began) / 1e9);
            kills.forEach(line -> System.out.println("FAULTS kill-nine " + line));
            soft.assertThat(kills).as("SIGKILLs delivered under load").hasSize(FaultSizes.KILLS);
            soft.assertAll();
        }
    }
}
