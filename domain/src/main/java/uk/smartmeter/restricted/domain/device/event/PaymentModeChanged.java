package uk.smartmeter.restricted.domain.device.event;

import java.time.Instant;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.PaymentMode;
/** The meter's payment mode changed. */
public record PaymentModeChanged(DeviceId deviceId, Actor actor, Instant effectiveAt, Instant recordedAt, PaymentMode paymentMode)
        implements DeviceEvent {
}
