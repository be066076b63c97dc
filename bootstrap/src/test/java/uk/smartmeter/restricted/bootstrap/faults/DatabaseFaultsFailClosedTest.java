package uk.smartmeter.restricted.bootstrap.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Node F reaches PostgreSQL through a {@link TcpProxy}, node B directly. While B restricts meters continuously and a
 * client keeps asking F's gate about consumption reads of them (and of meters restricted long before: two askers over
 * HTTP, one over gRPC, held to the same rules), F's database
 * is blackholed (a partition: nothing answered) for the outage, then, in the second test, cut (connections reset).
 * F must fail closed within {@code max-lag} + one check interval: never ALLOW a meter B's restriction of which was
 * acknowledged more than max-lag before the question, readiness 503 in time, health always answering within a
 * second, flag commands refused with 503 problem+json (never a 500, never hanging). Afterwards it must recover with
 * nothing lost.
 */
@Tag("faults")
class DatabaseFaultsFailClosedTest {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration GATE_TIMEOUT = FaultSizes.FAULT_COMMAND_TIMEOUT;
    private static final Duration RECOVERY = Duration.ofSeconds(60);
    private static final int F_METERS = 20;

    @Test
    void blackholedDatabase() throws Exception {
        scenario(TcpProxy.Mode.BLACKHOLE);
    }

    @Test
    void cutDatabase() throws Exception {
        scenario(TcpProxy.Mode.CUT);
    }

    private record Probe(String kind, long sent, long done, String outcome, boolean answered) {
    }

    private record GateAnswer(String meter, long sent, long done, String verdict, String via) {
    }

    private record CommandAnswer(long sent, long done, String outcome, int status, String contentType) {
    }

    private void scenario(TcpProxy.Mode fault) throws Exception {
        long began = System.nanoTime();
        String label = fault.name().toLowerCase();
        try (TcpProxy proxy = new TcpProxy(5432);
             Cluster cluster = Cluster.onFreshDatabase("db-" + label)) {
            ServiceProcess b = cluster.addNode("b", cluster.jdbcUrl);
            ServiceProcess f = cluster.addNode("f",
                    cluster.jdbcUrl.replace("//127.0.0.1:5432/", "//127.0.0.1:" + proxy.port() + "/"));
            int meterCount = FaultSizes.METERS;
            List<String> meters = cluster.enrol(0, meterCount);
            List<String> fMeters = cluster.enrol(meterCount, F_METERS);
            List<String> before = meters.subList(0, meterCount / 5);
            List<String> during = meters.subList(meterCount / 5, meterCount);
            String supplier = cluster.supplier();
            Map<String, Long> acknowledged = new ConcurrentHashMap<>();
            for (String meter : before) {
                Http.Reply reply = cluster.apply(b, meter, supplier, "RS-BEFORE").send();
                if (reply.status() != 200) {
                    throw new IllegalStateException("restricting " + meter + " before the fault: " + reply);
                }
                acknowledged.put(meter, reply.doneNanos());
            }
            Audit warmUp = new Audit(cluster, new SoftAssertions());
            await("F's gate denying the meters restricted before the fault").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).until(() -> warmUp.gateDeniesAll(f, before));

            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<Probe> probes = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<GateAnswer> gate = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<CommandAnswer> commands = new ConcurrentLinkedQueue<>();
            AtomicLong restrictedByB = new AtomicLong();
            ExecutorService threads = Executors.newFixedThreadPool(7);
            List<Future<?>> running = new ArrayList<>();
            long pace = (FaultSizes.OUTAGE.toNanos() + Duration.ofSeconds(5).toNanos()) / during.size();

            // B restricts the meters one after another, at a pace that spans the outage
            running.add(threads.submit(() -> {
                long at = System.nanoTime();
                for (String meter : during) {
                    if (stop.get()) {
                        return;
                    }
                    Http.Reply reply = cluster.apply(b, meter, supplier, "RS-DURING").send();
                    if (reply.status() == 200) {
                        acknowledged.put(meter, reply.doneNanos());
                        restrictedByB.incrementAndGet();
                    }
                    at += pace;
                    LockSupport.parkNanos(at - System.nanoTime()); // pacing the load, not waiting for a result
                }
            }));
            // a client asks F's gate about consumption reads, of meters restricted before and during the fault
            List<String> asked = Stream.concat(before.stream(), during.stream()).toList();
            for (int t = 0; t < 3; t++) {
                Random random = new Random(t);
                boolean grpc = t == 2;
                running.add(threads.submit(() -> {
                    while (!stop.get()) {
                        String meter = asked.get(random.nextInt(asked.size()));
                        if (grpc) {
                            long sent = System.nanoTime();
                            String verdict = cluster.askConsumptionOverGrpc(f, meter, GATE_TIMEOUT);
                            gate.add(new GateAnswer(meter, sent, System.nanoTime(), verdict, "grpc"));
                        } else {
                            Http.Reply reply = cluster.askConsumption(f, meter, GATE_TIMEOUT);
                            gate.add(new GateAnswer(meter, reply.sentNanos(), reply.doneNanos(),
                                    Cluster.verdict(reply), "http"));
                        }
                    }
                }));
            }
            // readiness and health of F, each with a one-second timeout
            for (String kind : List.of("readiness", "health")) {
                running.add(threads.submit(() -> {
                    while (!stop.get()) {
                        Http.Reply reply = kind.equals("readiness") ? f.readiness(PROBE_TIMEOUT) : f.health(PROBE_TIMEOUT);
                        probes.add(new Probe(kind, reply.sentNanos(), reply.doneNanos(), reply.outcome(),
                                reply.answered()));
                        LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // probing pace
                    }
                }));
            }
            // flag commands sent to F
            running.add(threads.submit(() -> {
                Map<String, Boolean> restricted = new ConcurrentHashMap<>();
                for (int n = 0; !stop.get(); n++) {
                    String meter = fMeters.get(n % fMeters.size());
                    boolean apply = !restricted.getOrDefault(meter, false);
                    Http.Call call = apply ? cluster.apply(f, meter, supplier, "RS-F-" + n)
                            : cluster.clear(f, meter, supplier);
                    Http.Reply reply = call.timeout(FaultSizes.FAULT_COMMAND_TIMEOUT).send();
                    if (reply.status() == 200) {
                        restricted.put(meter, reply.json().path("device").path("restricted").asBoolean());
                    }
                    commands.add(new CommandAnswer(reply.sentNanos(), reply.doneNanos(), reply.outcome(),
                            reply.status(), reply.contentType()));
                    LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // command pace
                }
            }));

            await("traffic before the fault").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> gate.size() >= 20 && restrictedByB.get() >= 3 && probes.size() >= 6
                            && commands.size() >= 2);
            long faultStart = System.nanoTime();
            proxy.mode(fault);
            hold(FaultSizes.OUTAGE);
            long faultEnd = System.nanoTime();
            proxy.mode(TcpProxy.Mode.PASS);
            String proxyStats = proxy.stats();

