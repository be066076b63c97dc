package uk.smartmeter.restricted.application.port.out;

import java.util.function.Consumer;

/**
 * The event store read directly, in global order, for the history's rebuild and its reconciliation: every
 * stored event of a kind the history holds, with its identifier and position, deserialised as its projection
 * would see it.
 */
public interface StoredEvents {

    /**
     * An event as stored. {@code sequence} is its position in its device's stream (-1 outside one); {@code sha256}
     * the digest the history keeps of it (its type and canonical JSON). An event that cannot be read (its JSON
     * broken, or a type of this service's this build does not know) comes with a null payload and {@code
     * unreadable} saying why.
     */
    record StoredEvent(long globalIndex, String eventId, long sequence, Object payload, String sha256,
                       String unreadable) {
    }

    /** The highest global index below which every event is committed for good (the store's horizon), -1 when empty. */
    long horizon();

    /** The events the history holds with global index in (after, upTo], in order, streamed. */
    void read(long after, long upTo, Consumer<StoredEvent> events);
}
