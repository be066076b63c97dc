package uk.smartmeter.restricted.domain.device;

import java.util.Objects;

/** The inventory and registration facts currently known about an enrolled meter. */
public record Meter(
        DeviceType type,
        SmetsVersion smetsVersion,
        SmiStatus status,
        DeviceId commsHubId,
        SmiStatus commsHubStatus,
        DeviceId gpfId,
        Mpxn mpxn,
        CspRegion cspRegion,
        PaymentMode paymentMode,
        ResponsibleSupplier supplier,
        SiteCharacteristics site) {

    public Meter {
        Objects.requireNonNull(type, "device type is required");
        Objects.requireNonNull(smetsVersion, "SMETS version is required");
        Objects.requireNonNull(status, "SMI status is required");
        Objects.requireNonNull(commsHubId, "Comms Hub ID is required");
        Objects.requireNonNull(commsHubStatus, "Comms Hub SMI status is required");
        Objects.requireNonNull(mpxn, "MPxN is required");
        Objects.requireNonNull(cspRegion, "CSP region is required");
        Objects.requireNonNull(paymentMode, "payment mode is required");
        Objects.requireNonNull(supplier, "responsible Supplier is required");
        Objects.requireNonNull(site, "site characteristics are required");
    }

    Meter withStatus(SmiStatus newStatus) {
        return new Meter(type, smetsVersion, newStatus, commsHubId, commsHubStatus, gpfId, mpxn, cspRegion,
                paymentMode, supplier, site);
    }

    Meter withCommsHubStatus(SmiStatus newStatus) {
        return new Meter(type, smetsVersion, status, commsHubId, newStatus, gpfId, mpxn, cspRegion,
                paymentMode, supplier, site);
    }

    Meter withPaymentMode(PaymentMode newMode) {
        return new Meter(type, smetsVersion, status, commsHubId, commsHubStatus, gpfId, mpxn, cspRegion,
                newMode, supplier, site);
    }

    Meter withSupplier(ResponsibleSupplier newSupplier) {
        return new Meter(type, smetsVersion, status, commsHubId, commsHubStatus, gpfId, mpxn, cspRegion,
                paymentMode, newSupplier, site);
    }

    Meter withSite(SiteCharacteristics newSite) {
        return new Meter(type, smetsVersion, status, commsHubId, commsHubStatus, gpfId, mpxn, cspRegion,
                paymentMode, supplier, newSite);
    }
}
