package uk.smartmeter.restricted.application.port.out;

import java.util.function.Consumer;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.gate.GateDenied;

/** The Device events and gate denials of the event store, in the store's order, for reports rebuilt from events. */
public interface DeviceEventLog {

    /** The store's last position; -1 when it is empty. */
    long head();

    /**
     * Hands every Device event up to and including {@code upToPosition} to {@code events}, and every gate
     * denial (the receipts' events) to {@code denials}, in order; returns how many of both.
     */
    long replay(long upToPosition, Consumer<DeviceEvent> events, Consumer<GateDenied> denials);
}
