package uk.smartmeter.restricted.application.service;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import uk.smartmeter.restricted.application.port.in.ApplyRestrictionUseCase;
import uk.smartmeter.restricted.application.port.in.ChangePaymentModeUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeSiteCharacteristicsUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeSmiStatusUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeSupplierUseCase;
import uk.smartmeter.restricted.application.port.in.ChangeTenancyUseCase;
import uk.smartmeter.restricted.application.port.in.ClearRestrictionUseCase;
import uk.smartmeter.restricted.application.port.in.DeviceStatus;
import uk.smartmeter.restricted.application.port.in.EnrolDeviceUseCase;
import uk.smartmeter.restricted.application.port.in.FindDeviceStatus;
import uk.smartmeter.restricted.application.port.out.Devices;
import uk.smartmeter.restricted.application.port.out.RefusalLog;
import uk.smartmeter.restricted.domain.device.Decision;
import uk.smartmeter.restricted.domain.device.Device;
import uk.smartmeter.restricted.domain.device.DeviceId;
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
        ClearRestrictionUseCase, FindDeviceStatus {

    private final Devices devices;
    private final RefusalLog refusals;
    private final Clock clock;

    public DeviceService(Devices devices, RefusalLog refusals, Clock clock) {
        this.devices = Objects.requireNonNull(devices);
        this.refusals = Objects.requireNonNull(refusals);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Decision enrol(EnrolDevice command) {
        return submit(command);
    }

    @Override
    public Decision changeSmiStatus(ChangeSmiStatus command) {
        return submit(command);
    }

    @Override
    public Decision changePaymentMode(ChangePaymentMode command) {
        return submit(command);
    }

    @Override
    public Decision changeSupplier(ChangeSupplier command) {
        return submit(command);
    }

    @Override
    public Decision changeTenancy(ChangeTenancy command) {
        return submit(command);
    }

    @Override
    public Decision changeSiteCharacteristics(ChangeSiteCharacteristics command) {
        return submit(command);
    }

    @Override
    public Decision applyRestriction(ApplyRestriction command) {
        return submit(command);
    }

    @Override
    public Decision clearRestriction(ClearRestriction command) {
        return submit(command);
    }

    @Override
    public Optional<DeviceStatus> statusOf(DeviceId deviceId) {
        return devices.find(deviceId).filter(Device::enrolled).map(DeviceStatus::of);
    }

    private Decision submit(DeviceCommand command) {
        Decision decision = devices.submit(command);
        if (decision instanceof Decision.Refused refused) {
            refusals.record(new RequestRefused(command.deviceId(), command.actor(), command.name(), refused.code(),
                    refused.refusal().detail(), clock.instant()));
        }
        return decision;
    }
}
