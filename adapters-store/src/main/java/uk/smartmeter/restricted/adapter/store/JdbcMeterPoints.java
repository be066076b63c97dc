package uk.smartmeter.restricted.adapter.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.smartmeter.restricted.application.port.out.MeterPoints;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.Mpxn;

/** {@link MeterPoints} in {@code meter_point}; writes take the thread's transaction (the processor's). */
public final class JdbcMeterPoints implements MeterPoints {

    private final JdbcTemplate sql;

    public JdbcMeterPoints(JdbcTemplate sql) {
        this.sql = sql;
    }

    @Override
    public void replace(Collection<DeviceId> devices, Map<DeviceId, Set<Mpxn>> mpxns) {
        sql.batchUpdate("DELETE FROM meter_point WHERE device_id = ?",
                devices.stream().map(id -> new Object[]{id.value()}).toList());
        List<Object[]> rows = new ArrayList<>();
        mpxns.forEach((device, points) -> points.forEach(mpxn -> rows.add(new Object[]{mpxn.value(), device.value()})));
        if (!rows.isEmpty()) {
            sql.batchUpdate("INSERT INTO meter_point (mpxn, device_id) VALUES (?, ?)", rows);
        }
    }

    @Override
    public void clear() {
        sql.update("DELETE FROM meter_point");
    }

    @Override
    public List<DeviceId> devicesOf(Mpxn mpxn) {
        return sql.query("SELECT device_id FROM meter_point WHERE mpxn = ? ORDER BY device_id",
                (rs, n) -> DeviceId.of(rs.getString(1)), mpxn.value());
    }
}
