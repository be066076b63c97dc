package uk.smartmeter.restricted.application.reporting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import uk.smartmeter.restricted.application.port.in.ReadMonthlyReports;
import uk.smartmeter.restricted.application.port.in.RunMonthlyReports;
import uk.smartmeter.restricted.application.port.out.DeviceEventLog;
import uk.smartmeter.restricted.application.port.out.OutcomeLogs;
import uk.smartmeter.restricted.application.port.out.ReportStore;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.RefusalCode;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.gate.SrvClass;
import uk.smartmeter.restricted.application.port.out.ReportForms;
import uk.smartmeter.restricted.domain.reporting.MonthFacts;
import uk.smartmeter.restricted.domain.reporting.MonthStart;
import uk.smartmeter.restricted.application.port.out.MonthStarts;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.gate.GateDenied;
import uk.smartmeter.restricted.domain.reporting.MonthlyMeasures;
import uk.smartmeter.restricted.domain.reporting.CatalogueTimeline;
import uk.smartmeter.restricted.domain.reporting.SrvIndex;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport;
import uk.smartmeter.restricted.domain.reporting.ReportDiff;
import uk.smartmeter.restricted.domain.history.HashChain;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals;
import uk.smartmeter.restricted.application.port.out.ReportRevision;
import uk.smartmeter.restricted.application.port.out.Reproduction;
import uk.smartmeter.restricted.application.port.out.ReportOutputs;
import uk.smartmeter.restricted.application.port.in.ReportRun;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;

/**
 * Monthly reports (MP169 BR6): each run replays the Device events up to a position into the month's
 * facts, reads the outcome logs once, and stores the result as a revision (the first, published, is
 * fixed for good) or, for a reproduction, compares it byte for byte with the published one.
 * <p>
 * A run starts from the month's start checkpoint when one is kept ({@link MonthStarts}: the meters' states just before
 * the month, taken by the previous month's run as its replay passed them), so its cost follows the month, not the
 * store's age. A reproduction always replays from the store's beginning: it is the independent check that the two
 * agree, byte for byte.
 */
public final class MonthlyReportService implements RunMonthlyReports, ReadMonthlyReports {

