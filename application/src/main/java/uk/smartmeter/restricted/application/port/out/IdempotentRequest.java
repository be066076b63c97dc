package uk.smartmeter.restricted.application.port.out;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code Idempotency-Key} the current request runs under, for the device command it sends.
 * <p>
 * The REST adapter sets it around a request that carries a key, on the request's thread; the Devices
 * adapter reads it to record the command's outcome under the key in the command's own transaction, and
 * to answer a retry from that record. A thread-bound value rather than a parameter of every use case,
 * because it is a property of the transport, not of any command.
 */
public final class IdempotentRequest {

    /**
     * A party's key within its scope: the role the party acts in and the endpoint (method and path). The
     * same key from the same party in another role, or at another endpoint, is another key.
     */
    public record Key(String party, String scope, String key) {
        public Key {
            Objects.requireNonNull(party, "party is required");
            Objects.requireNonNull(scope, "scope is required");
            Objects.requireNonNull(key, "key is required");
        }
    }

    private static final ThreadLocal<Key> CURRENT = new ThreadLocal<>();

    private IdempotentRequest() {
    }

    public static Optional<Key> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Puts {@code key} on this thread until the scope closes: {@code try (var scope = open(key)) {...}}. */
    public static Scope open(Key key) {
        Key outer = CURRENT.get();
        CURRENT.set(key);
        return () -> {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        };
    }

    /** The span of a request under its key. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
