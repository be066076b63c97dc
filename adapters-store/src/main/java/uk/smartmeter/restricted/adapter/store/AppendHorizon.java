package uk.smartmeter.restricted.adapter.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The event store's read horizon: the highest global index at or below which every index is committed
 * or will never be used.
 * <p>
 * Appends take their global index from a sequence but commit in any order, so index 7 can be visible
 * while index 5 is still in flight. A reader in global order that went past 5 would meet it later, out
 * of order (the flaw of a token's "highest index seen"). The horizon closes that hole without any
 * timeout: each look notes the store's head and the transactions open at that moment; once all of
 * those have finished, everything up to that head is final (committed, or rolled back and never to
 * appear), and the horizon moves to it. An appending transaction announces itself before it takes an
 * index ({@link #beforeAppend}), so it is always among the open ones a later look sees.
 * <p>
 * The cost is a wait for the transactions open at a look, usually milliseconds. A transaction left open
 * (a node whose link hangs mid-commit) holds the horizon until the database ends it; the production
 * profile ends idle transactions after {@code idle_in_transaction_session_timeout}.
 */
abstract class AppendHorizon {

    /** One look: the head, the transactions open then, and whether those of an earlier look are done. */
    protected record Look(long head, Object open, boolean noneOpen, boolean earlierFinished) {
    }

    private long horizon = -1;
    private long pendingHead = -1;
    private Object pendingOpen;

    /** PostgreSQL across any number of nodes; otherwise (the embedded H2 file) this process's own appends. */
    public static AppendHorizon of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            return "PostgreSQL".equals(product) ? new Postgres() : new InProcess();
        } catch (SQLException failed) {
            throw new IllegalStateException("cannot tell which database holds the event store", failed);
        }
    }

    /** Called in an appending transaction before it takes its first global index. */
    abstract void beforeAppend(Connection connection) throws SQLException;

    /** Looks at the store; {@code earlierOpen} is the {@link Look#open()} of an earlier look, or null. */
    protected abstract Look look(Connection connection, Object earlierOpen) throws SQLException;

    /**
     * Looks once and returns the horizon, which never moves back. -1: nothing is final yet. The look needs a
     * connection outside any transaction (a transaction of its own), so it takes one from the pool itself.
     */
    synchronized long advance(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return advance(connection);
        }
    }

    private long advance(Connection connection) throws SQLException {
        Look now = look(connection, pendingOpen);
        if (pendingOpen != null && now.earlierFinished()) {
            horizon = Math.max(horizon, pendingHead);
            pendingOpen = null;
        }
        if (now.noneOpen()) {
            horizon = Math.max(horizon, now.head());
            pendingOpen = null;
        } else if (pendingOpen == null && now.head() > horizon) {
            pendingHead = now.head();
            pendingOpen = now.open();
        }
        return horizon;
    }

    /**
     * PostgreSQL: a look is one statement, in a transaction of its own, so the head and the snapshot are
     * taken together. An appender takes its transaction ID before its first index, so any transaction that
     * holds an index at or below a head it could not see has an ID below the one the look itself then takes
     * ({@code pg_current_xact_id()}, evaluated after the snapshot). A snapshot's list of running transactions
     * stops at its {@code xmax} (the latest completed ID plus one): those at or above it are running but not
     * listed, so "open at the look" is the listed ones plus every ID from {@code xmax} up to the look's own.
     * A later look waits until all of those are visible (finished). The look commits asynchronously: it
     * writes nothing, and its ID costs no disk flush.
     */
    static final class Postgres extends AppendHorizon {

        private static final String LOOK = """
                SELECT set_config('synchronous_commit', 'off', true),
                       (SELECT MAX(globalIndex) FROM DomainEventEntry),
                       pg_current_snapshot()::text,
                       pg_current_xact_id()::text,
                       NOT EXISTS (SELECT 1 FROM pg_snapshot_xip(pg_current_snapshot()))
                         AND pg_snapshot_xmax(pg_current_snapshot()) = pg_current_xact_id(),
                       NOT EXISTS (SELECT 1 FROM pg_snapshot_xip(CAST(? AS pg_snapshot)) x
                                   WHERE NOT pg_visible_in_snapshot(x, pg_current_snapshot()))
                         AND NOT EXISTS (SELECT 1 FROM generate_series(
                                             CAST(pg_snapshot_xmax(CAST(? AS pg_snapshot))::text AS bigint),
                                             CAST(? AS bigint) - 1) n
                                         WHERE NOT pg_visible_in_snapshot(CAST(n::text AS xid8), pg_current_snapshot()))""";

        /** What was open at a look: its snapshot, and its own transaction ID (above every ID taken before it). */
        private record Open(String snapshot, long ownId) {
        }

        @Override
        void beforeAppend(Connection connection) throws SQLException {
            try (PreparedStatement assign = connection.prepareStatement("SELECT pg_current_xact_id()")) {
                assign.executeQuery().close();
            }
        }

        @Override
        protected Look look(Connection connection, Object earlierOpen) throws SQLException {
            Open earlier = (Open) earlierOpen;
            try (PreparedStatement look = connection.prepareStatement(LOOK)) {
                look.setString(1, earlier == null ? null : earlier.snapshot());
                look.setString(2, earlier == null ? null : earlier.snapshot());
                if (earlier == null) {
                    look.setNull(3, java.sql.Types.BIGINT);
                } else {
                    look.setLong(3, earlier.ownId());
                }
                try (ResultSet row = look.executeQuery()) {
                    row.next();
                    long head = row.getLong(2);
                    boolean empty = row.wasNull();
                    Open open = new Open(row.getString(3), Long.parseLong(row.getString(4)));
                    return new Look(empty ? -1 : head, open, row.getBoolean(5), row.getBoolean(6));
                }
            }
        }
    }

    /**
     * The embedded store, which only this process writes: appenders register before they take an
     * index and leave when their transaction has committed or rolled back.
     */
    static final class InProcess extends AppendHorizon {

        private final AtomicLong ids = new AtomicLong();
        private final Set<Long> open = new ConcurrentSkipListSet<>();

        @Override
        void beforeAppend(Connection connection) {
            if (!TransactionSynchronizationManager.isSynchronizationActive()) {
                throw new IllegalStateException("an append outside a Spring transaction cannot be followed");
            }
            long id = ids.incrementAndGet();
            open.add(id);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    open.remove(id);
                }
            });
        }

        @Override
        protected Look look(Connection connection, Object earlierOpen) throws SQLException {
            long head;
            try (PreparedStatement max = connection.prepareStatement("SELECT MAX(globalIndex) FROM DomainEventEntry");
                 ResultSet row = max.executeQuery()) {
                row.next();
                head = row.getLong(1);
                head = row.wasNull() ? -1 : head;
            }
            Set<Long> openNow = Set.copyOf(open);
            boolean earlierFinished = earlierOpen == null
                    || ((Set<?>) earlierOpen).stream().noneMatch(open::contains);
            return new Look(head, openNow, openNow.isEmpty(), earlierFinished);
        }
    }
}
