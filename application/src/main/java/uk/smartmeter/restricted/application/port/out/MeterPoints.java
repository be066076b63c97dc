package uk.smartmeter.restricted.application.port.out;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.Mpxn;

/** Which meters each MPxN has been enrolled with (issue 19), kept beside the Restricted spans. */
public interface MeterPoints {

    /** Replaces the MPxNs of each meter with those given (a meter not in the map has none). */
    void replace(Collection<DeviceId> devices, Map<DeviceId, Set<Mpxn>> mpxns);

    void clear();

    /** The meters enrolled with this MPxN, in device order. */
    List<DeviceId> devicesOf(Mpxn mpxn);
}
