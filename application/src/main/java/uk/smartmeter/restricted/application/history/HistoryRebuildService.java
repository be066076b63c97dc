package uk.smartmeter.restricted.application.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import uk.smartmeter.restricted.application.port.in.RebuildHistory;
import uk.smartmeter.restricted.application.port.out.HistoryShadow;
import uk.smartmeter.restricted.application.port.out.HistoryStore;
import uk.smartmeter.restricted.application.port.out.RebuildRuns;
import uk.smartmeter.restricted.application.port.out.ServiceEvents;
import uk.smartmeter.restricted.application.port.out.StoredEvents;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.history.HistoryRebuildFinished;
import uk.smartmeter.restricted.domain.history.HistoryRebuildRequested;
import uk.smartmeter.restricted.domain.history.MerkleTree;
import uk.smartmeter.restricted.application.port.out.HistoryRebuild;

/**
 * The history rebuilt beside the live tables, from the event store read directly in global order, and swapped in
 * only when its tree agrees with every signed checkpoint (database and archive). It never stops or resets the
 * history processor, so it runs on any node, whichever holds the processor's claim; the processor goes on
 * writing the live tables meanwhile, and the swap takes the lock row it writes under, appends what was stored
 * since, and puts the new tables in place in one transaction.
 */
public final class HistoryRebuildService implements RebuildHistory {

    private static final System.Logger LOG = System.getLogger(HistoryRebuildService.class.getName());
    private static final Duration STALE_AFTER = Duration.ofSeconds(60);
    private static final int BATCH = 2_000;

    private final StoredEvents events;
    private final HistoryShadow shadow;
    private final RebuildRuns runs;
    private final ServiceEvents serviceEvents;
    private final HistoryCheckpoints checkpoints;
    private final Clock clock;
    private final String node;
    private final Executor executor;

    public HistoryRebuildService(StoredEvents events, HistoryShadow shadow, RebuildRuns runs,
                                 ServiceEvents serviceEvents, HistoryCheckpoints checkpoints, Clock clock, String node,
                                 Executor executor) {
        this.events = Objects.requireNonNull(events);
        this.shadow = Objects.requireNonNull(shadow);
        this.runs = Objects.requireNonNull(runs);
        this.serviceEvents = Objects.requireNonNull(serviceEvents);
        this.checkpoints = Objects.requireNonNull(checkpoints);
        this.clock = Objects.requireNonNull(clock);
        this.node = Objects.requireNonNull(node);
        this.executor = Objects.requireNonNull(executor);
    }

    /** Thrown when a rebuild identifier is used again with another reason. */
    public static final class RebuildIdReused extends IllegalArgumentException {
        public RebuildIdReused(HistoryRebuild earlier) {
            super("rebuildId: already used by the rebuild asked for at " + earlier.requestedAt() + " for another reason");
        }
    }

    @Override
    public HistoryRebuild start(Actor actor, String rebuildId, String reason) {
        reap();
        Optional<HistoryRebuild> known = runs.find(rebuildId);
        if (known.isPresent()) {
            if (!known.get().reason().equals(reason)) {
                throw new RebuildIdReused(known.get());
            }
            return known.get();
        }
        Instant now = clock.instant();
        HistoryRebuild rebuild = new HistoryRebuild(rebuildId, actor.party().value(), actor.actingUser(), reason, now,
                node, "RUNNING", null, null);
        Optional<HistoryRebuild> running = runs.claim(rebuild, STALE_AFTER);
        if (running.isPresent()) {
            if (running.get().rebuildId().equals(rebuildId)) {
                return running.get();
            }
            throw new RebuildRunning(running.get());
        }
        long requested;
        try {
            requested = serviceEvents.publish(new HistoryRebuildRequested(rebuildId, actor, reason, now));
        } catch (RuntimeException failed) {
            runs.finish(rebuildId, "FAILED", "the request could not be recorded: " + failed.getMessage(),
                    clock.instant());
            throw failed;
        }
        executor.execute(() -> run(rebuild, actor, requested));
        return rebuild;
    }

    @Override
    public Optional<HistoryRebuild> find(String rebuildId) {
        reap();
        return runs.find(rebuildId);
    }

    @Override
    public List<HistoryRebuild> recent(int limit) {
        reap();
        return runs.recent(limit);
    }

    /** Rebuilds whose node died: marked FAILED, and their outcome recorded in the history like any other. */
    private void reap() {
        for (HistoryRebuild dead : runs.reapStale(STALE_AFTER, clock.instant())) {
            Actor actor = new Actor(new uk.smartmeter.restricted.domain.device.PartyId(dead.party()),
                    uk.smartmeter.restricted.domain.device.UserRole.DCC, dead.actingUser());
            serviceEvents.publish(new HistoryRebuildFinished(dead.rebuildId(), actor,
                    HistoryRebuildFinished.Outcome.FAILED, "its node " + dead.node() + " stopped reporting (it died or"
                    + " lost the database); the live history is untouched", clock.instant()));
        }
    }

    /** The rebuilt tree contradicts a signed checkpoint. */
    private static final class Contradiction extends RuntimeException {
        Contradiction(String message) {
            super(message, null, false, false);
        }
    }

