package uk.smartmeter.restricted.adapter.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import uk.smartmeter.restricted.application.port.out.DeviceHead;
import uk.smartmeter.restricted.application.port.out.HistoryEntry;
import uk.smartmeter.restricted.application.port.out.HistoryStore;
import uk.smartmeter.restricted.application.port.out.HistoryStore.ExportFilter;

/** The history in {@code history_entry}. */
final class JdbcHistoryStore implements HistoryStore {

    private static final String COLUMNS = "global_index, device_id, device_version, device_type, csp_region, event_id,"
            + " event_type, party, role,"
            + " acting_user, effective_at, recorded_at, reason, restricted_after, responsible_supplier, detail,"
            + " event_sha256, device_hash, global_hash";
    private static final String INSERT = "INSERT INTO history_entry (" + COLUMNS + ", leaf_index)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final boolean postgres;

    JdbcHistoryStore(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.postgres = Boolean.TRUE.equals(jdbc.execute((java.sql.Connection connection) ->
                "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())));
    }

    @Override
    public void append(List<HistoryEntry> entries, Map<Long, Long> leafIndexes,
                       List<uk.smartmeter.restricted.domain.history.MerkleTree.Node> nodes) {
        if (entries.isEmpty()) {
            return;
        }
        List<HistoryEntry> fresh = entries;
        jdbc.batchUpdate(INSERT, fresh, 500, (row, entry) -> {
            bind(row, 0, entry);
            setLong(row, 20, leafIndexes.get(entry.globalIndex()));
        });
        List<uk.smartmeter.restricted.domain.history.MerkleTree.Node> interior = interior(nodes);
        if (!interior.isEmpty()) {
            // a node is written once; one already there (never, as the tree only appends) is left as it is
            jdbc.batchUpdate(postgres
                            ? "INSERT INTO history_tree_node (node_key, hash) VALUES (?, ?) ON CONFLICT DO NOTHING"
                            : "MERGE INTO history_tree_node KEY (node_key) VALUES (?, ?)", interior, 1000,
                    (row, node) -> {
                        row.setLong(1, uk.smartmeter.restricted.domain.history.MerkleTree.key(node.level(),
                                node.index()));
                        row.setString(2, java.util.HexFormat.of().formatHex(node.hash()));
                    });
        }
    }

    @Override
    public TreeHead treeHead() {
        // the last leaf by the leaf_index index: leaves are numbered in global order, so it is also the latest one
        return jdbc.query("SELECT leaf_index, global_index FROM history_entry WHERE leaf_index ="
                + " (SELECT MAX(leaf_index) FROM history_entry)", (rs, n) -> new TreeHead(rs.getLong(1) + 1,
                rs.getLong(2))).stream().findFirst().orElse(new TreeHead(0, -1));
    }

    /**
     * The nodes worth a row: a leaf's hash (level 0) is its entry's, recomputed when read, so only the levels above
     * are stored, half the rows.
     */
    static List<uk.smartmeter.restricted.domain.history.MerkleTree.Node> interior(
            List<uk.smartmeter.restricted.domain.history.MerkleTree.Node> nodes) {
        List<uk.smartmeter.restricted.domain.history.MerkleTree.Node> interior = new ArrayList<>(nodes.size() / 2 + 1);
        for (uk.smartmeter.restricted.domain.history.MerkleTree.Node node : nodes) {
            if (node.level() > 0) {
                interior.add(node);
            }
        }
        return interior;
    }

    @Override
    public Map<Long, String> treeNodes(Collection<Long> keys) {
        Map<Long, String> nodes = new HashMap<>();
        if (keys.isEmpty()) {
            return nodes;
        }
        List<Long> leaves = new ArrayList<>();
        List<Long> all = new ArrayList<>();
        for (long key : keys) {
            if (uk.smartmeter.restricted.domain.history.MerkleTree.levelOf(key) == 0) {
                leaves.add(key);
            } else {
                all.add(key);
            }
        }
        for (int from = 0; from < leaves.size(); from += 500) {
            List<Long> chunk = leaves.subList(from, Math.min(leaves.size(), from + 500));
            jdbc.query("SELECT " + COLUMNS + ", leaf_index FROM history_entry WHERE leaf_index IN ("
                    + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ")", rs -> {
                        nodes.put(uk.smartmeter.restricted.domain.history.MerkleTree.key(0, rs.getLong("leaf_index")),
                                java.util.HexFormat.of().formatHex(uk.smartmeter.restricted.domain.history.MerkleTree
                                        .leafHash(entry(rs).leaf())));
                    }, chunk.stream().map(uk.smartmeter.restricted.domain.history.MerkleTree::indexOf).toArray());
        }
        for (int from = 0; from < all.size(); from += 500) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + 500));
            jdbc.query("SELECT node_key, hash FROM history_tree_node WHERE node_key IN ("
                    + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ")",
                    rs -> {
                        nodes.put(rs.getLong(1), rs.getString(2));
                    }, chunk.toArray());
        }
        return nodes;
    }

    @Override
    public boolean hasEntriesOutsideTheTree() {
        return !jdbc.queryForList("SELECT global_index FROM history_entry WHERE leaf_index IS NULL FETCH FIRST 1 ROWS"
                + " ONLY", Long.class).isEmpty();
    }

    @Override
    public Optional<Long> leafIndexOf(String eventId) {
        return jdbc.query("SELECT leaf_index FROM history_entry WHERE event_id = ? AND leaf_index IS NOT NULL",
                (rs, n) -> rs.getLong(1), eventId).stream().findFirst();
    }

    /** Binds an entry's 19 columns after {@code column}; answers the last column bound. */
    static int bind(PreparedStatement row, int column, HistoryEntry e) throws SQLException {
        row.setLong(++column, e.globalIndex());
        row.setString(++column, e.deviceId());
        setLong(row, ++column, e.deviceVersion());
        row.setString(++column, e.deviceType());
        row.setString(++column, e.cspRegion());
        row.setString(++column, e.eventId());
        row.setString(++column, e.eventType());
        row.setString(++column, e.party());
        row.setString(++column, e.role());
        row.setString(++column, e.actingUser());
        row.setTimestamp(++column, e.effectiveAt() == null ? null : Timestamp.from(e.effectiveAt()));
        row.setTimestamp(++column, Timestamp.from(e.recordedAt()));
        row.setString(++column, e.reason());
        if (e.restrictedAfter() == null) {
            row.setNull(++column, Types.BOOLEAN);
        } else {
            row.setBoolean(++column, e.restrictedAfter());
        }
        row.setString(++column, e.responsibleSupplier());
        row.setString(++column, e.detail());
        row.setString(++column, e.eventSha256());
        row.setString(++column, e.deviceHash());
        row.setString(++column, e.globalHash());
        return column;
    }

    private static void setLong(PreparedStatement row, int column, Long value) throws SQLException {
        if (value == null) {
            row.setNull(column, Types.BIGINT);
        } else {
            row.setLong(column, value);
        }
    }

    /**
     * The latest entry of each device. On PostgreSQL one statement looks each device up through the
     * (device_id, global_index) index, newest first, whatever the table's statistics say: an IN list or
     * an array let the planner settle on scanning the whole table, about a second a batch. Elsewhere (H2),
     * each device's latest entry is read alone, newest first through the same index: reading every entry of
     * the devices and keeping the latest took over the statement timeout once one meter had half a million
     * entries (each gate denial is one), and the history stalled for good.
     */
    @Override
    public Map<String, DeviceHead> deviceHeads(Collection<String> deviceIds) {
        Map<String, DeviceHead> heads = new HashMap<>();
        if (!postgres) {
            for (String device : deviceIds) {
                jdbc.query("SELECT device_hash, restricted_after, responsible_supplier, device_type, csp_region"
                        + " FROM history_entry WHERE device_id = ? ORDER BY device_id DESC, global_index DESC"
                        + " FETCH FIRST 1 ROWS ONLY", rs -> {
                            heads.put(device, new DeviceHead(rs.getString(1), rs.getBoolean(2), rs.getString(3),
                                    rs.getString(4), rs.getString(5)));
                        }, device);
            }
            return heads;
        }
        Map<String, Long> latest = new HashMap<>();
        String sql = postgres
                ? "SELECT h.device_id, h.global_index, h.device_hash, h.restricted_after, h.responsible_supplier,"
                + " h.device_type, h.csp_region FROM unnest(?::varchar[]) AS d(id) CROSS JOIN LATERAL (SELECT * FROM"
                + " history_entry x WHERE x.device_id = d.id ORDER BY x.global_index DESC LIMIT 1) h"
                : "SELECT device_id, global_index, device_hash, restricted_after, responsible_supplier, device_type,"
                + " csp_region FROM history_entry WHERE device_id = ANY (?)";
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            statement.setArray(1, connection.createArrayOf("VARCHAR", deviceIds.toArray()));
            return statement;
        }, rs -> {
            String device = rs.getString(1);
            long index = rs.getLong(2);
            if (index > latest.getOrDefault(device, Long.MIN_VALUE)) {
                latest.put(device, index);
                heads.put(device, new DeviceHead(rs.getString(3), rs.getBoolean(4), rs.getString(5), rs.getString(6),
                        rs.getString(7)));
            }
        });
        return heads;
    }

    @Override
    public Optional<String> globalHead() {
        return jdbc.queryForList("SELECT global_hash FROM history_entry ORDER BY global_index DESC"
                + " FETCH FIRST 1 ROWS ONLY", String.class).stream().findFirst();
    }

    @Override
    public List<HistoryEntry> deviceEntries(String deviceId, long after, int limit, Set<String> kinds, Instant from,
                                            Instant to) {
        Query query = new Query("device_id = ? AND global_index > ?", deviceId, after).filtered(kinds, from, to);
        return jdbc.query(query.select(limit), (rs, n) -> entry(rs), query.arguments());
    }

    @Override
    public List<HistoryEntry> supplierEntries(String deviceId, String supplier, long after, Set<String> kinds,
                                              Instant from, Instant to) {
        String party = supplier.substring(0, supplier.lastIndexOf('/'));
        Query query = new Query("device_id = ? AND global_index > ? AND responsible_supplier = ?"
                + " AND event_type <> 'GateDenied' AND (event_type <> 'RequestRefused' OR party = ?)", deviceId, after,
                supplier, party).filtered(kinds, from, to);
        return jdbc.query("SELECT " + COLUMNS + " FROM history_entry WHERE " + query.where + " ORDER BY global_index",
                (rs, n) -> entry(rs), query.arguments());
    }

    @Override
    public Optional<HistoryEntry> entryAt(String deviceId, long version) {
        return jdbc.query("SELECT " + COLUMNS + " FROM history_entry WHERE device_id = ? AND device_version = ?",
                (rs, n) -> entry(rs), deviceId, version).stream().findFirst();
    }

    /** In ranges of 10,000 global indexes, each its own short query: no snapshot is held while the consumer waits. */
    @Override
    public void everyStored(long upTo, Consumer<Stored> consumer) {
        Long first = jdbc.queryForObject("SELECT MIN(global_index) FROM history_entry", Long.class);
        if (first == null) {
            return;
        }
        for (long from = first - 1; from < upTo; from = Math.min(upTo, from + 10_000)) {
            long after = from;
            jdbc.query(connection -> {
                PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + ", leaf_index FROM"
                        + " history_entry WHERE global_index > ? AND global_index <= ? ORDER BY global_index");
                statement.setFetchSize(10_000);
                statement.setLong(1, after);
                statement.setLong(2, Math.min(upTo, after + 10_000));
                return statement;
            }, rs -> {
                long leaf = rs.getLong("leaf_index");
                consumer.accept(new Stored(entry(rs), rs.wasNull() ? null : leaf));
            });
        }
    }

    @Override
    public long lockGeneration() {
        return jdbc.queryForObject("SELECT generation FROM history_state WHERE id = 1 FOR UPDATE", Long.class);
    }

    @Override
    public Set<Long> presentBetween(long from, long to) {
        return new HashSet<>(jdbc.queryForList("SELECT global_index FROM history_entry WHERE global_index BETWEEN ?"
                + " AND ?", Long.class, from, to));
    }

    /** The history processor's token (Jackson JSON of a gap-free GapAwareTrackingToken), read without claiming it. */
    @Override
    public long processedUpTo() {
        List<byte[]> tokens = jdbc.query("SELECT token FROM TokenEntry WHERE processorName = ? AND token IS NOT NULL",
                (rs, n) -> rs.getBytes(1), uk.smartmeter.restricted.application.axon.HistoryProjection.PROCESSING_GROUP);
        long position = -1;
        for (byte[] token : tokens) {
            java.util.regex.Matcher index = TOKEN_INDEX.matcher(new String(token, java.nio.charset.StandardCharsets.UTF_8));
            if (index.find()) {
                position = Math.max(position, Long.parseLong(index.group(1)));
            }
        }
        return position;
    }

    private static final java.util.regex.Pattern TOKEN_INDEX = java.util.regex.Pattern.compile("\"index\"\\s*:\\s*(-?\\d+)");

    @Override
    public void export(ExportFilter filter, Consumer<HistoryEntry> consumer) {
        Query query = new Query("global_index > ?", filter.after()).filtered(filter.kinds(), filter.from(),
                filter.to());
        if (filter.supplier() != null) {
            query.and("(party = ? OR responsible_supplier LIKE ?)", filter.supplier(), filter.supplier() + "/%");
        }
        if (filter.reason() != null) {
            query.and("reason = ?", filter.reason());
        }
        if (filter.cspRegion() != null) {
            query.and("csp_region = ?", filter.cspRegion());
        }
        if (filter.deviceType() != null) {
            query.and("device_type = ?", filter.deviceType());
        }
        stream("SELECT " + COLUMNS + " FROM history_entry WHERE " + query.where + " ORDER BY global_index"
                + (filter.limit() > 0 ? " FETCH FIRST " + filter.limit() + " ROWS ONLY" : ""), query.arguments(),
                consumer);
    }

    private void stream(String sql, Object[] arguments, Consumer<HistoryEntry> consumer) {
        transaction.executeWithoutResult(status -> jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            statement.setFetchSize(1_000);
            for (int i = 0; i < arguments.length; i++) {
                statement.setObject(i + 1, arguments[i]);
            }
            return statement;
        }, rs -> {
            consumer.accept(entry(rs));
        }));
    }

    @Override
    public void clear() {
        jdbc.update("TRUNCATE TABLE history_entry");
        jdbc.update("TRUNCATE TABLE history_tree_node");
    }

    private static HistoryEntry entry(ResultSet rs) throws SQLException {
        long version = rs.getLong("device_version");
        Long deviceVersion = rs.wasNull() ? null : version;
        boolean restricted = rs.getBoolean("restricted_after");
        Boolean restrictedAfter = rs.wasNull() ? null : restricted;
        Timestamp effective = rs.getTimestamp("effective_at");
        return new HistoryEntry(rs.getLong("global_index"), rs.getString("device_id"), deviceVersion,
                rs.getString("device_type"), rs.getString("csp_region"), rs.getString("event_id"), rs.getString("event_type"), rs.getString("party"), rs.getString("role"),
                rs.getString("acting_user"), effective == null ? null : effective.toInstant(),
                rs.getTimestamp("recorded_at").toInstant(), rs.getString("reason"), restrictedAfter,
                rs.getString("responsible_supplier"), rs.getString("detail"), rs.getString("event_sha256"),
                rs.getString("device_hash"),
                rs.getString("global_hash"));
    }

    /** A WHERE clause and its arguments, with the optional filters added. */
    private static final class Query {
        private final StringBuilder where;
        private final List<Object> arguments = new ArrayList<>();

        Query(String where, Object... arguments) {
            this.where = new StringBuilder(where);
            this.arguments.addAll(List.of(arguments));
        }

        Query filtered(Set<String> kinds, Instant from, Instant to) {
            if (!kinds.isEmpty()) {
                where.append(" AND event_type IN (").append(String.join(",", java.util.Collections.nCopies(
                        kinds.size(), "?"))).append(')');
                arguments.addAll(kinds);
            }
            if (from != null) {
                where.append(" AND recorded_at >= ?");
                arguments.add(Timestamp.from(from));
            }
            if (to != null) {
                where.append(" AND recorded_at < ?");
                arguments.add(Timestamp.from(to));
            }
            return this;
        }

        Query and(String condition, Object... values) {
            where.append(" AND ").append(condition);
            arguments.addAll(List.of(values));
            return this;
        }

        String select(int limit) {
            return "SELECT " + COLUMNS + " FROM history_entry WHERE " + where + " ORDER BY global_index FETCH FIRST "
                    + limit + " ROWS ONLY";
        }

        Object[] arguments() {
            return arguments.toArray();
        }
    }
}
