package uk.smartmeter.restricted.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.smartmeter.restricted.application.port.in.ApplyRestrictionUseCase;
import uk.smartmeter.restricted.application.port.in.ClearRestrictionUseCase;
import uk.smartmeter.restricted.application.port.in.EnrolDeviceUseCase;
import uk.smartmeter.restricted.bootstrap.Eventually;
import uk.smartmeter.restricted.bootstrap.FlagChurn;
import uk.smartmeter.restricted.bootstrap.RabbitNode;
import uk.smartmeter.restricted.bootstrap.ServiceRunner;
import uk.smartmeter.restricted.domain.device.DeviceId;

/**
 * While the broker does not answer a batch's confirms (a black-holed link, up to the confirm timeout), the CSP push
 * holds no row lock and no transaction: another node can take the cursor's row at once, and the projections' append
 * horizon is not held back by an open transaction. The push then resumes and nothing is lost.
 */
@Tag("rabbitmq")
class ThePushHoldsNoLockWhileTheBrokerConfirmsTest {

    @TempDir
    Path data;

    @Test
    void theCursorRowIsFreeWhileABatchWaitsForItsConfirms() throws Exception {
        try (RabbitNode broker = RabbitNode.start("push-lock");
             TcpProxy link = new TcpProxy(broker.port());
             ConfigurableApplicationContext service = ServiceRunner.start(Map.of("restricted.data-dir", data.toString(),
                     "restricted.csp.push.enabled", "true", "restricted.csp.push.port", Integer.toString(link.port()),
                     "restricted.csp.push.confirm-timeout", "10s"))) {
            FlagChurn churn = new FlagChurn(service.getBean(EnrolDeviceUseCase.class),
                    service.getBean(ApplyRestrictionUseCase.class), service.getBean(ClearRestrictionUseCase.class));
            List<DeviceId> meters = churn.enrolMeters(0x0a71, 2);
            MeterRegistry registry = service.getBean(MeterRegistry.class);
            churn.change(meters.get(0), true);
            Eventually.holds("the first notice confirmed", Duration.ofSeconds(30), () -> backlog(registry) == 0
                    && registry.get("restricted.csp.push.published").tag("kind", "notice").counter().count() >= 1);

            link.mode(TcpProxy.Mode.BLACKHOLE);
            churn.change(meters.get(1), true);
            Eventually.holds("the push waiting for the broker's confirms", Duration.ofSeconds(20),
                    ThePushHoldsNoLockWhileTheBrokerConfirmsTest::waitingForConfirms);

            DataSource store = service.getBean(DataSource.class);
            long started = System.nanoTime();
            try (Connection other = store.getConnection(); Statement sql = other.createStatement()) {
                other.setAutoCommit(false);
                sql.execute("SET LOCK_TIMEOUT 500");
                assertThat(sql.executeUpdate("UPDATE csp_push_cursor SET feed_position = feed_position"
                        + " WHERE name = 'notices'")).as("the cursor's row, taken by another transaction").isEqualTo(1);
                other.rollback();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(waitingForConfirms()).as("still waiting: the row was free during the wait").isTrue();

            link.mode(TcpProxy.Mode.PASS);
            Eventually.holds("every notice confirmed once the link is back", Duration.ofSeconds(60),
                    () -> backlog(registry) == 0 && new JdbcTemplate(store).queryForObject(
                            "SELECT feed_position FROM csp_push_cursor WHERE name = 'notices'", Long.class) >= 2);
        }
    }

    private static double backlog(MeterRegistry registry) {
        return registry.get("restricted.csp.push.backlog").gauge().value();
    }

    private static boolean waitingForConfirms() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getName().equals("csp-push"))
                .anyMatch(thread -> Arrays.stream(thread.getValue())
                        .anyMatch(frame -> frame.getMethodName().startsWith("waitForConfirms")));
    }
}
