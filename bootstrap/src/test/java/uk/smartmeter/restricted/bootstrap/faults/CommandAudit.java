package uk.smartmeter.restricted.bootstrap.faults;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Flag commands sent under faults, each with an Idempotency-Key that its token also names as the acting user (so
 * every event a request caused carries its key in the store), and the audit of their answers against the store:
 * every acknowledged change is there once, every "unchanged" agrees with the store, and no key is left in flight.
 */
final class CommandAudit {

    private CommandAudit() {
    }

    /** One flag command: which meter, apply or clear, its key and its token. */
    record Order(long n, String meter, boolean apply, String key, String token) {

        Http.Call call(Cluster cluster, ServiceProcess node) {
            Http.Call call = apply ? cluster.apply(node, meter, token, key) : cluster.clear(node, meter, token);
            return call.header("Idempotency-Key", key);
        }
    }

    /** A command's first answer, and the retry's when the first was none (or a 5xx). */
    record Attempt(Order order, String node, Http.Reply first, AtomicReference<Http.Reply> retried) {

        Http.Reply last() {
            Http.Reply retry = retried.get();
            return retry != null ? retry : first;
        }

        boolean unanswered() {
            return !first.answered() || first.status() >= 500;
        }
    }


    /** What the audit found, for the run's summary line. */
    record Result(long replayed, int lost, int duplicated, int stillInProgress, int inconsistent,
                  Map<String, Long> firstOutcomes, Map<String, Long> retryOutcomes) {
    }

    /**
     * Every request that got no answer (or a 5xx), again with the same key and body, against the live nodes in turn,
     * until it is answered below 500 and not 409 REQUEST_IN_PROGRESS, or the retry window ends.
     */
    static void retryUnanswered(Cluster cluster, List<Attempt> unanswered) {
        AtomicLong turn = new AtomicLong();
        cluster.pool.map(unanswered, attempt -> {
            try {
                // polled in this thread, so that the window's end never interrupts a retry in flight
                await("a retry of " + attempt.order().key()).atMost(FaultSizes.RETRY_WINDOW).pollInSameThread()
                        .pollInterval(Duration.ofMillis(500)).until(() -> {
                            List<ServiceProcess> live = cluster.nodes.stream().filter(ServiceProcess::alive).toList();
                            ServiceProcess node = live.get((int) (turn.incrementAndGet() % live.size()));
                            Http.Reply reply = attempt.order().call(cluster, node).timeout(Duration.ofSeconds(10))
                                    .send();
                            attempt.retried().set(reply);
                            return reply.answered() && reply.status() < 500
                                    && !"REQUEST_IN_PROGRESS".equals(reply.code());
                        });
            } catch (ConditionTimeoutException unresolved) {
                // judged from its last answer
            }
            return null;
        });
    }

    /** Judges every attempt's last answer against the store's events; what is wrong goes to the audit. */
    static Result judge(List<Attempt> all, List<Store.Event> events, Audit audit) {
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

        return new Result(replayed, lost.size(), duplicated.size(), stillInProgress.size(), inconsistent.size(),
                firstOutcomes, retryOutcomes);
    }
}
