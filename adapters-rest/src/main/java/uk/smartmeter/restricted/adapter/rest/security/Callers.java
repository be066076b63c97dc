package uk.smartmeter.restricted.adapter.rest.security;

import uk.smartmeter.restricted.application.input.PartyClaims;
import uk.smartmeter.restricted.application.input.PartyPrincipal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import uk.smartmeter.restricted.application.input.InvalidRequest;
import uk.smartmeter.restricted.adapter.rest.problem.Rejection;
import uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.DeviceId;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.application.input.ApiProblem;

/**
 * Turns the authenticated party into the {@link Actor} of a request: the role it acts in is the
 * {@value #ROLE_HEADER} header when given (it must be one of the token's roles), else the token's
 * only role, else the only one of its roles the endpoint accepts. A role the endpoint does not accept
 * is refused with 403, and the refusal is recorded.
 */
public final class Callers {

    public static final String ROLE_HEADER = "DCC-User-Role";

    private final RecordRefusalUseCase refusals;

    public Callers(RecordRefusalUseCase refusals) {
        this.refusals = refusals;
    }

    public Actor actor(Set<UserRole> permitted, String request, DeviceId deviceId) {
        PartyPrincipal party = currentParty().orElseThrow(() -> new IllegalStateException("no authenticated party"));
        UserRole role = roleOf(party, permitted);
        Actor actor = new Actor(party.party(), role, party.actingUser());
        if (!permitted.contains(role)) {
            String detail = "role " + role + " may not " + request + "; this endpoint accepts " + permitted;
            refusals.recordRefusal(deviceId, actor, request, ApiProblem.ROLE_NOT_PERMITTED, detail);
            throw new Rejection(ApiProblem.ROLE_NOT_PERMITTED, detail);
        }
        return actor;
    }

    /** The region the calling CSP serves, as its token says; empty for every other party. */
    public static Optional<CspRegion> cspRegion() {
        return currentParty().map(PartyPrincipal::cspRegion);
    }

    /** The actor for recording a refusal of a request that never reached a use case; empty when anonymous. */
    public static Optional<Actor> bestEffortActor() {
        return currentParty().map(party -> PartyClaims.bestEffortActor(party, rawHeader()));
    }

    /**
     * What decides the role a request acts in, before the endpoint has chosen it: the {@value #ROLE_HEADER}
     * role when the header names one of the token's roles, else the token's whole set of roles (the endpoint
     * then picks from that set alone), as {@code ED+IS}. Requests with the same value at the same endpoint act
     * in the same role; an Idempotency-Key is scoped by it. Empty when anonymous.
     */
    public static String scopeRole() {
        return currentParty().map(party -> headerRole().filter(party.roles()::contains).map(Enum::name)
                .orElseGet(() -> EnumSet.copyOf(party.roles()).stream().map(Enum::name)
                        .collect(java.util.stream.Collectors.joining("+")))).orElse("");
    }

    private static UserRole roleOf(PartyPrincipal party, Set<UserRole> permitted) {
        return PartyClaims.roleOf(party, rawHeader(), ROLE_HEADER, permitted);
    }

    private static Optional<PartyPrincipal> currentParty() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof PartyTokens.PartyAuthentication party
                ? Optional.of(party.party()) : Optional.empty();
    }

    private static Optional<String> rawHeader() {
        return currentRequest().map(request -> request.getHeader(ROLE_HEADER));
    }

    private static Optional<UserRole> headerRole() {
        return rawHeader().flatMap(PartyClaims::parseRole);
    }

    private static Optional<HttpServletRequest> currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? Optional.of(attributes.getRequest()) : Optional.empty();
    }
}
