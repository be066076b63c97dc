package uk.smartmeter.restricted.application.input;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * The token contract, for every transport that takes the parties' bearer tokens: {@code party_id} (the SEC Party),
 * {@code roles} (DUIS user roles, or DCC, or REGULATOR, or CSP), {@code sub} (the acting user), and for a CSP
 * {@code csp_region} (NORTH, CENTRAL or SOUTH). A token without a valid party or role, or a CSP's without its region,
 * is not a token. The signature, issuer, audience and expiry are the verifier's; this reads the verified claims.
 */
public final class PartyClaims {

    public static final String PARTY_CLAIM = "party_id";
    public static final String ROLES_CLAIM = "roles";
    public static final String CSP_REGION_CLAIM = "csp_region";
    /** Why a token's claims were refused, as both transports answer it. */
    public static final String RULE = "the token must carry a valid party_id and known roles, a sub of"
            + " 1 to 128 printable characters, and a CSP's its csp_region";

    private PartyClaims() {
    }

    /** The party a verified token's claims name; an {@link IllegalArgumentException} when they break the contract. */
    public static PartyPrincipal principalOf(Map<String, Object> claims) {
        try {
            // each claim in its own JSON type: a party_id given as a number, or roles given as one string,
            // is a token the issuer did not mean, not one to be read leniently
            PartyId party = PartyId.of(stringClaim(claims, PARTY_CLAIM));
            if (!(claims.get(ROLES_CLAIM) instanceof List<?> claimed) || claimed.isEmpty()) {
                throw new IllegalArgumentException("roles must be a list of role names");
            }
            Set<UserRole> roles = EnumSet.noneOf(UserRole.class);
            for (Object role : claimed) {
                if (!(role instanceof String name)) {
                    throw new IllegalArgumentException("roles must be a list of role names");
                }
                roles.add(UserRole.valueOf(name));
            }
            // every token names its acting user: a missing or empty sub would let a command be recorded with
            // nobody acting
            if (!(claims.get("sub") instanceof String sub) || sub.isBlank()) {
                throw new IllegalArgumentException("sub must be a non-empty string");
            }
            String region = claims.containsKey(CSP_REGION_CLAIM) ? stringClaim(claims, CSP_REGION_CLAIM) : null;
            CspRegion cspRegion = region == null ? null : CspRegion.valueOf(region);
            if (roles.contains(UserRole.CSP) && cspRegion == null) {
                throw new IllegalArgumentException("a CSP's token names its region");
            }
            // the acting user is held to the Actor's rule here, so that a bad sub is refused as a token, never a
            // failure later
            new Actor(party, roles.iterator().next(), sub);
            return new PartyPrincipal(party, roles, sub, cspRegion);
        } catch (RuntimeException invalid) {
            throw new IllegalArgumentException(RULE, invalid);
        }
    }

    /**
     * The role a request acts in: the role header's when given (it must be one of the token's roles), else the
     * token's only role, else the only one of its roles the endpoint accepts. Whether the endpoint accepts the role
     * chosen is the caller's to check (and to record when it does not).
     *
     * @param header the raw role header or metadata value, empty when the request carries none
     * @param headerName how the transport names it, for the broken rule
     */
    public static UserRole roleOf(PartyPrincipal party, Optional<String> header, String headerName,
                                  Set<UserRole> permitted) {
        if (header.isPresent()) {
            UserRole role = parseRole(header.get()).orElseThrow(() -> InvalidRequest.of(headerName,
                    "one of " + EnumSet.allOf(UserRole.class)));
            if (!party.roles().contains(role)) {
                throw InvalidRequest.of(headerName, "must be one of the token's roles " + party.roles());
            }
            return role;
        }
        if (party.roles().size() == 1) {
            return party.roles().iterator().next();
        }
        Set<UserRole> usable = EnumSet.copyOf(party.roles());
        usable.retainAll(permitted);
        if (usable.size() > 1) {
            throw InvalidRequest.of(headerName, "required when the token carries several roles this endpoint accepts");
        }
        return usable.isEmpty() ? EnumSet.copyOf(party.roles()).iterator().next() : usable.iterator().next();
    }

    /**
     * The actor to record a refusal made before an endpoint chose a role: the role header's when it names one of the
     * token's roles, else the token's first.
     */
    public static Actor bestEffortActor(PartyPrincipal party, Optional<String> header) {
        UserRole role = header.flatMap(PartyClaims::parseRole).filter(party.roles()::contains)
                .orElse(EnumSet.copyOf(party.roles()).iterator().next());
        return new Actor(party.party(), role, party.actingUser());
    }

    /** A role header's value as a role, or empty when it names none. */
    public static Optional<UserRole> parseRole(String raw) {
        try {
            return Optional.of(UserRole.valueOf(raw.trim()));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    private static String stringClaim(Map<String, Object> claims, String name) {
        if (!(claims.get(name) instanceof String value)) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return value;
    }
}
