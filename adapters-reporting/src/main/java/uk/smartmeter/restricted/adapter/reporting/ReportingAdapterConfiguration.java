package uk.smartmeter.restricted.adapter.reporting;

import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.smartmeter.restricted.application.port.out.OutcomeLogs;
import uk.smartmeter.restricted.application.port.out.ReportStore;

/** The reporting adapter: revisions in SQL with their forms as files, and the outcome-log folder. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReportingProperties.class)
public class ReportingAdapterConfiguration {

    @Bean
    ReportStore reportStore(DataSource dataSource, ReportingProperties properties) {
        return new FileReportStore(new JdbcTemplate(dataSource), properties.dir());
    }

    /** Month-start checkpoints of the device states, in the database so that every node's runs use them (issue 17). */
    @Bean
    uk.smartmeter.restricted.application.port.out.MonthStarts monthStarts(DataSource dataSource,
            org.springframework.transaction.PlatformTransactionManager transactions, java.time.Clock clock) {
        return new JdbcMonthStarts(new JdbcTemplate(dataSource),
                new org.springframework.transaction.support.TransactionTemplate(transactions), clock);
    }

    @Bean
    uk.smartmeter.restricted.application.port.out.ReportForms reportForms(ReportingProperties properties) {
        return new ReportFormWriters(properties.targetServiceLevel());
    }

    @Bean
    OutcomeLogs outcomeLogs(ReportingProperties properties) {
        return new FileOutcomeLogs(properties.srLogDir());
    }

    /** Registration snapshots and deltas, by their name in the registration folder (issue 18). */
    @Bean
    uk.smartmeter.restricted.application.port.out.RegistrationSources registrationSources(
            ReportingProperties properties) {
        return new RegistrationFiles(properties.registrationDir());
    }

    /** Reconciliation runs in SQL, their forms as files beside the monthly reports (issue 18). */
    @Bean
    uk.smartmeter.restricted.application.port.out.ReconciliationStore reconciliationStore(DataSource dataSource,
            org.springframework.transaction.PlatformTransactionManager transactions, ReportingProperties properties) {
        return new FileReconciliationStore(new JdbcTemplate(dataSource),
                new org.springframework.transaction.support.TransactionTemplate(transactions), properties.dir());
    }

    /** What-if answers, beside the monthly reports (issue 18). */
    @Bean
    uk.smartmeter.restricted.application.port.out.WhatIfStore whatIfStore(ReportingProperties properties) {
        return new FileWhatIfStore(properties.dir());
    }
}
