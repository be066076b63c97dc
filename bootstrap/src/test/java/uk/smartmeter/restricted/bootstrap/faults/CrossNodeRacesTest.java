package uk.smartmeter.restricted.bootstrap.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Round after round, both nodes get the same conflicting command for one meter at the same instant: both apply (or
 * both clear) with {@code If-Match} of the same ETag, released together by a barrier. Exactly one must win (2xx, a
 * real change), the other must get 409 CONCURRENT_UPDATE, and never a 500; the store must hold exactly the winners'
 * events.
 */
@Tag("faults")
class CrossNodeRacesTest {

    private static final int METERS = 50;

    @Test
    void exactlyOneNodeWinsEachRace() throws Exception {
        long began = System.nanoTime();
        try (Cluster cluster = Cluster.start("races", 2)) {
            int meterCount = Math.min(METERS, Math.max(1, FaultSizes.RACES));
            List<String> meters = cluster.enrol(0, meterCount);
            String supplier = cluster.supplier();
            Map<String, Long> version = new HashMap<>();
            Map<String, Boolean> restricted = new HashMap<>();
            Map<String, Integer> wins = new HashMap<>();
            meters.forEach(meter -> {
                version.put(meter, 0L);
                restricted.put(meter, false);
                wins.put(meter, 0);
            });
            // one keep-alive connection to each node before the first race, so neither side starts with a handshake
            cluster.nodes.forEach(node -> cluster.status(node, meters.get(0)));

            ExecutorService racers = Executors.newFixedThreadPool(2);
            CyclicBarrier start = new CyclicBarrier(2);
            Map<String, Long> combinations = new TreeMap<>();
            List<String> wrong = new ArrayList<>();
            long oneWinner = 0;
            try {
                for (int round = 0; round < FaultSizes.RACES; round++) {
                    String meter = meters.get(round % meters.size());
                    boolean apply = !restricted.get(meter);
                    String ifMatch = "\"" + version.get(meter) + "\"";
                    List<Future<Http.Reply>> sides = new ArrayList<>();
                    for (ServiceProcess node : cluster.nodes) {
                        Http.Call call = (apply ? cluster.apply(node, meter, supplier, "RS-RACE-" + round)
                                : cluster.clear(node, meter, supplier)).header("If-Match", ifMatch);
                        sides.add(racers.submit(() -> {
                            start.await(30, TimeUnit.SECONDS);
                            return call.send();
                        }));
                    }
                    Http.Reply a = Pool.join(sides.get(0));
                    Http.Reply b = Pool.join(sides.get(1));
                    combinations.merge(a.outcome() + " / " + b.outcome(), 1L, Long::sum);
                    List<Http.Reply> won = new ArrayList<>();
                    List<Http.Reply> lost = new ArrayList<>();
                    for (Http.Reply reply : List.of(a, b)) {
                        (reply.ok() ? won : lost).add(reply);
                    }
                    boolean fine = won.size() == 1 && won.get(0).json().path("changed").asBoolean(false)
                            && lost.size() == 1 && lost.get(0).status() == 409
                            && "CONCURRENT_UPDATE".equals(lost.get(0).code());
                    if (fine) {
                        oneWinner++;
                        Http.Reply winner = won.get(0);
                        version.put(meter, winner.json().path("device").path("version").asLong());
                        restricted.put(meter, winner.json().path("device").path("restricted").asBoolean());
                        wins.merge(meter, 1, Integer::sum);
                    } else {
                        wrong.add("round " + round + " " + (apply ? "apply" : "clear") + " " + meter + " If-Match "
                                + ifMatch + ": a=" + a.outcome() + " b=" + b.outcome() + " (not 2xx: "
                                + abbreviated(a.ok() ? b : a) + ")");
                        // resynchronise from the store's view through the API
                        Http.Reply now = cluster.status(cluster.node(0), meter);
                        version.put(meter, now.json().path("version").asLong());
                        restricted.put(meter, now.json().path("restricted").asBoolean());
                        wins.merge(meter, (int) won.stream().filter(reply -> reply.json().path("changed")
                                .asBoolean(false)).count(), Integer::sum);
                    }
                }
            } finally {
                racers.shutdownNow();
            }

            SoftAssertions soft = new SoftAssertions();
            Audit audit = new Audit(cluster, soft);
            audit.none("rounds without exactly one 2xx winner and one 409 CONCURRENT_UPDATE loser", wrong);

            // the store holds exactly the winners' changes: one flag event per win, and each meter at its version
            Map<String, List<Store.Event>> streams = Store.streams(cluster.store.events());
            List<String> storeMismatch = new ArrayList<>();
            for (String meter : meters) {
                List<Store.Event> stream = streams.getOrDefault(meter, List.of());
                long flagChanges = stream.stream().filter(Store.Event::flagChange).count();
                long last = stream.isEmpty() ? -1 : stream.get(stream.size() - 1).sequence();
                if (flagChanges != wins.get(meter) || last != version.get(meter)) {
                    storeMismatch.add(meter + ": " + wins.get(meter) + " wins, version " + version.get(meter)
                            + "; store: " + flagChanges + " flag changes, last sequence " + last);
                }
            }
            audit.none("meters whose store differs from the races' winners", storeMismatch);

            long fiveHundreds = combinations.entrySet().stream().filter(entry -> entry.getKey().matches(".*\\b5\\d\\d\\b.*"))
                    .mapToLong(Map.Entry::getValue).sum();
            System.out.printf("FAULTS races nodes=2 rounds=%d meters=%d oneWinner=%d wrong=%d roundsWith5xx=%d"
                            + " outcomes(a / b)=%s wallSeconds=%.1f%n",
                    FaultSizes.RACES, meterCount, oneWinner, wrong.size(), fiveHundreds, combinations,
                    (System.nanoTime() - began) / 1e9);
            soft.assertThat(fiveHundreds).as("rounds with a 5xx").isZero();
            soft.assertAll();
        }
    }

    private static String abbreviated(Http.Reply reply) {
        String text = reply.toString();
        return text.length() <= 240 ? text : text.substring(0, 240) + "...";
    }
}
