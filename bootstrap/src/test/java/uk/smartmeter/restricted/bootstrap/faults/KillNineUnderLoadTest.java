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

    /** One flag command: which meter, apply or clear, its key and its token. */
    private record Order(long n, String meter, boolean apply, String key, String token) {

        Http.Call call(Cluster cluster, ServiceProcess node) {
            Http.Call call = apply ? cluster.apply(node, meter, token, key) : cluster.clear(node, meter, token);
            return call.header("Idempotency-Key", key);
        }
    }

    /** A command's first answer, and the retry's when the first was none (or a 5xx). */
    private record Attempt(Order order, String node, Http.Reply first, AtomicReference<Http.Reply> retried) {

        Http.Reply last() {
            Http.Reply retry = retried.get();
            return retry != null ? retry : first;
        }

        boolean unanswered() {
            return !first.answered() || first.status() >= 500;
        }
    }

    @Test
    void acknowledgedCommandsSurviveKillNineAndUnansweredKeysResolve() throws Exception {
        long began = System.nanoTime();
        try (Cluster cluster = Cluster.start("kill-nine", 2)) {
            List<String> meters = cluster.enrol(0, FaultSizes.METERS);
            ServiceProcess victim = cluster.node(0);
            Set<ServiceProcess> down = ConcurrentHashMap.newKeySet();
            ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
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
                    Order order = new Order(n, meter, apply, key, cluster.mint(Cluster.SUPPLIER, "IS", key));
                    List<ServiceProcess> up = cluster.nodes.stream().filter(node -> !down.contains(node)).toList();
                    ServiceProcess node = up.get((int) (n % up.size()));
                    Http.Reply reply = order.call(cluster, node).send();
                    attempts.add(new Attempt(order, node.name(), reply, new AtomicReference<>()));
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
            List<Attempt> all = new ArrayList<>(attempts);

            // every request that got no answer (or a 5xx), again with the same key and body, against live nodes
            List<Attempt> unanswered = all.stream().filter(Attempt::unanswered).toList();
            long retryStart = System.nanoTime();
            AtomicLong turn = new AtomicLong();
            cluster.pool.map(unanswered, attempt -> {
                try {
                    // polled in this thread, so that the window's end never interrupts a retry in flight
                    await("a retry of " + attempt.order().key()).atMost(FaultSizes.RETRY_WINDOW).pollInSameThread()
                            .pollInterval(Duration.ofMillis(500)).until(() -> {
                                ServiceProcess node = cluster.node((int) (turn.incrementAndGet() % cluster.nodes.size()));
                                Http.Reply reply = attempt.order().call(cluster, node).timeout(Duration.ofSeconds(10))
                                        .send();
                                attempt.retried().set(reply);
                                return reply.answered() && reply.status() < 500
                                        && !"REQUEST_IN_PROGRESS".equals(reply.code());
                            });
                } catch (ConditionTimeoutException unresolved) {
                    // judged below from its last answer
                }
                return null;
            });
            double retrySeconds = (System.nanoTime() - retryStart) / 1e9;

            SoftAssertions soft = new SoftAssertions();
            Audit audit = new Audit(cluster, soft);
            audit.readModelsMatchStore(meters, false);

            List<Store.Event> events = cluster.store.events();
            Map<String, List<Store.Event>> byKey = Store.byActingUser(events);
            Map<String, List<Store.Event>> streams = Store.streams(events);
            List<String> lost = new ArrayList<>();
            List<String> duplicated = new ArrayList<>();
            List<String> inconsistent = new ArrayList<>();
            List<String> stillInProgress = new ArrayList<>();
            Map<String, Long> firstOutcomes = new TreeMap<>();
            Map<String, Long> retryOutcomes = new TreeMap<>();
            long replayed = 0;
            for (Attempt attempt : all) {
                Order order = attempt.order();
                firstOutcomes.merge(attempt.first().outcome(), 1L, Long::sum);
                if (attempt.retried().get() != null) {
                    retryOutcomes.merge(attempt.retried().get().outcome(), 1L, Long::sum);
                    if (attempt.retried().get().header("Idempotency-Replayed").isPresent()) {
                        replayed++;
                    }
                }
                // a flag change's effect is its Device event; a refusal it met (a lost race answered 409) is recorded as
                // a RequestRefused under the same acting user, which is the record of the refusal, not an effect
                List<Store.Event> effects = byKey.getOrDefault(order.key(), List.of()).stream()
                        .filter(event -> !event.type().equals("RequestRefused")).toList();
                String what = order.key() + " (" + (order.apply() ? "apply" : "clear") + " " + order.meter() + " via "
                        + attempt.node() + ", first answer " + attempt.first().outcome()
                        + (attempt.retried().get() == null ? "" : ", retry " + attempt.retried().get().outcome()) + ")";
                if (effects.size() > 1) {
                    duplicated.add(what + ": " + effects.size() + " events " + effects.stream()
                            .map(event -> event.type() + "@" + event.globalIndex()).toList());
                }
                Http.Reply last = attempt.last();
                if (last.ok()) {
                    JsonNode body = last.json();
                    long version = body.path("device").path("version").asLong(-1);
                    boolean restricted = body.path("device").path("restricted").asBoolean();
                    String expectedType = order.apply() ? "RestrictionApplied" : "RestrictionCleared";
                    if (body.path("changed").asBoolean(false)) {
                        boolean there = effects.stream().anyMatch(event -> event.aggregate().equals(order.meter())
                                && event.sequence() == version && event.type().equals(expectedType));
                        if (!there) {
                            lost.add(what + ": answered changed=true at version " + version + ", store has "
                                    + effects.stream().map(event -> event.type() + "@" + event.aggregate() + "/"
                                    + event.sequence()).toList());
                        }
                    } else {
                        boolean inStore = Store.restrictedAt(streams.getOrDefault(order.meter(), List.of()), version);
                        if (restricted != order.apply() || inStore != restricted
                                || (!effects.isEmpty() && attempt.retried().get() == null)) {
                            inconsistent.add(what + ": answered changed=false restricted=" + restricted + " at version "
                                    + version + ", store restricted=" + inStore + ", its events " + effects.size());
                        }
                    }
                } else if (last.status() == 409 && "CONCURRENT_UPDATE".equals(last.code())) {
                    if (!effects.isEmpty()) {
                        inconsistent.add(what + ": answered 409 CONCURRENT_UPDATE but its effect is in the store: "
                                + effects.stream().map(event -> event.type() + "@" + event.globalIndex()).toList());
                    }
                } else if (last.status() == 409 && "REQUEST_IN_PROGRESS".equals(last.code())) {
                    stillInProgress.add(what + ": still 409 REQUEST_IN_PROGRESS after retrying for "
                            + FaultSizes.RETRY_WINDOW.toSeconds() + " s; its events in the store: " + effects.size());
                } else {
                    inconsistent.add(what + ": final answer " + last + "; its events in the store: " + effects.size());
                }
            }
            audit.none("acknowledged changes whose events are not in the store", lost);
            audit.none("requests whose effect is in the store more than once", duplicated);
            audit.none("unanswered keys still REQUEST_IN_PROGRESS after the retry window", stillInProgress);
            audit.none("answers inconsistent with the store", inconsistent);

            long acked = all.stream().filter(attempt -> attempt.first().ok()).count();
            System.out.printf("FAULTS kill-nine nodes=2 kills=%d commands=%d acked=%d unanswered=%d (no answer=%d,"
                            + " 5xx=%d) retrySeconds=%.1f replayed=%d lost=%d duplicated=%d stillInProgress=%d"
                            + " inconsistent=%d %s first=%s retries=%s wallSeconds=%.1f%n",
                    kills.size(), all.size(), acked, unanswered.size(),
                    unanswered.stream().filter(attempt -> !attempt.first().answered()).count(),
                    unanswered.stream().filter(attempt -> attempt.first().status() >= 500).count(), retrySeconds,
                    replayed, lost.size(), duplicated.size(), stillInProgress.size(), inconsistent.size(),
                    audit.countLine(), firstOutcomes, retryOutcomes, (System.nanoTime() - began) / 1e9);
            kills.forEach(line -> System.out.println("FAULTS kill-nine " + line));
            soft.assertThat(kills).as("SIGKILLs delivered under load").hasSize(FaultSizes.KILLS);
            soft.assertAll();
        }
    }
}
