package uk.smartmeter.restricted.domain.gate;

import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;

/** What the gate needs to know about the flags, however the index behind it is kept. */
public interface RestrictedMeters {

    /**
     * The kind of Restricted meter this device (by its EUI-64) is, or whose Gas Proxy Function it is (a
     * GPF counts as its gas meter); {@code null} when it is neither, including when the device is unknown.
     * Must not allocate: it sits on the gate's hot path.
     */
    DeviceType restrictedMeter(long device);

    default DeviceType restrictedMeter(DeviceId device) {
        return restrictedMeter(device.eui64());
    }

    /** Whether this view is caught up with the recorded flags; when it is not, the gate fails closed. */
    boolean current();
}
