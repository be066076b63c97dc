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
        sql.update("DELETE FROM gate_index_checkpoint WHERE meter_id = ? AND version < ?", meter, version);
        sql.update("INSERT INTO gate_index_checkpoint (meter_id, device_type, version, gpf_id)"
                        + " SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM gate_index_checkpoint WHERE meter_id = ?)",
                meter, type.name(), version, gpf == 0 ? null : gpf, meter);
    }

    @Override
    public void ended(long meter, long version) {
        sql.update("DELETE FROM gate_index_checkpoint WHERE meter_id = ? AND version < ?", meter, version);
    }
}
