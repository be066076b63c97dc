package uk.smartmeter.restricted.domain.device.command;

import java.time.Instant;
import java.util.Objects;
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

/** The DCC enrols a meter with what the inventory and registration systems know about it. */
public record EnrolDevice(
        DeviceId deviceId,
        Actor actor,
        Instant effectiveAt,
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
        SiteCharacteristics siteCharacteristics) implements DeviceFact {

    public EnrolDevice {
        Objects.requireNonNull(deviceId, "deviceId is required");
        Objects.requireNonNull(actor, "actor is required");
        Objects.requireNonNull(deviceType, "deviceType is required");
        Objects.requireNonNull(smetsVersion, "smetsVersion is required");
        Objects.requireNonNull(smiStatus, "smiStatus is required");
        Objects.requireNonNull(commsHubId, "commsHubId is required");
        Objects.requireNonNull(commsHubStatus, "commsHubStatus is required");
        Objects.requireNonNull(mpxn, "mpxn is required");
        Objects.requireNonNull(cspRegion, "cspRegion is required");
        Objects.requireNonNull(paymentMode, "paymentMode is required");
        Objects.requireNonNull(responsibleSupplier, "responsibleSupplier is required");
        Objects.requireNonNull(siteCharacteristics, "siteCharacteristics is required");
    }
}
