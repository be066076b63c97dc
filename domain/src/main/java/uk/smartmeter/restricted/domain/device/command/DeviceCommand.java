package uk.smartmeter.restricted.domain.device.command;

import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;

/** Everything that can be asked of a Device: a fact from the DCC, or a request from a party. */
public sealed interface DeviceCommand permits DeviceFact, PartyRequest {

    DeviceId deviceId();

    Actor actor();

    /** A stable name for audit records and metrics. */
    default String name() {
        return getClass().getSimpleName();
    }
}
