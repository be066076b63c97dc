package uk.smartmeter.restricted.adapter.rest.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * The token contract: {@code party_id} (the SEC Party), {@code roles} (DUIS user roles, or DCC, or
 * REGULATOR, or CSP), {@code sub} (the acting user), and for a CSP {@code csp_region} (NORTH, CENTRAL
 * or SOUTH). A token without a valid party or role, or a CSP's without its region, is not a token.
 */
public final class PartyTokens implements Converter<Jwt, AbstractAuthenticationToken> {

    public static final String PARTY_CLAIM = "party_id";
    public static final String ROLES_CLAIM = "roles";
    public static final String CSP_REGION_CLAIM = "csp_region";

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        PartyPrincipal principal = principalOf(jwt);
        List<SimpleGrantedAuthority> authorities = principal.roles().stream()
                .map(role -> new SimpleGrantedAuthority("ROLE_" + role.name()))
                .toList();
        return new PartyAuthentication(jwt, authorities, principal);
    }

    static PartyPrincipal principalOf(Jwt jwt) {
        try {
            // each claim in its own JSON type: a party_id given as a number, or roles given as one string,
            // is a token the issuer did not mean, not one to be read leniently
            PartyId party = PartyId.of(stringClaim(jwt, PARTY_CLAIM));
            if (!(jwt.getClaims().get(ROLES_CLAIM) instanceof List<?> claimed) || claimed.isEmpty()) {
                throw new IllegalArgumentException("roles must be a list of role names");
            }
            Set<UserRole> roles = EnumSet.noneOf(UserRole.class);
            for (Object role : claimed) {
                if (!(role instanceof String name)) {
                    throw new IllegalArgumentException("roles must be a list of role names");
                }
                roles.add(UserRole.valueOf(name));
            }
            // every token names its acting user: a missing or empty sub (which the decoder drops as if absent)
            // would let a command be recorded with nobody acting
            if (!(jwt.getClaims().get("sub") instanceof String sub) || sub.isBlank()) {
                throw new IllegalArgumentException("sub must be a non-empty string");
            }
            String region = jwt.getClaims().containsKey(CSP_REGION_CLAIM) ? stringClaim(jwt, CSP_REGION_CLAIM) : null;
            CspRegion cspRegion = region == null ? null : CspRegion.valueOf(region);
            if (roles.contains(UserRole.CSP) && cspRegion == null) {
                throw new IllegalArgumentException("a CSP's token names its region");
            }
            // the acting user is held to the Actor's rule here, so that a bad sub is a 401, never a 500 later
            new uk.smartmeter.restricted.domain.device.Actor(party, roles.iterator().next(), jwt.getSubject());
            return new PartyPrincipal(party, roles, jwt.getSubject(), cspRegion);
        } catch (RuntimeException invalid) {
            throw new InvalidBearerTokenException("the token must carry a valid party_id and known roles, a sub of"
                    + " 1 to 128 printable characters, and a CSP's its csp_region");
        }
    }

    private static String stringClaim(Jwt jwt, String name) {
        if (!(jwt.getClaims().get(name) instanceof String value)) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return value;
    }

    /** A JWT authentication whose principal is the party. */
    public static final class PartyAuthentication extends JwtAuthenticationToken {

        private final PartyPrincipal party;

        PartyAuthentication(Jwt jwt, Collection<SimpleGrantedAuthority> authorities, PartyPrincipal party) {
            super(jwt, authorities, party.party().value());
            this.party = party;
        }

        public PartyPrincipal party() {
            return party;
        }
    }
}
