package uk.smartmeter.restricted.application.port.out;

import java.util.Objects;
import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.Device;

/**
 * What a command came to: the decision, and the device as it stands after it (for a refusal, as it
 * stood), so that callers can answer with the current state and version without reading it again.
 */
public record CommandOutcome(Decision decision, Device device) {

    public CommandOutcome {
        Objects.requireNonNull(decision, "decision is required");
        Objects.requireNonNull(device, "device is required");
    }
}
