package uk.smartmeter.restricted.adapter.rest.security;

import io.swagger.v3.oas.annotations.Hidden;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import uk.smartmeter.restricted.application.input.InvalidRequest;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * Local mode only: mints signed tokens for trying the service out. This bean does not exist when
 * {@code restricted.api.auth.mode=jwt} (production), so neither does the path.
 */
@Hidden
@RestController
public class LocalTokenController {

    static final Duration DEFAULT_VALIDITY = Duration.ofHours(1);
    static final Duration MAX_VALIDITY = Duration.ofDays(1);

    private final JwtEncoder encoder;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    public LocalTokenController(JwtEncoder encoder, String issuer, String audience, Clock clock) {
        this.encoder = encoder;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    public record TokenRequest(String partyId, List<UserRole> roles, String actingUser, Long validForSeconds,
                               CspRegion cspRegion) {
    }

    public record TokenResponse(String token, String tokenType, Instant expiresAt) {
    }

    @PostMapping(path = "/local/tokens", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public TokenResponse mint(@RequestBody TokenRequest request) {
        InvalidRequest.Builder problems = InvalidRequest.builder();
        PartyId party = problems.check("partyId", request.partyId(), PartyId::of);
        if (request.roles() == null || request.roles().isEmpty() || request.roles().stream().anyMatch(Objects::isNull)) {
            problems.add("roles", "at least one role, each one of " + Arrays.toString(UserRole.values()));
        }
        Duration validity = request.validForSeconds() == null ? DEFAULT_VALIDITY
                : Duration.ofSeconds(request.validForSeconds());
        if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_VALIDITY) > 0) {
            problems.add("validForSeconds", "between 1 and 86400");
        }
        if (request.actingUser() != null && (request.actingUser().isBlank() || request.actingUser().length() > 128
                || !uk.smartmeter.restricted.domain.device.Actor.printable(request.actingUser()))) {
            problems.add("actingUser", "1 to 128 printable characters when given");
        }
        if (request.roles() != null && request.roles().contains(UserRole.CSP) && request.cspRegion() == null) {
            problems.add("cspRegion", "required with the CSP role: NORTH, CENTRAL or SOUTH");
        }
        problems.throwIfAny();
        return new TokenResponse(sign(party.value(), request.roles(), request.actingUser(), validity,
                request.cspRegion()), "Bearer",
                clock.instant().plus(validity));
    }

    public String sign(String party, List<UserRole> roles, String actingUser, Duration validity) {
        return sign(party, roles, actingUser, validity, null);
    }

    /** A token; {@code cspRegion} is the region a CSP serves (null for every other party). */
    public String sign(String party, List<UserRole> roles, String actingUser, Duration validity, CspRegion cspRegion) {
        Instant now = clock.instant();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .audience(List.of(audience))
                .subject(actingUser == null ? party : actingUser)
                .issuedAt(now)
                .expiresAt(now.plus(validity))
                .claim(PartyTokens.PARTY_CLAIM, party)
                .claim(PartyTokens.ROLES_CLAIM, roles.stream().map(Enum::name).toList());
        if (cspRegion != null) {
            claims.claim(PartyTokens.CSP_REGION_CLAIM, cspRegion.name());
        }
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
    }
}
