package uk.smartmeter.restricted.bootstrap;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.smartmeter.restricted.adapter.reporting.ReportingProperties;
import uk.smartmeter.restricted.application.port.out.DeviceEventLog;
import uk.smartmeter.restricted.application.port.out.OutcomeLogs;
import uk.smartmeter.restricted.application.port.out.ReportStore;
import uk.smartmeter.restricted.application.reporting.MonthlyReportService;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;

/** Monthly reports (MP169 BR6): built from the event store and the outcome logs, one run at a time in the background. */
@Configuration(proxyBeanMethods = false)
class ReportingConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService reportRuns() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "monthly-report");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    MonthlyReportService monthlyReportService(DeviceEventLog events, OutcomeLogs logs, ReportStore store,
                                              uk.smartmeter.restricted.application.port.out.ReportForms forms,
                                              ReportingProperties properties, Clock clock, ExecutorService reportRuns,
                                              uk.smartmeter.restricted.application.history.HistoryCheckpoints
                                                      checkpoints,
                                              uk.smartmeter.restricted.application.port.out.MonthStarts monthStarts,
                                              uk.smartmeter.restricted.application.gate.CatalogueSchedule schedule,
                                              uk.smartmeter.restricted.application.gate.CatalogueService catalogues) {
        return new MonthlyReportService(events, logs, store, forms, schedule.bundled(),
                properties.targetsInMillis(), clock, reportRuns, properties.maxInputBytes().toBytes(),
                reason -> checkpoints.tryIssue(reason).orElse(null), monthStarts, () -> {
                    // a report reads the adoptions itself, so that it never classifies a month with a stale schedule;
                    // a failed read fails the run
                    catalogues.refresh();
                    return schedule.steps();
                });
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService reconciliationRuns() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "reconciliation");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Reconciliation with registration (issue 18): one run at a time per node, in the background. */
    @Bean
    uk.smartmeter.restricted.application.reconciliation.ReconciliationService reconciliationService(
            DeviceEventLog events, uk.smartmeter.restricted.application.port.out.RegistrationSources sources,
            uk.smartmeter.restricted.application.port.out.ReconciliationStore store,
            uk.smartmeter.restricted.application.port.out.ServiceEvents serviceEvents, Clock clock,
            ExecutorService reconciliationRuns) {
        return new uk.smartmeter.restricted.application.reconciliation.ReconciliationService(events, sources, store,
                serviceEvents, clock, HistoryConfiguration.node(), reconciliationRuns);
    }

    /** What-if replay of a candidate SRV catalogue over a past month (issue 18): the monthly report's pass. */
    @Bean
    uk.smartmeter.restricted.application.reporting.WhatIfService whatIfService(DeviceEventLog events, OutcomeLogs logs,
            uk.smartmeter.restricted.application.port.out.MonthStarts monthStarts,
            uk.smartmeter.restricted.application.port.out.WhatIfStore store, ReportingProperties properties,
            Clock clock, uk.smartmeter.restricted.application.gate.CatalogueSchedule schedule,
            uk.smartmeter.restricted.application.gate.CatalogueService catalogues) {
        return new uk.smartmeter.restricted.application.reporting.WhatIfService(events, logs, monthStarts, store,
                schedule.bundled(), clock, properties.maxInputBytes().toBytes(), () -> {
                    // "before" is the catalogue the gate had in force at each row's time, read afresh as a report does
                    catalogues.refresh();
                    return schedule.steps();
                });
    }
}
