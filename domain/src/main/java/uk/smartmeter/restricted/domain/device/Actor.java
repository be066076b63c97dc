package uk.smartmeter.restricted.domain.device;

import java.util.Objects;

/** Who acts: the party, the role it acts in, and the acting user where the party names one. */
public record Actor(PartyId party, UserRole role, String actingUser) {

    private static final int MAX_ACTING_USER = 128;

    public Actor {
        Objects.requireNonNull(party, "acting party is required");
        Objects.requireNonNull(role, "acting role is required");
        if (actingUser != null) {
            if (actingUser.isBlank() || actingUser.codePointCount(0, actingUser.length()) > MAX_ACTING_USER
                    || !printable(actingUser)) {
                throw new IllegalArgumentException("acting user must be 1 to 128 printable characters when given");
            }
        }
    }

    /**
     * Text a person can read as it is, and that every record keeps as it is: no control characters, no
     * invisible format characters (such as U+202E, which turns text around, or a zero-width space), no line or
     * paragraph separators (which break line-per-record files), and no unpaired surrogates (which no UTF-8
     * store can keep).
     */
    public static boolean printable(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                    || type == Character.UNASSIGNED || type == Character.PRIVATE_USE) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    public static Actor of(String party, UserRole role) {
        return new Actor(PartyId.of(party), role, null);
    }

    /** True when this actor is exactly the given Supplier: same party, same role. */
    public boolean is(ResponsibleSupplier supplier) {
        return party.equals(supplier.party()) && role == supplier.role();
    }
}
