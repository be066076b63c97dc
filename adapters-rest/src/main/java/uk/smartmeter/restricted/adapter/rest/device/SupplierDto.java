package uk.smartmeter.restricted.adapter.rest.device;

import io.swagger.v3.oas.annotations.media.Schema;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.ResponsibleSupplier;
import uk.smartmeter.restricted.domain.device.UserRole;

@Schema(name = "Supplier", description = "A Supplier: the party and the role it supplies in (IS electricity, GS gas).")
public record SupplierDto(
        @Schema(example = "SUPPLIER-A", pattern = PartyId.PATTERN, requiredMode = Schema.RequiredMode.REQUIRED)
        String partyId,
        @Schema(allowableValues = {"IS", "GS"}, example = "IS", requiredMode = Schema.RequiredMode.REQUIRED)
        UserRole role) {

    static SupplierDto of(ResponsibleSupplier supplier) {
        return new SupplierDto(supplier.party().value(), supplier.role());
    }
}
