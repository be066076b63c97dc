package uk.smartmeter.restricted.adapter.rest.security;

import uk.smartmeter.restricted.application.input.PartyClaims;
import uk.smartmeter.restricted.application.input.PartyPrincipal;

import java.util.Collection;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The token contract: {@code party_id} (the SEC Party), {@code roles} (DUIS user roles, or DCC, or
 * REGULATOR, or CSP), {@code sub} (the acting user), and for a CSP {@code csp_region} (NORTH, CENTRAL
 * or SOUTH). A token without a valid party or role, or a CSP's without its region, is not a token.
 */
public final class PartyTokens implements Converter<Jwt, AbstractAuthenticationToken> {

    public static final String PARTY_CLAIM = PartyClaims.PARTY_CLAIM;
    public static final String ROLES_CLAIM = PartyClaims.ROLES_CLAIM;
    public static final String CSP_REGION_CLAIM = PartyClaims.CSP_REGION_CLAIM;

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
            return PartyClaims.principalOf(jwt.getClaims());
        } catch (IllegalArgumentException invalid) {
            throw new InvalidBearerTokenException(PartyClaims.RULE);
        }
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
