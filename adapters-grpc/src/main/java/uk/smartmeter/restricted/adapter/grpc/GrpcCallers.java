package uk.smartmeter.restricted.adapter.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import uk.smartmeter.restricted.application.input.ApiProblem;
import uk.smartmeter.restricted.application.input.PartyClaims;
import uk.smartmeter.restricted.application.input.PartyPrincipal;
import uk.smartmeter.restricted.application.port.in.RecordRefusalUseCase;
import uk.smartmeter.restricted.domain.device.Actor;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * The parties' bearer tokens as gRPC call credentials: {@code authorization: Bearer <token>}, verified by the same
 * {@link JwtDecoder} and read by the same claim rules ({@link PartyClaims}) as the HTTP API's. A call without a valid
 * token is closed UNAUTHENTICATED before it reaches the service. The role a call acts in is chosen as over HTTP, with
 * {@value #ROLE_METADATA} metadata in place of the DCC-User-Role header; a role the method does not accept is
 * PERMISSION_DENIED, and the refusal is recorded.
 */
public final class GrpcCallers implements ServerInterceptor {

    public static final String ROLE_METADATA = "dcc-user-role";
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    public static final Metadata.Key<String> ROLE = Metadata.Key.of(ROLE_METADATA, Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<PartyPrincipal> PARTY = Context.key("restricted-mode.party");
    private static final Context.Key<String> ROLE_ASKED = Context.key("restricted-mode.role");
    private static final Context.Key<java.time.Instant> EXPIRES = Context.key("restricted-mode.expires");
    private static final String BEARER = "Bearer ";

    private final JwtDecoder tokens;
    private final RecordRefusalUseCase refusals;
    private final java.time.Clock clock;
    private final java.time.Duration clockSkew;

    /** @param clockSkew how far past its expiry a token is still taken, as the verifier takes it */
    public GrpcCallers(JwtDecoder tokens, RecordRefusalUseCase refusals, java.time.Clock clock,
                       java.time.Duration clockSkew) {
        this.tokens = tokens;
        this.refusals = refusals;
        this.clock = clock;
        this.clockSkew = clockSkew;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        Iterable<String> given = headers.getAll(AUTHORIZATION);
        java.util.List<String> authorizations = new java.util.ArrayList<>();
        if (given != null) {
            given.forEach(authorizations::add);
        }
        if (authorizations.size() > 1) {
            return refuse(call, "exactly one authorization value is taken; this call carries "
                    + authorizations.size());
        }
        String authorization = authorizations.isEmpty() ? null : authorizations.get(0);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return refuse(call, "a bearer token is required: authorization metadata \"Bearer <token>\"");
        }
        Jwt jwt;
        try {
            jwt = tokens.decode(authorization.substring(BEARER.length()).trim());
        } catch (RuntimeException invalid) {
            return refuse(call, "the bearer token is not valid (signature, issuer, audience or expiry)");
        }
        PartyPrincipal party;
        try {
            party = PartyClaims.principalOf(jwt.getClaims());
        } catch (IllegalArgumentException invalid) {
            return refuse(call, PartyClaims.RULE);
        }
        // several role values are one that names no role: refused as the role metadata's broken rule
        Iterable<String> roles = headers.getAll(ROLE);
        String role = roles == null ? null : String.join(",", roles);
        Context context = Context.current().withValue(PARTY, party).withValue(ROLE_ASKED, role)
                .withValue(EXPIRES, jwt.getExpiresAt());
        return Contexts.interceptCall(context, call, headers, next);
    }

    /**
     * The actor of the current call for a method that admits {@code permitted}; a role it does not admit is recorded
     * and refused with PERMISSION_DENIED, a bad role metadata value is an {@code InvalidRequest} naming it.
     *
     * @param request the use case asked for, as a refusal's record names it
     */
    Actor actor(Set<UserRole> permitted, String request) {
        PartyPrincipal party = party();
        UserRole role = PartyClaims.roleOf(party, Optional.ofNullable(ROLE_ASKED.get()), ROLE_METADATA, permitted);
        Actor actor = new Actor(party.party(), role, party.actingUser());
        if (!permitted.contains(role)) {
            String detail = "role " + role + " may not " + request + "; this method accepts " + permitted;
            refusals.recordRefusal(null, actor, request, ApiProblem.ROLE_NOT_PERMITTED, detail);
            throw Status.PERMISSION_DENIED.withDescription(detail).asRuntimeException();
        }
        return actor;
    }

    /** When the current call's token stops being taken (its expiry plus the clock skew); null if it names none. */
    java.time.Instant tokenEnds() {
        java.time.Instant expires = EXPIRES.get();
        return expires == null ? null : expires.plus(clockSkew);
    }

    /** Whether a token that ends at {@code ends} ({@link #tokenEnds}) is no longer taken now. */
    boolean ended(java.time.Instant ends) {
        return ends != null && clock.instant().isAfter(ends);
    }

    /** The actor for recording a refusal made before the method chose a role: the asked role when the token has it. */
    Actor bestEffortActor() {
        return PartyClaims.bestEffortActor(party(), Optional.ofNullable(ROLE_ASKED.get()));
    }

    private static PartyPrincipal party() {
        PartyPrincipal party = PARTY.get();
        if (party == null) {
            throw new IllegalStateException("no authenticated party: the service is served without GrpcCallers");
        }
        return party;
    }

    private static <Q, A> ServerCall.Listener<Q> refuse(ServerCall<Q, A> call, String why) {
        call.close(Status.UNAUTHENTICATED.withDescription(why), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
