package uk.smartmeter.restricted.domain.device.command;

import java.time.Instant;
import java.util.Objects;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.PaymentMode;

/** The meter's payment mode changed. */
public record ChangePaymentMode(DeviceId deviceId, Actor actor, Instant effectiveAt, PaymentMode paymentMode)
        implements DeviceFact {

    public ChangePaymentMode {
        Objects.requireNonNull(deviceId, "deviceId is required");
        Objects.requireNonNull(actor, "actor is required");
        Objects.requireNonNull(paymentMode, "paymentMode is required");
    }
}
