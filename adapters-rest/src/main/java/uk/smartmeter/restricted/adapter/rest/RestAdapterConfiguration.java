package uk.smartmeter.restricted.adapter.rest;

import uk.smartmeter.restricted.application.port.in.ImportInventory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.models.OpenAPI;
import java.time.Clock;
import java.time.Duration;
import uk.smartmeter.restricted.application.schedule.Recurring;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import uk.smartmeter.restricted.adapter.rest.csp.CspController;
import uk.smartmeter.restricted.adapter.rest.reporting.ReportController;
import uk.smartmeter.restricted.adapter.rest.device.DeviceController;
import uk.smartmeter.restricted.adapter.rest.device.DeviceFactsController;
import uk.smartmeter.restricted.adapter.rest.gate.GateController;
import uk.smartmeter.restricted.adapter.rest.history.HistoryController;
import uk.smartmeter.restricted.adapter.rest.idempotency.IdempotencyFilter;
import uk.smartmeter.restricted.adapter.rest.inventory.InventoryImportController;
import uk.smartmeter.restricted.adapter.rest.idempotency.IdempotencyStore;
import uk.smartmeter.restricted.adapter.rest.idempotency.JdbcCommandReceipts;
import uk.smartmeter.restricted.adapter.rest.problem.ApiExceptionHandler;
import uk.smartmeter.restricted.adapter.rest.problem.ContainerErrors;
import uk.smartmeter.restricted.adapter.rest.problem.ProblemResponses;
import uk.smartmeter.restricted.adapter.rest.problem.StrictJson;
import uk.smartmeter.restricted.adapter.rest.spool.SpoolDirectory;
import uk.smartmeter.restricted.adapter.rest.ratelimit.RateLimitFilter;
import uk.smartmeter.restricted.adapter.rest.problem.RequestBodyLimitFilter;
import uk.smartmeter.restricted.adapter.rest.security.ApiSecurity;
import uk.smartmeter.restricted.adapter.rest.security.CachingJwtDecoder;
import uk.smartmeter.restricted.adapter.rest.security.Callers;
import uk.smartmeter.restricted.adapter.rest.security.HeaderFirewall;
import uk.smartmeter.restricted.adapter.rest.security.LocalSigningKey;
import uk.smartmeter.restricted.adapter.rest.security.LocalTokenController;
import uk.smartmeter.restricted.application.port.in.ApplyRestrictionUseCase;
import uk.smartmeter.restricted.application.port.in.ChangePaymentModeUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeSiteCharacteristicsUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeSmiStatusUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeSupplierUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeTenancyUseCase;
import uk.smartmeter.restricted.application.port.in.ClearRestrictionUseCase;
import uk.smartmeter.restricted.application.port.in.EnrolDeviceUseCase;
import uk.smartmeter.restricted.application.port.in.EnrolDevicesUseCase;
import uk.smartmeter.restricted.application.port.in.FindDeviceStatus;
import uk.smartmeter.restricted.application.port.in.FindGateReceipts;
import uk.smartmeter.restricted.application.port.in.GateDecisions;
import uk.smartmeter.restricted.application.port.in.ReadCspFeed;
import uk.smartmeter.restricted.application.port.in.ReadExclusionLists;
import uk.smartmeter.restricted.application.port.in.ReadHistory;
import uk.smartmeter.restricted.application.port.in.ReadMonthlyReports;
import uk.smartmeter.restricted.application.port.in.RunMonthlyReports;
import uk.smartmeter.restricted.application.port.in.RequestCspReplay;
import uk.smartmeter.restricted.application.port.in.RebuildHistory;
import uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase;

/** The REST adapter, wired explicitly: controllers, errors, security, idempotency and the API document. */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(RestApiProperties.class)
@org.springframework.context.annotation.Import(uk.smartmeter.restricted.adapter.rest.console.ConsoleConfiguration.class)
public class RestAdapterConfiguration {

    /** Streamed bulk uploads are exempt from the JSON body limit and from idempotency replay. */
    static final List<String> STREAMING_PATHS = List.of("/api/v1/inventory/imports", GateController.BATCH_PATH,
            GateController.DUIS_PATH);
    private static final String LOCAL_MODE = "restricted.api.auth.mode";
    /** Verified tokens remembered until they expire (see {@link CachingJwtDecoder}). */
    private static final int VERIFIED_TOKENS = 10_000;

    @Bean
    org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer strictJson() {
        return StrictJson.customizer();
    }

    @Bean
    Callers callers(RecordRefusalUseCase refusals) {
        return new Callers(refusals);
    }

    @Bean
    ProblemResponses problemResponses(ObjectMapper json) {
        return new ProblemResponses(json);
    }

