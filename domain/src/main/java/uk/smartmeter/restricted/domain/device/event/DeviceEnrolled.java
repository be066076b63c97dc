package uk.smartmeter.restricted.domain.device.event;

import java.time.Instant;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.Mpxn;
import uk.smartmeter.restricted.domain.device.PaymentMode;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
import uk.smartmeter.restricted.domain.device.SiteCharacteristics;
import uk.smartmeter.restricted.domain.device.SmetsVersion;
import uk.smartmeter.restricted.domain.device.SmiStatus;

/** The DCC enrolled a meter. {@code gpfId} is set for gas meters only. */
public record DeviceEnrolled(
        DeviceId deviceId,
        Actor actor,
        Instant effectiveAt,
        Instant recordedAt,
        DeviceType deviceType,
        SmetsVersion smetsVersion,
        SmiStatus smiStatus,
        DeviceId commsHubId,
        SmiStatus commsHubStatus,
        DeviceId gpfId,
        Mpxn mpxn,
        CspRegion cspRegion,
        PaymentMode paymentMode,
        ResponsibleSupplier responsibleSupplier,
        SiteCharacteristics siteCharacteristics) implements DeviceEvent {
}
