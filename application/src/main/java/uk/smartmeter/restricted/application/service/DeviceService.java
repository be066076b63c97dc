package uk.smartmeter.restricted.application.service;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import uk.smartmeter.restricted.application.port.in.ApplyRestrictionUseCase;
import uk.smartmeter.restricted.application.port.in.ChangePaymentModeUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeSiteCharacteristicsUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeSmiStatusUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeSupplierUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeTenancyUseCase;
import uk.smartmeter.restricted.application.port.in.ClearRestrictionUseCase;
import uk.smartmeter.restricted.application.port.out.CommandOutcome;
import uk.smartmeter.restricted.application.port.in.DeviceStatus;
import uk.smartmeter.restricted.application.port.in.EnrolDeviceUseCase;
import uk.smartmeter.restricted.application.port.in.EnrolDevicesUseCase;
import uk.smartmeter.restricted.application.port.out.ExpectedVersion;
import uk.smartmeter.restricted.application.port.in.FindDeviceStatus;
import uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase;
import uk.smartmeter.restricted.application.port.out.Devices;
import uk.smartmeter.restricted.application.port.out.RefusalLog;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.Device;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.RefusalCode;
import uk.smartmeter.restricted.domain.device.command.ApplyRestriction;
import uk.smartmeter.restricted.domain.device.command.ChangePaymentMode;
import uk.smartmeter.restricted.domain.device.command.ChangeSiteCharacteristics;
import uk.smartmeter.restricted.domain.device.command.ChangeSmiStatus;
import uk.smartmeter.restricted.domain.device.command.ChangeSupplier;
import uk.smartmeter.restricted.domain.device.command.ChangeTenancy;
import uk.smartmeter.restricted.domain.device.command.ClearRestriction;
import uk.smartmeter.restricted.domain.device.command.DeviceCommand;
import uk.smartmeter.restricted.domain.device.command.EnrolDevice;
import uk.smartmeter.restricted.domain.device.event.RequestRefused;

/** Every Device use case: submit the command, and record any refusal for the regulators. */
public final class DeviceService implements EnrolDeviceUseCase, ChangeSmiStatusUseCase, ChangePaymentModeUseCase,
        ChangeSupplierUseCase, ChangeTenancyUseCase, ChangeSiteCharacteristicsUseCase, ApplyRestrictionUseCase,
        ClearRestrictionUseCase, FindDeviceStatus, RecordRefusalUseCase, EnrolDevicesUseCase {

    /** Roles that oversee every meter rather than act on their own. */

    private final Devices devices;
    private final RefusalLog refusals;
    private final Clock clock;

    public DeviceService(Devices devices, RefusalLog refusals, Clock clock) {
        this.devices = Objects.requireNonNull(devices);
        this.refusals = Objects.requireNonNull(refusals);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public CommandOutcome enrol(EnrolDevice command, ExpectedVersion expected) {
        return submit(command, expected);
    }

    @Override
    public List<CommandOutcome> enrolAll(List<EnrolDevice> commands) {
        List<CommandOutcome> outcomes = devices.submitAll(commands);
        for (int i = 0; i < outcomes.size(); i++) {
            recordIfRefused(commands.get(i), outcomes.get(i));
        }
        return outcomes;
    }

    @Override
    public CommandOutcome changeSmiStatus(ChangeSmiStatus command, ExpectedVersion expected) {
        return submit(command, expected);
    }

    @Override
    public CommandOutcome changePaymentMode(ChangePaymentMode command, ExpectedVersion expected) {
        return submit(command, expected);
    }

    @Override
    public CommandOutcome changeSupplier(ChangeSupplier command, ExpectedVersion expected) {
        return submit(command, expected);
    }

    @Override
    public CommandOutcome changeTenancy(ChangeTenancy command, ExpectedVersion expected) {
        return submit(command, expected);
    }

    @Override
    public CommandOutcome changeSiteCharacteristics(ChangeSiteCharacteristics command, ExpectedVersion expected) {
        return submit(command, expected);
    }

    @Override
    public CommandOutcome applyRestriction(ApplyRestriction command, ExpectedVersion expected) {
        return submit(command, expected);
    }

    @Override
    public CommandOutcome clearRestriction(ClearRestriction command, ExpectedVersion expected) {
        return submit(command, expected);
    }

    /** A Supplier that is not responsible is told nothing, and the attempt is recorded. */
    @Override
    public Optional<DeviceStatus> statusFor(Actor viewer, DeviceId deviceId) {
        Optional<Device> enrolled = devices.find(deviceId).filter(Device::enrolled);
        Optional<DeviceStatus> visible = enrolled
                .filter(device -> viewer.role().seesEveryMeter() || device.isResponsibleSupplier(viewer))
                .map(DeviceStatus::of);
        if (visible.isEmpty()) {
            recordRefusal(deviceId, viewer, "ReadDeviceStatus",
                    enrolled.isPresent() ? RefusalCode.NOT_RESPONSIBLE_SUPPLIER : RefusalCode.DEVICE_NOT_ENROLLED,
                    "no enrolled meter " + deviceId + " visible to this party");
        }
        return visible;
    }

    @Override
    public void recordRefusal(DeviceId deviceId, Actor actor, String request,
                              uk.smartmeter.restricted.domain.device.RefusalReason code, String detail) {
        refusals.record(new RequestRefused(deviceId, actor, request, code.name(), detail, clock.instant()));
    }

    private CommandOutcome submit(DeviceCommand command, ExpectedVersion expected) {
        CommandOutcome outcome = devices.submit(command, expected);
        recordIfRefused(command, outcome);
        return outcome;
    }

    private void recordIfRefused(DeviceCommand command, CommandOutcome outcome) {
        if (outcome.decision() instanceof Decision.Refused refused) {
            recordRefusal(command.deviceId(), command.actor(), command.name(), refused.code(),
                    refused.refusal().detail());
        }
    }
}