    @Bean
    ApiExceptionHandler apiExceptionHandler(RecordRefusalUseCase refusals, MeterRegistry meters) {
        return new ApiExceptionHandler(refusals, meters, Callers::bestEffortActor);
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatPassesOddPathsOn() {
        return ContainerErrors.tomcatPassesOddPathsOn();
    }

    /** Spring Security's strict firewall, its header rules without regular expressions. */
    @Bean
    HttpFirewall httpFirewall() {
        return HeaderFirewall.strict();
    }

    @Bean
    RequestRejectedHandler firewallRejections(ProblemResponses problems) {
        return ContainerErrors.firewallRejections(problems);
    }

    @Bean
    ContainerErrors.ProblemErrorController problemErrorController() {
        return new ContainerErrors.ProblemErrorController();
    }

    @Bean
    DeviceController deviceController(Callers callers, FindDeviceStatus findStatus, ApplyRestrictionUseCase apply,
                                      ClearRestrictionUseCase clear,
                                      uk.smartmeter.restricted.application.port.in.FindByMeterPoint byMeterPoint) {
        return new DeviceController(callers, findStatus, apply, clear, byMeterPoint);
    }

    @Bean
    DeviceFactsController deviceFactsController(Callers callers, EnrolDeviceUseCase enrol,
                                                ChangeSmiStatusUseCase smiStatus, ChangePaymentModeUseCase paymentMode,
                                                ChangeSupplierUseCase supplier, ChangeTenancyUseCase tenancy,
                                                ChangeSiteCharacteristicsUseCase site) {
        return new DeviceFactsController(callers, enrol, smiStatus, paymentMode, supplier, tenancy, site);
    }

    @Bean
    GateController gateController(Callers callers, GateDecisions gate, FindGateReceipts receipts, ObjectMapper json,
                                  RestApiProperties properties, SpoolDirectory spools) {
        return new GateController(callers, gate, receipts, json, properties.duis().maxBytes(),
                properties.duis().dccEui(), spools, properties.uploads().batchMaxBytes());
    }

    /** The uploads' spool; what a killed node left there is deleted now, at start. */
    @Bean
    SpoolDirectory spoolDirectory(RestApiProperties properties) {
        SpoolDirectory spools = new SpoolDirectory(properties.uploads().spoolPath());
        spools.sweep();
        return spools;
    }

    @Bean
    HistoryController historyController(Callers callers, ReadHistory history, Clock clock,
                                        RecordRefusalUseCase refusals,
                                        uk.smartmeter.restricted.application.port.in.ReadCheckpoints checkpoints) {
        return new HistoryController(callers, history, clock, refusals, checkpoints);
    }

    @Bean
    uk.smartmeter.restricted.adapter.rest.history.RestrictedAtController restrictedAtController(Callers callers,
            uk.smartmeter.restricted.application.port.in.ReadRestrictedAt restricted, Clock clock) {
        return new uk.smartmeter.restricted.adapter.rest.history.RestrictedAtController(callers, restricted, clock);
    }

    @Bean
    uk.smartmeter.restricted.adapter.rest.history.HistoryEvidenceController historyEvidenceController(Callers callers,
            uk.smartmeter.restricted.application.port.in.ReadCheckpoints checkpoints,
            uk.smartmeter.restricted.application.port.in.VerifyHistory verification, RebuildHistory rebuild,
            RecordRefusalUseCase refusals) {
        return new uk.smartmeter.restricted.adapter.rest.history.HistoryEvidenceController(callers, checkpoints,
                verification, rebuild, refusals);
    }

    @Bean
    ReportController reportController(Callers callers, RunMonthlyReports runs, ReadMonthlyReports reports,
                                      RecordRefusalUseCase refusals) {
        return new ReportController(callers, runs, reports, refusals);
    }

    @Bean
    uk.smartmeter.restricted.adapter.rest.gate.CatalogueController catalogueController(Callers callers,
            uk.smartmeter.restricted.application.port.in.AdoptCatalogue catalogues, RecordRefusalUseCase refusals) {
        return new uk.smartmeter.restricted.adapter.rest.gate.CatalogueController(callers, catalogues, refusals);
    }

    @Bean
    uk.smartmeter.restricted.adapter.rest.reporting.WhatIfController whatIfController(Callers callers,
            uk.smartmeter.restricted.application.port.in.EvaluateCatalogue whatIf, RecordRefusalUseCase refusals) {
        return new uk.smartmeter.restricted.adapter.rest.reporting.WhatIfController(callers, whatIf, refusals);
    }

    @Bean
    uk.smartmeter.restricted.adapter.rest.reconciliation.ReconciliationController reconciliationController(
            Callers callers, uk.smartmeter.restricted.application.port.in.ReconcileRegistration reconciliations,
            RecordRefusalUseCase refusals) {
        return new uk.smartmeter.restricted.adapter.rest.reconciliation.ReconciliationController(callers,
                reconciliations, refusals);
    }

    @Bean
    CspController cspController(Callers callers, ReadCspFeed feed, RequestCspReplay replays, ReadExclusionLists lists,
                                RecordRefusalUseCase refusals, Clock clock) {
        return new CspController(callers, feed, replays, lists, refusals, clock);
    }

    @Bean
    InventoryImportController inventoryImportController(Callers callers, ImportInventory imports, ObjectMapper json,
                                                        SpoolDirectory spools, RecordRefusalUseCase refusals) {
        return new InventoryImportController(callers, imports, json, spools, refusals);
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, JwtDecoder decoder, ProblemResponses problems) throws Exception {
        return ApiSecurity.filterChain(http, decoder, problems);
    }

    @Bean
    @ConditionalOnProperty(name = LOCAL_MODE, havingValue = "jwt")
    JwtDecoder issuerJwtDecoder(RestApiProperties properties, Clock clock) {
        return new CachingJwtDecoder(ApiSecurity.issuerDecoder(properties.auth().jwkSetUri(),
                properties.auth().issuer(), properties.auth().audience(), properties.auth().clockSkew()), clock, VERIFIED_TOKENS);
    }

    @Bean
    @ConditionalOnProperty(name = LOCAL_MODE, havingValue = "local", matchIfMissing = true)
    LocalSigningKey localSigningKey(RestApiProperties properties) {
        return new LocalSigningKey(properties.auth().localSecret());
    }

    @Bean
    @ConditionalOnProperty(name = LOCAL_MODE, havingValue = "local", matchIfMissing = true)
    JwtDecoder localJwtDecoder(LocalSigningKey key, RestApiProperties properties, Clock clock) {
        return new CachingJwtDecoder(ApiSecurity.localDecoder(key, properties.auth().issuer(),
                properties.auth().audience(), properties.auth().clockSkew()), clock, VERIFIED_TOKENS);
    }

    /** Exists in local mode only: production configuration has no way to mint a token. */
    @Bean
    @ConditionalOnProperty(name = LOCAL_MODE, havingValue = "local", matchIfMissing = true)
    LocalTokenController localTokenController(LocalSigningKey key, RestApiProperties properties, Clock clock) {
        return new LocalTokenController(new NimbusJwtEncoder(new com.nimbusds.jose.jwk.source.ImmutableSecret<>(
                key.key())), properties.auth().issuer(), properties.auth().audience(), clock);
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimit(RestApiProperties properties,
                                                                    ProblemResponses problems) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(properties.maxBodyBytes(), STREAMING_PATHS, problems));
        registration.setOrder(-200);
        return registration;
    }

