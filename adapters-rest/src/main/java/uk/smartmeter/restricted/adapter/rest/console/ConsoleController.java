package uk.smartmeter.restricted.adapter.rest.console;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import uk.smartmeter.restricted.adapter.rest.security.Callers;
import uk.smartmeter.restricted.application.port.in.EndpointRoles;
import uk.smartmeter.restricted.adapter.rest.security.LocalTokenController;
import uk.smartmeter.restricted.application.input.PartyPrincipal;
import uk.smartmeter.restricted.adapter.rest.security.PartyTokens;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.PartyId;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * The console (issue 19): its pages, its sign-in, and its reads. A page is plain HTML with no inline script; its
 * module reads the API through {@code /console/api/...}, which this controller forwards to {@code /api/...} with the
 * session's token and role, so the console sees exactly what the API answers that party, refusals recorded alike.
 * Only reads (GET) are forwarded.
 */
@Hidden
@Controller
public class ConsoleController {

    private static final Duration SESSION = Duration.ofHours(1);

    private final ConsolePages pages;
    private final ObjectProvider<LocalTokenController> local;
    private final ObjectProvider<OAuth2AuthorizedClientManager> clients;
    private final JwtDecoder decoder;
    private final Clock clock;
    private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    public ConsoleController(ConsolePages pages, ObjectProvider<LocalTokenController> local,
                             ObjectProvider<OAuth2AuthorizedClientManager> clients, JwtDecoder decoder, Clock clock) {
        this.pages = pages;
        this.local = local;
        this.clients = clients;
        this.decoder = decoder;
        this.clock = clock;
    }

    /** Who the session is, as the console shows it and the API will be asked as. */
    record Viewer(String party, UserRole role, String token) {
    }

    @GetMapping({"/console", "/console/"})
    public ResponseEntity<String> home(HttpServletRequest request) {
        return page("home", "Restricted mode console", request);
    }

    @GetMapping("/console/meter")
    public ResponseEntity<String> meter(HttpServletRequest request) {
        return page("meter", "Meter", request);
    }

    @GetMapping("/console/restricted")
    public ResponseEntity<String> restricted(HttpServletRequest request) {
        return page("restricted", "Restricted meters at a time", request);
    }

    @GetMapping("/console/reports")
    public ResponseEntity<String> reports(HttpServletRequest request) {
        return page("reports", "Monthly reports", request);
    }

    @GetMapping("/console/evidence")
    public ResponseEntity<String> evidence(HttpServletRequest request) {
        return page("evidence", "Evidence", request);
    }

    @GetMapping("/console/operations")
    public ResponseEntity<String> operations(HttpServletRequest request) {
        return page("operations", "Operations", request);
    }

    @GetMapping("/console/signin")
    public ResponseEntity<String> signIn(HttpServletRequest request, @RequestParam(required = false) String error) {
        return html(pages.signIn(local.getIfAvailable() != null, csrf(request), error != null,
                request.getParameter("out") != null));
    }

    /** The development sign-in: local mode only (the token minter exists only there). */
    @PostMapping(path = "/console/signin", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public void signIn(@RequestParam(required = false) String partyId, @RequestParam(required = false) String role,
                       @RequestParam(required = false) String cspRegion, HttpServletRequest request,
                       HttpServletResponse response) throws IOException {
        LocalTokenController minter = local.getIfAvailable();
        UserRole chosen = EndpointRoles.Console.SIGN_IN.stream().filter(r -> r.name().equals(role)).findFirst().orElse(null);
        CspRegion region = cspRegion == null || cspRegion.isBlank() ? null : java.util.Arrays.stream(CspRegion.values())
                .filter(r -> r.name().equals(cspRegion)).findFirst().orElse(null);
        PartyId party;
        try {
            party = PartyId.of(partyId == null ? "" : partyId.trim());
        } catch (RuntimeException invalid) {
            party = null;
        }
        if (minter == null || chosen == null || party == null || (chosen == UserRole.CSP && region == null)) {
            response.sendRedirect("/console/signin?error");
            return;
        }
        String token = minter.sign(party.value(), List.of(chosen), party.value(), SESSION,
                chosen == UserRole.CSP ? region : null);
        PartyPrincipal principal = new PartyPrincipal(party, Set.of(chosen), party.value(),
                chosen == UserRole.CSP ? region : null);
        // a new session for the signed-in person: nothing of the anonymous one carries over
        var before = request.getSession(false);
        if (before != null) {
            before.invalidate();
        }
        request.getSession(true).setMaxInactiveInterval((int) SESSION.toSeconds());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ConsoleSignIn.Local(principal, chosen, token, clock.instant().plus(SESSION)));
        SecurityContextHolder.setContext(context);
        sessions.saveContext(context, request, response);
        response.sendRedirect("/console");
    }

