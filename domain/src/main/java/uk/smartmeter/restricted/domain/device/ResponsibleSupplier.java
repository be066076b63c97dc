package uk.smartmeter.restricted.domain.device;

import java.util.Objects;

/** The Supplier responsible for a meter: a party acting in the fuel's supplier role (IS or GS). */
public record ResponsibleSupplier(PartyId party, UserRole role) {

    public ResponsibleSupplier {
        Objects.requireNonNull(party, "supplier party is required");
        Objects.requireNonNull(role, "supplier role is required");
        if (role != UserRole.IS && role != UserRole.GS) {
            throw new IllegalArgumentException("a responsible Supplier acts as IS (electricity) or GS (gas)");
        }
    }

    public static ResponsibleSupplier of(String party, UserRole role) {
        return new ResponsibleSupplier(PartyId.of(party), role);
    }

    public boolean supplies(DeviceType type) {
        return role == type.supplierRole();
    }
}
