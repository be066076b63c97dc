package uk.smartmeter.restricted.application.port.in;

import java.util.List;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.Mpxn;

/**
 * The meters enrolled with an MPxN (issue 19), each as {@link FindDeviceStatus} answers the viewer: a Supplier gets
 * only the meters it is responsible for, so an MPxN of another Supplier's meter answers as an unknown one (none).
 */
public interface FindByMeterPoint {

    List<DeviceStatus> statusesFor(Actor viewer, Mpxn mpxn);
}
