package uk.smartmeter.restricted.bootstrap.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fleet suite: three nodes on one PostgreSQL, as processes on their own ports, with flag commands (electricity and
 * gas meters, every one with an Idempotency-Key), DCC facts (enrolments) and gate questions spread over all three on
 * shared meters. The node that holds the singleton processors' claims (history, CSP notices, the gate index's
 * checkpoint) is killed with SIGKILL under that load, and started again.
 * <p>
 * Asserted: no acknowledged command is lost and none is doubled; every node's gate equals the store, for the meters
 * and for the GPFs of the gas meters; the history and the CSP feed are complete; each singleton processor was taken
 * over by another node within {@link #FAILOVER_BOUND}; the restarted node's gate index started from the durable
 * checkpoint, not from the store's beginning. Sizes: {@code -Dfleet.commands} (CI 1200), {@code -Dfaults.meters}.
 */
@Tag("fleet")
class ThreeNodesOnOneStoreTest {

    /** Axon's claim timeout (10 s) and a claim check (5 s), with room for a loaded machine. */
    static final Duration FAILOVER_BOUND = Duration.ofSeconds(45);
    private static final int COMMANDS = FaultSizes.intProperty("fleet.commands", 1200);
    private static final Duration LOAD_LIMIT = Duration.ofMinutes(10);
    private static final List<String> SINGLETONS = List.of("history", "csp-notices", "gate-index-checkpoint");

    @Test
    void threeNodesKeepEveryCommandAndTheirReadModelsWhenTheClaimHolderIsKilled() throws Exception {
        long began = System.nanoTime();
        try (Cluster cluster = Cluster.start("fleet", 3)) {
            int half = Math.max(10, FaultSizes.METERS / 2);
            List<String> meters = new ArrayList<>(cluster.enrol(0, half));
            List<String> gasMeters = cluster.enrolGas(0, half);
            meters.addAll(gasMeters);
            Set<String> gas = Set.copyOf(gasMeters);

            Set<ServiceProcess> down = ConcurrentHashMap.newKeySet();
            ConcurrentLinkedQueue<CommandAudit.Attempt> attempts = new ConcurrentLinkedQueue<>();
            AtomicLong next = new AtomicLong();
            AtomicLong acked = new AtomicLong();
            AtomicLong gateAnswers = new AtomicLong();
            AtomicLong gateClosed = new AtomicLong();
            AtomicInteger enrolled = new AtomicInteger(half);
            AtomicLong tenancyChanges = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            long deadline = System.nanoTime() + LOAD_LIMIT.toNanos();
            AtomicInteger workerIds = new AtomicInteger();
            Runnable worker = () -> {
                int id = workerIds.getAndIncrement();
                while (!stop.get() && next.get() < COMMANDS && System.nanoTime() < deadline) {
                    long n = next.getAndIncrement();
                    List<ServiceProcess> up = cluster.nodes.stream().filter(node -> !down.contains(node)).toList();
                    ServiceProcess node = up.get((int) (n % up.size()));
                    if (id % 4 == 3) {
                        // gate traffic and DCC facts beside the commands
                        String meter = meters.get((int) (n % meters.size()));
                        Http.Reply verdict = cluster.askConsumption(node, meter, Duration.ofSeconds(10));
                        gateAnswers.incrementAndGet();
                        if ("DENY R3".equals(Cluster.verdict(verdict))) {
                            gateClosed.incrementAndGet();
                        }
                        if (n % 8 == 7) {
                            // a Change of Tenancy on a shared meter ends its restriction: a fact racing the Suppliers
                            cluster.http.call("POST", node.url("/api/v1/devices/" + meter + "/tenancy-changes"))
                                    .token(cluster.dcc()).json("{}").send();
                            tenancyChanges.incrementAndGet();
                        } else if (n % 8 == 3) {
                            int m = enrolled.getAndIncrement();
                            cluster.http.call("POST", node.url("/api/v1/devices")).token(cluster.dcc())
                                    .json(Cluster.enrolment(m)).send();
                        }
                        continue;
                    }
                    String meter = meters.get((int) (n % meters.size()));
                    boolean apply = (n / meters.size()) % 2 == 0;
                    String key = "fleet-" + n + "-" + UUID.randomUUID().toString().substring(0, 8);
                    String role = gas.contains(meter) ? "GS" : "IS";
                    CommandAudit.Order order = new CommandAudit.Order(n, meter, apply, key,
                            cluster.mint(Cluster.SUPPLIER, role, key));
                    Http.Reply reply = order.call(cluster, node).send();
                    attempts.add(new CommandAudit.Attempt(order, node.name(), reply, new AtomicReference<>()));
                    if (reply.ok()) {
                        acked.incrementAndGet();
                    }
                }
            };
            ExecutorService loadRunner = Executors.newSingleThreadExecutor();
            Future<?> load = loadRunner.submit(() -> cluster.pool.onEveryThread(worker));

            Map<String, String> failover = new LinkedHashMap<>();
            Map<String, Long> failoverMillis = new TreeMap<>();
            String killLine;
            ServiceProcess victim;
            try {
                await("the singletons claimed and the load under way").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(100)).until(() -> acked.get() >= COMMANDS / 6
                                && SINGLETONS.stream().allMatch(name -> owner(cluster, name) != null));
                victim = holderOf(cluster, "history");
                Map<String, Store.Claim> before = cluster.store.claims();
                down.add(victim);
                long headAtKill = cluster.store.headIndex();
                long pid = victim.kill9();
                long killedAt = System.nanoTime();
                // each singleton is failed over when another node holds its claim and has processed past the head seen
                // at the kill (so it works, not only holds the row)
                await("every singleton failed over").atMost(FAILOVER_BOUND.plusSeconds(60))
                        .pollInterval(Duration.ofMillis(200)).until(() -> {
                            Map<String, Store.Claim> now = cluster.store.claims();
                            for (String name : SINGLETONS) {
                                Store.Claim claim = now.get(name);
                                if (!failoverMillis.containsKey(name) && claim != null && claim.owner() != null
                                        && !claim.owner().startsWith(pid + "@") && claim.position() >= headAtKill) {
                                    failoverMillis.put(name, (System.nanoTime() - killedAt) / 1_000_000);
                                    failover.put(name, before.get(name).owner() + " -> " + claim.owner());
                                }
                            }
                            return failoverMillis.keySet().containsAll(SINGLETONS);
                        });
                victim.launch();
                victim.awaitReady();
                down.remove(victim);
                killLine = "kill: " + victim.name() + " (pid " + pid + ", held " + before.keySet() + ") SIGKILL, ready again in "
                        + (System.nanoTime() - killedAt) / 1_000_000 + " ms; failover ms " + failoverMillis + " " + failover;
                System.out.println("FLEET " + killLine);
                long base = acked.get();
                await("the restarted node in the load").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                        .until(() -> acked.get() >= base + 20 || next.get() >= COMMANDS);
            } finally {
                stop.set(true);
                Pool.join(load);
                loadRunner.shutdownNow();
            }
            List<CommandAudit.Attempt> all = new ArrayList<>(attempts);
            CommandAudit.retryUnanswered(cluster, all.stream().filter(CommandAudit.Attempt::unanswered).toList());

            SoftAssertions soft = new SoftAssertions();
            Audit audit = new Audit(cluster, soft);
            List<String> everyMeter = new ArrayList<>(meters);
            for (int m = half; m < enrolled.get(); m++) {
                everyMeter.add(Cluster.meter(m));
            }
            audit.readModelsMatchStore(everyMeter, false);
            gpfsMatchStore(cluster, audit, gasMeters);
            CommandAudit.Result judged = CommandAudit.judge(all, cluster.store.events(), audit);

            for (String name : SINGLETONS) {
                soft.assertThat(failoverMillis.get(name)).as("failover of " + name + " (ms)")
                        .isNotNull().isLessThanOrEqualTo(FAILOVER_BOUND.toMillis());
            }
            soft.assertThat(cluster.store.gateCheckpointRows()).as("the gate index's checkpoint rows")
                    .isEqualTo(Store.restricted(cluster.store.events()).size());
            soft.assertThat(restartedFromCheckpoint(victim)).as("the restarted node's gate index started from the"
                    + " durable checkpoint (its log)").isTrue();
            System.out.printf("FLEET nodes=3 commands=%d acked=%d gateAnswers=%d gateClosed(R3)=%d enrolments=%d tenancyChanges=%d"
                            + " lost=%d duplicated=%d stillInProgress=%d inconsistent=%d %s first=%s retries=%s"
                            + " wallSeconds=%.1f%n", all.size(), acked.get(), gateAnswers.get(), gateClosed.get(),
                    enrolled.get() - half, tenancyChanges.get(), judged.lost(), judged.duplicated(), judged.stillInProgress(),
                    judged.inconsistent(), audit.countLine(), judged.firstOutcomes(), judged.retryOutcomes(),
                    (System.nanoTime() - began) / 1e9);
            soft.assertAll();
        }
    }

    private static String owner(Cluster cluster, String processor) {
        Store.Claim claim = cluster.store.claims().get(processor);
        return claim == null ? null : claim.owner();
    }

    /** The live node whose JVM holds the processor's claim (Axon names the owner "pid@host"). */
    private static ServiceProcess holderOf(Cluster cluster, String processor) {
        String owner = owner(cluster, processor);
        return cluster.nodes.stream().filter(node -> owner != null && owner.startsWith(node.pid() + "@")).findFirst()
                .orElseThrow(() -> new IllegalStateException(processor + " is held by " + owner + ", no node of ours"));
    }

    /** Every live node denies consumption at a gas meter's GPF exactly when the store says the meter is Restricted. */
    private static void gpfsMatchStore(Cluster cluster, Audit audit, List<String> gasMeters) {
        Set<String> restricted = Store.restricted(cluster.store.events());
        List<String> wrong = new ArrayList<>();
        for (ServiceProcess node : cluster.nodes) {
            if (!node.alive()) {
                continue;
            }
            List<String> verdicts = cluster.pool.map(gasMeters, meter -> Cluster.verdict(cluster.askConsumption(node,
                    Cluster.gpf(Integer.parseInt(meter.substring(15).replace("-", ""), 16)), Duration.ofSeconds(30))));
            for (int i = 0; i < gasMeters.size(); i++) {
                String expected = restricted.contains(gasMeters.get(i)) ? "DENY R1" : "ALLOW";
                if (!verdicts.get(i).equals(expected)) {
                    wrong.add(node.name() + ": GPF of " + gasMeters.get(i) + " expected " + expected + ", gate "
                            + verdicts.get(i));
                }
            }
        }
        audit.none("(c) a gate disagrees with the store at a gas meter's GPF", wrong);
    }

    /**
     * The victim's log since its restart says its index started from the checkpoint, with Restricted meters in it (a
     * node started on the fresh store before any restriction would find an empty checkpoint, which proves nothing).
     */
    private static boolean restartedFromCheckpoint(ServiceProcess victim) throws java.io.IOException {
        String log = java.nio.file.Files.readString(victim.log());
        String sinceRestart = log.substring(Math.max(0, log.lastIndexOf("==== faults: start")));
        java.util.regex.Matcher loaded = java.util.regex.Pattern
                .compile("gate index: (\\d+) Restricted meters from the checkpoint at").matcher(sinceRestart);
        return loaded.find() && Long.parseLong(loaded.group(1)) > 0;
    }
}
