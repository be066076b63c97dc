package uk.smartmeter.restricted.application.reconciliation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import uk.smartmeter.restricted.application.port.in.ReconcileRegistration;
import uk.smartmeter.restricted.application.port.out.ReconciliationRun;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;
import uk.smartmeter.restricted.application.port.out.DeviceEventLog;
import uk.smartmeter.restricted.application.port.out.ReconciliationStore;
import uk.smartmeter.restricted.application.port.out.RegistrationSources;
import uk.smartmeter.restricted.application.port.out.ServiceEvents;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.reconciliation.Mismatch;
import uk.smartmeter.restricted.domain.reconciliation.MismatchKind;
import uk.smartmeter.restricted.domain.reconciliation.Reconciliation;
import uk.smartmeter.restricted.domain.reconciliation.Registration;
import uk.smartmeter.restricted.domain.reconciliation.RegistrationReconciled;
import uk.smartmeter.restricted.domain.reconciliation.RegistrationScope;

/**
 * Reconciliation with registration (issue 18, F14). A run takes the store's view of its meters from the Device
 * events up to the store's head, reads each registration file once in a streaming pass (memory grows with meter
 * points, not with lines), compares, writes its forms beside the monthly reports and, in one transaction with
 * marking it done, records it in the history ({@link RegistrationReconciled}: who, when, the inputs with their
 * SHA-256, the counts). Nothing else changes: each finding names the DCC command that would correct it.
 * <p>
 * Runs are shared by every node through the store: a run ID is used once, and asking again with the same files
 * answers the run already asked for. A run whose node stops reporting is marked FAILED, and that too is recorded.
 */
public final class ReconciliationService implements ReconcileRegistration {

    /** What an ID may be: as the API's other identifiers. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** How many bad lines a run lists (it counts them all). */
    public static final int BAD_LINES_LISTED = 10_000;
    static final Duration STALE_AFTER = Duration.ofSeconds(60);
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final System.Logger LOG = System.getLogger(ReconciliationService.class.getName());

    private final DeviceEventLog events;
    private final RegistrationSources sources;
    private final ReconciliationStore store;
    private final ServiceEvents serviceEvents;
    private final Clock clock;
    private final String node;
    private final Executor background;

    public ReconciliationService(DeviceEventLog events, RegistrationSources sources, ReconciliationStore store,
                                 ServiceEvents serviceEvents, Clock clock, String node, Executor background) {
        this.events = Objects.requireNonNull(events);
        this.sources = Objects.requireNonNull(sources);
        this.store = Objects.requireNonNull(store);
        this.serviceEvents = Objects.requireNonNull(serviceEvents);
        this.clock = Objects.requireNonNull(clock);
        this.node = Objects.requireNonNull(node);
        this.background = Objects.requireNonNull(background);
    }

    @Override
    public Started start(Actor by, String reconciliationId, List<String> registrationFiles, RegistrationScope scope) {
        Started claimed = claim(by, reconciliationId, registrationFiles, scope);
        if (claimed.fresh()) {
            Heartbeat beat = new Heartbeat(claimed.run().reconciliationId());
            try {
                background.execute(() -> {
                    try {
                        execute(by, claimed.run(), ignored -> { });
                    } finally {
                        beat.stop();
                    }
                });
            } catch (RuntimeException refused) {
                beat.stop();
                throw refused;
            }
        }
        return claimed;
    }

    @Override
    public ReconciliationRun run(Actor by, String reconciliationId, List<String> registrationFiles,
                                 RegistrationScope scope, Consumer<ReconciliationRun> progress) {
        Started claimed = claim(by, reconciliationId, registrationFiles, scope);
        if (!claimed.fresh()) {
            return claimed.run();
        }
        Heartbeat beat = new Heartbeat(claimed.run().reconciliationId());
        try {
            return execute(by, claimed.run(), progress);
        } finally {
            beat.stop();
        }
    }

    /**
     * Tells the store every few seconds that this node is still at the run, from its claim (while it waits its turn, the
     * store view's replay and the forms included) to its end, so that no other node fails a run that is alive.
     */
    private final class Heartbeat {
        private final Thread thread;
        private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic
                .AtomicBoolean(true);

