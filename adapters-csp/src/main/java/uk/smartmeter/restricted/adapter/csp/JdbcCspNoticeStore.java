package uk.smartmeter.restricted.adapter.csp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.smartmeter.restricted.application.port.out.CspNoticeStore;
import uk.smartmeter.restricted.domain.csp.CspDevice;
import uk.smartmeter.restricted.domain.csp.CspNotice;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;

/** The notices in {@code csp_notice} and the meters' states in {@code csp_device}. */
final class JdbcCspNoticeStore implements CspNoticeStore {

    static final String NOTICE_COLUMNS = "feed_position, notice_id, global_position, device_id, device_sequence,"
            + " device_type, comms_hub_id, gpf_id, csp_region, flag_change, restricted, reason, effective_at,"
            + " recorded_at, region_position";

    private final JdbcTemplate jdbc;
    private final boolean postgres;

    JdbcCspNoticeStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.postgres = Boolean.TRUE.equals(jdbc.execute((Connection connection) ->
                "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())));
    }

    /** On PostgreSQL each ID is looked up through the primary key; elsewhere (H2) with ANY. */
    @Override
    public Map<DeviceId, CspDevice> devices(Collection<DeviceId> ids) {
        Map<DeviceId, CspDevice> devices = new HashMap<>();
        if (ids.isEmpty()) {
            return devices;
        }
        String sql = postgres
                ? "SELECT c.* FROM unnest(?::varchar[]) AS d(id) JOIN csp_device c ON c.device_id = d.id"
                : "SELECT * FROM csp_device WHERE device_id = ANY (?)";
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            statement.setArray(1, connection.createArrayOf("VARCHAR",
                    ids.stream().map(DeviceId::value).toArray()));
            return statement;
        }, rs -> {
            CspDevice device = new CspDevice(new DeviceId(rs.getString("device_id")),
                    DeviceType.valueOf(rs.getString("device_type")), new DeviceId(rs.getString("comms_hub_id")),
                    id(rs.getString("gpf_id")), CspRegion.valueOf(rs.getString("csp_region")),
                    rs.getBoolean("restricted"), rs.getLong("notice_count"));
            devices.put(device.deviceId(), device);
        });
        return devices;
    }

    @Override
    public long lastFeedPosition() {
        Long last = jdbc.queryForObject("SELECT MAX(feed_position) FROM csp_notice", Long.class);
        return last == null ? 0 : last;
    }

    @Override
    public Map<CspRegion, Long> lastRegionPositions() {
        Map<CspRegion, Long> last = new java.util.EnumMap<>(CspRegion.class);
        jdbc.query("SELECT csp_region, MAX(region_position) FROM csp_notice GROUP BY csp_region",
                rs -> {
                    last.put(CspRegion.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return last;
    }

    @Override
    public Optional<Long> feedPositionOf(CspRegion region, long regionPosition) {
        if (regionPosition == 0) {
            return Optional.of(0L);
        }
        return jdbc.queryForList("SELECT feed_position FROM csp_notice WHERE csp_region = ? AND region_position = ?",
                Long.class, region.name(), regionPosition).stream().findFirst();
    }

    @Override
    public Optional<Long> regionPositionOf(CspRegion region, long feedPosition) {
        if (feedPosition == 0) {
            return Optional.of(0L);
        }
        return jdbc.queryForList("SELECT region_position FROM csp_notice WHERE csp_region = ? AND feed_position = ?"
                + " AND shown_in_v1", Long.class, region.name(), feedPosition).stream().findFirst();
    }

    @Override
    public long regionPositionAtOrBefore(CspRegion region, long feedPosition) {
        Long at = jdbc.queryForObject("SELECT MAX(region_position) FROM csp_notice WHERE csp_region = ?"
                + " AND feed_position <= ?", Long.class, region.name(), feedPosition);
        return at == null ? 0 : at;
    }

    @Override
    public void append(List<CspNotice> notices, Collection<CspDevice> devices) {
        jdbc.batchUpdate("INSERT INTO csp_notice (" + NOTICE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?)", notices, 500, JdbcCspNoticeStore::bind);
        List<CspDevice> states = List.copyOf(devices);
        int[][] updated = jdbc.batchUpdate("UPDATE csp_device SET device_type = ?, comms_hub_id = ?, gpf_id = ?,"
                + " csp_region = ?, restricted = ?, notice_count = ? WHERE device_id = ?", states, 500,
                JdbcCspNoticeStore::bindDevice);
        List<CspDevice> inserts = new ArrayList<>();
        int index = 0;
        for (int[] chunk : updated) {
            for (int count : chunk) {
                if (count == 0) {
                    inserts.add(states.get(index));
                }
                index++;
            }
        }
        jdbc.batchUpdate("INSERT INTO csp_device (device_type, comms_hub_id, gpf_id, csp_region, restricted,"
                + " notice_count, device_id) VALUES (?, ?, ?, ?, ?, ?, ?)", inserts, 500, JdbcCspNoticeStore::bindDevice);
    }

    /** A meter's state, its ID last, for both the update and the insert. */
    private static void bindDevice(PreparedStatement row, CspDevice d) throws SQLException {
        row.setString(1, d.deviceType().name());
        row.setString(2, d.commsHubId().value());
        row.setString(3, d.gpfId() == null ? null : d.gpfId().value());
        row.setString(4, d.cspRegion().name());
        row.setBoolean(5, d.restricted());
        row.setLong(6, d.sequence());
        row.setString(7, d.deviceId().value());
    }

    @Override
    public List<CspNotice> feed(CspRegion region, long afterRegionPosition, int limit) {
        return jdbc.query("SELECT " + NOTICE_COLUMNS + " FROM csp_notice WHERE csp_region = ? AND region_position > ?"
                        + " ORDER BY region_position FETCH FIRST " + limit + " ROWS ONLY",
                (rs, n) -> notice(rs), region.name(), afterRegionPosition);
    }

    /** Every region's notices after a feed position, for the publisher. */
    List<CspNotice> all(long afterFeedPosition, int limit) {
        return jdbc.query("SELECT " + NOTICE_COLUMNS + " FROM csp_notice WHERE feed_position > ?"
                + " ORDER BY feed_position FETCH FIRST " + limit + " ROWS ONLY", (rs, n) -> notice(rs), afterFeedPosition);
    }

    /** A region's notices in (after, upTo], for a replay. */
    List<CspNotice> range(CspRegion region, long after, long upTo, int limit) {
        return jdbc.query("SELECT " + NOTICE_COLUMNS + " FROM csp_notice WHERE csp_region = ? AND feed_position > ?"
                        + " AND feed_position <= ? ORDER BY feed_position FETCH FIRST " + limit + " ROWS ONLY",
                (rs, n) -> notice(rs), region.name(), after, upTo);
    }

    @Override
    public Optional<Long> positionBefore(CspRegion region, Instant time) {
        Long first = jdbc.queryForObject("SELECT MIN(region_position) FROM csp_notice WHERE csp_region = ?"
                + " AND recorded_at >= ?", Long.class, region.name(), at(time));
        return first == null ? Optional.empty() : Optional.of(first - 1);
    }

    @Override
    public void forEachDevice(CspRegion region, Instant asKnownAt, Consumer<List<CspNotice>> deviceNotices) {
        List<CspNotice> current = new ArrayList<>();
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("SELECT " + NOTICE_COLUMNS
                    + " FROM csp_notice WHERE csp_region = ? AND recorded_at <= ? ORDER BY device_id, feed_position");
            statement.setFetchSize(1000);
            statement.setString(1, region.name());
            statement.setObject(2, at(asKnownAt));
            return statement;
        }, rs -> {
            CspNotice notice = notice(rs);
            if (!current.isEmpty() && !current.get(0).deviceId().equals(notice.deviceId())) {
                deviceNotices.accept(List.copyOf(current));
                current.clear();
            }
            current.add(notice);
        });
        if (!current.isEmpty()) {
            deviceNotices.accept(List.copyOf(current));
        }
    }

    static CspNotice notice(ResultSet rs) throws SQLException {
        return new CspNotice(rs.getString("notice_id"), rs.getLong("feed_position"), rs.getLong("region_position"),
                rs.getLong("global_position"),
                new DeviceId(rs.getString("device_id")), rs.getLong("device_sequence"),
                DeviceType.valueOf(rs.getString("device_type")), new DeviceId(rs.getString("comms_hub_id")),
                id(rs.getString("gpf_id")), CspRegion.valueOf(rs.getString("csp_region")),
                CspNotice.Change.valueOf(rs.getString("flag_change")), rs.getBoolean("restricted"),
                rs.getString("reason"), instant(rs, "effective_at"), instant(rs, "recorded_at"));
    }

    private static void bind(PreparedStatement row, CspNotice n) throws SQLException {
        row.setLong(1, n.feedPosition());
        row.setString(2, n.noticeId());
        row.setLong(3, n.globalPosition());
        row.setString(4, n.deviceId().value());
        row.setLong(5, n.deviceSequence());
        row.setString(6, n.deviceType().name());
        row.setString(7, n.commsHubId().value());
        row.setString(8, n.gpfId() == null ? null : n.gpfId().value());
        row.setString(9, n.cspRegion().name());
        row.setString(10, n.change().name());
        row.setBoolean(11, n.restricted());
        row.setString(12, n.reason());
        row.setObject(13, at(n.effectiveAt()));
        row.setObject(14, at(n.recordedAt()));
        row.setLong(15, n.regionPosition());
    }

    /** Times are kept to the microsecond, as SQL stores them, so that a notice reads back as it was written. */
    static OffsetDateTime at(Instant time) {
        return OffsetDateTime.ofInstant(time.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static DeviceId id(String value) {
        return value == null ? null : new DeviceId(value);
    }
}
