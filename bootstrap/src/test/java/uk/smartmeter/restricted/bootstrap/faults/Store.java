package uk.smartmeter.restricted.bootstrap.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The auditor's view: the test reads the event store ({@code DomainEventEntry}) and the read models
 * ({@code history_entry}, {@code csp_notice}) straight from PostgreSQL with JDBC, never through the service. Every
 * call opens its own connection, so the view never depends on the state of a node.
 */
final class Store {

    static final Set<String> FLAG_CHANGES = Set.of("RestrictionApplied", "RestrictionCleared", "RestrictionEnded");

    private final String jdbcUrl;

    Store(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** One row of the event store; {@code type} is the payload's simple class name. */
    record Event(long globalIndex, String eventId, String aggregate, long sequence, boolean deviceEvent, String type,
                 String actingUser) {

        boolean flagChange() {
            return deviceEvent && FLAG_CHANGES.contains(type);
        }
    }

    record HistoryRow(long globalIndex, String eventId) {
    }

    record Notice(String noticeId, long globalPosition, String deviceId, String flagChange) {
    }

    /** Every event in the store, in global order. */
    List<Event> events() {
        return query("SELECT globalIndex, eventIdentifier, aggregateIdentifier, sequenceNumber, type, payloadType,"
                + " convert_from(payload, 'UTF8')::jsonb #>> '{actor,actingUser}' AS acting_user"
                + " FROM DomainEventEntry ORDER BY globalIndex", row -> {
                    String payloadType = row.getString("payloadType");
                    return new Event(row.getLong("globalIndex"), row.getString("eventIdentifier"),
                            row.getString("aggregateIdentifier"), row.getLong("sequenceNumber"),
                            row.getString("type") != null, payloadType.substring(payloadType.lastIndexOf('.') + 1),
                            row.getString("acting_user"));
                });
    }

    List<HistoryRow> history() {
        return query("SELECT global_index, event_id FROM history_entry ORDER BY global_index",
                row -> new HistoryRow(row.getLong("global_index"), row.getString("event_id")));
    }

    List<Notice> notices() {
        return query("SELECT notice_id, global_position, device_id, flag_change FROM csp_notice ORDER BY feed_position",
                row -> new Notice(row.getString("notice_id"), row.getLong("global_position"),
                        row.getString("device_id"), row.getString("flag_change")));
    }

    /** Each tracking processor's claim on segment 0: its owner (null when released) and its token's position. */
    record Claim(String processor, String owner, long position) {
    }

    Map<String, Claim> claims() {
        Map<String, Claim> claims = new java.util.TreeMap<>();
        for (Claim claim : query("SELECT processorName, owner, COALESCE(convert_from(token, 'UTF8')::jsonb #>> '{currentToken,index}',"
                + " convert_from(token, 'UTF8')::jsonb ->> 'index') AS position"
                + " FROM TokenEntry WHERE segment = 0", row -> new Claim(row.getString("processorName"),
                row.getString("owner"), row.getString("position") == null ? -1 : Long.parseLong(row.getString("position"))))) {
            claims.put(claim.processor(), claim);
        }
        return claims;
    }

    long headIndex() {
        return count("SELECT COALESCE(MAX(globalIndex), -1) FROM DomainEventEntry");
    }

    long gateCheckpointRows() {
        return count("SELECT COUNT(*) FROM gate_index_checkpoint");
    }

    long eventCount() {
        return count("SELECT COUNT(*) FROM DomainEventEntry");
    }

    long historyCount() {
        return count("SELECT COUNT(*) FROM history_entry");
    }

    long noticeCount() {
        return count("SELECT COUNT(*) FROM csp_notice");
    }

    long flagEventCount() {
        return count("SELECT COUNT(*) FROM DomainEventEntry WHERE type IS NOT NULL AND (payloadType LIKE"
                + " '%.RestrictionApplied' OR payloadType LIKE '%.RestrictionCleared' OR payloadType LIKE"
                + " '%.RestrictionEnded')");
    }

    /** The transaction that wrote the first history row: changes when the rows are written anew. */
    String firstHistoryRowWriter() {
        List<String> xmin = query("SELECT xmin::text AS writer FROM history_entry ORDER BY global_index LIMIT 1",
                row -> row.getString("writer"));
        return xmin.isEmpty() ? null : xmin.get(0);
    }

    /** Each device's stream, by meter, in sequence order. */
    static Map<String, List<Event>> streams(List<Event> events) {
        Map<String, List<Event>> streams = new TreeMap<>();
        for (Event event : events) {
            if (event.deviceEvent()) {
                streams.computeIfAbsent(event.aggregate(), meter -> new ArrayList<>()).add(event);
            }
        }
        streams.values().forEach(stream -> stream.sort((a, b) -> Long.compare(a.sequence(), b.sequence())));
        return streams;
    }

    /** The meters whose last flag change in the store is RestrictionApplied. */
    static Set<String> restricted(List<Event> events) {
        Set<String> restricted = new HashSet<>();
        streams(events).forEach((meter, stream) -> {
            if (restrictedAt(stream, Long.MAX_VALUE)) {
                restricted.add(meter);
            }
        });
        return restricted;
    }

    /** The flag after the stream's events up to and including {@code version}. */
    static boolean restrictedAt(List<Event> stream, long version) {
        boolean restricted = false;
        for (Event event : stream) {
            if (event.sequence() > version) {
                break;
            }
            if (event.flagChange()) {
                restricted = event.type().equals("RestrictionApplied");
            }
        }
        return restricted;
    }

    /** Events by the acting user named in their payload (the suite puts a request's key there). */
    static Map<String, List<Event>> byActingUser(List<Event> events) {
        Map<String, List<Event>> marked = new LinkedHashMap<>();
        for (Event event : events) {
            if (event.actingUser() != null) {
                marked.computeIfAbsent(event.actingUser(), user -> new ArrayList<>()).add(event);
            }
        }
        return marked;
    }

    private long count(String sql) {
        return query(sql, row -> row.getLong(1)).get(0);
    }

    private interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> mapper) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(5_000);
            connection.setAutoCommit(false);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                connection.commit();
                return result;
            }
        } catch (SQLException failed) {
            throw new IllegalStateException("cannot read " + jdbcUrl + ": " + sql, failed);
        }
    }
}
