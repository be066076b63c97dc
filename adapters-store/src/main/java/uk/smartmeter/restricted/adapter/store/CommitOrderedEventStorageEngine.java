package uk.smartmeter.restricted.adapter.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

/**
 * Axon's JDBC storage engine with the store's read horizon (see {@link AppendHorizon}).
 * <ul>
 * <li>Every append first tells the horizon that a transaction is about to take global indexes, so a
 * reader can wait for it.</li>
 * <li>In ordered mode, a tracking read returns only events at or below
 * the horizon: every index there is committed or will never be. Events then arrive in global-index
 * order and no gap ever fills later, so each event's token carries no gaps and its position is the
 * event's own global index, live and in a replay alike. The head token is the horizon too, so a
 * report taken "up to the head" reads exactly the same events every time.</li>
 * </ul>
 */
final class CommitOrderedEventStorageEngine extends JdbcEventStorageEngine {

    private final AppendHorizon horizon;
    private final TransactionManager transactions;
    private final DataSource dataSource;
    private final boolean ordered;

    CommitOrderedEventStorageEngine(JdbcEventStorageEngine.Builder builder, AppendHorizon horizon,
                                    TransactionManager transactions, DataSource dataSource, boolean ordered) {
        super(builder);
        this.horizon = horizon;
        this.transactions = transactions;
        this.dataSource = dataSource;
        this.ordered = ordered;
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        transactions.executeInTransaction(() -> {
            try (Connection connection = getConnection()) {
                horizon.beforeAppend(connection);
            } catch (SQLException failed) {
                throw new EventStoreException("could not announce an append to the store's horizon", failed);
            }
            super.appendEvents(events, serializer);
        });
    }

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        if (!ordered) {
            return super.fetchTrackedEvents(lastToken, batchSize);
        }
        if (lastToken instanceof GapAwareTrackingToken previous && !previous.getGaps().isEmpty()) {
            throw new IllegalStateException("a commit-ordered reader was given a token with gaps " + previous
                    + " (written by an earlier version); reset this processor to rebuild its projection");
        }
        long below = currentHorizon();
        List<? extends TrackedEventData<?>> fetched = super.fetchTrackedEvents(lastToken, batchSize);
        List<TrackedEventData<?>> belowOnly = new ArrayList<>(fetched.size());
        for (TrackedEventData<?> event : fetched) {
            long index = ((GapAwareTrackingToken) event.trackingToken()).getIndex();
            if (index > below) {
                break;
            }
            // every index under the horizon that is not here never will be: the token keeps no gaps
            belowOnly.add(withoutGaps(index, event));
        }
        return belowOnly;
    }

    @Override
    public TrackingToken createHeadToken() {
        if (!ordered) {
            return super.createHeadToken();
        }
        long below = currentHorizon();
        return below < 0 ? null : GapAwareTrackingToken.newInstance(below, Collections.emptySortedSet());
    }

    /** The horizon as of now; moves forward once the transactions open at its last look have finished. */
    long currentHorizon() {
        try {
            return horizon.advance(dataSource);
        } catch (SQLException failed) {
            throw new EventStoreException("could not read the store's horizon", failed);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TrackedEventData<?> withoutGaps(long index, TrackedEventData<?> event) {
        return new TrackedDomainEventData(GapAwareTrackingToken.newInstance(index, Collections.emptySortedSet()),
                (DomainEventData) event);
    }
}
