package uk.smartmeter.restricted.adapter.store;

import org.springframework.jdbc.core.JdbcTemplate;
import uk.smartmeter.restricted.application.port.out.GateIndexCheckpoint;
import uk.smartmeter.restricted.domain.device.DeviceType;

/**
 * {@link GateIndexCheckpoint} in {@code gate_index_checkpoint}, on the connection of the checkpoint processor's
 * transaction (the template takes the thread's transaction), which also stores its token. An update older
 * than the row it meets is ignored, so a batch handled again after a crash changes nothing.
 */
public final class JdbcGateIndexCheckpoint implements GateIndexCheckpoint {

    private final JdbcTemplate sql;

    public JdbcGateIndexCheckpoint(JdbcTemplate sql) {
        this.sql = sql;
    }

    @Override
    public void restricted(long meter, DeviceType type, long version, long gpf) {
        Long gpfId = gpf == 0 ? null : gpf;
        // three statements that each probe the primary key: an INSERT ... WHERE NOT EXISTS gets a generic plan on
        // PostgreSQL that hashes the whole table at every execution (measured: 30 rows/s at 60,000 rows)
        if (sql.update("UPDATE gate_index_checkpoint SET device_type = ?, version = ?, gpf_id = ? WHERE meter_id = ?"
                + " AND version < ?", type.name(), version, gpfId, meter, version) == 0
                && sql.queryForObject("SELECT COUNT(*) FROM gate_index_checkpoint WHERE meter_id = ?", Integer.class,
                meter) == 0) {
            sql.update("INSERT INTO gate_index_checkpoint (meter_id, device_type, version, gpf_id) VALUES (?, ?, ?, ?)",
                    meter, type.name(), version, gpfId);
        }
    }

    @Override
    public void ended(long meter, long version) {
        sql.update("DELETE FROM gate_index_checkpoint WHERE meter_id = ? AND version < ?", meter, version);
    }
}
