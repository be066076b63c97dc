package uk.smartmeter.restricted.adapter.rest.idempotency;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import uk.smartmeter.restricted.application.port.out.IdempotentRequest.Key;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Remembers, per party, scope (role and endpoint) and Idempotency-Key, the request's hash and the response it got. A key is
 * claimed by inserting its row first, so two concurrent requests with one key cannot both run. A claim
 * still without a response after the in-flight time (its node died, or its answer could not be kept)
 * is taken over by the next retry, which settles it: a device command's receipt, written in the
 * command's own transaction, says whether it happened ({@link JdbcCommandReceipts}).
 */
public final class IdempotencyStore {

    /** What a key means for an arriving request. */
    public sealed interface Claim {
        record Claimed() implements Claim {
        }

        record Replay(Stored response) implements Claim {
        }

        record InProgress() implements Claim {
        }

        record DifferentRequest() implements Claim {
        }
    }

    public record Stored(int status, String contentType, String etag, String location, byte[] body) {
    }

    private final JdbcTemplate sql;
    private final Clock clock;
    private final Duration ttl;
    private final Duration inFlight;

    public IdempotencyStore(JdbcTemplate sql, Clock clock, Duration ttl, Duration inFlight) {
        this.sql = sql;
        this.clock = clock;
        this.ttl = ttl;
        this.inFlight = inFlight;
    }

    public Claim claim(Key key, String requestHash) {
        Instant now = clock.instant();
        try {
            sql.update("INSERT INTO idempotency_record (party_id, scope, idempotency_key, request_hash, created_at)"
                    + " VALUES (?, ?, ?, ?, ?)", key.party(), key.scope(), key.key(), requestHash, Timestamp.from(now));
            return new Claim.Claimed();
        } catch (DuplicateKeyException taken) {
            return existing(key, requestHash, now);
        }
    }

    private Claim existing(Key key, String requestHash, Instant now) {
        List<Claim> found = sql.query("SELECT request_hash, status, content_type, etag, location, body, created_at"
                        + " FROM idempotency_record WHERE party_id = ? AND scope = ? AND idempotency_key = ?",
                (row, n) -> {
                    if (row.getTimestamp("created_at").toInstant().plus(ttl).isBefore(now)) {
                        return null;
                    }
                    if (!row.getString("request_hash").equals(requestHash)) {
                        return new Claim.DifferentRequest();
                    }
                    int status = row.getInt("status");
                    if (row.wasNull()) {
                        Timestamp claimed = row.getTimestamp("created_at");
                        return claimed.toInstant().plus(inFlight).isBefore(now) && takeOver(key, claimed, now)
                                ? new Claim.Claimed() : new Claim.InProgress();
                    }
                    return new Claim.Replay(new Stored(status,
                            row.getString("content_type"), row.getString("etag"), row.getString("location"),
                            row.getBytes("body")));
                }, key.party(), key.scope(), key.key());
        if (found.isEmpty() || found.get(0) == null) {
            forget(key);
            return claim(key, requestHash);
        }
        return found.get(0);
    }

    /** Takes over a claim left in flight; only one retry wins it. */
    private boolean takeOver(Key key, Timestamp claimed, Instant now) {
        return sql.update("UPDATE idempotency_record SET created_at = ? WHERE party_id = ? AND scope = ?"
                + " AND idempotency_key = ? AND created_at = ? AND status IS NULL", Timestamp.from(now), key.party(),
                key.scope(), key.key(), claimed) == 1;
    }

    public void complete(Key key, Stored response) {
        sql.update("UPDATE idempotency_record SET status = ?, content_type = ?, etag = ?, location = ?, body = ?"
                        + " WHERE party_id = ? AND scope = ? AND idempotency_key = ?", response.status(),
                response.contentType(), response.etag(), response.location(), response.body(), key.party(),
                key.scope(), key.key());
    }

    /** Drops every remembered key older than the time-to-live; returns how many. */
    public int purgeExpired() {
        return sql.update("DELETE FROM idempotency_record WHERE created_at < ?", Timestamp.from(clock.instant().minus(ttl)));
    }

    public void forget(Key key) {
        sql.update("DELETE FROM idempotency_record WHERE party_id = ? AND scope = ? AND idempotency_key = ?",
                key.party(), key.scope(), key.key());
    }
}
