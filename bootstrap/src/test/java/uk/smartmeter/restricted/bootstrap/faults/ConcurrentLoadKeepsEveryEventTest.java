package uk.smartmeter.restricted.bootstrap.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Flag commands and refused requests at once over many connections, on one node and then on two nodes sharing one
 * database; afterwards every read model must equal the store: history (exactly the store's events), CSP notices (one
 * per flag change, at its global position), every node's gate (R1 for exactly the Restricted meters), the hash
 * chains, and the export across a rebuild by replay.
 */
@Tag("faults")
class ConcurrentLoadKeepsEveryEventTest {

    @Test
    void oneNode() throws Exception {
        run("concurrency-one-node", 1);
    }

    @Test
    void twoNodesSharingOneDatabase() throws Exception {
        run("concurrency-two-nodes", 2);
    }

    /** What a request is, and what it must be answered. */
    private record Request(String kind, Http.Call call) {
    }

    private void run(String name, int nodeCount) throws Exception {
        long began = System.nanoTime();
        try (Cluster cluster = Cluster.start(name, nodeCount)) {
            List<String> meters = cluster.enrol(0, FaultSizes.METERS);
            List<String> unknown = List.of(Cluster.meter(900_001), Cluster.meter(900_002));
            String supplier = cluster.supplier();
            String other = cluster.otherSupplier();
            String dcc = cluster.dcc();

            List<Request> requests = new ArrayList<>();
            int refusedEvery = FaultSizes.REFUSED == 0 ? Integer.MAX_VALUE
                    : Math.max(1, (FaultSizes.COMMANDS + FaultSizes.REFUSED) / FaultSizes.REFUSED);
            int commands = 0;
            int refused = 0;
            for (int i = 0; commands < FaultSizes.COMMANDS || refused < FaultSizes.REFUSED; i++) {
                if ((i % refusedEvery == refusedEvery - 1 && refused < FaultSizes.REFUSED) || commands == FaultSizes.COMMANDS) {
                    requests.add(refused(cluster, refused++, meters, unknown, other, dcc, supplier));
                    continue;
                }
                int n = commands++;
                String meter = meters.get(n % meters.size());
                ServiceProcess node = cluster.node((n + n / meters.size()) % nodeCount);
                boolean apply = (n / meters.size()) % 2 == 0;
                requests.add(apply ? new Request("command", cluster.apply(node, meter, supplier, "RS-LOAD-" + n))
                        : new Request("command", cluster.clear(node, meter, supplier)));
            }

            ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>(requests);
            Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
            List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicLong changed = new AtomicLong();
            long loadStart = System.nanoTime();
            cluster.pool.onEveryThread(() -> {
                for (Request request; (request = queue.poll()) != null; ) {
                    Http.Reply reply = request.call().send();
                    String outcome = request.kind() + " " + reply.outcome();
                    outcomes.computeIfAbsent(outcome, key -> new AtomicLong()).incrementAndGet();
                    if (request.kind().equals("command") && reply.status() == 200
                            && reply.json().path("changed").asBoolean(false)) {
                        changed.incrementAndGet();
                    }
                    if (!expected(request.kind(), reply)) {
                        unexpected.add(request.kind() + " " + request.call().method() + " " + request.call().url()
                                + " -> " + reply);
                    }
                }
            });
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

            SoftAssertions soft = new SoftAssertions();
            Audit audit = new Audit(cluster, soft);
            audit.none("answers outside the contract under concurrent load (a flag command is 200 or 409"
                    + " CONCURRENT_UPDATE; each refusal its own 4xx; never a 5xx or no answer)", unexpected);
            audit.readModelsMatchStore(meters, true);

            Map<String, Long> tally = new TreeMap<>();
            outcomes.forEach((outcome, count) -> tally.put(outcome, count.get()));
            long ok = sum(tally, "command 200");
            long conflicts = sum(tally, "command 409");
            long refusedAnswers = tally.entrySet().stream().filter(entry -> entry.getKey().startsWith("refused"))
                    .mapToLong(Map.Entry::getValue).sum();
            System.out.printf("FAULTS concurrency nodes=%d commands=%d ok=%d changed=%d 409=%d refused=%d"
                            + " connections=%d loadSeconds=%.1f rate=%.0f/s %s outcomes=%s wallSeconds=%.1f%n",
                    nodeCount, commands, ok, changed.get(), conflicts, refusedAnswers, FaultSizes.CONNECTIONS,
                    loadSeconds, requests.size() / loadSeconds, audit.countLine(), tally,
                    (System.nanoTime() - began) / 1e9);
            soft.assertAll();
        }
    }

    private static long sum(Map<String, Long> tally, String prefix) {
        return tally.entrySet().stream().filter(entry -> entry.getKey().startsWith(prefix))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /**
     * Refusals that are refused whatever the meter's state, each recorded as a RequestRefused event: another
     * Supplier's apply and clear (404, as for an unknown meter), an unknown meter (404), and the DCC applying (403).
     */
    private static Request refused(Cluster cluster, int n, List<String> meters, List<String> unknown, String other,
                                   String dcc, String supplier) {
        ServiceProcess node = cluster.node(n % cluster.nodes.size());
        String meter = meters.get((n * 7) % meters.size());
        return switch (n % 4) {
            case 0 -> new Request("refused-404", cluster.apply(node, meter, other, "RS-OTHER-" + n));
            case 1 -> new Request("refused-404", cluster.clear(node, meter, other));
            case 2 -> new Request("refused-404", cluster.apply(node, unknown.get(n % unknown.size()), supplier,
                    "RS-UNKNOWN-" + n));
            default -> new Request("refused-403", cluster.apply(node, meter, dcc, "RS-DCC-" + n));
        };
    }

    private static boolean expected(String kind, Http.Reply reply) {
        return switch (kind) {
            case "command" -> reply.status() == 200
                    || (reply.status() == 409 && "CONCURRENT_UPDATE".equals(reply.code()));
            case "refused-404" -> reply.status() == 404 && "DEVICE_NOT_FOUND".equals(reply.code());
            case "refused-403" -> reply.status() == 403 && "ROLE_NOT_PERMITTED".equals(reply.code());
            default -> false;
        };
    }
}
