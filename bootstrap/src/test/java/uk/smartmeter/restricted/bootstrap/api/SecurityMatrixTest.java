package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import uk.smartmeter.restricted.adapter.rest.security.LocalSigningKey;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * Every caller against every endpoint: each role, and no token, an expired one, a wrongly signed one
 * and one for another audience. Roles an endpoint does not accept get 403, and the refusal is recorded;
 * bad tokens get 401; accepted roles reach the use case (whatever it then decides, never 401/403/5xx).
 */
class SecurityMatrixTest extends RunningService {

    private static final String DEVICE = "00-DB-12-34-56-78-93-00";
    private static final Set<UserRole> SUPPLIERS = EnumSet.of(UserRole.IS, UserRole.ES, UserRole.GS);
    private static final Set<UserRole> READERS = EnumSet.of(UserRole.IS, UserRole.ES, UserRole.GS, UserRole.DCC,
            UserRole.REGULATOR);
    private static final Set<UserRole> DCC = EnumSet.of(UserRole.DCC);
    private static final Set<UserRole> REGULATOR_AND_DCC = EnumSet.of(UserRole.DCC, UserRole.REGULATOR);
    private static final Set<UserRole> CSP_READERS = EnumSet.of(UserRole.CSP, UserRole.DCC, UserRole.REGULATOR);
    private static final Set<UserRole> CSP_REPLAYERS = EnumSet.of(UserRole.CSP, UserRole.DCC);
    private static final String GATE_QUESTION = "{\"requestId\":\"r-1\",\"srv\":\"4.1.1\",\"deviceId\":\"" + DEVICE + "\"}";
    private static final String DUIS_READ = "<sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\">"
            + "<sr:Header><sr:RequestID>90-B3-D5-1F-30-01-00-00:" + DEVICE + ":1</sr:RequestID>"
            + "<sr:ServiceReferenceVariant>4.1.1</sr:ServiceReferenceVariant></sr:Header><sr:Body/></sr:Request>";

    @Autowired
    LocalSigningKey signingKey;

    record Endpoint(String method, String path, String body, String contentType, Set<UserRole> accepts) {
        Endpoint(String method, String path, String body, Set<UserRole> accepts) {
            this(method, path, body, "application/json", accepts);
        }

