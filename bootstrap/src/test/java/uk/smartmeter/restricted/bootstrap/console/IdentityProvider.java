package uk.smartmeter.restricted.bootstrap.console;

import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * A real OpenID Connect provider for the console's production login: Spring Authorization Server on its own port, in
 * its own small application (none of the service's beans), with one client (the console, authorisation code) and one
 * person, whose access tokens carry the service's claims: party_id, roles and the API's audience.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({
        org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration.class,
        org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration.class,
        org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration.class,
        org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration.class,
        org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration.class,
        org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration.class,
        org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration.class,
        org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration.class,
        org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerAutoConfiguration.class,
        org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerJwtAutoConfiguration.class})
class IdentityProvider {

    static final String PERSON = "analyst@ofgem.example";
    static final String PASSWORD = "correct horse battery staple";

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> serviceClaims() {
        return context -> {
            if ("access_token".equals(context.getTokenType().getValue())) {
                context.getClaims().claim("party_id", "OFGEM").claim("roles", List.of("REGULATOR"))
                        .audience(List.of("restricted-mode-api"));
            }
        };
    }

    /** Starts it on {@code port}, its one client redirecting to the console on {@code consolePort}. */
    static ConfigurableApplicationContext start(int port, int consolePort) {
        String client = "spring.security.oauth2.authorizationserver.client.console.";
        return new SpringApplicationBuilder(IdentityProvider.class).properties(Map.ofEntries(
                Map.entry("server.port", port),
                Map.entry("spring.main.banner-mode", "off"),
                Map.entry("spring.security.user.name", PERSON),
                Map.entry("spring.security.user.password", PASSWORD),
                Map.entry("spring.security.oauth2.authorizationserver.issuer", "http://127.0.0.1:" + port),
                Map.entry(client + "registration.client-id", "restricted-mode-console"),
                Map.entry(client + "registration.client-secret", "{noop}console-secret"),
                Map.entry(client + "registration.client-authentication-methods", "client_secret_basic"),
                Map.entry(client + "registration.authorization-grant-types", "authorization_code,refresh_token"),
                Map.entry(client + "registration.redirect-uris",
                        "http://localhost:" + consolePort + "/console/login/oauth2/code/console"),
                Map.entry(client + "registration.scopes", "openid"),
                Map.entry(client + "require-authorization-consent", "false"))).run();
    }
}
