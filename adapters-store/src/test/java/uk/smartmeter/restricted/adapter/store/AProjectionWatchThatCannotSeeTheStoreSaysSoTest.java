package uk.smartmeter.restricted.adapter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * A watch whose looks at the store keep failing cannot vouch for the history any more: once they have failed for the
 * stall threshold, the projection's health is DEGRADED and the regulators' readiness OUT_OF_SERVICE, saying why,
 * instead of repeating the last state it saw (an outside review found it stayed UP with the database gone).
 */
class AProjectionWatchThatCannotSeeTheStoreSaysSoTest {

    private static final AbstractDataSource UNREACHABLE = new AbstractDataSource() {
        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLException("Connection refused", "08001");
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }
    };

    @Test
    void looksThatKeepFailingTurnTheRegulatorsReadinessOutOfService() {
        ProjectionWatch watch = new ProjectionWatch(UNREACHABLE, null, List.of("history"), Duration.ofSeconds(1));

        watch.look();
        assertThat(watch.readiness("history").health().getStatus()).as("one failed look is not yet blindness")
                .isEqualTo(Status.UP);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            watch.look();
            return watch.readiness("history").health().getStatus().equals(Status.OUT_OF_SERVICE);
        });

        assertThat(watch.health("history").health().getStatus()).isEqualTo(ProjectionWatch.DEGRADED);
        assertThat(watch.health("history").health().getDetails()).containsKey("storeUnreachable");
    }
}
