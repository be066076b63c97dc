package uk.smartmeter.restricted.adapter.rest.security;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import uk.smartmeter.restricted.adapter.rest.problem.ProblemResponses;
import uk.smartmeter.restricted.adapter.rest.problem.Problems;

/**
 * Every {@code /api/**} call needs a valid bearer token: signature, issuer, audience and expiry are
 * checked. Which role may do what is decided per endpoint (see {@link Callers}) so that refusals can
 * be recorded. Health, the API document, Swagger UI and, in local mode, token minting are open.
 */
public final class ApiSecurity {

    private ApiSecurity() {
    }

    public static SecurityFilterChain filterChain(HttpSecurity http, JwtDecoder decoder, ProblemResponses problems)
            throws Exception {
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/actuator/**").hasRole("DCC")
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().permitAll())
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(new PartyTokens()))
                        .authenticationEntryPoint((request, response, failure) -> problems.write(response,
                                Problems.problem(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                                        "a valid bearer token is required: signed, unexpired, for this audience",
                                        List.of())))
                        .accessDeniedHandler((request, response, denied) -> problems.write(response,
                                Problems.problem(HttpStatus.FORBIDDEN, "ROLE_NOT_PERMITTED",
                                        "your role may not use this endpoint", List.of()))))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, failure) -> problems.write(response,
                                Problems.problem(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                                        "a valid bearer token is required", List.of()))));
        return http.build();
    }

    /** Local mode: HS256 tokens this service signs itself. */
    public static JwtDecoder localDecoder(LocalSigningKey key, String issuer, String audience,
                                          java.time.Duration clockSkew) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key.key()).macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(validator(issuer, audience, clockSkew));
        return decoder;
    }

    /** Production: tokens from the configured issuer, checked against its published keys. */
    public static JwtDecoder issuerDecoder(String jwkSetUri, String issuer, String audience,
                                           java.time.Duration clockSkew) {
        if (jwkSetUri.isBlank() || issuer.isBlank()) {
            throw new IllegalStateException("restricted.api.auth.mode=jwt needs restricted.api.auth.issuer and"
                    + " restricted.api.auth.jwk-set-uri");
        }
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
        decoder.setJwtValidator(validator(issuer, audience, clockSkew));
        return decoder;
    }

    /**
     * Issuer, audience, and time: an {@code exp} is required (a token without one would never expire), and a token
     * past it is refused once the configured skew (default 5 s, not Spring's 60 s) has passed.
     */
    private static OAuth2TokenValidator<Jwt> validator(String issuer, String audience, java.time.Duration skew) {
        return new DelegatingOAuth2TokenValidator<>(
                new org.springframework.security.oauth2.jwt.JwtIssuerValidator(issuer),
                new org.springframework.security.oauth2.jwt.JwtTimestampValidator(skew),
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, java.util.Objects::nonNull),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        audiences -> audiences != null && audiences.contains(audience)));
    }
}
