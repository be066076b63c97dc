package uk.smartmeter.restricted.adapter.store;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;
import uk.smartmeter.restricted.application.port.out.HistoryRebuild;
import uk.smartmeter.restricted.application.port.out.RebuildRuns;

/**
 * Rebuilds in {@code history_rebuild}. A claim takes the history's lock row, so two nodes cannot both start one;
 * a running rebuild whose node has not reported for the stale time (it died) is marked FAILED and no longer
 * blocks.
 */
final class JdbcRebuildRuns implements RebuildRuns {

    private static final String COLUMNS = "rebuild_id, party, acting_user, reason, requested_at, node, status,"
            + " finished_at, detail";
    private static final RowMapper<HistoryRebuild> ROW = (rs, n) -> new HistoryRebuild(rs.getString(1),
            rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getString(6),
            rs.getString(7), rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant(), rs.getString(9));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    JdbcRebuildRuns(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Override
    public Optional<HistoryRebuild> claim(HistoryRebuild rebuild, Duration staleAfter) {
        return transaction.execute(status -> {
            jdbc.queryForObject("SELECT generation FROM history_state WHERE id = 1 FOR UPDATE", Long.class);
            Instant now = clock.instant();
            jdbc.update("UPDATE history_rebuild SET status = 'FAILED', finished_at = ?, detail = 'its node stopped"
                    + " reporting (it died or lost the database); the live history is untouched' WHERE status ="
                    + " 'RUNNING' AND heartbeat_at < ?", Timestamp.from(now), Timestamp.from(now.minus(staleAfter)));
            Optional<HistoryRebuild> running = jdbc.query("SELECT " + COLUMNS + " FROM history_rebuild WHERE status ="
                    + " 'RUNNING'", ROW).stream().findFirst();
            if (running.isPresent()) {
                return running;
            }
            Optional<HistoryRebuild> same = find(rebuild.rebuildId());
            if (same.isPresent()) {
                return same;
            }
            jdbc.update("INSERT INTO history_rebuild (rebuild_id, party, acting_user, reason, requested_at, node,"
                            + " status, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, 'RUNNING', ?)", rebuild.rebuildId(),
                    rebuild.party(), rebuild.actingUser(), rebuild.reason(), Timestamp.from(rebuild.requestedAt()),
                    rebuild.node(), Timestamp.from(now));
            return Optional.<HistoryRebuild>empty();
        });
    }

    @Override
    public List<HistoryRebuild> reapStale(Duration staleAfter, Instant now) {
        return transaction.execute(status -> {
            List<HistoryRebuild> stale = jdbc.query("SELECT " + COLUMNS + " FROM history_rebuild WHERE status ="
                    + " 'RUNNING' AND heartbeat_at < ? FOR UPDATE", ROW, Timestamp.from(now.minus(staleAfter)));
            for (HistoryRebuild dead : stale) {
                jdbc.update("UPDATE history_rebuild SET status = 'FAILED', finished_at = ?, detail = ? WHERE"
                        + " rebuild_id = ? AND status = 'RUNNING'", Timestamp.from(now), STALE, dead.rebuildId());
            }
            return stale;
        });
    }

    static final String STALE = "its node stopped reporting (it died or lost the database); the live history is"
            + " untouched";

    @Override
    public void heartbeat(String rebuildId, Instant at) {
        jdbc.update("UPDATE history_rebuild SET heartbeat_at = ? WHERE rebuild_id = ? AND status = 'RUNNING'",
                Timestamp.from(at), rebuildId);
    }

    @Override
    public void finish(String rebuildId, String status, String detail, Instant at) {
        jdbc.update("UPDATE history_rebuild SET status = ?, detail = ?, finished_at = ? WHERE rebuild_id = ?", status,
                detail, Timestamp.from(at), rebuildId);
    }

    @Override
    public Optional<HistoryRebuild> find(String rebuildId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM history_rebuild WHERE rebuild_id = ?", ROW, rebuildId).stream()
                .findFirst();
    }

    @Override
    public List<HistoryRebuild> recent(int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM history_rebuild ORDER BY requested_at DESC FETCH FIRST " + limit
                + " ROWS ONLY", ROW);
    }
}
