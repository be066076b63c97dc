package uk.smartmeter.restricted.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingModificationException;
import uk.smartmeter.restricted.application.port.in.CommandOutcome;
import uk.smartmeter.restricted.application.port.in.ExpectedVersion;
import uk.smartmeter.restricted.application.axon.DecideOnDevice;
import uk.smartmeter.restricted.application.port.out.Devices;
import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.Device;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.RefusalCode;
import uk.smartmeter.restricted.domain.device.command.DeviceCommand;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;

/** Devices on Axon: commands through the gateway to the aggregate; reads straight from the device's stream. */
final class AxonDevices implements Devices {

    private final CommandGateway commandGateway;
    private final EventStore eventStore;
    private final TransactionManager transactionManager;

    AxonDevices(CommandGateway commandGateway, EventStore eventStore, TransactionManager transactionManager) {
        this.commandGateway = commandGateway;
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
    }

    @Override
    public CommandOutcome submit(DeviceCommand command, ExpectedVersion expected) {
        try {
            return commandGateway.sendAndWait(DecideOnDevice.of(command, expected.value()));
        } catch (ConcurrencyException | ConflictingModificationException raced) {
            Decision refused = Decision.refuse(RefusalCode.CONCURRENT_UPDATE, "device " + command.deviceId()
                    + " is no longer at the version this request was based on; read it again and retry");
            return new CommandOutcome(refused, find(command.deviceId()).orElse(Device.notEnrolled(command.deviceId())));
        }
    }

    /**
     * One root unit of work with one transaction around every command: each command's own unit of
     * work nests in it, so all their events are appended when the root commits, or none.
     */
    @Override
    public List<CommandOutcome> submitAll(List<? extends DeviceCommand> commands) {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        try {
            batch.attachTransaction(transactionManager);
            List<CommandOutcome> outcomes = new ArrayList<>(commands.size());
            for (DeviceCommand command : commands) {
                outcomes.add(commandGateway.sendAndWait(DecideOnDevice.of(command)));
            }
            batch.commit();
            return outcomes;
        } catch (RuntimeException failed) {
            if (batch.isActive()) {
                batch.rollback(failed);
            }
            throw failed;
        }
    }

    /** Reads from sequence 0, so snapshots (an Axon concern) never reach the domain. */
    @Override
    public Optional<Device> find(DeviceId deviceId) {
        List<DeviceEvent> history = history(deviceId);
        return history.isEmpty() ? Optional.empty() : Optional.of(Device.replay(deviceId, history));
    }

    @Override
    public List<DeviceEvent> history(DeviceId deviceId) {
        return eventStore.readEvents(deviceId.value(), 0).asStream()
                .map(message -> (DeviceEvent) message.getPayload())
                .toList();
    }
}
