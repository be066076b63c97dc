package uk.smartmeter.restricted.adapter.rest.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.util.HtmlUtils;
import uk.smartmeter.restricted.application.port.in.EndpointRoles;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * The console's pages: a layout and a body per page, from {@code console/pages/} in the jar, with the few values the
 * server knows (who is signed in, the CSRF token of the sign-out form) put in escaped. Everything else a page shows
 * its own module reads from the API. No page carries a script of its own; each names its module.
 */
public final class ConsolePages {

    /** Which pages each role may open, as the API would answer their reads (a page not listed is not linked). */
    private static final Map<String, Set<UserRole>> NAVIGATION = new LinkedHashMap<>();

    static {
        NAVIGATION.put("home", EndpointRoles.Devices.READ);
        NAVIGATION.put("restricted", EndpointRoles.History.READ_EVIDENCE);
        NAVIGATION.put("reports", EndpointRoles.Reports.READ);
        NAVIGATION.put("evidence", EndpointRoles.History.READ_EVIDENCE);
        NAVIGATION.put("operations", EndpointRoles.History.OPERATE);
    }

    private static final Map<String, String> LABELS = Map.of("home", "Find a meter", "restricted",
            "Restricted at a time", "reports", "Monthly reports", "evidence", "Evidence", "operations", "Operations");

    private final Map<String, String> templates = new ConcurrentHashMap<>();

    /** Whether the page is one this role's reads are answered on (the home page for every role that reads meters). */
    boolean opens(String page, UserRole role) {
        // the meter page is reached from the home page's search, by the same roles
        Set<UserRole> roles = NAVIGATION.get(page.equals("meter") ? "home" : page);
        return roles != null && roles.contains(role);
    }

    String page(String name, String title, String party, UserRole role, boolean localMode, CsrfToken csrf) {
        StringBuilder nav = new StringBuilder();
        NAVIGATION.forEach((page, roles) -> {
            if (roles.contains(role)) {
                String href = page.equals("home") ? "/console" : "/console/" + page;
                nav.append("<li class=\"govuk-service-navigation__item").append(page.equals(name)
                        ? " govuk-service-navigation__item--active" : "").append("\"><a class=\"govuk-service-navigation__link\""
                        + " href=\"").append(href).append("\"").append(page.equals(name) ? " aria-current=\"page\"" : "")
                        .append(">").append(LABELS.get(page)).append("</a></li>");
            }
        });
        return template("layout")
                .replace("{{title}}", escape(title))
                .replace("{{banner}}", localMode ? template("banner-local") : "")
                .replace("{{nav}}", nav.toString())
                .replace("{{who}}", escape(party + " (" + role.name() + ")"))
                .replace("{{role}}", escape(role.name()))
                .replace("{{csrfName}}", escape(csrf.getParameterName()))
                .replace("{{csrfToken}}", escape(csrf.getToken()))
                .replace("{{page}}", escape(name))
                .replace("{{main}}", template("page-" + name));
    }

    String signIn(boolean localMode, CsrfToken csrf, boolean failed, boolean signedOut) {
        String form = localMode ? template("signin-local") : template("signin-oidc");
        StringBuilder roles = new StringBuilder();
        for (UserRole role : EndpointRoles.Console.SIGN_IN) {
            roles.append("<option value=\"").append(role.name()).append("\">").append(role.name()).append("</option>");
        }
        return template("signin")
                .replace("{{banner}}", localMode ? template("banner-local") : "")
                .replace("{{form}}", form)
                .replace("{{roles}}", roles.toString())
                .replace("{{message}}", failed ? template("signin-error") : signedOut ? template("signin-out") : "")
                .replace("{{csrfName}}", escape(csrf.getParameterName()))
                .replace("{{csrfToken}}", escape(csrf.getToken()));
    }

    private String template(String name) {
        return templates.computeIfAbsent(name, key -> {
            try (InputStream in = ConsolePages.class.getResourceAsStream("/console/pages/" + key + ".html")) {
                if (in == null) {
                    throw new IllegalStateException("the console has no page " + key);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException unreadable) {
                throw new UncheckedIOException(unreadable);
            }
        });
    }

    private static String escape(String value) {
        return HtmlUtils.htmlEscape(value, StandardCharsets.UTF_8.name());
    }
}