    private void run(HistoryRebuild rebuild, Actor actor, long requested) {
        String outcome;
        String detail;
        try {
            detail = build(rebuild.rebuildId(), requested);
            outcome = "SWAPPED_IN";
        } catch (Contradiction refused) {
            outcome = "REFUSED";
            detail = refused.getMessage() + "; the live history is untouched";
        } catch (RuntimeException failed) {
            LOG.log(System.Logger.Level.ERROR, "history rebuild " + rebuild.rebuildId() + " failed", failed);
            outcome = "FAILED";
            detail = "failed: " + failed + "; the live history is untouched";
        }
        if (!outcome.equals("SWAPPED_IN")) {
            try {
                shadow.drop();
            } catch (RuntimeException ignored) {
                LOG.log(System.Logger.Level.WARNING, "could not drop the rebuild's tables", ignored);
            }
        }
        String finalDetail = detail.length() > 3_900 ? detail.substring(0, 3_900) + "..." : detail;
        try {
            serviceEvents.publish(new HistoryRebuildFinished(rebuild.rebuildId(), actor,
                    HistoryRebuildFinished.Outcome.valueOf(outcome), finalDetail, clock.instant()));
        } finally {
            runs.finish(rebuild.rebuildId(), outcome, finalDetail, clock.instant());
        }
        LOG.log(System.Logger.Level.INFO, "history rebuild " + rebuild.rebuildId() + ": " + outcome + " (" + finalDetail + ")");
    }

    /** Builds, checks and swaps in; answers what was swapped in. */
    private String build(String rebuildId, long requested) {
        TreeMap<Long, byte[]> anchors = checkpoints.signedRoots();
        awaitHorizon(requested);
        shadow.create();
        Pass pass = new Pass(anchors, rebuildId);
        try {
            pass.upTo(events.horizon());
            shadow.index();
            pass.upTo(events.horizon());
        } finally {
            pass.writer.shutdownNow();
        }
        shadow.swap(() -> {
            // inside the swap's transaction: written on this thread, in it
            pass.async = false;
            pass.upTo(events.horizon());
            Map.Entry<Long, byte[]> beyond = anchors.higherEntry(pass.chains.size());
            if (beyond != null) {
                throw new Contradiction("the event store yields " + pass.chains.size() + " entries, but checkpoint "
                        + beyond.getKey() + " was signed over " + beyond.getKey());
            }
        });
        return pass.chains.size() + " entries up to global index " + pass.position + ", tree root "
                + HexFormat.of().formatHex(pass.chains.root()) + ", consistent with " + anchors.size()
                + " signed checkpoints";
    }

    /** Waits until the store's horizon has passed the rebuild's own request, so that the request is in it. */
    private void awaitHorizon(long index) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (events.horizon() < index) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the store's horizon did not pass the rebuild request (global index "
                        + index + ") within 30 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** The new tables filled event by event, each batch written as it fills; the tree checked at every anchor. */
    private final class Pass {
        final HistoryDerivation.Chains chains = HistoryDerivation.Chains.empty(new HashMap<>());
        final TreeMap<Long, byte[]> anchors;
        final String rebuildId;
        final List<HistoryStore.Stored> batch = new ArrayList<>(BATCH);
        final List<MerkleTree.Node> nodes = new ArrayList<>(BATCH * 2);
        /** Batches are written on a thread of their own while the next ones are read and hashed, 3 at most in flight. */
        final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(
                runnable -> {
                    Thread thread = new Thread(runnable, "history-rebuild-writer");
                    thread.setDaemon(true);
                    return thread;
                });
        final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(3);
        volatile RuntimeException writeFailure;
        boolean async = true;
        long position = -1;
        Instant reported = clock.instant();

        Pass(TreeMap<Long, byte[]> anchors, String rebuildId) {
            this.anchors = anchors;
            this.rebuildId = rebuildId;
            check();
        }

        void upTo(long horizon) {
            events.read(position, horizon, event -> {
                if (event.unreadable() != null) {
                    throw new IllegalStateException("the event at global index " + event.globalIndex() + " ("
                            + event.eventId() + ") cannot be read: " + event.unreadable());
                }
                HistoryDerivation.Noted noted = HistoryDerivation.note(event.payload(), event.sequence(),
                        event.globalIndex(), event.eventId(), event.sha256());
                position = event.globalIndex();
                if (noted == null) {
                    return;
                }
                long leaf = chains.size();
                batch.add(new HistoryStore.Stored(chains.next(noted), leaf));
                nodes.addAll(chains.takeCompleted());
                check();
                if (batch.size() >= BATCH) {
                    flush();
                }
            });
            position = Math.max(position, horizon);
            flush();
            if (async) {
                inFlight.acquireUninterruptibly(3);
                inFlight.release(3);
                if (writeFailure != null) {
                    throw writeFailure;
                }
            }
        }

        private void check() {
            byte[] signed = anchors.get(chains.size());
            if (signed != null && !Arrays.equals(signed, chains.root())) {
                Map.Entry<Long, byte[]> before = anchors.lowerEntry(chains.size());
                throw new Contradiction("the rebuilt tree contradicts signed checkpoint " + chains.size()
                        + ": its first " + chains.size() + " leaves give root "
                        + HexFormat.of().formatHex(chains.root()) + ", the checkpoint signed "
                        + HexFormat.of().formatHex(signed) + (before == null ? ""
                        : " (checkpoint " + before.getKey() + " still holds)"));
            }
        }

        private void flush() {
            if (batch.isEmpty()) {
                return;
            }
            List<HistoryStore.Stored> entries = List.copyOf(batch);
            List<MerkleTree.Node> completed = List.copyOf(nodes);
            if (async) {
                if (writeFailure != null) {
                    throw writeFailure;
                }
                inFlight.acquireUninterruptibly();
                writer.execute(() -> {
                    try {
                        if (writeFailure == null) {
                            shadow.append(entries, completed);
                        }
                    } catch (RuntimeException failed) {
                        writeFailure = failed;
                    } finally {
                        inFlight.release();
                    }
                });
            } else {
                shadow.append(entries, completed);
            }
            batch.clear();
            nodes.clear();
            Instant now = clock.instant();
            if (now.isAfter(reported.plusSeconds(10))) {
                runs.heartbeat(rebuildId, now);
                reported = now;
            }
        }
    }
}
