package uk.smartmeter.restricted.application.input;

import java.util.Set;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * Who a bearer token says is calling: the party, every role it holds, the acting user (the token's
 * subject) where the party names one, and for a CSP the region it serves.
 */
public record PartyPrincipal(PartyId party, Set<UserRole> roles, String actingUser, CspRegion cspRegion) {

    public PartyPrincipal {
        roles = Set.copyOf(roles);
    }
}
