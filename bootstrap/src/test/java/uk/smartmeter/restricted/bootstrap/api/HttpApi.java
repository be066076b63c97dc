package uk.smartmeter.restricted.bootstrap.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import uk.smartmeter.restricted.adapter.rest.security.LocalTokenController;
import uk.smartmeter.restricted.domain.device.CspRegion;
import uk.smartmeter.restricted.domain.device.UserRole;

/** A plain HTTP client for the running service, as a Supplier's or the DCC's developer would write one. */
public final class HttpApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final LocalTokenController tokens;

    public HttpApi(int port, LocalTokenController tokens) {
        this.base = "http://127.0.0.1:" + port;
        this.tokens = tokens;
    }

    public String token(String party, UserRole... roles) {
        return tokens.sign(party, List.of(roles), null, Duration.ofMinutes(30));
    }

    /** A token whose acting user ({@code sub}) is given. */
    public String tokenFor(String party, String actingUser, UserRole... roles) {
        return tokens.sign(party, List.of(roles), actingUser, Duration.ofMinutes(30));
    }

    /** A CSP's token, naming the region it serves. */
    public String cspToken(String party, CspRegion region) {
        return tokens.sign(party, List.of(UserRole.CSP), null, Duration.ofMinutes(30), region);
    }

    /** An enrolment of a commissioned, credit-mode electricity meter in a CSP region, with its own Comms Hub. */
    public static String commissioned(String deviceId, String commsHubId, String region, String supplierParty) {
        return enrolment(deviceId, supplierParty).replace("INSTALLED_NOT_COMMISSIONED", "COMMISSIONED")
                .replace("00-DB-12-34-56-78-90-A2", commsHubId).replace("\"CENTRAL\"", "\"" + region + "\"");
    }

    public Response send(String method, String path, String token, String body, Map<String, String> headers) {
        return sendBytes(method, path, token, body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                headers);
    }

    /** The body as raw bytes, so that a test can send what is not UTF-8. */
    public Response sendBytes(String method, String path, String token, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException | InterruptedException failed) {
            throw new IllegalStateException(method + " " + path + " failed", failed);
        }
    }

    public Response send(String method, String path, String token, String body) {
        return send(method, path, token, body, Map.of());
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    public static String enrolment(String deviceId, String supplierParty) {
        return """
                {"deviceId":"%s","deviceType":"ESME","smetsVersion":"SMETS2","smiStatus":"INSTALLED_NOT_COMMISSIONED",
                 "commsHubId":"00-DB-12-34-56-78-90-A2","commsHubStatus":"COMMISSIONED","mpxn":"1234567890123",
                 "cspRegion":"CENTRAL","paymentMode":"CREDIT","responsibleSupplier":{"partyId":"%s","role":"IS"},
                 "siteCharacteristics":{"loadSwitching":false,"radioTeleswitch":false,"networkManagedWithoutWan":false}}
                """.formatted(deviceId, supplierParty);
    }

    public static String attestation() {
        return "{\"attestation\":{\"reference\":\"RS-2026-0042\",\"stepsExhaustedOn\":\""
                + LocalDate.now(ZoneOffset.UTC).minusDays(3) + "\"}}";
    }

    /** A status code, a body and headers. */
    public record Response(int status, String body, Map<String, List<String>> headers) {

        public JsonNode json() {
            return parse(body);
        }

        public static JsonNode parse(String json) {
            try {
                return JSON.readTree(json);
            } catch (IOException notJson) {
                throw new IllegalStateException("not JSON: " + json, notJson);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .findFirst().map(entry -> entry.getValue().get(0)).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
