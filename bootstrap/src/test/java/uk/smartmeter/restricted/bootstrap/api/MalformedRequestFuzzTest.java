package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * 1,200 seeded, malformed requests (random JSON, wrong types, unknown values, huge strings, bad IDs,
 * wrong content types, junk inventory lines) against every endpoint: never a 5xx, always problem+json, never a stack trace.
 */
class MalformedRequestFuzzTest extends RunningService {

    private static final int REQUESTS = 1_200;
    private static final String DEVICE = "00-DB-12-34-56-78-94-00";
    private static final List<String> FIELDS = List.of("deviceId", "deviceType", "smetsVersion", "smiStatus",
            "commsHubId", "commsHubStatus", "gpfId", "mpxn", "cspRegion", "paymentMode", "responsibleSupplier",
            "siteCharacteristics", "effectiveAt", "attestation", "reference", "stepsExhaustedOn", "target", "status",
            "gainingSupplier", "partyId", "role", "loadSwitching", "requestId", "senderId", "senderRole", "srv",
            "scheduledSrv", "alertCode");
    private static final String DUIS = "<sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\">"
            + "<sr:Header><sr:RequestID>90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:1</sr:RequestID>"
            + "<sr:ServiceReferenceVariant>5.1</sr:ServiceReferenceVariant></sr:Header><sr:Body><sr:CreateSchedule>"
            + "<sr:DSPScheduledServiceReferenceVariant>4.6.1</sr:DSPScheduledServiceReferenceVariant>"
            + "<sr:DeviceID>" + DEVICE + "</sr:DeviceID></sr:CreateSchedule></sr:Body></sr:Request>";

    private final Random random = new Random(20261123L);

    @Test
    void noMalformedRequestGetsA5xxOrAStackTrace() {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String supplier = api.token("SUPPLIER-A", UserRole.IS);
        api.send("POST", "/api/v1/devices", dcc, HttpApi.enrolment(DEVICE, "SUPPLIER-A"));
        List<String> failures = new ArrayList<>();

        for (int i = 0; i < REQUESTS; i++) {
            String[] target = target();
            String token = random.nextBoolean() ? dcc : supplier;
            Map<String, String> headers = random.nextInt(10) == 0
                    ? Map.of("Content-Type", pick(List.of("text/plain", "application/xml", "application/json;charset=latin1")))
                    : Map.of();
            boolean bulk = target[1].startsWith("/api/v1/inventory");
            HttpApi.Response response;
            if (bulk) {
                response = api.send(target[0], target[1], dcc, inventoryLines(), Map.of("Content-Type", pick(List.of(
                        "application/x-ndjson", "text/csv"))));
            } else if (target[1].endsWith("/batch")) {
                response = api.send(target[0], target[1], dcc, gateLines(), Map.of("Content-Type",
                        "application/x-ndjson"));
            } else if (target[1].endsWith("/duis")) {
                response = api.send(target[0], target[1], dcc, duisDocument(), Map.of("Content-Type",
                        pick(List.of("application/xml", "text/xml"))));
            } else {
                boolean dccOnly = target[1].contains("/gate/") || target[1].contains("/csp/")
                        || target[1].contains("/reports/");
                response = api.send(target[0], target[1], dccOnly ? dcc : token, body(), headers);
            }
            boolean problem = response.status() < 400
                    || String.valueOf(response.header("Content-Type")).startsWith("application/problem+json");
            if (response.status() >= 500 || !problem || response.body().contains("at uk.")
                    || response.body().contains("Exception")) {
                failures.add(target[0] + " " + target[1] + " -> " + response);
            }
        }

        assertThat(failures).isEmpty();
    }

