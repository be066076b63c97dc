package uk.smartmeter.restricted.adapter.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;
import uk.smartmeter.restricted.application.port.out.HistoryEntry;
import uk.smartmeter.restricted.application.port.out.HistoryShadow;
import uk.smartmeter.restricted.application.port.out.HistoryStore;
import uk.smartmeter.restricted.domain.history.MerkleTree;

/**
 * The history's new tables, {@code history_entry_next} and {@code history_tree_node_next}.
 * <ul>
 *     <li>PostgreSQL: created without indexes, filled with multi-row inserts, then indexed as the live tables are
 *     (their definitions read from {@code pg_indexes}); the swap drops the live tables and renames the new ones
 *     and their indexes into place, in the swap's transaction (DDL is transactional there), waiting at most
 *     {@code LOCK_TIMEOUT} for readers still on the old tables.</li>
 *     <li>H2 (the embedded default, one process): DDL commits there, so the swap copies the new rows into the
 *     live tables inside its transaction instead.</li>
 * </ul>
 * Statements of a rebuild may run longer than the pool's socket timeout, so its connections get a longer one.
 */
final class JdbcHistoryShadow implements HistoryShadow {

    private static final String ENTRY_COLUMNS = "global_index, device_id, device_version, device_type, csp_region,"
            + " event_id, event_type, party, role, acting_user, effective_at, recorded_at, reason, restricted_after,"
            + " responsible_supplier, detail, event_sha256, device_hash, global_hash, leaf_index";
    private static final int ROWS_PER_INSERT = 200;
    private static final int LONG_STATEMENT_MILLIS = 30 * 60 * 1000;
    private static final String LOCK_TIMEOUT = "15s";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final boolean postgres;

