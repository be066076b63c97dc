package uk.smartmeter.restricted.adapter.rest.console;

import java.time.Instant;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import uk.smartmeter.restricted.application.input.PartyPrincipal;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * Who is signed in to the console, and the token its pages act with: held in the session, server-side, and sent
 * to the API on each of the page's reads; the page itself never sees it.
 */
public final class ConsoleSignIn {

    /** The identity provider's client registration the console signs in with in production. */
    public static final String REGISTRATION = "console";

    private ConsoleSignIn() {
    }

    /**
     * A development sign-in (local mode): a local token minted for the party and the one role chosen.
     *
     * @param expiresAt when the token, and so the console session, ends
     */
    public static final class Local extends AbstractAuthenticationToken {

        private final PartyPrincipal party;
        private final UserRole role;
        private final String token;
        private final Instant expiresAt;

        public Local(PartyPrincipal party, UserRole role, String token, Instant expiresAt) {
            super(List.of(new SimpleGrantedAuthority("ROLE_" + role.name())));
            this.party = party;
            this.role = role;
            this.token = token;
            this.expiresAt = expiresAt;
            setAuthenticated(true);
        }

        public PartyPrincipal party() {
            return party;
        }

        public UserRole role() {
            return role;
        }

        public String token() {
            return token;
        }

        public Instant expiresAt() {
            return expiresAt;
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return party.party().value();
        }
    }
}