    private String[] target() {
        String id = random.nextInt(3) == 0 ? badId() : DEVICE;
        String device = "/api/v1/devices/" + id;
        return switch (random.nextInt(18)) {
            case 17 -> new String[] {"POST", "/api/v1/reports/" + encode(pick(List.of("2026-10", "2026-13",
                    randomString(7)))) + "/runs"};
            case 16 -> new String[] {"GET", "/api/v1/reports/" + encode(pick(List.of("2026-10", randomString(7))))
                    + "/revisions/" + encode(pick(List.of("1", "published", "-1", randomString(4)))) + "?format="
                    + encode(pick(List.of("json", "csv", "svg", "explanation", randomString(3))))};
            case 15 -> new String[] {"GET", "/api/v1/csp/" + cspRegion() + "/notices?after=" + encode(randomString(4))
                    + "&limit=" + encode(randomString(3)) + (random.nextBoolean() ? "" : "&since="
                    + encode(randomString(20)))};
            case 14 -> new String[] {"POST", "/api/v1/csp/" + cspRegion() + "/replays"};
            case 13 -> new String[] {"GET", "/api/v1/csp/" + cspRegion() + "/exclusion-lists/"
                    + encode(pick(List.of("2026-10", "2026-13", "10-2026", randomString(7)))) + "?asKnownAt="
                    + encode(randomString(10)) + "&format=" + encode(pick(List.of("csv", "json", randomString(3))))};
            case 12 -> new String[] {"POST", "/api/v1/gate/decisions"};
            case 11 -> new String[] {"POST", "/api/v1/gate/decisions/batch"};
            case 10 -> new String[] {"POST", "/api/v1/gate/duis"};
            case 9 -> new String[] {"POST", "/api/v1/inventory/imports"};
            case 0 -> new String[] {"POST", "/api/v1/devices"};
            case 1 -> new String[] {"PUT", device + "/restriction"};
            case 2 -> new String[] {"DELETE", device + "/restriction?reason=" + encode(randomString(12))};
            case 3 -> new String[] {"POST", device + "/smi-status-changes"};
            case 4 -> new String[] {"POST", device + "/payment-mode-changes"};
            case 5 -> new String[] {"POST", device + "/supplier-changes"};
            case 6 -> new String[] {"POST", device + "/tenancy-changes"};
            case 7 -> new String[] {"POST", device + "/site-characteristics-changes"};
            default -> new String[] {"GET", device};
        };
    }

    private String cspRegion() {
        return encode(pick(List.of("north", "CENTRAL", "South", "west", randomString(5))));
    }

    private String body() {
        return switch (random.nextInt(12)) {
            case 8 -> {
                String field = pick(FIELDS);
                yield "{\"" + field + "\":" + randomValue(1) + ",\"" + field + "\":" + randomValue(1) + "}";
            }
            case 9 -> randomObject(2) + pick(List.of(" x", "{}", " 1", "]", " null"));
            case 10 -> "{\"" + pick(FIELDS) + "\":" + pick(List.of("12345", "true", "1.5", "[\"a\"]")) + "}";
            case 11 -> "{\"attestation\":{\"reference\":\"R\",\"stepsExhaustedOn\":\"" + pick(List.of(
                    "2026-11-20T10:00:00Z", "2026-11-20T00:00", "20261120", "0000-01-01")) + "\"}}";
            case 0 -> null;
            case 1 -> randomString(random.nextInt(200));
            case 2 -> "{" + randomString(30);
            case 3 -> "{\"" + pick(FIELDS) + "\":\"" + "x".repeat(70_000) + "\"}";
            case 4 -> "{\"" + pick(FIELDS) + "\":\"" + "y".repeat(5_000) + "\"}";
            default -> randomObject(3);
        };
    }

    /** A few gate questions, mostly broken: random JSON, null, bare values, overlong lines, one real question. */
    private String gateLines() {
        StringBuilder lines = new StringBuilder();
        for (int i = random.nextInt(5); i >= 0; i--) {
            lines.append(switch (random.nextInt(8)) {
                case 6 -> "";
                case 7 -> "{\"requestId\":\"f\",\"srv\":\"4.1.1\",\"srv\":\"11.1\",\"deviceId\":\"" + DEVICE + "\"}";
                case 0 -> "null";
                case 1 -> randomValue(2);
                case 2 -> "z".repeat(random.nextInt(6_000));
                case 3 -> "{\"requestId\":\"f\",\"srv\":\"4.1.1\",\"deviceId\":\"" + DEVICE + "\"}";
                default -> randomObject(2);
            }).append('\n');
        }
        return lines.toString();
    }

