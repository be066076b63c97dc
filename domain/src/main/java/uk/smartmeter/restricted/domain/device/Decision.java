package uk.smartmeter.restricted.domain.device;

import java.util.List;
import java.util.Objects;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;

/** What {@link Device#decide} answers: the events to append (none for an idempotent repeat), or a refusal. */
public sealed interface Decision {

    record Accepted(List<DeviceEvent> events) implements Decision {
        public Accepted {
            events = List.copyOf(events);
        }

        public boolean changedNothing() {
            return events.isEmpty();
        }
    }

    record Refused(Refusal refusal) implements Decision {
        public Refused {
            Objects.requireNonNull(refusal, "refusal is required");
        }

        public RefusalCode code() {
            return refusal.code();
        }
    }

    static Decision accept(DeviceEvent... events) {
        return new Accepted(List.of(events));
    }

    static Decision unchanged() {
        return new Accepted(List.of());
    }

    static Decision refuse(RefusalCode code, String detail) {
        return new Refused(new Refusal(code, detail));
    }
}
