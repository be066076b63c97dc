package uk.smartmeter.restricted.application.port.in;

import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.RefusalReason;

/** Adapters record the refusals they make at the door (wrong role, malformed request), like any other refusal. */
public interface RecordRefusalUseCase {

    /** @param deviceId the device the request named, or {@code null} when it named none or a malformed one */
    void recordRefusal(DeviceId deviceId, Actor actor, String request, RefusalReason code, String detail);
}