    public static final String EXPLANATION_HEADER = "file,line,request_id,device_id,srv,reason";
    /** What a log may be named: a path in the outcome-log folder, safe in a CSV cell and a file name. */
    private static final java.util.regex.Pattern LOG_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._/ -]{1,512}");
    /** Its canonical form never begins like a formula. */
    private static final java.util.regex.Pattern CANONICAL_LOG_NAME = java.util.regex.Pattern.compile(
            "[A-Za-z0-9_][A-Za-z0-9._/ -]{0,511}");
    /** The explanation's reason for a row that claims a gate denial the gate has no receipt of (kept in). */
    public static final String UNVERIFIED_CLAIM = "UNVERIFIED_CLAIM";

    private final DeviceEventLog events;
    private final OutcomeLogs logs;
    private final ReportStore store;
    private final ReportForms forms;
    private final SrvCatalogue catalogue;
    private final Map<SrvClass, Integer> targets;
    private final Clock clock;
    private final Executor background;
    private final long maxInputBytes;
    private final AtomicLong runIds = new AtomicLong();
    /** How many finished runs (done, failed or cancelled) stay answerable by their run ID; older ones are dropped. */
    public static final int FINISHED_RUNS_KEPT = 100;

    private static final System.Logger LOG = System.getLogger(MonthlyReportService.class.getName());

    private final Map<Long, ReportRun> runs = new ConcurrentHashMap<>();
    private final Map<Long, AtomicBoolean> cancels = new ConcurrentHashMap<>();

    /**
     * @param maxInputBytes the most bytes of outcome logs one run may read, all logs together
     */
    public MonthlyReportService(DeviceEventLog events, OutcomeLogs logs, ReportStore store, ReportForms forms,
                                SrvCatalogue catalogue, Map<SrvClass, Integer> targets, Clock clock,
                                Executor background, long maxInputBytes) {
        this(events, logs, store, forms, catalogue, targets, clock, background, maxInputBytes, reason -> null);
    }

    /** As above, each stored revision citing a history checkpoint issued for it. */
    public MonthlyReportService(DeviceEventLog events, OutcomeLogs logs, ReportStore store, ReportForms forms,
                                SrvCatalogue catalogue, Map<SrvClass, Integer> targets, Clock clock,
                                Executor background, long maxInputBytes,
                                java.util.function.Function<String, uk.smartmeter.restricted.application.port.out
                                        .IssuedCheckpoint> checkpoints) {
        this(events, logs, store, forms, catalogue, targets, clock, background, maxInputBytes, checkpoints, NO_MONTH_STARTS);
    }

    /** As below, the catalogue alone in force in every month. */
    public MonthlyReportService(DeviceEventLog events, OutcomeLogs logs, ReportStore store, ReportForms forms,
                                SrvCatalogue catalogue, Map<SrvClass, Integer> targets, Clock clock,
                                Executor background, long maxInputBytes,
                                java.util.function.Function<String, uk.smartmeter.restricted.application.port.out
                                        .IssuedCheckpoint> checkpoints, MonthStarts monthStarts) {
        this(events, logs, store, forms, catalogue, targets, clock, background, maxInputBytes, checkpoints, monthStarts,
                () -> List.of(new CatalogueTimeline.Step(null, catalogue)));
    }

    /**
     * As above, each month's replay starting from its month-start checkpoint when one is kept (issue 17), and each row
     * classified by the SRV catalogue in force at its time ({@code catalogueSchedule}: every catalogue with the instant it
     * took effect, the first from null; issue 18).
     */
    public MonthlyReportService(DeviceEventLog events, OutcomeLogs logs, ReportStore store, ReportForms forms,
                                SrvCatalogue catalogue, Map<SrvClass, Integer> targets, Clock clock,
                                Executor background, long maxInputBytes,
                                java.util.function.Function<String, uk.smartmeter.restricted.application.port.out
                                        .IssuedCheckpoint> checkpoints, MonthStarts monthStarts,
                                java.util.function.Supplier<List<CatalogueTimeline.Step>> catalogueSchedule) {
        this.catalogueSchedule = java.util.Objects.requireNonNull(catalogueSchedule);
        this.monthStarts = java.util.Objects.requireNonNull(monthStarts);
        this.events = events;
        this.logs = logs;
        this.store = store;
        this.forms = forms;
        this.catalogue = catalogue;
        this.targets = Map.copyOf(targets);
        this.clock = clock;
        this.background = background;
        this.maxInputBytes = maxInputBytes;
        this.checkpoints = java.util.Objects.requireNonNull(checkpoints);
    }

    private final java.util.function.Function<String, uk.smartmeter.restricted.application.port.out.IssuedCheckpoint>
            checkpoints;
    private final MonthStarts monthStarts;
    private final java.util.function.Supplier<List<CatalogueTimeline.Step>> catalogueSchedule;

    /** No month-start checkpoints: every month replays the store from its beginning. */
    private static final MonthStarts NO_MONTH_STARTS = new MonthStarts() {
        @Override
        public java.util.Optional<Found> find(YearMonth month) {
            return java.util.Optional.empty();
        }

        @Override
        public void read(YearMonth month, Consumer<MonthFacts.MeterState> sink) {
            throw new IllegalStateException("no month starts are kept");
        }

        @Override
        public void save(YearMonth month, long position, Consumer<Consumer<MonthFacts.MeterState>> states) {
            // none kept
        }
    };

    private record Plan(YearMonth month, Mode mode, List<String> logs, long position, int revision,
                        ReportRevision published, long bytes) {
    }

    /** A run stopped by {@link #cancel}. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    @Override
    public ReportRun start(Actor by, YearMonth month, List<String> names, Mode mode) {
        Plan plan = plan(month, names, mode);
        ReportRun run = begin(plan);
        background.execute(() -> execute(by, plan, run.runId(), ignored -> { }));
        return run;
    }

    @Override
    public ReportRun run(Actor by, YearMonth month, List<String> names, Mode mode, Consumer<ReportRun> progress) {
        Plan plan = plan(month, names, mode);
        return execute(by, plan, begin(plan).runId(), progress);
    }

    @Override
    public Optional<ReportRun> status(long runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public Optional<ReportRun> cancel(Actor by, long runId) {
        AtomicBoolean flag = cancels.get(runId);
        if (flag != null) {
            flag.set(true);
            // a run still waiting its turn is cancelled at once; it stops before it reads anything
            runs.computeIfPresent(runId, (id, r) -> r.state().equals(ReportRun.QUEUED) ? new ReportRun(r.runId(),
                    r.month(), r.mode(), ReportRun.CANCELLED, 0, 0, 0, r.bytesTotal(), r.startedAt(), null, null, null,
                    null, "cancelled") : r);
        }
        return status(runId);
    }

    private static void checkCancelled(AtomicBoolean flag) {
        if (flag.get()) {
            throw new Cancelled();
        }
    }

    private Plan plan(YearMonth month, List<String> names, Mode mode) {
        Optional<ReportRevision> published = store.revision(month, 1);
        switch (mode) {
            case PUBLISH -> {
                if (published.isPresent()) {
                    throw new ReportRefused(ServiceRefusal.REPORT_ALREADY_PUBLISHED, month + " is published; recompute it"
                            + " for a new revision");
                }
                if (clock.instant().isBefore(RestrictedIntervals.startOf(month.plusMonths(1)))) {
                    throw new ReportRefused(ServiceRefusal.REPORT_MONTH_NOT_CLOSED, month + " has not ended");
                }
            }
            case REPRODUCE, RECOMPUTE -> {
                if (published.isEmpty()) {
                    throw new ReportRefused(ServiceRefusal.REPORT_NOT_PUBLISHED, month + " has no published report");
                }
            }
        }
        List<String> given = names.isEmpty() && published.isPresent()
                ? published.get().logs().stream().map(ReportRevision.LogFile::name).toList() : names;
        List<String> chosen = canonicalLogs(logs, given);
        long bytes = checkedBytes(logs, chosen, maxInputBytes);
        long position = mode == Mode.REPRODUCE ? published.get().eventPosition() : events.head();
        int revision = mode == Mode.REPRODUCE ? 0 : store.nextRevision(month);
        return new Plan(month, mode, chosen, position, revision, published.orElse(null), bytes);
    }

    /** The outcome logs named, each by its one name in the folder: refused when a name is bad, missing or repeated. */
    static List<String> canonicalLogs(OutcomeLogs logs, List<String> given) {
        for (String name : given) {
            if (!LOG_NAME.matcher(name).matches()) {
                throw new ReportRefused(ServiceRefusal.REPORT_INPUTS_INVALID, "outcome log names of 1 to 512 characters:"
                        + " letters, digits, spaces and . _ - /");
            }
        }
        List<String> chosen = given.stream().map(logs::canonical).toList();
        for (String name : chosen) {
            if (!CANONICAL_LOG_NAME.matcher(name).matches()) {
                throw new ReportRefused(ServiceRefusal.REPORT_INPUTS_INVALID, "an outcome log's name in its folder begins"
                        + " with a letter, a digit or _: " + name);
            }
        }
        if (chosen.isEmpty()) {
            throw new ReportRefused(ServiceRefusal.REPORT_INPUTS_INVALID, "name at least one outcome log");
        }
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (String name : chosen) {
            if (!distinct.add(name)) {
                throw new ReportRefused(ServiceRefusal.REPORT_INPUTS_INVALID, "each outcome log once: " + name
                        + " is named more than once");
            }
        }
        return chosen;
    }

    /** Their bytes, refused over the most one run may read. */
    static long checkedBytes(OutcomeLogs logs, List<String> chosen, long maxInputBytes) {
        long bytes = logs.totalBytes(chosen); // refuses a name that is not a readable log
        if (bytes > maxInputBytes) {
            throw new ReportRefused(ServiceRefusal.REPORT_INPUTS_INVALID, "the outcome logs named hold " + bytes
                    + " bytes; one run reads at most " + maxInputBytes + " (restricted.reporting.max-input-bytes)");
        }
        return bytes;
    }

    private synchronized ReportRun begin(Plan plan) {
        if (plan.mode() == Mode.PUBLISH && runs.values().stream().anyMatch(r -> r.month().equals(plan.month())
                && r.mode().equals(Mode.PUBLISH.name())
                && (r.state().equals(ReportRun.QUEUED) || r.state().equals(ReportRun.RUNNING)))) {
            throw new ReportRefused(RefusalCode.CONCURRENT_UPDATE, plan.month() + " is being published by run "
                    + "already queued or running");
        }
        long id = runIds.incrementAndGet();
        ReportRun run = new ReportRun(id, plan.month(), plan.mode().name(), ReportRun.QUEUED, 0, 0, 0,
                plan.bytes(), clock.instant(), null, null, null, null, null);
        cancels.put(id, new AtomicBoolean());
        runs.put(id, run);
        return run;
    }

    /**
     * The month's facts seeded from its month-start checkpoint; null for a replay from the beginning (it could not be
     * read: said in the log, and the run goes on).
     */
    private MonthFacts fromMonthStart(Plan plan) {
        MonthFacts facts = new MonthFacts(plan.month());
        try {
            monthStarts.read(plan.month(), facts::seed);
            return facts;
        } catch (RuntimeException unreadable) {
            LOG.log(System.Logger.Level.ERROR, "the month start of " + plan.month() + " could not be read; the report"
                    + " replays the store from its beginning", unreadable);
            return null;
        }
    }

    /** Keeps the next month's start; a failure to keep it is logged and costs only that month's next replay. */
    private void keepMonthStart(MonthStart next, MonthFacts facts) {
        try {
            monthStarts.save(next.month(), next.position(), facts::states);
        } catch (RuntimeException failed) {
            LOG.log(System.Logger.Level.WARNING, "the month start of " + next.month() + " could not be kept", failed);
        }
    }

    private ReportRun execute(Actor by, Plan plan, long runId, Consumer<ReportRun> progress) {
        long started = System.nanoTime();
        String spool = java.util.UUID.randomUUID().toString();
        boolean stored = false;
        AtomicBoolean stop = cancels.getOrDefault(runId, new AtomicBoolean());
        try {
            checkCancelled(stop);
            update(runId, r -> new ReportRun(r.runId(), r.month(), r.mode(), ReportRun.RUNNING, 0, 0, 0,
                    r.bytesTotal(), r.startedAt(), null, null, null, null, null), progress);
            Optional<MonthStarts.Found> start = plan.mode() == Mode.REPRODUCE ? Optional.empty()
                    : monthStarts.find(plan.month()).filter(found -> found.position() <= plan.position());
            MonthFacts seeded = start.isPresent() ? fromMonthStart(plan) : null;
            MonthFacts facts = seeded != null ? seeded : new MonthFacts(plan.month());
            long after = seeded != null ? start.get().position() : -1;
            // the next month's start, taken as this replay passes it (a reproduction keeps to the full replay)
            MonthStart next = plan.mode() == Mode.REPRODUCE || monthStarts.find(plan.month().plusMonths(1)).isPresent()
                    ? null : new MonthStart(plan.month().plusMonths(1));
            long read = events.replay(after, plan.position(), new DeviceEventLog.Listener() {
                @Override
                public void event(long position, DeviceEvent event) {
                    checkCancelled(stop);
                    if (next != null && next.before(position, event)) {
                        keepMonthStart(next, facts);
                    }
                    facts.on(event);
                }

                @Override
                public void denied(long position, GateDenied denied) {
                    checkCancelled(stop);
                    if (next != null && next.before(position, denied)) {
                        keepMonthStart(next, facts);
                    }
                    facts.on(denied);
                }
            });
            update(runId, r -> new ReportRun(r.runId(), r.month(), r.mode(), r.state(), read, 0, 0, r.bytesTotal(),
                    r.startedAt(), null, null, null, null, null), progress);
            CatalogueTimeline timeline = timeline(plan.month());
            DigestWriter explanation = new DigestWriter(plan.mode() == Mode.REPRODUCE ? Writer.nullWriter()
                    : store.explanation(plan.month(), plan.revision(), spool));
            MonthlyReport report;
            try (explanation) {
                explanation.write(EXPLANATION_HEADER + "\r\n");
                MonthFacts.Month month = facts.finish();
                SrvIndex srvs = new SrvIndex(catalogue);
                MonthlyMeasures measures = new MonthlyMeasures(month, srvs, timeline, targets,
                        new Explanation(explanation));
                OutcomeLogs.Read pass = logs.read(plan.logs(), srvs, plan.month(), measures, (bytes, rows) -> {
                    checkCancelled(stop);
                    update(runId, r -> withBytes(r, bytes, rows, started), progress);
                });
                report = MonthlyReport.of(month, measures, plan.position(), timeline.versions(), targets,
                        pass.inputs(), pass.malformed(), pass.named());
            }
            if (plan.mode() == Mode.REPRODUCE) {
                // drawn as the served chart was: its revision, its checkpoint and its chart
                String servedChart;
                try {
                    servedChart = store.output(plan.published().month(), plan.published().revision(), "svg")
                            .orElse(null);
                } catch (ReportRefused altered) {
                    servedChart = null;
                }
                ReportOutputs outputs = forms.render(report, new ReportForms.Caption(plan.published().revision(),
                        plan.published().checkpointSize(), forms.chartOf(servedChart)));
                String sha = sha256(outputs.json());
                List<Reproduction.Difference> differences = differences(plan.published(), report, outputs,
                        explanation.sha256(), timeline.versions());
                store.saveReproduction(new Reproduction(plan.month(), runId, clock.instant(), by.party().value() + "/"
                        + by.role().name(), differences.isEmpty(), differences));
                return finish(runId, r -> new ReportRun(r.runId(), r.month(), r.mode(), ReportRun.DONE,
                        r.eventsRead(), r.rowsRead(), r.bytesTotal(), r.bytesTotal(), r.startedAt(), 0L,
                        plan.published().revision(), sha, differences.isEmpty(), null, differences), progress);
            }
            List<ReportRevision.LogFile> files = report.logs().stream()
                    .map(log -> new ReportRevision.LogFile(log.name(), log.sha256())).toList();
            uk.smartmeter.restricted.application.port.out.IssuedCheckpoint cited = checkpoints.apply("monthly-report "
                    + plan.month() + " revision " + plan.revision());
            ReportOutputs outputs = forms.render(report, new ReportForms.Caption(plan.revision(),
                    cited == null ? null : cited.treeSize(), ReportForms.CURRENT_CHART));
            String sha = sha256(outputs.json());
            store.save(new ReportRevision(plan.month(), plan.revision(), plan.revision() == 1, plan.position(), files,
                    sha, clock.instant(), by.party().value() + "/" + by.role().name(), timeline.versions(), null, null,
                    cited == null ? null : cited.treeSize(), cited == null ? null : cited.note()), outputs, spool);
            stored = true;
            return finish(runId, r -> done(r, plan.revision(), sha, null), progress);
        } catch (Cancelled cancelled) {
            return finish(runId, r -> new ReportRun(r.runId(), r.month(), r.mode(), ReportRun.CANCELLED,
                    r.eventsRead(), r.rowsRead(), r.bytesRead(), r.bytesTotal(), r.startedAt(), null, null, null, null,
                    "cancelled"), progress);
        } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError failed) {
            String why = failure(failed);
            LOG.log(System.Logger.Level.ERROR, "report run " + runId + " (" + plan.mode() + " " + plan.month()
                    + ") failed: " + why, failed);
            return finish(runId, r -> new ReportRun(r.runId(), r.month(), r.mode(), ReportRun.FAILED, r.eventsRead(),
                    r.rowsRead(), r.bytesRead(), r.bytesTotal(), r.startedAt(), null, null, null, null, why), progress);
        } finally {
            cancels.remove(runId);
            if (!stored && plan.mode() != Mode.REPRODUCE) {
                try {
                    store.discard(plan.month(), plan.revision(), spool);
                } catch (RuntimeException ignored) {
                    // a leftover spool is named by its run and never read; the run's state says what happened
                }
            }
        }
    }

    /**
     * What a reproduction found different from the published revision: each outcome log's SHA-256 (by name),
     * the catalogue, and each form against the file that is served (a file that no longer has its stored
     * SHA-256 is a difference of its own).
     */
    private List<Reproduction.Difference> differences(ReportRevision published, MonthlyReport report,
                                                      ReportOutputs outputs, String explanationSha,
                                                      String catalogueVersions) {
        List<Reproduction.Difference> differences = new java.util.ArrayList<>();
        long head = events.head();
        if (head < published.eventPosition()) {
            differences.add(new Reproduction.Difference("eventPosition", Long.toString(published.eventPosition()),
                    "the store ends at " + head));
        }
        Map<String, String> now = new LinkedHashMap<>();
        report.logs().forEach(log -> now.put(log.name(), log.sha256()));
        for (ReportRevision.LogFile log : published.logs()) {
            String found = now.get(log.name());
            if (!log.sha256().equals(found)) {
                differences.add(new Reproduction.Difference("log:" + log.name(), log.sha256(), found));
            }
        }
        if (published.catalogueVersion() != null && !published.catalogueVersion().equals(catalogueVersions)) {
            differences.add(new Reproduction.Difference("catalogue", published.catalogueVersion(),
                    catalogueVersions));
        }
        Map<String, String> reproduced = new LinkedHashMap<>();
        reproduced.put("json", sha256(outputs.json()));
        reproduced.put("csv", sha256(outputs.csv()));
        reproduced.put("svg", sha256(outputs.svg()));
        reproduced.put("explanation", explanationSha);
        reproduced.forEach((form, sha) -> {
            String served;
            try {
                served = store.output(published.month(), published.revision(), form).map(MonthlyReportService::sha256)
                        .orElse("missing");
            } catch (ReportRefused altered) {
                served = altered.getMessage();
            }
            if (!served.equals(sha)) {
                differences.add(new Reproduction.Difference("form:" + form, served, sha));
            }
        });
        return differences;
    }

    /** Writes the explanation rows: the excluded ones with their reason, the unverified claims as such. */
    private static final class Explanation implements uk.smartmeter.restricted.domain.reporting.MonthlyMeasures
            .ExplainSink {
        private final Writer out;

        Explanation(Writer out) {
            this.out = out;
        }

        @Override
        public void excluded(uk.smartmeter.restricted.domain.reporting.OutcomeRow row,
                             uk.smartmeter.restricted.domain.reporting.Exclusion reason) {
            explain(out, row, reason.name());
        }

        @Override
        public void unverifiedClaim(uk.smartmeter.restricted.domain.reporting.OutcomeRow row) {
            explain(out, row, UNVERIFIED_CLAIM);
        }
    }

    /** A writer that takes the SHA-256 of the UTF-8 it passes on. */
    private static final class DigestWriter extends Writer {
        private final Writer out;
        private final MessageDigest digest;
        private String sha256;

        DigestWriter(Writer out) {
            this.out = out;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }

        @Override
        public void write(char[] text, int from, int length) throws IOException {
            out.write(text, from, length);
            digest.update(new String(text, from, length).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void write(String text) throws IOException {
            out.write(text);
            digest.update(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
            if (sha256 == null) {
                sha256 = HexFormat.of().formatHex(digest.digest());
            }
        }

        String sha256() {
            return sha256;
        }
    }

    private static void explain(Writer out, uk.smartmeter.restricted.domain.reporting.OutcomeRow row,
                                String reason) {
        try {
            out.write(HashChain.csvRecord(java.util.Arrays.asList(HashChain.exportCell(row.file()),
                    Long.toString(row.line()), HashChain.exportCell(row.requestId()), row.deviceId(), row.srvText(),
                    reason)) + "\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SRV catalogues in force during the month, each row classified by the one in force at its time. */
    private CatalogueTimeline timeline(YearMonth month) {
        return new CatalogueTimeline(new SrvIndex(catalogue), CatalogueTimeline.within(catalogueSchedule.get(),
                RestrictedIntervals.startOf(month), RestrictedIntervals.startOf(month.plusMonths(1))));
    }

    private static ReportRun withBytes(ReportRun r, long bytes, long rows, long startedNanos) {
        double elapsed = (System.nanoTime() - startedNanos) / 1e9;
        Long eta = bytes == 0 || elapsed <= 0 ? null
                : Math.round((r.bytesTotal() - bytes) / (bytes / elapsed));
        return new ReportRun(r.runId(), r.month(), r.mode(), r.state(), r.eventsRead(), rows, bytes, r.bytesTotal(),
                r.startedAt(), eta, null, null, null, null);
    }

    private static ReportRun done(ReportRun r, int revision, String sha, Boolean identical) {
        return new ReportRun(r.runId(), r.month(), r.mode(), ReportRun.DONE, r.eventsRead(), r.rowsRead(),
                r.bytesTotal(), r.bytesTotal(), r.startedAt(), 0L, revision, sha, identical, null);
    }

    private ReportRun update(long runId, java.util.function.UnaryOperator<ReportRun> change,
                             Consumer<ReportRun> progress) {
        ReportRun next = runs.computeIfPresent(runId, (id, run) -> change.apply(run));
        progress.accept(next);
        return next;
    }

    private ReportRun finish(long runId, java.util.function.UnaryOperator<ReportRun> change,
                             Consumer<ReportRun> progress) {
        ReportRun finished = update(runId, change, progress);
        forgetOldRuns();
        return finished;
    }

    /** Keeps the newest {@link #FINISHED_RUNS_KEPT} finished runs; queued and running ones are always kept. */
    private synchronized void forgetOldRuns() {
        List<Long> finished = runs.values().stream()
                .filter(run -> !run.state().equals(ReportRun.QUEUED) && !run.state().equals(ReportRun.RUNNING))
                .map(ReportRun::runId).sorted().toList();
        for (int i = 0; i < finished.size() - FINISHED_RUNS_KEPT; i++) {
            runs.remove(finished.get(i));
        }
    }

    /** What a failed run says about its failure: the kind and the message's first line, never a stack. */
    static String failure(Throwable failed) {
        String kind = failed instanceof UncheckedIOException || failed instanceof IOException
                ? "could not read an outcome log or write the report" : failed.getClass().getSimpleName();
        Throwable cause = failed instanceof UncheckedIOException && failed.getCause() != null ? failed.getCause() : failed;
        String message = cause.getMessage() == null ? "" : cause.getMessage().lines().findFirst().orElse("").strip();
        if (message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return message.isEmpty() ? kind : kind + ": " + message;
    }

    @Override
    public List<YearMonth> months() {
        return store.months();
    }

    @Override
    public List<ReportRevision> revisions(YearMonth month) {
        return store.revisions(month);
    }

    @Override
    public List<Reproduction> reproductions(YearMonth month) {
        return store.reproductions(month);
    }

    @Override
    public Optional<String> output(YearMonth month, int revision, String form) {
        return store.output(month, revision == 0 ? 1 : revision, form);
    }

    @Override
    public Optional<List<ReportDiff.Change>> diff(YearMonth month, int revision) {
        Optional<String> published = store.output(month, 1, "csv");
        Optional<String> other = store.output(month, revision == 0 ? 1 : revision, "csv");
        if (published.isEmpty() || other.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ReportDiff.between(forms.figures(published.get()), forms.figures(other.get())));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
