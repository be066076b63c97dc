package uk.smartmeter.restricted.domain.device.event;

import java.time.Instant;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.DeviceId;

/**
 * Everything that ever happens to a Device, as permanent history. Each event records who acted,
 * when it took effect and when it was recorded, and why where a reason applies. Once released, an
 * event's shape never changes: add a new type or an upcaster instead.
 */
public sealed interface DeviceEvent
        permits DeviceEnrolled, MeterStatusChanged, CommsHubStatusChanged, PaymentModeChanged, SupplierChanged,
        TenancyChanged, SiteCharacteristicsChanged, RestrictionApplied, RestrictionCleared, RestrictionEnded {

    DeviceId deviceId();

    Actor actor();

    Instant effectiveAt();

    Instant recordedAt();
}
