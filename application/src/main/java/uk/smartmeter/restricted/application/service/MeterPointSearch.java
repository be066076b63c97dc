package uk.smartmeter.restricted.application.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import uk.smartmeter.restricted.application.port.in.DeviceStatus;
import uk.smartmeter.restricted.application.port.in.FindByMeterPoint;
import uk.smartmeter.restricted.application.port.in.FindDeviceStatus;
import uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase;
import uk.smartmeter.restricted.application.port.out.MeterPoints;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.Mpxn;
import uk.smartmeter.restricted.domain.device.RefusalCode;

/**
 * {@link FindByMeterPoint}: the MPxN's meters from {@link MeterPoints}, each read as {@link FindDeviceStatus} reads it
 * for the viewer (which records each meter it hides, with the true reason); an MPxN with no meter is recorded too.
 */
public final class MeterPointSearch implements FindByMeterPoint {

    private final MeterPoints points;
    private final FindDeviceStatus statuses;
    private final RecordRefusalUseCase refusals;

    public MeterPointSearch(MeterPoints points, FindDeviceStatus statuses, RecordRefusalUseCase refusals) {
        this.points = Objects.requireNonNull(points);
        this.statuses = Objects.requireNonNull(statuses);
        this.refusals = Objects.requireNonNull(refusals);
    }

    @Override
    public List<DeviceStatus> statusesFor(Actor viewer, Mpxn mpxn) {
        List<DeviceId> meters = points.devicesOf(mpxn);
        if (meters.isEmpty()) {
            // the MPxN itself is not written into the record: it names a consumer's supply point
            refusals.recordRefusal(null, viewer, "FindByMpxn", RefusalCode.DEVICE_NOT_ENROLLED,
                    "no meter is enrolled with the MPxN asked for");
        }
        List<DeviceStatus> visible = new ArrayList<>();
        for (DeviceId meter : meters) {
            statuses.statusFor(viewer, meter).ifPresent(visible::add);
        }
        return List.copyOf(visible);
    }
}
