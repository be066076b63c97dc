package uk.smartmeter.restricted.adapter.store;

import java.util.Arrays;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import uk.smartmeter.restricted.application.axon.GateIndexFeed;
import uk.smartmeter.restricted.application.gate.RestrictedIndex;
import uk.smartmeter.restricted.domain.device.DeviceType;

/**
 * Starts a node's gate index from the durable checkpoint: the rows of {@code gate_index_checkpoint} and the
 * checkpoint processor's token, read as one point of the store, are put in the index, and the index's tracking
 * feed starts from that token (so it delivers every event after it, the token's gaps included, and nothing before).
 * <p>
 * The checkpoint processor writes a batch's rows and its token in one transaction (Axon stores the token first, then
 * handles the batch, then commits). So the token and the rows are read in one snapshot of the database: on PostgreSQL
 * a read-only {@code REPEATABLE READ} transaction, which takes no lock, so a session that holds the token's row (a
 * stuck node, an operator) cannot hold a starting node out of readiness. The embedded H2 store, one node only, locks
 * the token's row instead ({@code FOR UPDATE}), which makes its processor's next commit wait for the read. All rows
 * are read before any reaches the index, so a read that fails leaves the index untouched (and the feed's start fails,
 * and is tried again). With no checkpoint yet (a new store, or the processor has never stored a token), the feed
 * starts from the store's beginning.
 */
public final class GateIndexStart {

    private static final Logger LOG = LoggerFactory.getLogger(GateIndexStart.class);

    private final JdbcTemplate sql;
    private final TransactionTemplate transactions;
    private volatile Boolean postgres;

    public GateIndexStart(JdbcTemplate sql, TransactionTemplate transactions) {
        this.sql = sql;
        this.transactions = new TransactionTemplate(transactions.getTransactionManager());
        this.transactions.setReadOnly(true);
    }

    /** Asked at the first start (not when the bean is made, so a node can be built while its database is away). */
    private boolean postgres() {
        if (postgres == null) {
            postgres = Boolean.TRUE.equals(sql.execute((java.sql.Connection connection) ->
                    "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())));
            if (postgres) {
                transactions.setIsolationLevel(org.springframework.transaction.TransactionDefinition.ISOLATION_REPEATABLE_READ);
            }
        }
        return postgres;
    }

    /** What was read: the rows, and the token they belong to (null: none). */
    record Checkpoint(long[] meters, byte[] types, long[] versions, long[] gpfs, int size, TrackingToken token) {
    }

    /** Puts the checkpoint in the index and answers the token its feed starts from (null: the beginning). */
    public TrackingToken startFrom(RestrictedIndex index, Serializer serializer) {
        long began = System.nanoTime();
        boolean snapshot = postgres();
        Checkpoint checkpoint = transactions.execute(status -> read(serializer, snapshot));
        if (checkpoint == null || checkpoint.token() == null) {
            LOG.info("gate index: no checkpoint yet; its feed replays the store from the beginning");
            return null;
        }
        for (int i = 0; i < checkpoint.size(); i++) {
            DeviceType type = checkpoint.types()[i] == 'G' ? DeviceType.GSME : DeviceType.ESME;
            index.restricted(checkpoint.meters()[i], type, checkpoint.versions()[i], checkpoint.gpfs()[i]);
        }
        LOG.info("gate index: {} Restricted meters from the checkpoint at {} in {} ms; its feed tails the store from there",
                checkpoint.size(), checkpoint.token(), (System.nanoTime() - began) / 1_000_000);
        return checkpoint.token();
    }

    private Checkpoint read(Serializer serializer, boolean snapshot) {
        TrackingToken token = sql.query("SELECT token, tokenType FROM TokenEntry WHERE processorName = ? AND segment = 0"
                + (snapshot ? "" : " FOR UPDATE"), row -> {
                    if (!row.next() || row.getBytes(1) == null) {
                        return null;
                    }
                    Object stored = serializer.deserialize(new SimpleSerializedObject<>(row.getBytes(1), byte[].class,
                            row.getString(2), null));
                    // a processor's first token is a ReplayToken up to the head it started at (Axon 4.x): the rows
                    // are those of the position it has processed, its lower bound
                    return stored instanceof TrackingToken tracking ? WrappedToken.unwrapLowerBound(tracking) : null;
                }, GateIndexFeed.CHECKPOINT);
        if (!(token instanceof GapAwareTrackingToken)) {
            if (token != null) {
                LOG.warn("gate index: the checkpoint's token is a {}, not a position in the store;"
                        + " its feed replays the store from the beginning", token.getClass().getSimpleName());
            }
            return null;
        }
        Rows rows = new Rows();
        sql.query("SELECT meter_id, device_type, version, gpf_id FROM gate_index_checkpoint", row -> {
            long gpf = row.getLong(4);
            rows.add(row.getLong(1), row.getString(2).charAt(0), row.getLong(3), row.wasNull() ? 0 : gpf);
        });
        return new Checkpoint(rows.meters, rows.types, rows.versions, rows.gpfs, rows.size, token);
    }

    /** The rows in primitive arrays: a million Restricted meters are 25 MB, not a million objects. */
    private static final class Rows {
        long[] meters = new long[1024];
        byte[] types = new byte[1024];
        long[] versions = new long[1024];
        long[] gpfs = new long[1024];
        int size;

        void add(long meter, char type, long version, long gpf) {
            if (size == meters.length) {
                int grown = size * 2;
                meters = Arrays.copyOf(meters, grown);
                types = Arrays.copyOf(types, grown);
                versions = Arrays.copyOf(versions, grown);
                gpfs = Arrays.copyOf(gpfs, grown);
            }
            meters[size] = meter;
            types[size] = (byte) type;
            versions[size] = version;
            gpfs[size] = gpf;
            size++;
        }
    }
}
