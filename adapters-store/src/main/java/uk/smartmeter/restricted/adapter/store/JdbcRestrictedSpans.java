package uk.smartmeter.restricted.adapter.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import uk.smartmeter.restricted.application.port.out.RestrictedSpans;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.history.RestrictedTimeline.Span;

/**
 * {@link RestrictedSpans} in {@code restricted_span}: times as microseconds since the epoch, an open end as
 * {@link Long#MAX_VALUE}. Writes take the thread's transaction (the processor's, with its token).
 */
public final class JdbcRestrictedSpans implements RestrictedSpans {

    private static final long OPEN = Long.MAX_VALUE;
    private static final String COLUMNS = "device_id, known_from, known_to, valid_from, valid_to, device_type,"
            + " csp_region, supplier_party, supplier_role";
    private static final int FETCH = 1_000;

    private final JdbcTemplate sql;
    private final org.springframework.transaction.support.TransactionTemplate reads;

    private volatile Boolean postgres;

    public JdbcRestrictedSpans(JdbcTemplate sql, org.springframework.transaction.support.TransactionTemplate reads) {
        this.sql = sql;
        this.reads = reads;
    }

    /**
     * On PostgreSQL, each question is planned for its own times: a generic plan, which the driver's prepared
     * statements get after a few runs, cannot tell a question that stops after a page from one that reads the table.
     */
    private void planForTheseTimes() {
        if (postgres == null) {
            postgres = sql.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName()
                    .toLowerCase(java.util.Locale.ROOT).contains("postgres"));
        }
        if (postgres) {
            sql.execute("SET LOCAL plan_cache_mode = force_custom_plan");
        }
    }

    @Override
    public void replace(Collection<DeviceId> devices, List<Span> spans) {
        List<Object[]> ids = devices.stream().map(id -> new Object[]{id.value()}).toList();
        sql.batchUpdate("DELETE FROM restricted_span WHERE device_id = ?", ids);
        List<Object[]> rows = new ArrayList<>(spans.size());
        for (Span span : spans) {
            rows.add(new Object[]{span.device().value(), micros(span.knownFrom()), micros(span.knownTo()),
                    micros(span.validFrom()), micros(span.validTo()), span.type().name(), span.region().name(),
                    span.supplier().party().value(), span.supplier().role().name()});
        }
        if (!rows.isEmpty()) {
            sql.batchUpdate("INSERT INTO restricted_span (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        }
    }

    @Override
    public void clear() {
        sql.update("DELETE FROM restricted_span");
    }

    @Override
    public List<Span> restrictedAt(Instant effective, Instant known, Filter filter, String afterDevice, int limit) {
        return reads.execute(status -> {
            List<Object> args = new ArrayList<>();
            String where = where(effective, known, filter, args);
            if (afterDevice != null) {
                where += " AND device_id > ?";
                args.add(afterDevice);
            }
            args.add(limit);
            return sql.query("SELECT " + COLUMNS + " FROM restricted_span WHERE " + where
                    + " ORDER BY device_id LIMIT ?", (rs, n) -> span(rs), args.toArray());
        });
    }

    @Override
    public void streamRestrictedAt(Instant effective, Instant known, Filter filter, Consumer<Span> rows) {
        // PostgreSQL streams a result only inside a transaction: the caller's, or this read's own
        reads.executeWithoutResult(status -> {
            List<Object> args = new ArrayList<>();
            String where = where(effective, known, filter, args);
            sql.query(connection -> {
                var statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM restricted_span WHERE "
                        + where + " ORDER BY device_id", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                statement.setFetchSize(FETCH);
                for (int i = 0; i < args.size(); i++) {
                    statement.setObject(i + 1, args.get(i));
                }
                return statement;
            }, (RowCallbackHandler) rs -> rows.accept(span(rs)));
        });
    }

    @Override
    public List<RestrictedCount> count(Instant effective, Instant known, Filter filter) {
        return reads.execute(status -> {
            List<Object> args = new ArrayList<>();
            String where = where(effective, known, filter, args);
            return sql.query("SELECT csp_region, device_type, COUNT(*) FROM restricted_span WHERE " + where
                            + " GROUP BY csp_region, device_type ORDER BY csp_region, device_type",
                    (rs, n) -> new RestrictedCount(CspRegion.valueOf(rs.getString(1)),
                            DeviceType.valueOf(rs.getString(2)), rs.getLong(3)), args.toArray());
        });
    }

    /**
     * The question as SQL, in the snapshot of the read's transaction. "Known at k" is known_from <= k < known_to, and
     * "Restricted at t" valid_from <= t < valid_to; but when no span's knowledge ended after k (k is at or after the
     * latest recorded change, as for every question as known now) the first is exactly known_to = open, and when,
     * further, no such span ended after t, the second is exactly valid_to = open: equalities, which the index
     * (known_to, valid_to, device_id) answers in device order, so a page stops after its rows however few match.
     */
    private String where(Instant effective, Instant known, Filter filter, List<Object> args) {
        planForTheseTimes();
        long t = micros(effective);
        long k = micros(known);
        StringBuilder where = new StringBuilder();
        Long lastClosedKnowledge = sql.queryForObject("SELECT MAX(known_to) FROM restricted_span WHERE known_to < ?",
                Long.class, OPEN);
        if (lastClosedKnowledge == null || lastClosedKnowledge <= k) {
            where.append("known_to = ? AND known_from <= ?");
            args.add(OPEN);
            args.add(k);
            Long lastEnded = sql.queryForObject("SELECT MAX(valid_to) FROM restricted_span WHERE known_to = ?"
                    + " AND valid_to < ?", Long.class, OPEN, OPEN);
            if (lastEnded == null || lastEnded <= t) {
                where.append(" AND valid_to = ? AND valid_from <= ?");
                args.add(OPEN);
                args.add(t);
            } else {
                where.append(" AND valid_to > ? AND valid_from <= ?");
                args.add(t);
                args.add(t);
            }
        } else {
            where.append("known_from <= ? AND known_to > ? AND valid_from <= ? AND valid_to > ?");
            args.add(k);
            args.add(k);
            args.add(t);
            args.add(t);
        }
        if (filter.region() != null) {
            where.append(" AND csp_region = ?");
            args.add(filter.region().name());
        }
        if (filter.type() != null) {
            where.append(" AND device_type = ?");
            args.add(filter.type().name());
        }
        if (filter.supplierParty() != null) {
            where.append(" AND supplier_party = ?");
            args.add(filter.supplierParty());
        }
        return where.toString();
    }

    private static Span span(ResultSet rs) throws SQLException {
        return new Span(DeviceId.of(rs.getString(1)), instant(rs.getLong(2)), instant(rs.getLong(3)),
                instant(rs.getLong(4)), instant(rs.getLong(5)), DeviceType.valueOf(rs.getString(6)),
                CspRegion.valueOf(rs.getString(7)),
                ResponsibleSupplier.of(rs.getString(8), UserRole.valueOf(rs.getString(9))));
    }

    /** Microseconds since the epoch, without going through nanoseconds (which overflow a long in 2262). */
    static long micros(Instant at) {
        return at == null ? OPEN : Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L),
                at.getNano() / 1_000);
    }

    static Instant instant(long micros) {
        return micros == OPEN ? null : Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
