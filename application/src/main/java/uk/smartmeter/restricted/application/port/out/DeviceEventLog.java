package uk.smartmeter.restricted.application.port.out;

import java.util.function.Consumer;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.gate.GateDenied;

/** The Device events and gate denials of the event store, in the store's order, for reports rebuilt from events. */
public interface DeviceEventLog {

    /** The store's last position; -1 when it is empty. */
    long head();

    /** Told each Device event and gate denial with its position in the store. */
    interface Listener {
        void event(long position, DeviceEvent event);

        void denied(long position, GateDenied denied);
    }

    /**
     * Hands every Device event and gate denial after {@code afterPosition} (-1: from the beginning) up to and including
     * {@code upToPosition} to {@code listener}, in order; returns how many.
     */
    long replay(long afterPosition, long upToPosition, Listener listener);

    /** Every Device event and gate denial up to and including {@code upToPosition}, in order; returns how many. */
    default long replay(long upToPosition, Consumer<DeviceEvent> events, Consumer<GateDenied> denials) {
        return replay(-1, upToPosition, new Listener() {
            @Override
            public void event(long position, DeviceEvent event) {
                events.accept(event);
            }

            @Override
            public void denied(long position, GateDenied denied) {
                denials.accept(denied);
            }
        });
    }
}