        Heartbeat(String reconciliationId) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        Thread.sleep(HEARTBEAT.toMillis());
                    } catch (InterruptedException stopped) {
                        return;
                    }
                    try {
                        store.beat(reconciliationId, clock.instant());
                    } catch (RuntimeException failed) {
                        LOG.log(System.Logger.Level.WARNING, "reconciliation " + reconciliationId + ": its heartbeat"
                                + " could not be written now", failed);
                    }
                }
            }, "reconciliation-heartbeat");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running.set(false);
            thread.interrupt();
        }
    }

    private Started claim(Actor by, String id, List<String> files, RegistrationScope scope) {
        reap();
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("reconciliationId: 1 to 64 letters, digits, . _ or -, beginning with a"
                    + " letter or digit");
        }
        List<String> chosen = choose(files);
        RegistrationScope asScope = scope == null ? RegistrationScope.SNAPSHOT : scope;
        ReconciliationRun asked = ReconciliationRun.asked(id, who(by), clock.instant(), chosen, asScope);
        Optional<ReconciliationRun> known = store.claim(asked, node);
        if (known.isPresent()) {
            if (!known.get().registrationFiles().equals(chosen) || known.get().scope() != asScope) {
                throw new ReconciliationRefused(ServiceRefusal.RECONCILIATION_ID_REUSED, "reconciliation " + id
                        + " was asked for at " + known.get().requestedAt() + " with other registration files or"
                        + " another scope");
            }
            return new Started(known.get(), false);
        }
        return new Started(asked, true);
    }

    private List<String> choose(List<String> files) {
        if (files == null || files.isEmpty()) {
            throw new ReconciliationRefused(ServiceRefusal.REGISTRATION_INPUTS_INVALID, "name at least one registration"
                    + " file");
        }
        List<String> chosen = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        for (String name : files) {
            String canonical = sources.check(name);
            if (!distinct.add(canonical)) {
                throw new ReconciliationRefused(ServiceRefusal.REGISTRATION_INPUTS_INVALID, "each registration file"
                        + " once: " + canonical + " is named more than once");
            }
            chosen.add(canonical);
        }
        return List.copyOf(chosen);
    }

    private ReconciliationRun execute(Actor by, ReconciliationRun asked, Consumer<ReconciliationRun> progress) {
        ReconciliationRun run = asked;
        try {
            long position = events.head();
            long viewStarted = System.nanoTime();
            StoreView view = new StoreView();
            long replayed = events.replay(-1, position, view);
            var meters = view.meters();
            long passStarted = System.nanoTime();
            LOG.log(System.Logger.Level.INFO, () -> String.format(java.util.Locale.ROOT, "reconciliation %s: store"
                    + " view of %d meters from %d events up to position %d in %d ms", asked.reconciliationId(),
                    meters.size(), replayed, position, (passStarted - viewStarted) / 1_000_000));
            Reconciliation reconciliation = new Reconciliation(meters, asked.requestedAt(), asked.scope(),
                    asked.registrationFiles());
            List<ReconciliationStore.BadLine> bad = new ArrayList<>();
            long[] badCount = {0};
            long[] before = {0};
            Instant[] lastBeat = {clock.instant()};
            List<RegistrationReconciled.Input> inputs = new ArrayList<>();
            RegistrationSources.Sink sink = new RegistrationSources.Sink() {
                @Override
                public void line(Registration registration) {
                    reconciliation.offer(registration);
                }

                @Override
                public void bad(String input, long line, String field, String rule) {
                    badCount[0]++;
                    if (bad.size() < BAD_LINES_LISTED) {
                        bad.add(new ReconciliationStore.BadLine(input, line, field, rule));
                    }
                }
            };
            ReconciliationRun[] current = {run};
            for (String name : asked.registrationFiles()) {
                inputs.add(sources.read(name, inputs.size(), sink, lines -> {
                    Instant now = clock.instant();
                    if (Duration.between(lastBeat[0], now).compareTo(HEARTBEAT) >= 0) {
                        lastBeat[0] = now;
                        store.progress(asked.reconciliationId(), before[0] + lines, now);
                        current[0] = current[0].withProgress(before[0] + lines);
                        progress.accept(current[0]);
                    }
                }));
                before[0] = inputs.stream().mapToLong(RegistrationReconciled.Input::lines).sum();
            }
            long compareStarted = System.nanoTime();
            LOG.log(System.Logger.Level.INFO, () -> String.format(java.util.Locale.ROOT, "reconciliation %s: %d"
                    + " registration lines read in %d ms", asked.reconciliationId(), before[0],
                    (compareStarted - passStarted) / 1_000_000));
            if (asked.scope() == RegistrationScope.SNAPSHOT && reconciliation.meterPoints() == 0 && !meters.isEmpty()) {
                // before any finding is made: one for every enrolled meter would be the very thing refused
                run = new ReconciliationRun(asked.reconciliationId(), asked.requestedBy(), asked.requestedAt(),
                        ReconciliationRun.RUNNING, asked.registrationFiles(), asked.scope(), before[0], position,
                        meters.size(), 0, reconciliation.notYetInForce(), inputs, null, null, null, null, null);
                throw new EmptySnapshot("a snapshot with no meter point in force would call every one of the "
                        + meters.size() + " enrolled meters unregistered: check the files, or send a day's changes as"
                        + " a DELTA");
            }
            Map<MismatchKind, List<Mismatch>> findings = reconciliation.findings();
            Map<MismatchKind, Long> counts = new EnumMap<>(MismatchKind.class);
            Map<MismatchKind, Long> restricted = new EnumMap<>(MismatchKind.class);
            findings.forEach((kind, listing) -> {
                counts.put(kind, (long) listing.size());
                restricted.put(kind, listing.stream().filter(Mismatch::restricted).count());
            });
            run = new ReconciliationRun(asked.reconciliationId(), asked.requestedBy(), asked.requestedAt(),
                    ReconciliationRun.DONE, asked.registrationFiles(), asked.scope(), before[0], position,
                    meters.size(), reconciliation.meterPoints(), reconciliation.notYetInForce(), inputs, counts,
                    restricted, null, clock.instant(), badCount[0] == 0 ? null : badCount[0] + " bad lines were"
                    + " skipped (listed in the bad-lines form" + (badCount[0] > BAD_LINES_LISTED ? ", the first "
                    + BAD_LINES_LISTED : "") + ")");
            ReconciliationRun stored = store.finish(run, findings, bad, done -> serviceEvents.publish(
                    new RegistrationReconciled(done.reconciliationId(), by, done.requestedAt(), done.finishedAt(),
                            ReconciliationRun.DONE, done.detail(), inputs, position, counts, restricted, done.scope(),
                            done.forms())));
            progress.accept(stored);
            return stored;
        } catch (IOException | RuntimeException | OutOfMemoryError failed) {
            String why = failed instanceof IOException || failed instanceof UncheckedIOException
                    ? "could not read a registration file or write the report: " + firstLine(failed)
                    : failed instanceof EmptySnapshot ? failed.getMessage()
                    : failed.getClass().getSimpleName() + ": " + firstLine(failed);
            LOG.log(System.Logger.Level.ERROR, "reconciliation " + asked.reconciliationId() + " failed: " + why, failed);
            ReconciliationRun failedRun = run.failed(why, clock.instant());
            try {
                store.fail(failedRun, () -> serviceEvents.publish(failedEvent(by, failedRun)));
            } catch (RuntimeException unrecorded) {
                LOG.log(System.Logger.Level.ERROR, "reconciliation " + asked.reconciliationId() + ": its failure could"
                        + " not be recorded; it will be reaped as stale", unrecorded);
            }
            progress.accept(failedRun);
            return failedRun;
        }
    }

    private static RegistrationReconciled failedEvent(Actor by, ReconciliationRun run) {
        return new RegistrationReconciled(run.reconciliationId(), by, run.requestedAt(), run.finishedAt(),
                ReconciliationRun.FAILED, run.detail(), run.inputs(), run.storePosition(), null, null, run.scope(),
                null);
    }

    /** A snapshot that lists no meter point: the run fails, recorded, rather than report every meter unregistered. */
    private static final class EmptySnapshot extends RuntimeException {
        EmptySnapshot(String message) {
            super(message, null, false, false);
        }
    }

    /** Runs whose node went quiet are failed, and their failure recorded in the history like any other. */
    private void reap() {
        try {
            store.reapStale(STALE_AFTER, clock.instant(), dead -> serviceEvents.publish(failedEvent(Actor.of(
                    dead.requestedBy().split("/")[0],
                    uk.smartmeter.restricted.domain.device.UserRole.valueOf(dead.requestedBy().split("/")[1])), dead)));
        } catch (RuntimeException failed) {
            LOG.log(System.Logger.Level.WARNING, "stale reconciliations could not be reaped now", failed);
        }
    }

    @Override
    public Optional<ReconciliationRun> find(String reconciliationId) {
        reap();
        return store.find(reconciliationId);
    }

    @Override
    public List<ReconciliationRun> recent(int limit) {
        reap();
        return store.recent(limit);
    }

    @Override
    public Optional<uk.smartmeter.restricted.application.port.out.FindingsPage> findings(String reconciliationId, MismatchKind kind, long cursor, int limit) {
        return store.find(reconciliationId).filter(run -> run.state().equals(ReconciliationRun.DONE))
                .flatMap(run -> store.page(run, kind, cursor, limit));
    }

    @Override
    public Optional<InputStream> form(String reconciliationId, String form) {
        return store.find(reconciliationId).filter(run -> run.state().equals(ReconciliationRun.DONE))
                .flatMap(run -> store.form(run, form));
    }

    private static String who(Actor by) {
        return by.party().value() + "/" + by.role().name();
    }

    private static String firstLine(Throwable failed) {
        Throwable cause = failed instanceof UncheckedIOException && failed.getCause() != null ? failed.getCause() : failed;
        String message = cause.getMessage() == null ? "" : cause.getMessage().lines().findFirst().orElse("").strip();
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}
