package uk.smartmeter.restricted.application.axon;

import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import uk.smartmeter.restricted.domain.device.command.DeviceCommand;

/**
 * The one Axon command: carry a domain command to the Device it names. Keeps Axon out of the domain.
 *
 * @param expectedVersion the version the sender based the command on, or {@code null} for any; the
 *                        aggregate refuses the command, under its lock, if that is not the current version
 */
public record DecideOnDevice(@TargetAggregateIdentifier String deviceId, DeviceCommand command,
                             Long expectedVersion) {

    public DecideOnDevice {
        Objects.requireNonNull(command, "command is required");
        if (!command.deviceId().value().equals(deviceId)) {
            throw new IllegalArgumentException("deviceId must be the command's device");
        }
    }

    public static DecideOnDevice of(DeviceCommand command) {
        return new DecideOnDevice(command.deviceId().value(), command, null);
    }

    public static DecideOnDevice of(DeviceCommand command, Long expectedVersion) {
        return new DecideOnDevice(command.deviceId().value(), command, expectedVersion);
    }
}
