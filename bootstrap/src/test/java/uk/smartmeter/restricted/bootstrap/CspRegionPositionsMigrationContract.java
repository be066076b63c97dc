package uk.smartmeter.restricted.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Migration V5.3 on a store that already holds v1 notices of several regions, interleaved: each region's
 * notices are numbered 1, 2, 3, ... in their old feed order, and the feed positions stay as they were (a
 * client's v1 cursor still names the same notice).
 */
abstract class CspRegionPositionsMigrationContract {

    private static final String LOCATIONS = "classpath:db/migration/eventstore,classpath:db/migration/rest,"
            + "classpath:db/migration/gate,classpath:db/migration/history,classpath:db/migration/csp,"
            + "classpath:db/migration/reporting";

    abstract DataSource freshStore() throws Exception;

    private static Flyway flyway(DataSource store, String target) {
        return Flyway.configure().dataSource(store).locations(LOCATIONS.split(",")).outOfOrder(true)
                .target(target == null ? MigrationVersion.LATEST : MigrationVersion.fromVersion(target)).load();
    }

    @Test
    void v1NoticesOfInterleavedRegionsAreNumberedDenselyWithinEachRegionInTheirFeedOrder() throws Exception {
        DataSource store = freshStore();
        flyway(store, "5.2").migrate();
        JdbcTemplate sql = new JdbcTemplate(store);
        String[] regions = {"NORTH", "SOUTH", "NORTH", "CENTRAL", "NORTH", "SOUTH", "SOUTH", "NORTH"};
        Timestamp at = Timestamp.from(Instant.parse("2026-10-01T00:00:00Z"));
        for (int i = 0; i < regions.length; i++) {
            sql.update("INSERT INTO csp_notice (feed_position, notice_id, global_position, device_id, device_sequence,"
                    + " device_type, comms_hub_id, gpf_id, csp_region, flag_change, restricted, reason, effective_at,"
                    + " recorded_at) VALUES (?, ?, ?, ?, 1, 'ESME', '00-DB-12-34-56-78-90-A2', NULL, ?, 'APPLIED', TRUE,"
                    + " 'CONSUMER_CHOICE', ?, ?)", i + 1, "event-" + i, 10L * i, String.format("00-DB-12-34-56-78-99-%02X", i),
                    regions[i], at, at);
        }

        flyway(store, null).migrate();

        List<String> numbered = sql.query("SELECT csp_region, feed_position, region_position FROM csp_notice"
                + " ORDER BY feed_position", (row, n) -> row.getString(1) + " " + row.getLong(2) + "->" + row.getLong(3));
        assertThat(numbered).containsExactly("NORTH 1->1", "SOUTH 2->1", "NORTH 3->2", "CENTRAL 4->1", "NORTH 5->3",
                "SOUTH 6->2", "SOUTH 7->3", "NORTH 8->4");
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM csp_notice WHERE shown_in_v1", Integer.class))
                .as("every notice made before the migration is one a v1 client may hold").isEqualTo(8);
    }
}
