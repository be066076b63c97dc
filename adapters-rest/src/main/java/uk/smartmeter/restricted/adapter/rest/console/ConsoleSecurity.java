package uk.smartmeter.restricted.adapter.rest.console;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The console's own filter chain, before the API's: a session per person (the token it acts with is held in the
 * session, never in the page), CSRF on every form, a Content-Security-Policy that allows no inline script or style
 * and nothing from another origin, and no framing. Unsigned-in pages send the person to sign in: the development
 * sign-in in local mode, the identity provider's authorisation-code login in production.
 */
public final class ConsoleSecurity {

    /** No inline script or style, nothing from elsewhere; the charts draw on canvas. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    /** A console read without a session: problem+json, as the API answers one without a token. */
    static final String SIGNED_OUT = "{\"type\":\"urn:restricted-mode:problem:unauthenticated\",\"title\":"
            + "\"Unauthorized\",\"status\":401,\"detail\":\"the console session has ended: sign in again\","
            + "\"code\":\"UNAUTHENTICATED\"}";

    private ConsoleSecurity() {
    }

    /**
     * @param registrations the identity provider's client registration in production; null in local mode
     */
    public static SecurityFilterChain filterChain(HttpSecurity http, ClientRegistrationRepository registrations,
                                                  org.springframework.security.oauth2.client.web
                                                          .OAuth2AuthorizedClientRepository sessions) throws Exception {
        // path matchers of their own: the command line's batch runs have no MVC handler mappings to match with
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(paths.matcher("/console"), paths.matcher("/console/**")))
                .sessionManagement(policy -> policy.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                        .sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frames -> frames.deny())
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(paths.matcher("/console/signin"), paths.matcher("/console/assets/**"),
                                paths.matcher("/console/oauth2/**"), paths.matcher("/console/login/**")).permitAll()
                        .anyRequest().authenticated())
                .logout(logout -> logout.logoutRequestMatcher(paths.matcher(org.springframework.http.HttpMethod.POST,
                                "/console/signout")).logoutSuccessUrl("/console/signin?out")
                        .invalidateHttpSession(true).deleteCookies("JSESSIONID"))
                .exceptionHandling(errors -> errors
                        // a page's read without a session is a 401 its module answers; a page is sent to sign in
                        .defaultAuthenticationEntryPointFor((request, response, failure) -> {
                                    response.setStatus(401);
                                    response.setContentType("application/problem+json");
                                    response.getWriter().write(SIGNED_OUT);
                                }, org.springframework.security.web.util.matcher.RegexRequestMatcher.regexMatcher(
                                        "^/console/api/.*"))
                        // a form without its CSRF token (an old page, another site's post): back to sign in
                        .accessDeniedHandler((request, response, denied) -> response.sendRedirect(
                                "/console/signin?error"))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(
                                registrations == null ? "/console/signin"
                                        : "/console/oauth2/authorization/" + ConsoleSignIn.REGISTRATION),
                                request -> true));
        if (registrations != null) {
            http.oauth2Login(login -> login.clientRegistrationRepository(registrations)
                    .authorizedClientRepository(sessions)
                    .loginPage("/console/signin")
                    .authorizationEndpoint(endpoint -> endpoint.baseUri("/console/oauth2/authorization"))
                    .redirectionEndpoint(endpoint -> endpoint.baseUri("/console/login/oauth2/code/*"))
                    .defaultSuccessUrl("/console", true));
        }
        return http.build();
    }
}
