package uk.smartmeter.restricted.adapter.rest.idempotency;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.smartmeter.restricted.application.port.out.IdempotentRequest;
import uk.smartmeter.restricted.application.port.out.CommandReceipts;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.RefusalCode;

/**
 * Command receipts in {@code idempotency_command}. The insert joins the transaction of the command it
 * records (the JDBC template takes the thread's transaction), and the primary key makes a key usable once.
 */
public final class JdbcCommandReceipts implements CommandReceipts {

    private final JdbcTemplate sql;
    private final Clock clock;
    private final Duration ttl;

    public JdbcCommandReceipts(JdbcTemplate sql, Clock clock, Duration ttl) {
        this.sql = sql;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public Optional<Receipt> find(IdempotentRequest.Key key) {
        return sql.query("SELECT device_id, version_before, version_after, refusal, detail FROM idempotency_command"
                        + " WHERE party_id = ? AND scope = ? AND idempotency_key = ?",
                (row, n) -> new Receipt(DeviceId.of(row.getString(1)), row.getLong(2), row.getLong(3),
                        row.getString(4) == null ? null : RefusalCode.valueOf(row.getString(4)), row.getString(5)),
                key.party(), key.scope(), key.key()).stream().findFirst();
    }

    @Override
    public void record(IdempotentRequest.Key key, Receipt receipt) {
        String detail = receipt.detail();
        sql.update("INSERT INTO idempotency_command (party_id, scope, idempotency_key, device_id, version_before,"
                        + " version_after, refusal, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", key.party(),
                key.scope(), key.key(),
                receipt.device().value(), receipt.versionBefore(), receipt.versionAfter(),
                receipt.refusal() == null ? null : receipt.refusal().name(),
                detail == null || detail.length() <= 4000 ? detail : detail.substring(0, 4000),
                Timestamp.from(clock.instant()));
    }

    @Override
    public boolean isKeyAlreadyUsed(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DuplicateKeyException) {
                return true;
            }
        }
        return false;
    }

    /** Drops receipts older than the keys' time-to-live; returns how many. */
    public int purgeExpired() {
        return sql.update("DELETE FROM idempotency_command WHERE created_at < ?",
                Timestamp.from(clock.instant().minus(ttl)));
    }
}
