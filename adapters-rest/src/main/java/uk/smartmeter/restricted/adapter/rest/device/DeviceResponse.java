package uk.smartmeter.restricted.adapter.rest.device;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import uk.smartmeter.restricted.application.port.in.DeviceStatus;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.Device;
import uk.smartmeter.restricted.domain.device.DeviceType;
import uk.smartmeter.restricted.domain.device.Ineligibility;

@Schema(name = "Device", description = "A meter's Restricted flag and eligibility now.")
public record DeviceResponse(
        @Schema(description = "EUI-64 of the meter", example = "00-DB-12-34-56-78-90-A0", pattern = DeviceIds.PATTERN,
                requiredMode = Schema.RequiredMode.REQUIRED) String deviceId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) DeviceType deviceType,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) CspRegion cspRegion,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) SupplierDto responsibleSupplier,
        @Schema(description = "whether the meter is in Restricted mode", requiredMode = Schema.RequiredMode.REQUIRED)
        boolean restricted,
        @Schema(description = "when the flag took effect; absent when not restricted", example = "2026-11-23T10:00:00Z")
        Instant restrictedSince,
        @Schema(description = "whether Restricted mode could be applied now", requiredMode = Schema.RequiredMode.REQUIRED)
        boolean eligible,
        @Schema(description = "why the meter cannot be restricted now; empty when eligible",
                requiredMode = Schema.RequiredMode.REQUIRED) List<Ineligibility> ineligibilities,
        @Schema(description = "the device's version, also its ETag; send it as If-Match to change the device safely",
                example = "3", requiredMode = Schema.RequiredMode.REQUIRED) long version) {

    static DeviceResponse of(DeviceStatus status) {
        return new DeviceResponse(status.deviceId().value(), status.deviceType(), status.cspRegion(),
                SupplierDto.of(status.responsibleSupplier()), status.restricted(), status.restrictedSince(),
                status.eligible(), status.ineligibilities(), status.version());
    }

    static DeviceResponse of(Device device) {
        return of(DeviceStatus.of(device));
    }
}