    @Bean
    IdempotencyStore idempotencyStore(DataSource dataSource, Clock clock, RestApiProperties properties) {
        return new IdempotencyStore(new JdbcTemplate(dataSource), clock, properties.idempotencyTtl(),
                properties.idempotencyInFlight());
    }

    @Bean
    JdbcCommandReceipts commandReceipts(DataSource dataSource, Clock clock, RestApiProperties properties) {
        return new JdbcCommandReceipts(new JdbcTemplate(dataSource), clock, properties.idempotencyTtl());
    }

    /** Expired Idempotency-Keys and their receipts are dropped every quarter of an hour, so the tables stay bounded. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService idempotencyPurge(IdempotencyStore store, JdbcCommandReceipts receipts) {
        ScheduledExecutorService purge = Executors.newSingleThreadScheduledExecutor(
                work -> new Thread(work, "idempotency-purge"));
        Recurring.schedule(purge, "the idempotency purge", Duration.ofMinutes(15), Duration.ofMinutes(15), () -> {
            store.purgeExpired();
            receipts.purgeExpired();
        });
        return purge;
    }

    @Bean
    RateLimitFilter rateLimitFilter(RestApiProperties properties, ProblemResponses problems,
                                    RecordRefusalUseCase refusals, MeterRegistry meters, Clock clock) {
        RestApiProperties.RateLimit limits = properties.rateLimit();
        return new RateLimitFilter(limits.limit(), limits.period(), limits.gateLimit(), limits.gatePeriod(), problems,
                refusals, meters, clock);
    }

    /** After Spring Security (order -100), so the party is known; before idempotency, so a limited request claims no key. */
    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimit(RateLimitFilter filter, RestApiProperties properties) {
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(-50);
        registration.setEnabled(properties.rateLimit().enabled());
        return registration;
    }

    /** The rate limit's history summary, once per interval and at shutdown; a failed round never stops the next. */
    @Bean(destroyMethod = "close")
    AutoCloseable rateLimitSummaries(RateLimitFilter filter, RestApiProperties properties) {
        java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "rate-limit-summary");
            thread.setDaemon(true);
            return thread;
        });
        Duration every = properties.rateLimit().summaryInterval();
        Recurring.schedule(timer, "the rate-limit summary", every, every, filter::summarise);
        return () -> {
            timer.shutdownNow();
            filter.summarise();
        };
    }

    /** After Spring Security (order -100), so the party is known. */
    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotency(IdempotencyStore store, ProblemResponses problems,
                                                          RecordRefusalUseCase refusals) {
        FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(
                new IdempotencyFilter(store, problems, refusals, STREAMING_PATHS));
        registration.setOrder(0);
        return registration;
    }

    @Bean
    OpenAPI restrictedModeOpenApi() {
        return ApiDocumentation.openApi();
    }

    @Bean
    OpenApiCustomizer problemAnswers() {
        return ApiDocumentation.problemAnswers();
    }
}
