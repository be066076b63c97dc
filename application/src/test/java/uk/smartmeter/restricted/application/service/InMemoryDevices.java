package uk.smartmeter.restricted.application.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.application.port.out.ExpectedVersion;
import uk.smartmeter.restricted.application.port.out.Devices;
import uk.smartmeter.restricted.domain.device.RefusalCode;
import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.DecisionContext;
import uk.smartmeter.restricted.domain.device.Device;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.command.DeviceCommand;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;

/** Devices kept as event lists in memory: the same decide/append contract as the event store. */
final class InMemoryDevices implements Devices {

    private final Map<DeviceId, List<DeviceEvent>> streams = new HashMap<>();
    private final DecisionContext context;

    InMemoryDevices(DecisionContext context) {
        this.context = context;
    }

    @Override
    public CommandOutcome submit(DeviceCommand command, ExpectedVersion expected) {
        Device current = find(command.deviceId()).orElse(Device.notEnrolled(command.deviceId()));
        Decision decision = current.decide(command, context);
        boolean accessRefused = decision instanceof Decision.Refused refused && refused.code().refusesAccess();
        if (!accessRefused && !expected.isAny() && expected.value() != current.version()) {
            return new CommandOutcome(Decision.refuse(RefusalCode.CONCURRENT_UPDATE, "stale version"), current);
        }
        if (decision instanceof Decision.Accepted accepted && !accepted.changedNothing()) {
            streams.computeIfAbsent(command.deviceId(), id -> new ArrayList<>()).addAll(accepted.events());
        }
        return new CommandOutcome(decision, find(command.deviceId()).orElse(current));
    }

    @Override
    public List<CommandOutcome> submitAll(List<? extends DeviceCommand> commands) {
        return commands.stream().map(command -> submit(command, ExpectedVersion.any())).toList();
    }

    @Override
    public Optional<Device> find(DeviceId deviceId) {
        return Optional.ofNullable(streams.get(deviceId)).map(history -> Device.replay(deviceId, history));
    }

    @Override
    public List<DeviceEvent> history(DeviceId deviceId) {
        return stream(deviceId);
    }

    List<DeviceEvent> stream(DeviceId deviceId) {
        return List.copyOf(streams.getOrDefault(deviceId, List.of()));
    }
}
