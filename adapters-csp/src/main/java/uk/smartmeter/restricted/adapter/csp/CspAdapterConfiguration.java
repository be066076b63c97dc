package uk.smartmeter.restricted.adapter.csp;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.beans.factory.annotation.Value;
import uk.smartmeter.restricted.application.schedule.Recurring;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.smartmeter.restricted.application.port.in.PublishExclusionLists;
import uk.smartmeter.restricted.application.port.out.CspPush;

/**
 * The CSP adapter: the notices' and exclusion lists' SQL, the RabbitMQ publisher when
 * {@code restricted.csp.push.enabled}, and the month-end publication of the exclusion lists.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CspProperties.class)
public class CspAdapterConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CspAdapterConfiguration.class);

    @Bean
    JdbcCspNoticeStore cspNoticeStore(DataSource dataSource) {
        return new JdbcCspNoticeStore(new JdbcTemplate(dataSource));
    }

    @Bean
    JdbcExclusionListStore exclusionListStore(DataSource dataSource, PlatformTransactionManager transactions) {
        return new JdbcExclusionListStore(new JdbcTemplate(dataSource), new TransactionTemplate(transactions));
    }

    /** The broker push when enabled; otherwise none, and the pull feed alone serves the CSPs. */
    @Bean
    CspPush cspPush(CspProperties properties, DataSource dataSource, PlatformTransactionManager transactions,
                    JdbcCspNoticeStore notices, JdbcExclusionListStore lists, Clock clock, MeterRegistry meters,
                    uk.smartmeter.restricted.application.port.out.CheckpointStore checkpoints) {
        CspProperties.Push push = properties.push();
        if (!push.enabled()) {
            return CspPush.NONE;
        }
        CachingConnectionFactory connections = new CachingConnectionFactory(push.host(), push.port());
        connections.setUsername(push.username());
        connections.setPassword(push.password());
        connections.setVirtualHost(push.virtualHost());
        connections.setConnectionTimeout(2_000);
        connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        connections.setConnectionNameStrategy(factory -> "restricted-mode-csp-push");
        return new RabbitCspPush(new JdbcTemplate(dataSource), notices, lists,
                connections, push, clock, meters, checkpoints);
    }

    @Bean
    HealthIndicator cspPushHealth(CspPush push) {
        return push instanceof RabbitCspPush rabbit ? new CspPushHealth(rabbit)
                : () -> Health.up().withDetail("push", "not configured; the pull feed serves the CSPs").build();
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService exclusionListScheduler() {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "csp-exclusion-lists");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Once the schema is migrated and the service is up: the publisher starts, and the month-end check runs. Neither
     * runs in a batch run of the command line ({@code restricted.background-work=false}).
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> cspStart(CspPush push, ScheduledExecutorService exclusionListScheduler,
                                                        ObjectProvider<PublishExclusionLists> publisher,
                                                        CspProperties properties,
                                                        @Value("${restricted.background-work:true}") boolean background) {
        return ready -> {
            if (!background) {
                return;
            }
            if (push instanceof RabbitCspPush rabbit) {
                rabbit.start();
            }
            PublishExclusionLists lists = publisher.getIfAvailable();
            if (lists != null) {
                Recurring.schedule(exclusionListScheduler, "the month-end exclusion lists", java.time.Duration.ZERO,
                        properties.exclusions().checkInterval(), () -> lists.publishDue().forEach(list -> LOG.info(
                                "published the {} exclusion list for {}: {} meters", list.region(), list.month(),
                                list.entries().size())));
            }
        };
    }
}
