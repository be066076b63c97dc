package uk.smartmeter.restricted.adapter.rest.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Properties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import uk.smartmeter.restricted.adapter.rest.security.LocalTokenController;

/**
 * The console's wiring: its filter chain (before the API's), its pages, its assets (its own, GOV.UK Frontend's
 * stylesheet and images, Apache ECharts, from their jars) and, in production, the identity provider's login with
 * the tokens kept in the session.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain consoleSecurity(HttpSecurity http, ObjectProvider<ClientRegistrationRepository> registrations,
                                        ObjectProvider<OAuth2AuthorizedClientRepository> sessions) throws Exception {
        return ConsoleSecurity.filterChain(http, registrations.getIfAvailable(), sessions.getIfAvailable());
    }

    @Bean
    ConsolePages consolePages() {
        return new ConsolePages();
    }

    @Bean
    ConsoleController consoleController(ConsolePages pages, ObjectProvider<LocalTokenController> local,
                                        ObjectProvider<OAuth2AuthorizedClientManager> clients, JwtDecoder decoder,
                                        Clock clock) {
        return new ConsoleController(pages, local, clients, decoder, clock);
    }

    /** Tokens of the identity provider, per session, server-side: only where a client registration is configured. */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnBean(ClientRegistrationRepository.class)
    OAuth2AuthorizedClientRepository consoleAuthorizedClients() {
        return new HttpSessionOAuth2AuthorizedClientRepository();
    }

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnBean(ClientRegistrationRepository.class)
    OAuth2AuthorizedClientManager consoleAuthorizedClientManager(ClientRegistrationRepository registrations,
                                                                OAuth2AuthorizedClientRepository sessions) {
        DefaultOAuth2AuthorizedClientManager manager = new DefaultOAuth2AuthorizedClientManager(registrations, sessions);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder().authorizationCode()
                .refreshToken().build());
        return manager;
    }

    @Bean
    WebMvcConfigurer consoleAssets() {
        String govuk = "classpath:/META-INF/resources/webjars/govuk-frontend/" + version("govuk-frontend") + "/dist/govuk/";
        String echarts = "classpath:/META-INF/resources/webjars/echarts/" + version("echarts") + "/";
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                registry.addResourceHandler("/console/assets/govuk/**").addResourceLocations(govuk);
                // GOV.UK Frontend's stylesheet asks for its images at /assets/ (its fonts are replaced: console.css)
                registry.addResourceHandler("/assets/images/**").addResourceLocations(govuk + "assets/images/");
                registry.addResourceHandler("/console/assets/echarts/**").addResourceLocations(echarts + "dist/",
                        echarts);
                registry.addResourceHandler("/console/assets/**").addResourceLocations("classpath:/console/assets/");
            }
        };
    }

    /** A webjar's version, from the pom.properties it carries, so that the version lives only in the build. */
    static String version(String artifact) {
        try (InputStream in = ConsoleConfiguration.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/"
                + artifact + "/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the console needs the " + artifact + " webjar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