    /** A DUIS document cut short, with junk inserted, or with a DOCTYPE; or no XML at all. */
    private String duisDocument() {
        return switch (random.nextInt(8)) {
            case 6 -> DUIS.replace("</sr:Header>", "<sr:ServiceReferenceVariant>11.1</sr:ServiceReferenceVariant>"
                    + "</sr:Header>");
            case 7 -> DUIS.replace("</sr:Header>", "<sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A9:2"
                    + "</sr:RequestID></sr:Header>");
            case 0 -> DUIS.substring(0, random.nextInt(DUIS.length()));
            case 1 -> {
                int at = random.nextInt(DUIS.length());
                yield DUIS.substring(0, at) + randomString(8) + DUIS.substring(at);
            }
            case 2 -> "<!DOCTYPE x [<!ENTITY e \"" + randomString(5) + "\">]>" + DUIS.replace("4.6.1", "&e;");
            case 3 -> randomString(random.nextInt(100));
            case 4 -> DUIS.replace("5.1", pick(List.of("1.6", "8.2", "99", "", "4.1.1")));
            default -> DUIS.replace(DEVICE, badId());
        };
    }

    /** A few lines of anything: random JSON, null, bare values, CSV-looking text, one real enrolment. */
    private String inventoryLines() {
        StringBuilder lines = new StringBuilder();
        for (int i = random.nextInt(5); i >= 0; i--) {
            lines.append(switch (random.nextInt(8)) {
                case 6 -> "";
                case 7 -> HttpApi.enrolment(DEVICE, "SUPPLIER-A").replace("\n", " ").substring(0, 30);
                case 0 -> "null";
                case 1 -> randomValue(2);
                case 2 -> randomString(40);
                case 3 -> "deviceId,deviceType," + randomString(20);
                case 4 -> HttpApi.enrolment(DEVICE, "SUPPLIER-A").replace("\n", " ");
                default -> randomObject(2);
            }).append('\n');
        }
        return lines.toString();
    }

    private String randomObject(int depth) {
        StringBuilder json = new StringBuilder("{");
        int fields = random.nextInt(6);
        for (int f = 0; f < fields; f++) {
            if (f > 0) {
                json.append(',');
            }
            json.append('"').append(pick(FIELDS)).append("\":").append(randomValue(depth - 1));
        }
        return json.append('}').toString();
    }

    private String randomValue(int depth) {
        return switch (random.nextInt(depth > 0 ? 9 : 7)) {
            case 0 -> "null";
            case 1 -> String.valueOf(random.nextLong());
            case 2 -> String.valueOf(random.nextDouble());
            case 3 -> String.valueOf(random.nextBoolean());
            case 4 -> "\"" + pick(List.of("ESME", "CREDIT", "COMMISSIONED", "IS", "METER", "2026-11-20",
                    "2026-11-20T10:00:00Z", "00-DB-12-34-56-78-90-A0", "9999-99-99", "esme", "")) + "\"";
            case 5 -> "\"" + randomString(20).replace("\"", "").replace("\\", "") + "\"";
            case 6 -> "[" + random.nextInt() + "]";
            case 7 -> randomObject(depth);
            default -> "[" + randomObject(depth) + "]";
        };
    }

    private String badId() {
        return encode(pick(List.of("00-DB-12", "ZZ-DB-12-34-56-78-90-A0", randomString(16), "%00", "..",
                "00-DB-12-34-56-78-90-A0-00", "-1", "null")));
    }