            Long readyAgain = null;
            try {
                await("F ready again").atMost(RECOVERY).pollInterval(Duration.ofMillis(100))
                        .until(() -> f.readiness(Duration.ofSeconds(2)).status() == 200);
                readyAgain = (System.nanoTime() - faultEnd) / 1_000_000;
            } catch (ConditionTimeoutException never) {
                // asserted below
            }
            hold(Duration.ofSeconds(2)); // traffic after the recovery too
            stop.set(true);
            running.forEach(Pool::join);
            threads.shutdownNow();

            SoftAssertions soft = new SoftAssertions();
            Audit audit = new Audit(cluster, soft);
            long maxLag = FaultSizes.MAX_LAG.toNanos();

            // never ALLOW a meter whose restriction B acknowledged more than max-lag before the question was sent
            List<String> allowed = gate.stream().filter(answer -> answer.verdict().equals("ALLOW"))
                    .filter(answer -> acknowledged.containsKey(answer.meter())
                            && answer.sent() - acknowledged.get(answer.meter()) > maxLag)
                    .map(answer -> answer.meter() + " ALLOWed " + (answer.sent() - acknowledged.get(answer.meter()))
                            / 1_000_000 + " ms after B acknowledged its restriction (question sent "
                            + ms(answer.sent() - faultStart) + " ms after the fault began)")
                    .toList();
            audit.none("F's gate allowed consumption of a meter Restricted more than max-lag earlier", allowed);
            // the gRPC gate fails closed as the HTTP one does: a question asked during the fault is answered R3 once
            // the node knows its index is behind (each such denial waits for its receipt's write to fail first, so
            // during a blackhole the answer may come after the fault)
            for (String via : List.of("http", "grpc")) {
                soft.assertThat(gate.stream().filter(answer -> answer.via().equals(via) && answer.sent() >= faultStart
                                && answer.sent() <= faultEnd).map(GateAnswer::verdict))
                        .as("%s gate answers to questions asked during the fault", via).contains("DENY R3");
            }

            // readiness 503 within max-lag + one check interval, and 503 through the rest of the fault
            List<Probe> readinessDuring = probes.stream().filter(probe -> probe.kind().equals("readiness"))
                    .filter(probe -> probe.sent() >= faultStart && probe.done() <= faultEnd).toList();
            Probe firstNotReady = readinessDuring.stream().filter(probe -> probe.outcome().equals("503")).findFirst()
                    .orElse(null);
            Long notReadyAfter = firstNotReady == null ? null : ms(firstNotReady.done() - faultStart);
            long bound = (FaultSizes.MAX_LAG.plus(FaultSizes.CHECK_INTERVAL)).toMillis();
            soft.assertThat(notReadyAfter).as("F's readiness 503 after the fault began (ms), at most %d; readiness"
                    + " answers during the fault: %s", bound, tally(readinessDuring.stream().map(Probe::outcome)))
                    .isNotNull();
            if (notReadyAfter != null) {
                soft.assertThat(notReadyAfter).as("ms from the fault to F's readiness 503").isLessThanOrEqualTo(bound);
                List<String> readyAgainDuringFault = readinessDuring.stream()
                        .filter(probe -> probe.sent() > firstNotReady.done() && probe.outcome().equals("200"))
                        .map(probe -> "ready at " + ms(probe.sent() - faultStart) + " ms").toList();
                audit.none("F's readiness 200 again while its database was still unreachable", readyAgainDuringFault);
            }

