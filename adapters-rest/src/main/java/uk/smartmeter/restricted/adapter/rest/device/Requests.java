package uk.smartmeter.restricted.adapter.rest.device;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.PaymentMode;
import uk.smartmeter.restricted.domain.device.SmetsVersion;
import uk.smartmeter.restricted.domain.device.SmiStatus;
import uk.smartmeter.restricted.domain.device.StatusTarget;

/** Request bodies. Identifiers arrive as strings and are validated with the rule named in any error. */
public final class Requests {

    private Requests() {
    }

    private static final String EFFECTIVE_AT = "when the fact took effect (ISO-8601, UTC); omit for now; may be earlier"
            + " than now (back-dated) but not later";

    @Schema(name = "Attestation", description = "All reasonable steps toward a fully communicating install were exhausted.")
    public record AttestationDto(
            @Schema(description = "the Supplier's reference for its evidence", example = "RS-2026-0042", maxLength = 64,
                    requiredMode = Schema.RequiredMode.REQUIRED) String reference,
            @Schema(description = "the date the reasonable steps were exhausted; not after today", example = "2026-11-20",
                    requiredMode = Schema.RequiredMode.REQUIRED) LocalDate stepsExhaustedOn) {
    }

    @Schema(name = "ApplyRestrictionRequest")
    public record ApplyRestrictionRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) AttestationDto attestation) {
    }

    @Schema(name = "SiteCharacteristicsChange")
    public record SiteChangeRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) SiteFlags siteCharacteristics,
            @Schema(description = EFFECTIVE_AT) Instant effectiveAt) {
    }

    @Schema(name = "EnrolDeviceRequest", description = "A meter as the inventory and registration systems know it.")
    public record EnrolRequest(
            @Schema(example = "00-DB-12-34-56-78-90-A0", pattern = DeviceIds.PATTERN,
                    requiredMode = Schema.RequiredMode.REQUIRED) String deviceId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) DeviceType deviceType,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) SmetsVersion smetsVersion,
            @Schema(description = "the meter's SMI status", requiredMode = Schema.RequiredMode.REQUIRED) SmiStatus smiStatus,
            @Schema(example = "00-DB-12-34-56-78-90-A2", pattern = DeviceIds.PATTERN,
                    requiredMode = Schema.RequiredMode.REQUIRED) String commsHubId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) SmiStatus commsHubStatus,
            @Schema(description = "gas meters only: the Gas Proxy Function", example = "00-DB-12-34-56-78-90-A3",
                    pattern = DeviceIds.PATTERN) String gpfId,
            @Schema(description = "MPAN core (13 digits) for electricity, MPRN (6 to 10 digits) for gas",
                    example = "1234567890123", pattern = "^\\d{6,13}$", requiredMode = Schema.RequiredMode.REQUIRED)
            String mpxn,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) CspRegion cspRegion,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) PaymentMode paymentMode,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) SupplierDto responsibleSupplier,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) SiteFlags siteCharacteristics,
            @Schema(description = EFFECTIVE_AT, example = "2026-11-20T00:00:00Z") Instant effectiveAt) {
    }

    @Schema(name = "SiteCharacteristics", description = "Arrangements that need the meter to keep communicating.")
    public record SiteFlags(
            @Schema(description = "Economy 7 or a similar load-switching arrangement",
                    requiredMode = Schema.RequiredMode.REQUIRED) Boolean loadSwitching,
            @Schema(description = "on a Radio Teleswitch regime", requiredMode = Schema.RequiredMode.REQUIRED)
            Boolean radioTeleswitch,
            @Schema(description = "a network-managed site without WAN", requiredMode = Schema.RequiredMode.REQUIRED)
            Boolean networkManagedWithoutWan) {
    }

    @Schema(name = "SmiStatusChange")
    public record SmiStatusRequest(
            @Schema(description = "whose status changed: the meter or its Comms Hub",
                    requiredMode = Schema.RequiredMode.REQUIRED) StatusTarget target,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) SmiStatus status,
            @Schema(description = EFFECTIVE_AT) Instant effectiveAt) {
    }

    @Schema(name = "PaymentModeChange")
    public record PaymentModeRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) PaymentMode paymentMode,
            @Schema(description = EFFECTIVE_AT) Instant effectiveAt) {
    }

    @Schema(name = "SupplierChange", description = "Change of Supplier: the gaining Supplier becomes responsible.")
    public record SupplierChangeRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) SupplierDto gainingSupplier,
            @Schema(description = EFFECTIVE_AT) Instant effectiveAt) {
    }

    @Schema(name = "TenancyChange", description = "Change of Tenancy.")
    public record TenancyChangeRequest(@Schema(description = EFFECTIVE_AT) Instant effectiveAt) {
    }
}