    private String randomString(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (32 + random.nextInt(95)));
        }
        return text.toString();
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String encode(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8);
    }

    private static boolean isProblem(HttpApi.Response response) {
        return String.valueOf(response.header("Content-Type")).startsWith("application/problem+json")
                && !response.body().contains("<html") && !response.body().contains("Exception");
    }

    /** The input classes issue 15 named, each sent as such: a 4xx problem naming its field, never a 5xx or HTML. */
    @Test
    void everyNamedInputClassIsA4xxProblemNamingItsField() throws Exception {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String supplier = api.token("SUPPLIER-A", UserRole.IS);
        api.send("POST", "/api/v1/devices", dcc, HttpApi.enrolment(DEVICE, "SUPPLIER-A"));
        String decision = "{\"requestId\":\"n\",\"srv\":\"4.1.1\",\"deviceId\":\"" + DEVICE + "\"}";
        record Case(String what, HttpApi.Response answer, int status, String field) {
        }
        List<Case> cases = List.of(
                new Case("duplicate key", api.send("POST", "/api/v1/gate/decisions", dcc,
                        decision.replace("}", ",\"srv\":\"11.1\"}")), 400, "srv"),
                new Case("bytes after the document", api.send("POST", "/api/v1/gate/decisions", dcc, decision + "{}"),
                        400, "body"),
                new Case("overlong UTF-8", api.sendBytes("POST", "/api/v1/gate/decisions", dcc,
                        decision.replace("\"n\"", "\"n\u00c0\u00af\"").getBytes(StandardCharsets.ISO_8859_1),
                        Map.of("Content-Type", "application/json")), 400, "body"),
                new Case("UTF-16 without a byte order mark", api.sendBytes("POST", "/api/v1/gate/decisions", dcc,
                        decision.getBytes(java.nio.charset.StandardCharsets.UTF_16LE),
                        Map.of("Content-Type", "application/json")), 400, "body"),
                new Case("a DUIS document declaring ISO-8859-1", api.send("POST", "/api/v1/gate/duis", dcc,
                        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + DUIS, Map.of("Content-Type", "application/xml")),
                        400, "body"),
                new Case("a DUIS document in UTF-16 without a byte order mark", api.sendBytes("POST", "/api/v1/gate/duis",
                        dcc, DUIS.getBytes(java.nio.charset.StandardCharsets.UTF_16LE),
                        Map.of("Content-Type", "application/xml")), 400, "body"),
                new Case("a number for a string", api.send("POST", "/api/v1/gate/decisions", dcc,
                        decision.replace("\"n\"", "7")), 400, "requestId"),
                new Case("a date with a time", api.send("PUT", "/api/v1/devices/" + DEVICE + "/restriction", supplier,
                        "{\"attestation\":{\"reference\":\"R\",\"stepsExhaustedOn\":\"2026-11-20T10:00:00Z\"}}"), 400,
                        "attestation.stepsExhaustedOn"),
                new Case("a NUL in an outcome-log name", api.send("POST", "/api/v1/reports/2026-10/runs", dcc,
                        "{\"mode\":\"RECOMPUTE\",\"outcomeLogs\":[\"a\\u0000b\"]}"), 422, "outcomeLogs"),
                new Case("GET /error", api.get("/error", dcc), 404, null),
                new Case("a DUIS SRV given twice", api.send("POST", "/api/v1/gate/duis", dcc,
                        DUIS.replace("</sr:Header>", "<sr:ServiceReferenceVariant>11.1</sr:ServiceReferenceVariant>"
                                + "</sr:Header>"), Map.of("Content-Type", "application/xml")), 400,
                        "Header.ServiceReferenceVariant"));
        for (Case c : cases) {
            assertThat(c.answer().status()).as(c.what() + ": " + c.answer()).isEqualTo(c.status());
            assertThat(isProblem(c.answer())).as(c.what() + ": " + c.answer()).isTrue();
            if (c.field() != null) {
                assertThat(c.answer().json().at("/errors/0/field").asText()).as(c.what()).isEqualTo(c.field());
            }
        }

        // what Tomcat itself refuses, sent over a raw socket: still problem+json, never its HTML page
        for (String request : List.of("CONNECT localhost:" + port + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "TRACE /api/v1/devices HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/v1/devices/%00 HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/v1/devices HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + "a".repeat(100_000) + "\r\n\r\n",
                "GET /api/v1/devices HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n",
                "GET /api/v1/devices HTTP/3.0\r\nHost: x\r\n\r\n")) {
            String answer = raw(request);
            String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n"))).toLowerCase(java.util.Locale.ROOT);
            assertThat(answer).as(request.substring(0, 30)).matches("(?s)HTTP/1\\.1 4\\d\\d.*|HTTP/1\\.1 50[15].*");
            assertThat(head).as(request.substring(0, 30)).contains("content-type: application/problem+json");
            assertThat(answer).doesNotContain("<html").doesNotContain("Exception");
        }
    }

    private String raw(String request) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                    answer.write(buffer, 0, n);
                    if (answer.toString(StandardCharsets.ISO_8859_1).contains("}")) {
                        break;
                    }
                }
            } catch (java.net.SocketException reset) {
                // Tomcat may close after answering a request it refused
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