            // readiness and health always answer within a second during the fault
            List<Probe> probesDuring = probes.stream().filter(probe -> probe.sent() >= faultStart
                    && probe.sent() <= faultEnd).toList();
            List<String> unanswered = probesDuring.stream().filter(probe -> !probe.answered())
                    .map(probe -> probe.kind() + " " + probe.outcome() + " sent " + ms(probe.sent() - faultStart)
                            + " ms into the fault").toList();
            audit.none("F's readiness/health without an answer within " + PROBE_TIMEOUT.toMillis() + " ms during the"
                    + " fault", unanswered);
            long slowestProbe = probesDuring.stream().mapToLong(probe -> ms(probe.done() - probe.sent())).max().orElse(0);

            // flag commands sent to F during the fault: those answered (or due) before it ended are 503
            // problem+json; one still in flight when the database came back may succeed (2xx) or be 503; none is a
            // 500, and none goes unanswered past the timeout (a timeout is a failure, whenever it happens)
            List<CommandAnswer> sentDuring = commands.stream()
                    .filter(answer -> answer.sent() >= faultStart && answer.sent() <= faultEnd).toList();
            List<CommandAnswer> commandsDuring = sentDuring.stream().filter(answer -> answer.done() <= faultEnd).toList();
            List<CommandAnswer> straddling = sentDuring.stream().filter(answer -> answer.done() > faultEnd).toList();
            soft.assertThat(sentDuring).as("flag commands sent to F during the fault").isNotEmpty();
            List<String> wrongCommands = new ArrayList<>();
            for (CommandAnswer answer : sentDuring) {
                boolean problem503 = answer.status() == 503
                        && answer.contentType().startsWith("application/problem+json");
                boolean fine = answer.done() <= faultEnd ? problem503
                        : problem503 || (answer.status() >= 200 && answer.status() < 300);
                if (!fine) {
                    wrongCommands.add(answer.outcome() + " (" + answer.contentType() + ") sent " + ms(answer.sent()
                            - faultStart) + " ms into the fault, after " + ms(answer.done() - answer.sent()) + " ms"
                            + (answer.done() > faultEnd ? ", answered after the fault" : ""));
                }
            }
            audit.none("flag commands to F during the fault not answered 503 problem+json (or, answered after the"
                    + " fault, 2xx) within " + FaultSizes.FAULT_COMMAND_TIMEOUT.toSeconds() + " s", wrongCommands);

            // recovery: F ready, its gate denies every meter B restricted, nothing lost
            soft.assertThat(readyAgain).as("F ready again within %d s of the fault's end", RECOVERY.toSeconds())
                    .isNotNull();
            List<String> restrictedMeters = new ArrayList<>(acknowledged.keySet());
            boolean caughtUp = false;
            try {
                await("F's gate denying every meter B restricted").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(500)).until(() -> audit.gateDeniesAll(f, restrictedMeters));
                caughtUp = true;
            } catch (ConditionTimeoutException never) {
                // the audit below names them
            }
            soft.assertThat(caughtUp).as("after the fault, F's gate denies all %d meters B restricted",
                    restrictedMeters.size()).isTrue();
            List<String> everyMeter = new ArrayList<>(meters);
            everyMeter.addAll(fMeters);
            audit.readModelsMatchStore(everyMeter, false);

            System.out.printf("FAULTS db-fault mode=%s outage=%ds notReadyAfterMs=%s (bound %d) probesDuring=%d"
                            + " probeFailures=%d slowestProbeMs=%d readiness=%s gate=%s allowViolations=%d"
                            + " commandsToF=%s straddling=%s readyAgainAfterMs=%s restrictedByB=%d proxy[%s] %s"
                            + " wallSeconds=%.1f%n",
                    fault, FaultSizes.OUTAGE.toSeconds(), notReadyAfter, bound, probesDuring.size(), unanswered.size(),
                    slowestProbe, tally(readinessDuring.stream().map(Probe::outcome)),
                    tally(gate.stream().filter(answer -> answer.sent() >= faultStart && answer.sent() <= faultEnd)
                            .map(answer -> answer.via() + " " + answer.verdict())), allowed.size(),
                    tally(commandsDuring.stream().map(CommandAnswer::outcome)),
                    tally(straddling.stream().map(CommandAnswer::outcome)), readyAgain, restrictedByB.get(), proxyStats,
                    audit.countLine(), (System.nanoTime() - began) / 1e9);
            soft.assertAll();
        }
    }

    /** Holds the fault (or the traffic) for a fixed time: the scenario's clock, not a wait for a result. */
    private static void hold(Duration duration) {
        await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static Map<String, Long> tally(Stream<String> outcomes) {
        return outcomes.collect(Collectors.groupingBy(outcome -> outcome, TreeMap::new, Collectors.counting()));
    }
}
