package uk.smartmeter.restricted.adapter.rest.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class AnUnreachableStoreIsA503Test {

    @Test
    void aPoolThatCannotHandOutAConnectionInTimeIsTheStoreBeingUnreachable() {
        assertThat(StoreUnavailable.causes(new IllegalStateException("load failed",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out"))))
                .isTrue();
    }

    @Test
    void aBrokenLinkOrATimeoutOnAnOpenConnectionIsTheStoreBeingUnreachable() {
        assertThat(StoreUnavailable.causes(new RuntimeException(new SQLException("An I/O error occurred", "08006",
                new SocketTimeoutException("Read timed out"))))).isTrue();
        assertThat(StoreUnavailable.causes(new RuntimeException(new SQLException("canceling statement", "57014"))))
                .isTrue();
        assertThat(StoreUnavailable.causes(new RuntimeException("Failed to create a SQL statement",
                new SQLException("Connection is closed")))).as("HikariCP, no SQLState").isTrue();
    }

    @Test
    void aRuleOfTheStoreOrABugIsNotTheStoreBeingUnreachable() {
        assertThat(StoreUnavailable.causes(new RuntimeException(new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(StoreUnavailable.causes(new IllegalStateException("a bug"))).isFalse();
        assertThat(StoreUnavailable.causes(new RuntimeException(new SQLException("syntax error")))).isFalse();
    }

    @Test
    void theAnswerIsAProblemWithRetryAfter() {
        assertThat(StoreUnavailable.problem().getStatus()).isEqualTo(503);
        assertThat(StoreUnavailable.problem().getProperties()).containsEntry("code", "STORE_UNAVAILABLE");
        assertThat(StoreUnavailable.headers().getFirst("Retry-After")).isEqualTo("2");
    }
}
