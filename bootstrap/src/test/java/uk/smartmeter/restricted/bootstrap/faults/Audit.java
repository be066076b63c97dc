package uk.smartmeter.restricted.bootstrap.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The read models against the store, as an auditor checks them: the history has exactly the store's events, there
 * is one CSP notice per change of a flag at its event's global position, every node's gate denies consumption for
 * exactly the meters the store says are Restricted, the hash chains verify, and a rebuild by replay gives the same
 * export byte for byte. Failures are collected in a {@link SoftAssertions}, so one run reports all of them.
 */
final class Audit {

    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STALL = Duration.ofSeconds(20);
    private static final int SHOWN = 10;

    private final Cluster cluster;
    private final SoftAssertions soft;
    private final Map<String, Object> counts = new LinkedHashMap<>();

    Audit(Cluster cluster, SoftAssertions soft) {
        this.cluster = cluster;
        this.soft = soft;
    }

    Map<String, Object> counts() {
        return counts;
    }

    String countLine() {
        return counts.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(" "));
    }

    /**
     * Waits until the cluster is quiet: every live node ready, the history as long as the store, a notice per flag
     * change, and all of it unchanged for a second. Gives up (and says so) after {@link #QUIET_TIMEOUT}, or when
     * nothing has moved for {@link #STALL} without being quiet (a wedged processor); the exact checks that follow then
     * name what is missing. Returns whether it was quiet.
     */
    boolean awaitQuiet(String when) {
        long[] last = {-1, -1, -1, -1};
        long[] lastChange = {System.nanoTime()};
        try {
            await("quiet " + when).atMost(QUIET_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .during(Duration.ofSeconds(1)).until(() -> {
                        long[] now;
                        boolean ready;
                        try {
                            now = new long[] {cluster.store.eventCount(), cluster.store.historyCount(),
                                    cluster.store.noticeCount(), cluster.store.flagEventCount()};
                            ready = cluster.nodes.stream().filter(ServiceProcess::alive)
                                    .allMatch(node -> node.readiness(Duration.ofSeconds(2)).status() == 200);
                        } catch (RuntimeException notYet) {
                            return false;
                        }
                        if (!Arrays.equals(now, last)) {
                            System.arraycopy(now, 0, last, 0, now.length);
                            lastChange[0] = System.nanoTime();
                        }
                        boolean quiet = ready && now[0] == now[1] && now[2] == now[3];
                        if (!quiet && System.nanoTime() - lastChange[0] > STALL.toNanos()) {
                            throw new Stalled();
                        }
                        return quiet;
                    });
            return true;
        } catch (ConditionTimeoutException | Stalled never) {
            System.out.println("FAULTS " + cluster.name + ": not quiet " + when + " ("
                    + (never instanceof Stalled ? "nothing moved for " + STALL.toSeconds() + " s"
                    : "after " + QUIET_TIMEOUT.toSeconds() + " s") + "; store events=" + last[0] + " history rows="
                    + last[1] + " notices=" + last[2] + " flag changes=" + last[3] + "); checking anyway");
            return false;
        }
    }

    /** Thrown out of the quiet wait when nothing moves. */
    private static final class Stalled extends RuntimeException {
        Stalled() {
            super("stalled", null, false, false);
        }
    }

    /** Everything: quiet, the gate on every node, quiet again (the gate's denials are events too), then the rest. */
    void readModelsMatchStore(List<String> meters, boolean rebuild) {
        awaitQuiet("before the gate check");
        gateMatchesStore(cluster.nodes, meters);
        awaitQuiet("after the gate check");
        historyEqualsStore();
        noticesMatchFlagChanges();
        verificationIntact(cluster.nodes.get(0));
        if (rebuild) {
            exportSurvivesRebuild(cluster.nodes.get(0));
        }
    }

    /** (a) The set of the store's event IDs equals the set of the history's, exactly. */
    void historyEqualsStore() {
        List<Store.Event> events = cluster.store.events();
        List<Store.HistoryRow> rows = cluster.store.history();
        Map<String, Long> stored = new HashMap<>();
        events.forEach(event -> stored.put(event.eventId(), event.globalIndex()));
        Map<String, Long> written = new HashMap<>();
        List<String> duplicated = new ArrayList<>();
        for (Store.HistoryRow row : rows) {
            if (written.put(row.eventId(), row.globalIndex()) != null) {
                duplicated.add(row.eventId());
            }
        }
        List<String> missing = stored.keySet().stream().filter(id -> !written.containsKey(id))
                .sorted((a, b) -> Long.compare(stored.get(a), stored.get(b)))
                .map(id -> id + "@" + stored.get(id)).toList();
        List<String> extra = written.keySet().stream().filter(id -> !stored.containsKey(id))
                .map(id -> id + "@" + written.get(id)).toList();
        List<String> misplaced = written.entrySet().stream()
                .filter(row -> stored.containsKey(row.getKey()) && !stored.get(row.getKey()).equals(row.getValue()))
                .map(row -> row.getKey() + " history@" + row.getValue() + " store@" + stored.get(row.getKey()))
                .toList();
        counts.put("storeEvents", events.size());
        counts.put("historyRows", rows.size());
        none("(a) store events missing from history_entry (id@globalIndex, of " + events.size() + ")", missing);
        none("(a) history rows for events not in the store", extra);
        none("(a) events written twice to history_entry", duplicated);
        none("(a) history rows at another global index than their event", misplaced);
        if (!missing.isEmpty()) {
            System.out.println("FAULTS " + cluster.name + ": history misses " + missing.size() + " events, first: "
                    + missing.subList(0, Math.min(SHOWN, missing.size())) + " with types "
                    + events.stream().filter(event -> !written.containsKey(event.eventId())).limit(SHOWN)
                    .map(Store.Event::type).toList());
        }
    }

    /** (b) One notice per flag-change event, named by the event's ID, at the event's global position. */
    void noticesMatchFlagChanges() {
        List<Store.Event> flagChanges = cluster.store.events().stream().filter(Store.Event::flagChange).toList();
        List<Store.Notice> notices = cluster.store.notices();
        Map<String, Store.Event> byId = new HashMap<>();
        flagChanges.forEach(event -> byId.put(event.eventId(), event));
        Map<String, Integer> perEvent = new HashMap<>();
        List<String> wrongPosition = new ArrayList<>();
        List<String> withoutEvent = new ArrayList<>();
        for (Store.Notice notice : notices) {
            perEvent.merge(notice.noticeId(), 1, Integer::sum);
            Store.Event event = byId.get(notice.noticeId());
            if (event == null) {
                withoutEvent.add(notice.noticeId() + "@" + notice.globalPosition());
            } else if (event.globalIndex() != notice.globalPosition() || !event.aggregate().equals(notice.deviceId())) {
                wrongPosition.add(notice.noticeId() + " notice@" + notice.globalPosition() + "/" + notice.deviceId()
                        + " event@" + event.globalIndex() + "/" + event.aggregate());
            }
        }
        List<String> missing = flagChanges.stream().filter(event -> !perEvent.containsKey(event.eventId()))
                .map(event -> event.type() + " " + event.eventId() + "@" + event.globalIndex()).toList();
        List<String> repeated = perEvent.entrySet().stream().filter(entry -> entry.getValue() > 1)
                .map(entry -> entry.getKey() + " x" + entry.getValue()).toList();
        counts.put("flagEvents", flagChanges.size());
        counts.put("notices", notices.size());
        none("(b) flag changes without a CSP notice (of " + flagChanges.size() + ")", missing);
        none("(b) flag changes with more than one notice", repeated);
        none("(b) notices naming no flag-change event of the store", withoutEvent);
        none("(b) notices whose global position (or meter) is not their event's", wrongPosition);
    }

    /** (c) Every live node's gate denies consumption (R1) for exactly the meters the store says are Restricted. */
    void gateMatchesStore(List<ServiceProcess> nodes, List<String> meters) {
        Set<String> restricted = Store.restricted(cluster.store.events());
        counts.put("restricted", restricted.size());
        record Question(ServiceProcess node, String meter) {
        }
        List<Question> questions = new ArrayList<>();
        for (ServiceProcess node : nodes) {
            if (node.alive()) {
                meters.forEach(meter -> questions.add(new Question(node, meter)));
            }
        }
        List<String> verdicts = cluster.pool.map(questions,
                question -> Cluster.verdict(cluster.askConsumption(question.node(), question.meter(),
                        Duration.ofSeconds(30))));
        Map<String, List<String>> wrong = new TreeMap<>();
        Map<String, Map<String, Integer>> tally = new TreeMap<>();
        for (int i = 0; i < questions.size(); i++) {
            Question question = questions.get(i);
            String expected = restricted.contains(question.meter()) ? "DENY R1" : "ALLOW";
            String verdict = verdicts.get(i);
            tally.computeIfAbsent(question.node().name(), node -> new TreeMap<>()).merge(verdict, 1, Integer::sum);
            if (!verdict.equals(expected)) {
                wrong.computeIfAbsent(question.node().name(), node -> new ArrayList<>())
                        .add(question.meter() + " store=" + (restricted.contains(question.meter()) ? "Restricted"
                                : "not Restricted") + " gate=" + verdict);
            }
        }
        counts.put("gate", tally);
        wrong.forEach((node, mismatches) -> none("(c) " + node + "'s gate disagrees with the store (of " + meters.size()
                + " meters)", mismatches));
    }

    /** The gate of {@code node} denies every one of {@code meters} with R1 (it has caught up with them). */
    boolean gateDeniesAll(ServiceProcess node, List<String> meters) {
        return cluster.pool.map(meters, meter -> Cluster.verdict(cluster.askConsumption(node, meter,
                Duration.ofSeconds(10)))).stream().allMatch("DENY R1"::equals);
    }

    /** (d) The hash chains verify, over every row. */
    void verificationIntact(ServiceProcess node) {
        Http.Reply reply = cluster.http.get(node.url("/api/v1/history/verification"), cluster.regulator(),
                Duration.ofSeconds(120));
        counts.put("verification", reply.answered() ? reply.json().path("intact").asText("?") : reply.outcome());
        soft.assertThat(reply.status()).as("(d) verification answered %s", reply).isEqualTo(200);
        soft.assertThat(reply.json().path("intact").asBoolean(false)).as("(d) the history verifies: %s", reply.body())
                .isTrue();
        soft.assertThat(reply.json().path("entriesChecked").asLong(-1)).as("(d) entries verified: %s", reply.body())
                .isEqualTo(cluster.store.historyCount());
    }

    /**
     * (e) A rebuild ({@code POST /api/v1/history/rebuild}) is swapped in, and the export after it is the export before
     * it, byte for byte, followed by the rebuild's own request and outcome.
     */
    void exportSurvivesRebuild(ServiceProcess node) {
        byte[] before = export(node);
        String id = "faults-" + System.nanoTime();
        Http.Reply rebuild = cluster.http.call("POST", node.url("/api/v1/history/rebuild")).token(cluster.dcc())
                .json("{\"rebuildId\":\"" + id + "\",\"reason\":\"the fault suite's audit\"}")
                .timeout(Duration.ofSeconds(60)).send();
        soft.assertThat(rebuild.status()).as("(e) rebuild answered %s", rebuild).isEqualTo(202);
        if (rebuild.status() != 202) {
            return;
        }
        String[] status = {"RUNNING"};
        try {
            await("history rebuilt").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        Http.Reply state = cluster.http.get(node.url("/api/v1/history/rebuilds/" + id),
                                cluster.dcc(), Duration.ofSeconds(10));
                        status[0] = state.answered() ? state.json().path("status").asText("?") : state.outcome();
                        return !status[0].equals("RUNNING") && cluster.store.historyCount() == cluster.store
                                .eventCount();
                    });
        } catch (ConditionTimeoutException never) {
            soft.fail("(e) the rebuild did not end within 180 s: " + status[0] + ", " + cluster.store.historyCount()
                    + " of " + cluster.store.eventCount() + " rows");
            return;
        }
        soft.assertThat(status[0]).as("(e) the rebuild's outcome").isEqualTo("SWAPPED_IN");
        byte[] after = export(node);
        counts.put("exportBytes", before.length);
        if (after.length < before.length || !Arrays.equals(before, Arrays.copyOf(after, before.length))) {
            soft.fail("(e) the export after the rebuild does not begin with the export before it: " + before.length
                    + " bytes before, " + after.length + " after; first differing line: "
                    + firstDifference(before, Arrays.copyOf(after, Math.min(after.length, before.length))));
        }
    }

    private byte[] export(ServiceProcess node) {
        Http.Reply reply = cluster.http.get(node.url("/api/v1/history/export"), cluster.regulator(),
                Duration.ofSeconds(120));
        soft.assertThat(reply.status()).as("export answered %s", reply.outcome()).isEqualTo(200);
        return reply.bytes();
    }

    private static String firstDifference(byte[] before, byte[] after) {
        String[] a = new String(before, java.nio.charset.StandardCharsets.UTF_8).split("\r\n", -1);
        String[] b = new String(after, java.nio.charset.StandardCharsets.UTF_8).split("\r\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String left = i < a.length ? a[i] : "<none>";
            String right = i < b.length ? b[i] : "<none>";
            if (!left.equals(right)) {
                return "line " + (i + 1) + ": before [" + left + "] after [" + right + "]";
            }
        }
        return "none";
    }

    /** Fails softly when {@code items} is not empty, naming how many and the first few. */
    void none(String what, List<String> items) {
        soft.assertThat(first(items)).as("%s: %d in all, first %d shown", what, items.size(), SHOWN).isEmpty();
    }

    /** The first few of a list, for messages. */
    static <T> List<T> first(List<T> items) {
        return items.subList(0, Math.min(SHOWN, items.size()));
    }
}