    JdbcHistoryShadow(DataSource dataSource, TransactionTemplate transaction) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = transaction;
        this.postgres = Boolean.TRUE.equals(jdbc.execute((Connection connection) ->
                "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())));
    }

    @Override
    public void create() {
        drop();
        if (postgres) {
            jdbc.execute("CREATE TABLE history_entry_next (LIKE history_entry INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
            jdbc.execute("CREATE TABLE history_tree_node_next (LIKE history_tree_node INCLUDING DEFAULTS"
                    + " INCLUDING CONSTRAINTS)");
        } else {
            jdbc.execute("CREATE TABLE history_entry_next AS SELECT * FROM history_entry WHERE 1 = 0");
            jdbc.execute("CREATE TABLE history_tree_node_next AS SELECT * FROM history_tree_node WHERE 1 = 0");
        }
    }

    @Override
    public void append(List<HistoryStore.Stored> entries, List<MerkleTree.Node> completed) {
        List<MerkleTree.Node> nodes = JdbcHistoryStore.interior(completed);
        if (postgres) {
            transaction.executeWithoutResult(status -> copy(entries, nodes));
            return;
        }
        transaction.executeWithoutResult(status -> {
            for (int from = 0; from < entries.size(); from += ROWS_PER_INSERT) {
                List<HistoryStore.Stored> chunk = entries.subList(from, Math.min(entries.size(), from + ROWS_PER_INSERT));
                jdbc.update(connection -> {
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO history_entry_next ("
                            + ENTRY_COLUMNS + ") VALUES " + String.join(",", java.util.Collections.nCopies(
                            chunk.size(), "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")));
                    int column = 0;
                    for (HistoryStore.Stored stored : chunk) {
                        column = JdbcHistoryStore.bind(insert, column, stored.entry());
                        insert.setLong(++column, stored.leafIndex());
                    }
                    return insert;
                });
            }
            for (int from = 0; from < nodes.size(); from += 1000) {
                List<MerkleTree.Node> chunk = nodes.subList(from, Math.min(nodes.size(), from + 1000));
                jdbc.update(connection -> {
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO history_tree_node_next"
                            + " (node_key, hash) VALUES " + String.join(",", java.util.Collections.nCopies(
                            chunk.size(), "(?,?)")));
                    int column = 0;
                    for (MerkleTree.Node node : chunk) {
                        insert.setLong(++column, MerkleTree.key(node.level(), node.index()));
                        insert.setString(++column, HexFormat.of().formatHex(node.hash()));
                    }
                    return insert;
                });
            }
        });
    }

    /**
     * PostgreSQL's COPY, in CSV: several times cheaper than binding the same rows as parameters. An unquoted empty
     * field is NULL, every text value is quoted (so an empty text stays empty).
     */
    private void copy(List<HistoryStore.Stored> entries, List<MerkleTree.Node> nodes) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        StringBuilder rows = new StringBuilder(entries.size() * 400);
        for (HistoryStore.Stored stored : entries) {
            HistoryEntry e = stored.entry();
            rows.append(e.globalIndex()).append(',');
            text(rows, e.deviceId()).append(',');
            rows.append(e.deviceVersion() == null ? "" : e.deviceVersion().toString()).append(',');
            text(rows, e.deviceType()).append(',');
            text(rows, e.cspRegion()).append(',');
            text(rows, e.eventId()).append(',');
            text(rows, e.eventType()).append(',');
            text(rows, e.party()).append(',');
            text(rows, e.role()).append(',');
            text(rows, e.actingUser()).append(',');
            text(rows, e.effectiveAt() == null ? null : e.effectiveAt().toString()).append(',');
            text(rows, e.recordedAt().toString()).append(',');
            text(rows, e.reason()).append(',');
            rows.append(e.restrictedAfter() == null ? "" : e.restrictedAfter().toString()).append(',');
            text(rows, e.responsibleSupplier()).append(',');
            text(rows, e.detail()).append(',');
            text(rows, e.eventSha256()).append(',');
            text(rows, e.deviceHash()).append(',');
            text(rows, e.globalHash()).append(',');
            rows.append(stored.leafIndex()).append('\n');
        }
        StringBuilder tree = new StringBuilder(nodes.size() * 90);
        for (MerkleTree.Node node : nodes) {
            tree.append(MerkleTree.key(node.level(), node.index())).append(',')
                    .append(HexFormat.of().formatHex(node.hash())).append('\n');
        }
        try {
            org.postgresql.copy.CopyManager copy = connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
            copy.copyIn("COPY history_entry_next (" + ENTRY_COLUMNS + ") FROM STDIN (FORMAT csv)",
                    new java.io.StringReader(rows.toString()));
            if (!nodes.isEmpty()) {
                copy.copyIn("COPY history_tree_node_next (node_key, hash) FROM STDIN (FORMAT csv)",
                        new java.io.StringReader(tree.toString()));
            }
        } catch (SQLException | java.io.IOException failed) {
            throw new IllegalStateException("could not copy the rebuilt history's rows in: " + failed.getMessage(),
                    failed);
        }
    }

    private static StringBuilder text(StringBuilder out, String value) {
        if (value != null) {
            out.append('"').append(value.replace("\"", "\"\"")).append('"');
        }
        return out;
    }


    /** The live tables' indexes, as {@code pg_indexes} defines them, built on the new tables under {@code <name>_next}. */
    @Override
    public void index() {
        if (!postgres) {
            jdbc.execute("CREATE INDEX history_entry_next_index ON history_entry_next (global_index)");
            return;
        }
        longStatements(statement -> {
            for (String table : List.of("history_entry", "history_tree_node")) {
                for (Map<String, Object> index : jdbc.queryForList("SELECT indexname, indexdef FROM pg_indexes"
                        + " WHERE schemaname = current_schema() AND tablename = ?", table)) {
                    String name = (String) index.get("indexname");
                    String definition = (String) index.get("indexdef");
                    String next = definition.replaceFirst("INDEX " + name + " ON ", "INDEX " + name + "_next ON ")
                            .replaceFirst(" ON ([a-z_]+\\.)?" + table + " ", " ON $1" + table + "_next ");
                    statement.execute(next);
                }
                for (Map<String, Object> key : jdbc.queryForList("SELECT c.conname, i.relname AS indexname FROM"
                        + " pg_constraint c JOIN pg_class i ON i.oid = c.conindid WHERE c.conrelid = ?::regclass"
                        + " AND c.contype = 'p'", table)) {
                    statement.execute("ALTER TABLE " + table + "_next ADD CONSTRAINT " + key.get("conname")
                            + "_next PRIMARY KEY USING INDEX " + key.get("indexname") + "_next");
                }
            }
            statement.execute("ANALYZE history_entry_next");
            statement.execute("ANALYZE history_tree_node_next");
        });
    }

