package uk.smartmeter.restricted.domain.device;

import java.util.Objects;

/** Who acts: the party, the role it acts in, and the acting user where the party names one. */
public record Actor(PartyId party, UserRole role, String actingUser) {

    private static final int MAX_ACTING_USER = 128;

    public Actor {
        Objects.requireNonNull(party, "acting party is required");
        Objects.requireNonNull(role, "acting role is required");
        if (actingUser != null) {
            if (actingUser.isBlank() || actingUser.length() > MAX_ACTING_USER
                    || actingUser.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("acting user must be 1 to 128 printable characters when given");
            }
        }
    }

    public static Actor of(String party, UserRole role) {
        return new Actor(PartyId.of(party), role, null);
    }

    /** True when this actor is exactly the given Supplier: same party, same role. */
    public boolean is(ResponsibleSupplier supplier) {
        return party.equals(supplier.party()) && role == supplier.role();
    }
}
