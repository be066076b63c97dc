package uk.smartmeter.restricted.adapter.csp;

import static uk.smartmeter.restricted.adapter.csp.JdbcCspNoticeStore.at;
import static uk.smartmeter.restricted.adapter.csp.JdbcCspNoticeStore.instant;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import uk.smartmeter.restricted.application.port.out.ExclusionList;
import uk.smartmeter.restricted.application.csp.ExclusionListCsv;
import uk.smartmeter.restricted.application.port.out.ExclusionListStore;
import uk.smartmeter.restricted.domain.csp.ExclusionEntry;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.history.RestrictedIntervals.Interval;

/** Published lists in {@code csp_exclusion_list} and their intervals in {@code csp_exclusion_interval}. */
final class JdbcExclusionListStore implements ExclusionListStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    JdbcExclusionListStore(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Override
    public boolean publish(ExclusionList list) {
        if (list.publishedAt() == null) {
            throw new IllegalArgumentException("only a published list is kept");
        }
        try {
            return Boolean.TRUE.equals(transaction.execute(status -> {
                jdbc.update("INSERT INTO csp_exclusion_list (csp_region, list_month, as_known_at, published_at, devices,"
                                + " restricted_seconds, sha256, checkpoint_size, checkpoint_note) VALUES (?, ?, ?, ?, ?, ?,"
                                + " ?, ?, ?)", list.region().name(),
                        list.month().toString(), at(list.asKnownAt()), at(list.publishedAt()), list.entries().size(),
                        list.restrictedSeconds(), ExclusionListCsv.sha256(list),
                        list.checkpoint() == null ? null : list.checkpoint().treeSize(),
                        list.checkpoint() == null ? null : list.checkpoint().note());
                List<Object[]> rows = new ArrayList<>();
                for (ExclusionEntry entry : list.entries()) {
                    int number = 0;
                    for (Interval interval : entry.intervals()) {
                        rows.add(new Object[] {list.region().name(), list.month().toString(), entry.deviceId().value(),
                                number++, entry.deviceType().name(), entry.commsHubId().value(), at(interval.from()),
                                at(interval.to())});
                    }
                }
                jdbc.batchUpdate("INSERT INTO csp_exclusion_interval (csp_region, list_month, device_id, interval_no,"
                        + " device_type, comms_hub_id, restricted_from, restricted_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        rows);
                return true;
            }));
        } catch (DuplicateKeyException alreadyPublished) {
            return false;
        }
    }

    @Override
    public Optional<ExclusionList> published(CspRegion region, YearMonth month) {
        List<uk.smartmeter.restricted.application.port.out.IssuedCheckpoint> cited = new ArrayList<>();
        List<Instant[]> header = jdbc.query("SELECT as_known_at, published_at, checkpoint_size, checkpoint_note FROM"
                        + " csp_exclusion_list WHERE csp_region = ? AND list_month = ?",
                (rs, n) -> {
                    String note = rs.getString("checkpoint_note");
                    if (note != null) {
                        byte[] root = uk.smartmeter.restricted.domain.history.Checkpoint.parse(
                                note.substring(0, note.indexOf("\n\n") + 1)).root();
                        cited.add(new uk.smartmeter.restricted.application.port.out.IssuedCheckpoint(
                                rs.getLong("checkpoint_size"), java.util.HexFormat.of().formatHex(root), note,
                                instant(rs, "published_at"), "exclusion-list " + region + " " + month));
                    }
                    return new Instant[] {instant(rs, "as_known_at"), instant(rs, "published_at")};
                }, region.name(), month.toString());
        if (header.isEmpty()) {
            return Optional.empty();
        }
        List<ExclusionEntry> entries = new ArrayList<>();
        List<Interval> intervals = new ArrayList<>();
        String[] current = new String[3];
        jdbc.query("SELECT device_id, device_type, comms_hub_id, restricted_from, restricted_to"
                + " FROM csp_exclusion_interval WHERE csp_region = ? AND list_month = ?"
                + " ORDER BY device_id, interval_no", rs -> {
                    String device = rs.getString("device_id");
                    if (current[0] != null && !current[0].equals(device)) {
                        entries.add(entry(current, intervals));
                        intervals.clear();
                    }
                    current[0] = device;
                    current[1] = rs.getString("device_type");
                    current[2] = rs.getString("comms_hub_id");
                    intervals.add(new Interval(instant(rs, "restricted_from"), instant(rs, "restricted_to")));
                }, region.name(), month.toString());
        if (current[0] != null) {
            entries.add(entry(current, intervals));
        }
        return Optional.of(new ExclusionList(region, month, header.get(0)[0], header.get(0)[1], entries,
                cited.isEmpty() ? null : cited.get(0)));
    }

    @Override
    public List<YearMonth> publishedMonths(CspRegion region) {
        return jdbc.queryForList("SELECT list_month FROM csp_exclusion_list WHERE csp_region = ?"
                + " ORDER BY list_month DESC", String.class, region.name()).stream().map(YearMonth::parse).toList();
    }

    /** Lists published but not yet announced to the broker, oldest first. */
    List<Announcement> unannounced() {
        return jdbc.query("SELECT csp_region, list_month, as_known_at, published_at, devices, restricted_seconds, sha256"
                        + " FROM csp_exclusion_list WHERE pushed_at IS NULL ORDER BY published_at, csp_region",
                (rs, n) -> new Announcement(CspRegion.valueOf(rs.getString(1)), YearMonth.parse(rs.getString(2)),
                        instant(rs, "as_known_at"), instant(rs, "published_at"), rs.getLong(5), rs.getLong(6),
                        rs.getString(7)));
    }

    void announced(Announcement announcement, Instant at) {
        jdbc.update("UPDATE csp_exclusion_list SET pushed_at = ? WHERE csp_region = ? AND list_month = ?", at(at),
                announcement.region().name(), announcement.month().toString());
    }

    /** What the broker is told when a list is published: where to read it, and its checksum. */
    record Announcement(CspRegion region, YearMonth month, Instant asKnownAt, Instant publishedAt, long devices,
                        long restrictedSeconds, String sha256) {
    }

    private static ExclusionEntry entry(String[] device, List<Interval> intervals) {
        return new ExclusionEntry(new DeviceId(device[0]), DeviceType.valueOf(device[1]), new DeviceId(device[2]),
                intervals);
    }
}
