package uk.smartmeter.restricted.application.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.application.port.in.RunMonthlyReports;
import uk.smartmeter.restricted.application.port.out.DeviceEventLog;
import uk.smartmeter.restricted.application.port.out.OutcomeLogs;
import uk.smartmeter.restricted.application.port.out.ReportStore;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.RefusalCode;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.TenancyChanged;
import uk.smartmeter.restricted.domain.gate.GateDenied;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.gate.SrvClass;
import uk.smartmeter.restricted.domain.reporting.MonthlyReport;
import uk.smartmeter.restricted.domain.reporting.OutcomeRowSink;
import uk.smartmeter.restricted.domain.reporting.SrvIndex;
import uk.smartmeter.restricted.application.port.out.ReportForms;
import uk.smartmeter.restricted.application.port.out.ReportRevision;
import uk.smartmeter.restricted.application.port.out.Reproduction;
import uk.smartmeter.restricted.application.port.out.ReportOutputs;
import uk.smartmeter.restricted.application.port.in.ReportRun;
import uk.smartmeter.restricted.application.port.in.ServiceRefusal;

/**
 * A run over a long history stops when it is cancelled, and stores nothing; a run's inputs are bounded; a failed run
 * says why and is logged; finished runs are kept up to a bound.
 */
class AReportRunCanBeCancelledTest {

    private static final Actor DCC = Actor.of("DCC-DSP", UserRole.DCC);
    private static final YearMonth OCTOBER = YearMonth.of(2026, 10);
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final CountDownLatch replaying = new CountDownLatch(1);
    private final List<ReportRevision> saved = new ArrayList<>();
    private final java.util.Set<String> spools = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    /** A store with an endless history: only a cancel ends its replay. */
    private final DeviceEventLog endless = new DeviceEventLog() {
        @Override
        public long head() {
            return Long.MAX_VALUE;
        }

        @Override
        public long replay(long after, long upTo, Listener listener) {
            replaying.countDown();
            DeviceEvent event = new TenancyChanged(uk.smartmeter.restricted.domain.device.DeviceId.of(
                    "00-DB-12-34-56-78-90-A0"), DCC, Instant.EPOCH, Instant.EPOCH);
            long count = 0;
            while (!Thread.currentThread().isInterrupted()) {
                listener.event(count, event);
                count++;
            }
            return count;
        }
    };

    private final OutcomeLogs oneLog = new OutcomeLogs() {
        @Override
        public Read read(List<String> names, SrvIndex srvs, YearMonth month, OutcomeRowSink rows, Progress progress) {
            return new Read(names.stream().map(name -> new MonthlyReport.LogInput(name, "0".repeat(64), 0, 0))
                    .toList(), 0, List.of());
        }

        @Override
        public String canonical(String name) {
            return name.startsWith("./") ? name.substring(2) : name;
        }

        @Override
        public long totalBytes(List<String> names) {
            return 100L * names.size();
        }
    };

    private final ReportStore store = new ReportStore() {
        @Override
        public int nextRevision(YearMonth month) {
            return 1;
        }

        @Override
        public Writer explanation(YearMonth month, int revision, String spool) {
            spools.add(spool);
            return new StringWriter();
        }

        @Override
        public void discard(YearMonth month, int revision, String spool) {
            spools.remove(spool);
        }

        @Override
        public void save(ReportRevision revision, ReportOutputs outputs, String spool) {
            saved.add(revision);
        }

        @Override
        public List<ReportRevision> revisions(YearMonth month) {
            return List.of();
        }

        @Override
        public Optional<ReportRevision> revision(YearMonth month, int revision) {
            return Optional.empty();
        }

        @Override
        public Optional<String> output(YearMonth month, int revision, String form) {
            return Optional.empty();
        }

        @Override
        public void saveReproduction(Reproduction reproduction) {
        }

        @Override
        public List<Reproduction> reproductions(YearMonth month) {
            return List.of();
        }

        @Override
        public List<YearMonth> months() {
            return List.of();
        }
    };

    private final ReportForms forms = new ReportForms() {
        @Override
        public ReportOutputs render(MonthlyReport report, Caption caption) {
            return new ReportOutputs("{}", "section,subject,figure,value\r\n", "<svg/>");
        }

        @Override
        public int chartOf(String svg) {
            return CURRENT_CHART;
        }

        @Override
        public Map<String, String> figures(String csv) {
            return Map.of();
        }
    };