    @Override
    public void swap(Runnable catchUp) {
        transaction.executeWithoutResult(status -> {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            withLongTimeout(connection, () -> {
                if (postgres) {
                    jdbc.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
                    jdbc.execute("SET LOCAL idle_in_transaction_session_timeout = 0");
                }
                jdbc.queryForObject("SELECT generation FROM history_state WHERE id = 1 FOR UPDATE", Long.class);
                catchUp.run();
                if (postgres) {
                    List<String> indexes = new ArrayList<>();
                    for (String table : List.of("history_entry", "history_tree_node")) {
                        indexes.addAll(jdbc.queryForList("SELECT indexname FROM pg_indexes WHERE schemaname ="
                                + " current_schema() AND tablename = ?", String.class, table + "_next"));
                    }
                    jdbc.execute("DROP TABLE history_entry");
                    jdbc.execute("DROP TABLE history_tree_node");
                    jdbc.execute("ALTER TABLE history_entry_next RENAME TO history_entry");
                    jdbc.execute("ALTER TABLE history_tree_node_next RENAME TO history_tree_node");
                    for (String index : indexes) {
                        if (index.endsWith("_next")) {
                            jdbc.execute("ALTER INDEX " + index + " RENAME TO " + index.substring(0,
                                    index.length() - "_next".length()));
                        }
                    }
                } else {
                    jdbc.update("DELETE FROM history_entry");
                    jdbc.update("INSERT INTO history_entry (" + ENTRY_COLUMNS + ") SELECT " + ENTRY_COLUMNS
                            + " FROM history_entry_next");
                    jdbc.update("DELETE FROM history_tree_node");
                    jdbc.update("INSERT INTO history_tree_node (node_key, hash) SELECT node_key, hash FROM"
                            + " history_tree_node_next");
                }
                jdbc.update("UPDATE history_state SET generation = generation + 1 WHERE id = 1");
            });
        });
        if (!postgres) {
            drop();
        }
    }

    @Override
    public void drop() {
        jdbc.execute("DROP TABLE IF EXISTS history_entry_next");
        jdbc.execute("DROP TABLE IF EXISTS history_tree_node_next");
    }

    private interface Statements {
        void run(Statement statement) throws SQLException;
    }

    private void longStatements(Statements work) {
        jdbc.execute((Connection connection) -> {
            withLongTimeout(connection, () -> {
                try (Statement statement = connection.createStatement()) {
                    work.run(statement);
                } catch (SQLException failed) {
                    throw new IllegalStateException("could not index the rebuilt history: " + failed.getMessage(),
                            failed);
                }
            });
            return null;
        });
    }

    /** Runs with this connection's network timeout raised, and puts it back after. */
    private static void withLongTimeout(Connection connection, Runnable work) {
        int before;
        try {
            before = connection.getNetworkTimeout();
            connection.setNetworkTimeout(Runnable::run, LONG_STATEMENT_MILLIS);
        } catch (SQLException | UnsupportedOperationException | AbstractMethodError notSupported) {
            work.run();
            return;
        }
        try {
            work.run();
        } finally {
            try {
                connection.setNetworkTimeout(Runnable::run, before);
            } catch (SQLException ignored) {
                // the pool validates connections before handing them out again
            }
        }
    }
}