    /**
     * A page's read of the API: {@code /console/api/v1/...} is {@code /api/v1/...} asked with the session's token. An
     * expired or missing token is a 401 the page answers by sending the person to sign in again.
     */
    @GetMapping("/console/api/**")
    public void read(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        // only the console's own pages read through the session: a browser names a read another site started
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            response.setStatus(403);
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"type\":\"urn:restricted-mode:problem:role-not-permitted\",\"title\":"
                    + "\"Forbidden\",\"status\":403,\"detail\":\"the console's reads come from its own pages only\","
                    + "\"code\":\"ROLE_NOT_PERMITTED\"}");
            return;
        }
        Viewer viewer = viewer(request, response);
        String path = request.getRequestURI().substring(request.getContextPath().length() + "/console".length());
        if (viewer == null) {
            response.setStatus(401);
            response.setContentType("application/problem+json");
            response.getWriter().write(ConsoleSecurity.SIGNED_OUT);
            return;
        }
        if (path.equals("/api/actuator/health")) {
            // the health of this node, with its parts' details for the DCC (as the API answers a DCC token)
            path = "/actuator/health";
        } else if (!path.startsWith("/api/v1/")) {
            response.sendError(404);
            return;
        }
        // the page's query parameters go with the request as they are (a query given here too would double them)
        request.getRequestDispatcher(path).forward(new AsTheParty(request, viewer), response);
    }

    private ResponseEntity<String> page(String name, String title, HttpServletRequest request) {
        Viewer viewer = viewer(request, null);
        if (viewer == null) {
            return ResponseEntity.status(302).header("Location", "/console/signin").build();
        }
        if (!pages.opens(name, viewer.role())) {
            // a page whose reads the API would refuse this role: not served, so nothing is asked and refused
            return ResponseEntity.status(302).header("Location", "/console").build();
        }
        return html(pages.page(name, title, viewer.party(), viewer.role(), local.getIfAvailable() != null,
                csrf(request)));
    }

    private static ResponseEntity<String> html(String body) {
        return ResponseEntity.ok().contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore()).body(body);
    }

    private static CsrfToken csrf(HttpServletRequest request) {
        return (CsrfToken) request.getAttribute(CsrfToken.class.getName());
    }

    /** The session's party, role and a token still valid now; null when it has none. */
    private Viewer viewer(HttpServletRequest request, HttpServletResponse response) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof ConsoleSignIn.Local signedIn) {
            return signedIn.expiresAt().isAfter(clock.instant())
                    ? new Viewer(signedIn.party().party().value(), signedIn.role(), signedIn.token()) : null;
        }
        if (authentication instanceof OAuth2AuthenticationToken oauth && clients.getIfAvailable() != null) {
            OAuth2AuthorizedClient client = clients.getObject().authorize(OAuth2AuthorizeRequest
                    .withClientRegistrationId(oauth.getAuthorizedClientRegistrationId()).principal(oauth)
                    .attribute(HttpServletRequest.class.getName(), request)
                    .attribute(HttpServletResponse.class.getName(), response).build());
            if (client == null || client.getAccessToken() == null) {
                return null;
            }
            String token = client.getAccessToken().getTokenValue();
            try {
                Jwt jwt = decoder.decode(token);
                PartyPrincipal party = new PartyTokens().convert(jwt) instanceof PartyTokens.PartyAuthentication a
                        ? a.party() : null;
                if (party == null) {
                    return null;
                }
                UserRole role = EndpointRoles.Console.SIGN_IN.stream().filter(party.roles()::contains).findFirst()
                        .orElse(party.roles().iterator().next());
                return new Viewer(party.party().value(), role, token);
            } catch (JwtException | IllegalArgumentException invalid) {
                return null;
            }
        }
        return null;
    }

    /** The page's request as the party: its token and the role it acts in, as a caller of the API would send them. */
    private static final class AsTheParty extends HttpServletRequestWrapper {

        private final Map<String, String> added = new LinkedHashMap<>();

        AsTheParty(HttpServletRequest request, Viewer viewer) {
            super(request);
            added.put("authorization", "Bearer " + viewer.token());
            added.put(Callers.ROLE_HEADER.toLowerCase(Locale.ROOT), viewer.role().name());
        }

        @Override
        public String getHeader(String name) {
            String value = added.get(name.toLowerCase(Locale.ROOT));
            return value != null ? value : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            String value = added.get(name.toLowerCase(Locale.ROOT));
            return value != null ? Collections.enumeration(List.of(value)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>(added.keySet());
            Enumeration<String> own = super.getHeaderNames();
            while (own.hasMoreElements()) {
                String name = own.nextElement();
                if (!added.containsKey(name.toLowerCase(Locale.ROOT))) {
                    names.add(name);
                }
            }
            return Collections.enumeration(names);
        }
    }
}
