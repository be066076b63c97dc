package uk.smartmeter.restricted.application.port.out;

import java.util.List;
import java.util.Optional;
import uk.smartmeter.restricted.domain.device.Device;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.command.DeviceCommand;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;

/** The durable home of every Device: decides a command against the device's stored history and appends atomically. */
public interface Devices {

    /**
     * Decides the command against the current state and appends the resulting events in one
     * transaction. A command that lost a race with another on the same device, or whose expected
     * version is not current, is refused with {@code CONCURRENT_UPDATE} and appends nothing.
     */
    CommandOutcome submit(DeviceCommand command, ExpectedVersion expected);

    /**
     * Decides each command in turn, as {@link #submit} would, and appends all their events in one
     * transaction: either every outcome is stored, or nothing is and the failure is thrown.
     */
    List<CommandOutcome> submitAll(List<? extends DeviceCommand> commands);

    /** The device as its stored events make it; empty when it has no events. */
    Optional<Device> find(DeviceId deviceId);

    /** The device's events in the order they were recorded (index = version); empty when it has none. */
    List<DeviceEvent> history(DeviceId deviceId);
}