    private MonthlyReportService service(long maxInputBytes) {
        Map<SrvClass, Integer> targets = new EnumMap<>(SrvClass.class);
        for (SrvClass srvClass : SrvClass.values()) {
            targets.put(srvClass, 30_000);
        }
        return new MonthlyReportService(endless, oneLog, store, forms, SrvCatalogue.bundled(), targets,
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC), background, maxInputBytes);
    }

    @Test
    void aCancelledRunEndsCancelledAndStoresNothing() throws Exception {
        MonthlyReportService reports = service(1_000);
        ReportRun started = reports.start(DCC, OCTOBER, List.of("october.csv"), RunMonthlyReports.Mode.PUBLISH);
        assertThat(replaying.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(reports.status(started.runId()).orElseThrow().state()).isEqualTo(ReportRun.RUNNING);
        assertThat(catchThrowableOfType(() -> reports.start(DCC, OCTOBER, List.of("october.csv"),
                RunMonthlyReports.Mode.PUBLISH), ReportRefused.class).code())
                .as("a second publication of the month while the first runs").isEqualTo(RefusalCode.CONCURRENT_UPDATE);

        reports.cancel(DCC, started.runId());

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                reports.status(started.runId()).orElseThrow().state().equals(ReportRun.CANCELLED));
        assertThat(saved).isEmpty();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(spools::isEmpty);
        assertThat(reports.cancel(DCC, 999)).isEmpty();
    }

    @Test
    void aRunRefusesALogNamedTwiceAndInputsOverTheLimit() {
        MonthlyReportService reports = service(150);
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> reports.start(DCC, OCTOBER,
                List.of("a.csv", "b.csv", "./a.csv"), RunMonthlyReports.Mode.PUBLISH), ReportRefused.class))
                .satisfies(refused -> {
                    assertThat(refused.code()).isEqualTo(ServiceRefusal.REPORT_INPUTS_INVALID);
                    assertThat(refused.getMessage()).contains("a.csv is named more than once");
                });
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> reports.start(DCC, OCTOBER,
                List.of("a.csv", "b.csv"), RunMonthlyReports.Mode.PUBLISH), ReportRefused.class).getMessage())
                .contains("200 bytes", "at most 150");
        assertThat(replaying.getCount()).as("nothing was read").isEqualTo(1);
    }

    private final DeviceEventLog failing = new DeviceEventLog() {
        @Override
        public long head() {
            return 7;
        }

        @Override
        public long replay(long after, long upTo, Listener listener) {
            throw new IllegalStateException("the event store said no\nsecond line");
        }
    };

    private MonthlyReportService failingService() {
        Map<SrvClass, Integer> targets = new EnumMap<>(SrvClass.class);
        for (SrvClass srvClass : SrvClass.values()) {
            targets.put(srvClass, 30_000);
        }
        return new MonthlyReportService(failing, oneLog, store, forms, SrvCatalogue.bundled(), targets,
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC), Runnable::run, 1_000);
    }

    @Test
    void aFailedRunSaysWhyAndIsLogged() {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(MonthlyReportService.class.getName());
        List<java.util.logging.LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(handler);
        try {
            ReportRun run = failingService().run(DCC, OCTOBER, List.of("october.csv"), RunMonthlyReports.Mode.PUBLISH,
                    progress -> { });
            assertThat(run.state()).isEqualTo(ReportRun.FAILED);
            assertThat(run.failure()).isEqualTo("IllegalStateException: the event store said no");
            assertThat(logged).anySatisfy(record -> {
                assertThat(record.getLevel()).isEqualTo(java.util.logging.Level.SEVERE);
                assertThat(record.getMessage()).contains("report run " + run.runId(), "the event store said no");
                assertThat(record.getThrown()).isInstanceOf(IllegalStateException.class);
            });
        } finally {
            jul.removeHandler(handler);
        }
    }

    @Test
    void finishedRunsAreKeptUpToABound() {
        MonthlyReportService reports = failingService();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < MonthlyReportService.FINISHED_RUNS_KEPT + 50; i++) {
            ids.add(reports.run(DCC, OCTOBER, List.of("october.csv"), RunMonthlyReports.Mode.PUBLISH, progress -> { })
                    .runId());
        }
        assertThat(reports.status(ids.get(0))).as("the oldest finished run").isEmpty();
        assertThat(reports.status(ids.get(49))).isEmpty();
        assertThat(reports.status(ids.get(50))).as("the oldest of the newest kept").isPresent();
        assertThat(reports.status(ids.get(ids.size() - 1))).isPresent();
    }
}
