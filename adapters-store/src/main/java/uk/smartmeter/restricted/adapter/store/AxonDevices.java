package uk.smartmeter.restricted.adapter.store;

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
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.application.port.out.ExpectedVersion;
import uk.smartmeter.restricted.application.port.out.IdempotentRequest;
import uk.smartmeter.restricted.application.port.out.CommandReceipts;
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
    private final CommandReceipts receipts;
    private final NewDeviceEnrolments newDevices;

    AxonDevices(CommandGateway commandGateway, EventStore eventStore, TransactionManager transactionManager,
                CommandReceipts receipts, NewDeviceEnrolments newDevices) {
        this.commandGateway = commandGateway;
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
        this.receipts = receipts;
        this.newDevices = newDevices;
    }

    /**
     * Under an Idempotency-Key, the command and its receipt commit in one transaction (the command's unit
     * of work nests in a root that holds it), and a key that already has a receipt is answered from it:
     * the command happened exactly once, whichever node or retry asks.
     */
    @Override
    public CommandOutcome submit(DeviceCommand command, ExpectedVersion expected) {
        CommandOutcome outcome = submitOnce(command, expected);
        for (int attempt = 1; attempt < ENROLMENT_ATTEMPTS && racedAnEnrolment(command, expected, outcome); attempt++) {
            outcome = submitOnce(command, expected);
        }
        return outcome;
    }

    /** How often an enrolment with no If-Match is decided while it loses the race to create the meter's stream. */
    static final int ENROLMENT_ATTEMPTS = 3;

    /**
     * An enrolment with no expected version that lost the race to create the stream (another node's, or the bulk
     * import's new-meter path on this node, which takes no aggregate lock): decided again against the stream now
     * stored, it is answered as the aggregate answers a repeat (unchanged, or already enrolled), not 409.
     */
    private static boolean racedAnEnrolment(DeviceCommand command, ExpectedVersion expected, CommandOutcome outcome) {
        return command instanceof uk.smartmeter.restricted.domain.device.command.EnrolDevice && expected.value() == null
                && outcome.decision() instanceof Decision.Refused refused && refused.code() == RefusalCode.CONCURRENT_UPDATE;
    }

    private CommandOutcome submitOnce(DeviceCommand command, ExpectedVersion expected) {
        Optional<IdempotentRequest.Key> key = IdempotentRequest.current();
        try {
            if (key.isEmpty()) {
                return commandGateway.sendAndWait(DecideOnDevice.of(command, expected.value()));
            }
            Optional<CommandReceipts.Receipt> settled = receipts.find(key.get());
            return settled.isPresent() ? outcomeOf(settled.get()) : submitWithReceipt(command, expected, key.get());
        } catch (RuntimeException failed) {
            if (key.isPresent() && receipts.isKeyAlreadyUsed(failed)) {
                return receipts.find(key.get()).map(this::outcomeOf).orElseThrow(() -> failed);
            }
            if (!lostARace(failed)) {
                throw failed;
            }
            Decision refused = Decision.refuse(RefusalCode.CONCURRENT_UPDATE, "device " + command.deviceId()
                    + " is no longer at the version this request was based on; read it again and retry");
            return new CommandOutcome(refused, find(command.deviceId()).orElse(Device.notEnrolled(command.deviceId())));
        }
    }

    private CommandOutcome submitWithReceipt(DeviceCommand command, ExpectedVersion expected,
                                             IdempotentRequest.Key key) {
        return inOneTransaction(() -> {
            CommandOutcome outcome = commandGateway.sendAndWait(DecideOnDevice.of(command, expected.value()));
            receipts.record(key, receiptOf(command.deviceId(), outcome));
            return outcome;
        });
    }

    /**
     * Runs {@code work} in one root unit of work with one transaction: the units of work of the commands it
     * sends nest in it, so all their events (and anything else written) commit when the root commits, or none.
     */
    private <T> T inOneTransaction(java.util.function.Supplier<T> work) {
        UnitOfWork<?> root = DefaultUnitOfWork.startAndGet(null);
        try {
            root.attachTransaction(transactionManager);
            T result = work.get();
            root.commit();
            return result;
        } catch (RuntimeException failed) {
            if (root.isActive()) {
                root.rollback(failed);
            }
            throw failed;
        }
    }

    private static CommandReceipts.Receipt receiptOf(DeviceId device, CommandOutcome outcome) {
        long after = outcome.device().version();
        if (outcome.decision() instanceof Decision.Refused refused) {
            return new CommandReceipts.Receipt(device, after, after, refused.code(), refused.refusal().detail());
        }
        int appended = ((Decision.Accepted) outcome.decision()).events().size();
        return new CommandReceipts.Receipt(device, after - appended, after, null, null);
    }

    /** The outcome a receipt records, rebuilt from the device's stream up to the version it names. */
    private CommandOutcome outcomeOf(CommandReceipts.Receipt receipt) {
        List<DeviceEvent> stream = history(receipt.device());
        List<DeviceEvent> upTo = stream.subList(0, (int) Math.min(stream.size(), receipt.versionAfter() + 1));
        Device device = upTo.isEmpty() ? Device.notEnrolled(receipt.device()) : Device.replay(receipt.device(), upTo);
        Decision decision = receipt.refusal() != null ? Decision.refuse(receipt.refusal(), receipt.detail())
                : new Decision.Accepted(upTo.subList((int) (receipt.versionBefore() + 1), upTo.size()));
        return new CommandOutcome(decision, device);
    }

    /**
     * Another change to the device was appended first: Axon's concurrency exceptions (an enrolment that another
     * node's enrolment of the same meter beat among them), or the store's unique
     * key on (device, sequence) however it reaches us (on another node's commit it can arrive as a plain
     * constraint violation).
     */
    static boolean lostARace(Throwable failed) {
        for (Throwable cause = failed; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConcurrencyException || cause instanceof ConflictingModificationException
                    || cause instanceof org.axonframework.modelling.command.AggregateStreamCreationException) {
                return true;
            }
            if (cause instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("sequencenumber")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every command in one transaction: all their events are appended, or none. A batch of enrolments of distinct
     * meters (the bulk import's chunk) enrols the meters the store has never seen without loading an aggregate for
     * each ({@link NewDeviceEnrolments}).
     */
    @Override
    public List<CommandOutcome> submitAll(List<? extends DeviceCommand> commands) {
        try {
            return inOneTransaction(() -> {
                if (newDevices != null && NewDeviceEnrolments.takes(commands)) {
                    return newDevices.enrol(commands, command -> commandGateway.sendAndWait(DecideOnDevice.of(command)));
                }
                List<CommandOutcome> outcomes = new ArrayList<>(commands.size());
                for (DeviceCommand command : commands) {
                    outcomes.add(commandGateway.sendAndWait(DecideOnDevice.of(command)));
                }
                return outcomes;
            });
        } catch (RuntimeException failed) {
            // a batch of one that lost a race is answered like a single command; a larger batch fails whole
            if (commands.size() != 1 || !lostARace(failed)) {
                throw failed;
            }
            DeviceCommand command = commands.get(0);
            return List.of(new CommandOutcome(Decision.refuse(RefusalCode.CONCURRENT_UPDATE, "another change to device "
                    + command.deviceId() + " was stored first; send it again"),
                    find(command.deviceId()).orElse(Device.notEnrolled(command.deviceId()))));
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
