package uk.smartmeter.restricted.adapter.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import uk.smartmeter.restricted.application.history.HistoryDerivation;
import uk.smartmeter.restricted.application.port.out.StoredEvents;

/**
 * Axon's event table read directly, in global order, with the events' own JSON mapper (the one the event
 * store writes with, and no upcasters are configured): the history's rebuild and its reconciliation read every
 * event, and Axon's tracking stream costs a producer thread and a token per event. Only payload types the
 * history holds are deserialised; a type this build does not know is passed over, as Axon would fail on it.
 */
final class JdbcStoredEvents implements StoredEvents {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final LongSupplier horizon;
    private final ObjectMapper json = EventJson.mapper();
    private final Map<String, Optional<ObjectReader>> readers = new java.util.concurrent.ConcurrentHashMap<>();

    JdbcStoredEvents(JdbcTemplate jdbc, TransactionTemplate transaction, LongSupplier horizon) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.horizon = horizon;
    }

    @Override
    public long horizon() {
        return horizon.getAsLong();
    }

    /**
     * Reads in ranges of {@value #CHUNK} global indexes, each one short query through the primary key: one query
     * over millions of rows made PostgreSQL sort them all before the first row (past the socket timeout), and a
     * LIMIT alone still let a stale row estimate pick a sort of everything after the cursor.
     */
    @Override
    public void read(long after, long upTo, Consumer<StoredEvent> events) {
        for (long from = after; from < upTo; from = Math.min(upTo, from + CHUNK)) {
            long start = from;
            transaction.executeWithoutResult(status -> chunk(start, Math.min(upTo, start + CHUNK), events));
        }
    }

    private static final int CHUNK = 10_000;
    private static final String OURS = "uk.smartmeter.restricted.";

    private void chunk(long after, long upTo, Consumer<StoredEvent> events) {
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("SELECT globalIndex, eventIdentifier,"
                    + " sequenceNumber, type, payloadType, payload FROM DomainEventEntry WHERE globalIndex > ? AND"
                    + " globalIndex <= ? ORDER BY globalIndex");
            statement.setFetchSize(CHUNK);
            statement.setLong(1, after);
            statement.setLong(2, upTo);
            return statement;
        }, rs -> {
            String type = rs.getString(5);
            long sequence = rs.getString(4) == null ? -1 : rs.getLong(3);
            Optional<ObjectReader> reader = reader(type);
            if (reader.isEmpty()) {
                if (type.startsWith(OURS)) {
                    events.accept(new StoredEvent(rs.getLong(1), rs.getString(2), sequence, null, null,
                            "its payload type " + type + " is not one this service knows"));
                }
                return;
            }
            Object payload;
            try {
                payload = reader.get().readValue(rs.getBytes(6));
            } catch (IOException | RuntimeException unreadable) {
                events.accept(new StoredEvent(rs.getLong(1), rs.getString(2), sequence, null, null,
                        "its payload cannot be read as " + type + ": " + String.valueOf(unreadable.getMessage())
                                .lines().findFirst().orElse("")));
                return;
            }
            // outside the try: what the consumer throws (a rebuild's refusal) is its own, not an unreadable event
            events.accept(new StoredEvent(rs.getLong(1), rs.getString(2), sequence, payload, EventDigest.of(payload),
                    null));
        });
    }

    private Optional<ObjectReader> reader(String payloadType) {
        return readers.computeIfAbsent(payloadType, name -> {
            try {
                Class<?> type = Class.forName(name, false, JdbcStoredEvents.class.getClassLoader());
                return HistoryDerivation.holds(type) ? Optional.of(json.readerFor(type)) : Optional.empty();
            } catch (ClassNotFoundException | LinkageError unknown) {
                return Optional.empty();
            }
        });
    }
}
