package uk.smartmeter.restricted.adapter.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.smartmeter.restricted.application.axon.GateIndexFeed;
import uk.smartmeter.restricted.application.gate.RestrictedIndex;
import uk.smartmeter.restricted.domain.device.DeviceType;

/**
 * The gate index's start reads the checkpoint's rows and its token as one point of the store, while the checkpoint
 * processor keeps committing: here a writer stands in for it, each transaction restricting one more meter (and
 * clearing an older one) and storing the token of that batch last, as Axon does. Every start, however it interleaves
 * with the batches, must hold exactly the Restricted meters of the token it answers; and a session holding the token's
 * row delays no start.
 */
@Tag("postgres")
class AGateIndexStartReadsOnePointOfTheStoreTest {

    private static final int BATCHES = 400;

    @Test
    void everyStartHoldsExactlyTheMetersOfTheTokenItAnswers() throws Exception {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(LocalPostgres.freshDatabase("restricted_gate_start"));
        pool.setUsername(LocalPostgres.USER);
        pool.setMaximumPoolSize(8);
        try (pool) {
            JdbcTemplate sql = new JdbcTemplate(pool);
            sql.execute("CREATE TABLE TokenEntry (processorName VARCHAR(255) NOT NULL, segment INTEGER NOT NULL,"
                    + " token BYTEA, tokenType VARCHAR(255), timestamp VARCHAR(255), owner VARCHAR(255),"
                    + " PRIMARY KEY (processorName, segment))");
            sql.execute("CREATE TABLE gate_index_checkpoint (meter_id BIGINT NOT NULL PRIMARY KEY,"
                    + " device_type VARCHAR(4) NOT NULL, version BIGINT NOT NULL, gpf_id BIGINT)");
            sql.update("INSERT INTO TokenEntry (processorName, segment, token, tokenType) VALUES (?, 0, ?, ?)",
                    GateIndexFeed.CHECKPOINT, token(0), GapAwareTrackingToken.class.getName());
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(pool));
            JdbcGateIndexCheckpoint checkpoint = new JdbcGateIndexCheckpoint(sql);
            GateIndexStart start = new GateIndexStart(sql, transactions);
            JacksonSerializer serializer = JacksonSerializer.defaultSerializer();

            AtomicBoolean done = new AtomicBoolean();
            AtomicLong committed = new AtomicLong();
            Thread writer = new Thread(() -> {
                for (long batch = 1; batch <= BATCHES; batch++) {
                    long at = batch;
                    transactions.executeWithoutResult(status -> {
                        // batch n: meter n restricted (gas, with its GPF), meter n-3 cleared; then the token, last
                        checkpoint.restricted(at, at % 2 == 0 ? DeviceType.ESME : DeviceType.GSME, 1, at % 2 == 0 ? 0 : 1_000_000 + at);
                        if (at > 3) {
                            checkpoint.ended(at - 3, 2);
                        }
                        sql.update("UPDATE TokenEntry SET token = ? WHERE processorName = ? AND segment = 0", token(at),
                                GateIndexFeed.CHECKPOINT);
                    });
                    committed.set(batch);
                }
                done.set(true);
            }, "checkpoint-writer");
            writer.start();

            List<String> wrong = new ArrayList<>();
            int starts = 0;
            while (!done.get() || starts < 5) {
                RestrictedIndex index = new RestrictedIndex();
                TrackingToken token = start.startFrom(index, serializer);
                long at = token.position().orElseThrow();
                long expected = Math.min(at, 3);
                starts++;
                if (index.restrictedMeters() != expected) {
                    wrong.add("token " + at + ": " + index.restrictedMeters() + " meters, expected " + expected);
                }
                for (long meter = Math.max(1, at - 2); meter <= at; meter++) {
                    if (index.restrictedMeter(meter) == null) {
                        wrong.add("token " + at + ": meter " + meter + " missing");
                    }
                }
                if (at > 0 && at % 2 == 1 && index.restrictedMeter(1_000_000 + at) != DeviceType.GSME) {
                    wrong.add("token " + at + ": the GPF of meter " + at + " missing");
                }
            }
            writer.join();

            // a session that holds the token's row (a stuck node, an operator's open transaction) delays no start
            try (java.sql.Connection holder = pool.getConnection()) {
                holder.setAutoCommit(false);
                holder.createStatement().execute("SELECT * FROM TokenEntry WHERE processorName = '"
                        + GateIndexFeed.CHECKPOINT + "' FOR UPDATE");
                long before = System.nanoTime();
                TrackingToken held = start.startFrom(new RestrictedIndex(), serializer);
                assertThat(held.position()).hasValue(BATCHES);
                assertThat((System.nanoTime() - before) / 1_000_000).as("ms to start beside the lock").isLessThan(5_000);
                holder.rollback();
            }
            assertThat(committed.get()).isEqualTo(BATCHES);
            assertThat(starts).as("starts interleaved with the batches").isGreaterThan(5);
            assertThat(wrong).isEmpty();
        }
    }

    private static byte[] token(long index) {
        return ("{\"index\":" + index + ",\"gaps\":[]}").getBytes(StandardCharsets.UTF_8);
    }
}
