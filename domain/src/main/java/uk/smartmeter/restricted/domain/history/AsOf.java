package uk.smartmeter.restricted.domain.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import uk.smartmeter.restricted.domain.device.Device;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.event.DeviceEnrolled;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;

/**
 * A device on two timelines: "what was true at effective time T, as recorded by time T′". The events
 * recorded by T′ (what the DCC knew then) are replayed in effective-time order up to T; a fact that
 * arrived later with an earlier effective time therefore changes the answer only for questions asked
 * as of its recording or after, never what was known before it arrived.
 */
public final class AsOf {

    private AsOf() {
    }

    /**
     * @param device   the device's state, or {@code null} when it was not enrolled as of then
     * @param restsOn  the last event the answer applied (by effective time), or {@code null}
     * @param version  that event's position in the device's stream (its version), or -1
     */
    public record Answer(Device device, DeviceEvent restsOn, long version) {
    }

    /**
     * @param history    the device's events in the order they were recorded (index = version)
     * @param effective  T: the moment the question is about
     * @param recordedBy T′: what had been recorded by then
     *                   (times compare at the microsecond, the history's precision, so an as-of at the time an
     *                   entry shows finds it)
     */
    public static Answer of(DeviceId id, List<? extends DeviceEvent> history, Instant effective, Instant recordedBy) {
        Objects.requireNonNull(effective, "effective time is required");
        Objects.requireNonNull(recordedBy, "recorded-by time is required");
        List<Versioned> known = new ArrayList<>();
        for (int version = 0; version < history.size(); version++) {
            DeviceEvent event = history.get(version);
            if (!Timeline.micros(event.recordedAt()).isAfter(recordedBy)
                    && !Timeline.micros(event.effectiveAt()).isAfter(effective)) {
                known.add(new Versioned(version, event));
            }
        }
        // the enrolment first (nothing can be true of a meter before it exists), then by effective time,
        // and events that took effect at the same moment in the order they were recorded
        known.sort(Comparator.comparing((Versioned v) -> !(v.event() instanceof DeviceEnrolled))
                .thenComparing(Versioned::position));
        if (known.isEmpty() || !(known.get(0).event() instanceof DeviceEnrolled)) {
            return new Answer(null, null, -1);
        }
        Device device = Device.notEnrolled(id);
        for (Versioned v : known) {
            device = device.evolve(v.event());
        }
        Versioned last = known.get(known.size() - 1);
        return new Answer(device, last.event(), last.version());
    }

    private record Versioned(long version, DeviceEvent event) {
        Timeline.Position position() {
            return new Timeline.Position(event.effectiveAt(), version);
        }
    }
}