        Map<String, String> headers() {
            return body == null ? Map.of() : Map.of("Content-Type", contentType);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    enum BadToken {
        NONE, EXPIRED, WRONG_SIGNATURE, WRONG_AUDIENCE, JUST_EXPIRED, NO_EXPIRY,
        // signed with the service's own local key, so that only the claims are wrong
        SUB_OVER_128, SUB_WITH_CONTROL_CHARACTER, EMPTY_SUB, ROLES_AS_A_STRING, NUMERIC_PARTY_ID,
        SUB_WITH_RIGHT_TO_LEFT_OVERRIDE, SUB_WITH_LINE_SEPARATOR
    }

    static List<Endpoint> endpoints() {
        String device = "/api/v1/devices/" + DEVICE;
        return List.of(
                new Endpoint("GET", device, null, READERS),
                new Endpoint("PUT", device + "/restriction", HttpApi.attestation(), SUPPLIERS),
                new Endpoint("DELETE", device + "/restriction?reason=CONSUMER_REQUEST", null, SUPPLIERS),
                new Endpoint("POST", "/api/v1/devices", HttpApi.enrolment(DEVICE, "SUPPLIER-A"), DCC),
                new Endpoint("POST", device + "/smi-status-changes", "{\"target\":\"METER\",\"status\":\"COMMISSIONED\"}", DCC),
                new Endpoint("POST", device + "/payment-mode-changes", "{\"paymentMode\":\"CREDIT\"}", DCC),
                new Endpoint("POST", device + "/supplier-changes",
                        "{\"gainingSupplier\":{\"partyId\":\"SUPPLIER-B\",\"role\":\"IS\"}}", DCC),
                new Endpoint("POST", device + "/tenancy-changes", "{}", DCC),
                new Endpoint("POST", device + "/site-characteristics-changes", "{\"siteCharacteristics\":"
                        + "{\"loadSwitching\":false,\"radioTeleswitch\":false,\"networkManagedWithoutWan\":false}}", DCC),
                new Endpoint("POST", "/api/v1/gate/decisions", GATE_QUESTION, DCC),
                new Endpoint("POST", "/api/v1/gate/decisions/batch", GATE_QUESTION + "\n", "application/x-ndjson", DCC),
                new Endpoint("POST", "/api/v1/gate/duis", DUIS_READ, "application/xml", DCC),
                new Endpoint("GET", "/api/v1/gate/receipts?requestId=r-1", null, REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/history/devices/" + DEVICE, null, READERS),
                new Endpoint("GET", "/api/v1/history/devices/" + DEVICE + "/as-of?effective=2026-01-01T00:00:00Z", null,
                        REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/history/verification", null, REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/history/export?kind=RestrictionApplied", null, REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/history/summary", null, REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/history/restricted", null, REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/devices?mpxn=1790000000002", null, READERS),
                new Endpoint("GET", "/api/v1/history/restricted/counts", null, REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/history/restricted/export", null, REGULATOR_AND_DCC),
                new Endpoint("POST", "/api/v1/history/rebuild", null, DCC),
                new Endpoint("GET", "/api/v1/history/rebuilds", null, REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/history/rebuilds/none-such", null, REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/history/checkpoints/key", null, EnumSet.allOf(UserRole.class)),
                new Endpoint("GET", "/api/v1/history/checkpoints/latest", null, REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/history/checkpoints/1", null, REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/history/checkpoints", null, REGULATOR_AND_DCC),
                new Endpoint("POST", "/api/v1/history/checkpoints", null, DCC),
                new Endpoint("GET", "/api/v1/csp/north/notices", null, CSP_READERS),
                new Endpoint("GET", "/api/v1/csp/north/exclusion-lists", null, CSP_READERS),
                new Endpoint("GET", "/api/v1/csp/north/exclusion-lists/2026-10", null, CSP_READERS),
                new Endpoint("POST", "/api/v1/csp/north/replays", "{\"afterPosition\":0}", CSP_REPLAYERS),
                new Endpoint("GET", "/api/v1/reports", null, REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/reports/2026-10", null, REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/reports/2026-10/revisions/1", null, REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/reports/2026-10/revisions/2/diff", null, REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/reports/runs/1", null, REGULATOR_AND_DCC),
                new Endpoint("POST", "/api/v1/reports/2026-10/runs", "{\"mode\":\"REPRODUCE\"}", DCC),
                new Endpoint("GET", "/api/v1/gate/catalogues", null, REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/gate/catalogues/a-1", null, REGULATOR_AND_DCC),
                new Endpoint("POST", "/api/v1/gate/catalogues?adoptionId=a-1&effectiveFrom=2026-01-01T00:00:00Z",
                        "srv,class,consumptionOn,name,note\n", "text/csv", DCC),
                new Endpoint("GET", "/api/v1/reports/what-if/w-1", null, REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/reports/what-if/w-1/changes", null, REGULATOR_AND_DCC),
                new Endpoint("POST", "/api/v1/reports/2026-10/what-if?whatIfId=w-1&outcomeLogs=none.csv",
                        "srv,class,consumptionOn,name,note\n", "text/csv", DCC),
                new Endpoint("GET", "/api/v1/reconciliations", null, REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/reconciliations/r-1", null, REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/reconciliations/r-1/findings?kind=MPXN_UNKNOWN", null, REGULATOR_AND_DCC),
                new Endpoint("GET", "/api/v1/reconciliations/r-1/report?format=csv", null, REGULATOR_AND_DCC),
                new Endpoint("POST", "/api/v1/reconciliations", "{\"reconciliationId\":\"r-1\","
                        + "\"registrationFiles\":[\"none.csv\"]}", DCC));
    }

    static Stream<Arguments> everyRoleAgainstEveryEndpoint() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (UserRole role : UserRole.values()) {
                cases.add(Arguments.of(endpoint, role));
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> everyBadTokenAgainstEveryEndpoint() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (BadToken token : BadToken.values()) {
                cases.add(Arguments.of(endpoint, token));
            }
        }
        return cases.stream();
    }

    @BeforeEach
    void enrolTheDevice() {
        api.send("POST", "/api/v1/devices", api.token("DCC-DSP", UserRole.DCC), HttpApi.enrolment(DEVICE, "SUPPLIER-A"));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("everyRoleAgainstEveryEndpoint")
    void aRoleTheEndpointDoesNotAcceptIsForbiddenAndRecorded(Endpoint endpoint, UserRole role) {
        int refusalsBefore = refusalsRecorded("ROLE_NOT_PERMITTED");

        String token = role == UserRole.CSP ? api.cspToken(party(role), CspRegion.NORTH) : api.token(party(role), role);
        HttpApi.Response response = api.send(endpoint.method(), endpoint.path(), token, endpoint.body(),
                endpoint.headers());

        if (endpoint.accepts().contains(role)) {
            assertThat(response.status()).as(response.toString()).isNotIn(401, 403).isLessThan(500);
            assertThat(refusalsRecorded("ROLE_NOT_PERMITTED")).isEqualTo(refusalsBefore);
        } else {
            assertThat(response.status()).as(response.toString()).isEqualTo(403);
            assertThat(response.json().at("/type").asText()).isEqualTo("urn:restricted-mode:problem:role-not-permitted");
            assertThat(refusalsRecorded("ROLE_NOT_PERMITTED")).isEqualTo(refusalsBefore + 1);
        }
    }

    /** Within the 5 s skew a token just past its exp is still taken, whether or not it was seen before. */
    @Test
    void aTokenFirstSeenWithinTheSkewPastItsExpiryIsTaken() {
        Instant now = Instant.now();
        String justPast = sign(claims(now.minusSeconds(600)).expiresAt(now.minusSeconds(2)));

        HttpApi.Response answer = api.get("/api/v1/history/checkpoints/key", justPast);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("everyBadTokenAgainstEveryEndpoint")
    void withoutAValidTokenEveryEndpointAnswers401(Endpoint endpoint, BadToken badToken) {
        HttpApi.Response response = api.send(endpoint.method(), endpoint.path(), tokenOf(badToken), endpoint.body(),
                endpoint.headers());

        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().at("/code").asText()).isEqualTo("UNAUTHENTICATED");
    }

    private static String party(UserRole role) {
        return switch (role) {
            case IS, GS -> "SUPPLIER-A";
            case DCC -> "DCC-DSP";
            default -> "PARTY-" + role;
        };
    }

    private String tokenOf(BadToken badToken) {
        Instant now = Instant.now();
        return switch (badToken) {
            case NONE -> null;
            case EXPIRED -> sign(signingKey.key(), "restricted-mode-api", now.minusSeconds(7200), now.minusSeconds(3600));
            // past its exp by more than the 5 s skew, though within Spring's default 60 s
            case JUST_EXPIRED -> sign(signingKey.key(), "restricted-mode-api", now.minusSeconds(600), now.minusSeconds(10));
            case NO_EXPIRY -> sign(signingKey.key(), "restricted-mode-api", now, null);
            case WRONG_SIGNATURE -> sign(randomKey(), "restricted-mode-api", now, now.plusSeconds(600));
            case WRONG_AUDIENCE -> sign(signingKey.key(), "someone-else", now, now.plusSeconds(600));
            case SUB_OVER_128 -> sign(claims(now).subject("S".repeat(129)));
            case SUB_WITH_CONTROL_CHARACTER -> sign(claims(now).subject("alice\u0007"));
            case EMPTY_SUB -> sign(claims(now).subject(""));
            case ROLES_AS_A_STRING -> sign(claims(now).claim("roles", "IS"));
            case NUMERIC_PARTY_ID -> sign(claims(now).claim("party_id", 12345));
            case SUB_WITH_RIGHT_TO_LEFT_OVERRIDE -> sign(claims(now).subject("alice\u202Eevil"));
            case SUB_WITH_LINE_SEPARATOR -> sign(claims(now).subject("alice\u2028bob"));
        };
    }

    private static String sign(SecretKey key, String audience, Instant issued, Instant expires) {
        JwtClaimsSet.Builder builder = JwtClaimsSet.builder().issuer("restricted-mode-local")
                .audience(List.of(audience)).subject("SUPPLIER-A").issuedAt(issued)
                .claim("party_id", "SUPPLIER-A").claim("roles", List.of("IS"));
        if (expires != null) {
            builder.expiresAt(expires);
        }
        JwtClaimsSet claims = builder.build();
        return new NimbusJwtEncoder(new ImmutableSecret<>(key))
                .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
    }

    private static JwtClaimsSet.Builder claims(Instant now) {
        return JwtClaimsSet.builder().issuer("restricted-mode-local").audience(List.of("restricted-mode-api"))
                .subject("SUPPLIER-A").issuedAt(now).expiresAt(now.plusSeconds(600))
                .claim("party_id", "SUPPLIER-A").claim("roles", List.of("IS"));
    }

    private String sign(JwtClaimsSet.Builder claims) {
        return new NimbusJwtEncoder(new ImmutableSecret<>(signingKey.key()))
                .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
                .getTokenValue();
    }

    private static SecretKey randomKey() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new SecretKeySpec(secret, "HmacSHA256");
    }
}
