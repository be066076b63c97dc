package uk.smartmeter.restricted.application.axon;

import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import uk.smartmeter.restricted.domain.device.command.DeviceCommand;

/** The one Axon command: carry a domain command to the Device it names. Keeps Axon out of the domain. */
public record DecideOnDevice(@TargetAggregateIdentifier String deviceId, DeviceCommand command) {

    public DecideOnDevice {
        Objects.requireNonNull(command, "command is required");
        if (!command.deviceId().value().equals(deviceId)) {
            throw new IllegalArgumentException("deviceId must be the command's device");
        }
    }

    public static DecideOnDevice of(DeviceCommand command) {
        return new DecideOnDevice(command.deviceId().value(), command);
    }
}
