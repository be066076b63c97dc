package uk.smartmeter.restricted.bootstrap.api;

import uk.smartmeter.restricted.bootstrap.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.test.context.TestPropertySource;
import uk.smartmeter.restricted.application.axon.GateIndexFeed;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * The gate on the whole service, with the DCC Boxed inventory enrolled: A0 ESME, A1 GSME with A3 its GPF, A2 their
 * Comms Hub. Each case that a DSP relies on (receipts, the R1/R2/R3 rules, fail-closed, read-your-writes, batches,
 * broken rules, who may ask) runs once over HTTP and once over gRPC (issue 20), with the same assertions. A context
 * of its own (a short max lag, a small DUIS limit), so its devices meet no other suite's.
 */
@TestPropertySource(properties = {"restricted.gate.max-lag=600ms", "restricted.gate.check-interval=50ms",
        "restricted.api.duis.max-bytes=65536", "restricted.api.uploads.batch-max-bytes=" + GateEndToEndTest.BATCH_LIMIT})
class GateEndToEndTest extends RunningService {

    static final int BATCH_LIMIT = 16 * 1024 * 1024;
    private static final String A0 = "00-DB-12-34-56-78-90-A0";
    private static final String A1 = "00-DB-12-34-56-78-90-A1";
    private static final String A3 = "00-DB-12-34-56-78-90-A3";
    private static final String ELECTRICITY_SUPPLIER = "90-B3-D5-1F-30-01-00-00";
    private static final String GAS_SUPPLIER = "90-B3-D5-1F-30-01-00-01";
    /** The templates that read consumption: from A0, from A1, or from A1's GPF A3. */
    private static final Set<String> CONSUMPTION_TEMPLATES = Set.of(
            "ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML", "ECS21a_4.6.1_SINGLE_SUCCESS_REQUEST_DUIS.XML",
            "ECS22b_4.8.1_SINGLE_SUCCESS_REQUEST_DUIS.XML", "GCS13a_4.1.1_SUCCESS_RELIABLE_GSME_REQUEST_DUIS.XML",
            "GCS16a_4.6.1_SUCCESS_REQUEST_DUIS.XML", "GCS61_4.17_SUCCESS_REQUEST_DUIS.XML");

    @Autowired
    EventProcessingConfiguration processors;

    private String dcc;

    @BeforeEach
    void dccSystems() {
        dcc = api.token("DCC-DSP", UserRole.DCC);
    }

    private static Map<String, String> templates() throws IOException {
        Map<String, String> templates = new TreeMap<>();
        for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath:duis-templates/*.XML")) {
            try (InputStream in = resource.getInputStream()) {
                templates.put(resource.getFilename(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(templates).hasSize(20);
        return templates;
    }

    private HttpApi.Response duis(String xml) {
        return api.send("POST", "/api/v1/gate/duis?senderRole=IS", dcc, xml, Map.of("Content-Type", "application/xml"));
    }

    private HttpApi.Response decide(String body) {
        return api.send("POST", "/api/v1/gate/decisions", dcc, body);
    }

    private JsonNode decide(GateTransport transport, String body) {
        return transport.decide(this, dcc, body);
    }

    private JsonNode duis(GateTransport transport, String xml) {
        return transport.duis(this, dcc, xml, "IS");
    }

    /** A device ID of this case's own for each transport: the last byte's high nibble says which. */
    private static String device(String prefix, GateTransport transport) {
        return prefix + (transport == GateTransport.HTTP ? "0" : "8");
    }

    private long lastReceipt() {
        return sql.queryForObject("SELECT COALESCE(MAX(receipt_number), 0) FROM gate_receipt", Long.class);
    }

    private static String read(String requestId, String srv, String deviceId) {
        return "{\"requestId\":\"%s\",\"senderId\":\"%s\",\"senderRole\":\"IS\",\"srv\":\"%s\",\"deviceId\":\"%s\"}"
                .formatted(requestId, ELECTRICITY_SUPPLIER, srv, deviceId);
    }

    private void enrolCommissioned(String body, String deviceId) {
        if (api.get("/api/v1/devices/" + deviceId, dcc).status() == 200) {
            return;
        }
        HttpApi.Response enrolled = api.send("POST", "/api/v1/devices", dcc, body);
        assertThat(enrolled.status()).as(enrolled.toString()).isIn(200, 201);
        HttpApi.Response commissioned = api.send("POST", "/api/v1/devices/" + deviceId + "/smi-status-changes", dcc,
                "{\"target\":\"METER\",\"status\":\"COMMISSIONED\"}");
        assertThat(commissioned.status()).as(commissioned.toString()).isEqualTo(200);
    }

    private static String gasEnrolment(String deviceId, String gpfId, String supplier) {
        return HttpApi.enrolment(deviceId, supplier).replace("\"ESME\"", "\"GSME\"")
                .replace("\"mpxn\":\"1234567890123\"", "\"mpxn\":\"1234567890\"")
                .replace("\"role\":\"IS\"", "\"role\":\"GS\"")
                .replace("\"commsHubStatus\"", "\"gpfId\":\"" + gpfId + "\",\"commsHubStatus\"");
    }

    private void restrict(String deviceId, String supplierToken) {
        HttpApi.Response applied = api.send("PUT", "/api/v1/devices/" + deviceId + "/restriction", supplierToken,
                HttpApi.attestation());
        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
    }

    private void clear(String deviceId, String supplierToken) {
        HttpApi.Response cleared = api.send("DELETE", "/api/v1/devices/" + deviceId
                + "/restriction?reason=CONSUMER_REQUEST", supplierToken, null);
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
    }

    private void awaitReady() throws InterruptedException {
        Eventually.holds("readiness", Duration.ofSeconds(20),
                () -> api.get("/actuator/health/readiness", null).status() == 200);
    }

    @ParameterizedTest
    @EnumSource(GateTransport.class)
    void everyDuisTemplateIsDeniedWhenItReadsARestrictedMetersConsumptionAndAllowedOtherwiseAndAllAfterClearing(
            GateTransport transport) throws Exception {
        awaitReady();
        long mark = lastReceipt();
        String electricity = api.token(ELECTRICITY_SUPPLIER, UserRole.IS);
        String gas = api.token(GAS_SUPPLIER, UserRole.GS);
        enrolCommissioned(HttpApi.enrolment(A0, ELECTRICITY_SUPPLIER), A0);
        enrolCommissioned(gasEnrolment(A1, A3, GAS_SUPPLIER), A1);
        restrict(A0, electricity);
        restrict(A1, gas);

        Map<String, String> denied = new TreeMap<>();
        List<String> allowed = new ArrayList<>();
        for (Map.Entry<String, String> template : templates().entrySet()) {
            JsonNode answer = duis(transport, template.getValue());
            assertThat(answer.has("decision")).as(template.getKey() + " " + answer).isTrue();
            if ("DENY".equals(answer.get("decision").asText())) {
                denied.put(template.getKey(), answer.get("responseCode").asText());
            } else {
                allowed.add(template.getKey());
            }
        }
        assertThat(denied.keySet()).containsExactlyInAnyOrderElementsOf(CONSUMPTION_TEMPLATES);
        assertThat(denied.values()).containsOnly("R1");
        assertThat(allowed).hasSize(14);

        HttpApi.Response receipts = api.get("/api/v1/gate/receipts?requestId="
                + "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A3:1003", dcc);
        assertThat(receipts.status()).as(receipts.toString()).isEqualTo(200);
        JsonNode receipt = receipts.json().get(receipts.json().size() - 1);
        assertThat(receipt.get("receiptNumber").asLong()).as("this run's receipt").isGreaterThan(mark);
        assertThat(receipt.get("srv").asText()).isEqualTo("4.17");
        assertThat(receipt.get("deviceId").asText()).isEqualTo(A3);
        assertThat(receipt.get("flagMeter").asText()).as("the GPF's gas meter holds the flag").isEqualTo(A1);
        long flagVersion = sql.queryForObject("SELECT MAX(sequenceNumber) FROM DomainEventEntry WHERE"
                + " aggregateIdentifier = ? AND payloadType LIKE '%RestrictionApplied'", Long.class, A1);
        assertThat(receipt.get("flagVersion").asLong()).as("the restriction this run applied").isEqualTo(flagVersion);
        assertThat(receipt.get("flagEventType").asText()).isEqualTo("RestrictionApplied");
        assertThat(receipt.get("flagEventId").asText()).isEqualTo(sql.queryForObject(
                "SELECT eventIdentifier FROM DomainEventEntry WHERE aggregateIdentifier = ? AND sequenceNumber = ?",
                String.class, A1, flagVersion));
        assertThat(receipt.get("senderId").asText()).isEqualTo("90-B3-D5-1F-30-01-00-00");
        JsonNode forGasMeter = api.get("/api/v1/gate/receipts?deviceId=" + A1 + "&after=" + mark, dcc).json();
        assertThat(forGasMeter.findValuesAsText("srv")).as("GCS13a, GCS16a, GCS61: at A1 or its GPF")
                .containsExactlyInAnyOrder("4.1.1", "4.6.1", "4.17");
        JsonNode page = api.get("/api/v1/gate/receipts?deviceId=" + A1 + "&limit=1&after="
                + forGasMeter.get(0).get("receiptNumber").asLong(), dcc).json();
        assertThat(page.get(0).get("receiptNumber").asLong()).isEqualTo(forGasMeter.get(1).get("receiptNumber").asLong());

        clear(A0, electricity);
        clear(A1, gas);
        for (Map.Entry<String, String> template : templates().entrySet()) {
            JsonNode answer = duis(transport, template.getValue());
            assertThat(answer.get("decision").asText()).as(template.getKey()).isEqualTo("ALLOW");
        }
    }

    @ParameterizedTest
    @EnumSource(GateTransport.class)
    void readYourWritesAnAcknowledgedRestrictionIsEnforcedOnTheVeryNextGateCall(GateTransport transport)
            throws Exception {
        awaitReady();
        String meter = device("00-DB-12-34-56-78-91-B", transport);
        String supplier = api.token(ELECTRICITY_SUPPLIER, UserRole.IS);
        enrolCommissioned(HttpApi.enrolment(meter, ELECTRICITY_SUPPLIER), meter);

        for (int round = 0; round < 25; round++) {
            restrict(meter, supplier);
            JsonNode denied = decide(transport, read("ryw-" + round, "4.8.1", meter));
            assertThat(denied.get("decision").asText()).as("round %d after apply", round).isEqualTo("DENY");
            assertThat(denied.get("responseCode").asText()).isEqualTo("R1");

            clear(meter, supplier);
            JsonNode allowed = decide(transport, read("ryw-" + round, "4.8.1", meter));
            assertThat(allowed.get("decision").asText()).as("round %d after clear", round).isEqualTo("ALLOW");
        }
    }

    @ParameterizedTest
    @EnumSource(GateTransport.class)
    void failClosedWhenTheIndexFeedStallsConsumptionIsDeniedWithR3AndReadinessIsDownUntilItCatchesUp(
            GateTransport transport) throws Exception {
        awaitReady();
        String meter = device("00-DB-12-34-56-78-92-C", transport);
        String unrestricted = device("00-DB-12-34-56-78-92-D", transport);
        String stalled = "stalled-" + transport + "-";
        TrackingEventProcessor feed = processors.eventProcessor(GateIndexFeed.TRACKING, TrackingEventProcessor.class)
                .orElseThrow();
        enrolCommissioned(HttpApi.enrolment(meter, ELECTRICITY_SUPPLIER), meter);

        feed.shutDown();
        try {
            restrict(meter, api.token(ELECTRICITY_SUPPLIER, UserRole.IS));
            Eventually.holds("readiness DOWN once the stalled feed is behind the store", Duration.ofSeconds(20),
                    () -> api.get("/actuator/health/readiness", null).status() == 503);
            JsonNode unknown = decide(transport, read(stalled + 1, "4.1.1", unrestricted));
            assertThat(unknown.get("decision").asText()).isEqualTo("DENY");
            assertThat(unknown.get("responseCode").asText()).isEqualTo("R3");
            JsonNode firmware = decide(transport, read(stalled + 2, "11.2", unrestricted));
            assertThat(firmware.get("decision").asText()).isEqualTo("ALLOW");
            JsonNode alert = decide(transport, "{\"requestId\":\"" + stalled + "3\",\"alertCode\":\"0x8F35\","
                    + "\"deviceId\":\"" + meter + "\"}");
            assertThat(alert.get("decision").asText()).isEqualTo("ALLOW");
        } finally {
            feed.start();
        }

        awaitReady();
        assertThat(decide(transport, read("resumed-1", "4.1.1", unrestricted)).get("decision").asText())
                .isEqualTo("ALLOW");
        assertThat(decide(transport, read("resumed-2", "4.1.1", meter)).get("responseCode").asText())
                .isEqualTo("R1");
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM gate_receipt WHERE request_id = ?"
                + " AND response_code = 'R3' AND flag_meter IS NULL", Integer.class, stalled + 1)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(GateTransport.class)
    void aBatchOfMoreThanAThousandIsAnsweredLineByLineInOrderWithItsDenialsRecorded(GateTransport transport)
            throws Exception {
        String meter = device("00-DB-12-34-56-78-93-D", transport);
        enrolCommissioned(HttpApi.enrolment(meter, ELECTRICITY_SUPPLIER), meter);
        restrict(meter, api.token(ELECTRICITY_SUPPLIER, UserRole.IS));
        String batch = "batch-" + transport + "-";
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            String device = i % 3 == 0 ? meter : device("00-DB-12-34-56-78-93-E", transport);
            lines.add(read(batch + i, i % 2 == 0 ? "4.1.1" : "6.15.1", device));
        }
        lines.add("{\"requestId\":\"batch-bad\",\"srv\":\"99.9\",\"deviceId\":\"nope\"}");

        List<JsonNode> out = transport.batch(this, dcc, lines);

        assertThat(out).hasSize(1_201);
        int denials = 0;
        for (int i = 0; i < 1_200; i++) {
            JsonNode line = out.get(i);
            assertThat(line.get("line").asLong()).isEqualTo(i + 1);
            assertThat(line.get("requestId").asText()).isEqualTo(batch + i);
            boolean consumptionOfRestricted = i % 3 == 0 && i % 2 == 0;
            assertThat(line.get("decision").asText()).as("line %d", i + 1)
                    .isEqualTo(consumptionOfRestricted ? "DENY" : "ALLOW");
            denials += consumptionOfRestricted ? 1 : 0;
        }
        JsonNode bad = out.get(1_200);
        assertThat(bad.get("line").asLong()).isEqualTo(1_201);
        assertThat(bad.get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("deviceId", "srv");
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM gate_receipt WHERE request_id LIKE ?",
                Integer.class, batch + "%")).isEqualTo(denials);
    }

    /**
     * A client that writes its whole request before reading a byte, over a raw socket, as Python's requests
     * does: a batch just under the documented limit (here 16 MiB) is answered in full, and one over it is 413.
     * The client's receive buffer is small and the answers (about 4.5 MB) outgrow what the server's socket
     * buffers hold, so a service that answered before it had read the whole body would stall here.
     */
    @Test
    void aClientThatSendsTheWholeBatchBeforeReadingIsAnsweredAndOneOverTheLimitIs413() throws Exception {
        StringBuilder lines = new StringBuilder();
        int count = 0;
        while (true) {
            String line = read("unread-" + count, "4.1.1", "00-DB-12-34-56-78-93-E1") + "\n";
            if (lines.length() + line.length() > BATCH_LIMIT) {
                break;
            }
            lines.append(line);
            count++;
        }
        byte[] body = lines.toString().getBytes(StandardCharsets.UTF_8);

        String answer = sendAllThenRead(body);

        assertThat(answer).startsWith("HTTP/1.1 200");
        String content = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertThat(content.lines().filter(line -> line.contains("\"requestId\":\"unread-")).count())
                .as("one answer per line, every line").isEqualTo(count);
        assertThat(count).as("answers well beyond any socket buffer").isGreaterThan(90_000);

        byte[] over = (lines + read("one-too-many", "4.1.1", "00-DB-12-34-56-78-93-E1") + "\n")
                .getBytes(StandardCharsets.UTF_8);
        String refused = send(over, false);
        assertThat(refused).startsWith("HTTP/1.1 413");
        assertThat(refused).contains("application/problem+json");
    }

    private String sendAllThenRead(byte[] body) throws Exception {
        return send(body, true);
    }

    /** {@code whole}: the service must read all of the body before it answers (false: it may refuse it first). */
    private String send(byte[] body, boolean whole) throws Exception {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(60_000);
            java.io.OutputStream out = socket.getOutputStream();
            // a socket write has no timeout of its own: a service that stopped reading would hang it for good
            java.util.concurrent.CompletableFuture<Void> sent = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    out.write(("POST /api/v1/gate/decisions/batch HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                            + dcc + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: " + body.length
                            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                } catch (IOException failed) {
                    throw new java.io.UncheckedIOException(failed);
                }
            });
            try {
                if (whole) {
                    sent.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (java.util.concurrent.TimeoutException stalled) {
                throw new AssertionError("the service stopped reading the batch before it was all sent: a client that"
                        + " sends everything before reading would deadlock");
            }
            return decodeChunked(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Joins a chunked body's chunks (the chunk-size lines are dropped), keeping the head as it came. */
    private static String decodeChunked(String raw) {
        int split = raw.indexOf("\r\n\r\n");
        if (split < 0 || !raw.substring(0, split).toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
            return raw;
        }
        StringBuilder content = new StringBuilder();
        int at = split + 4;
        while (at < raw.length()) {
            int lineEnd = raw.indexOf("\r\n", at);
            int size = Integer.parseInt(raw.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            // sizes count bytes; the answers are ASCII, so bytes and chars agree
            content.append(raw, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return raw.substring(0, split + 4) + content;
    }

    private static String duisRequest(String target, String srv, String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4">
                  <sr:Header>
                    <sr:RequestID>90-B3-D5-1F-30-01-00-00:%s:77</sr:RequestID>
                    <sr:CommandVariant>1</sr:CommandVariant>
                    <sr:ServiceReferenceVariant>%s</sr:ServiceReferenceVariant>
                  </sr:Header>
                  <sr:Body>%s</sr:Body>
                </sr:Request>""".formatted(target, srv, body);
    }

    @ParameterizedTest
    @EnumSource(GateTransport.class)
    void aCreateScheduleThatRetrievesConsumptionOfARestrictedMeterIsDeniedAndOneOfSomethingElseAllowed(
            GateTransport transport) {
        String meter = device("00-DB-12-34-56-78-94-E", transport);
        enrolCommissioned(HttpApi.enrolment(meter, ELECTRICITY_SUPPLIER), meter);
        restrict(meter, api.token(ELECTRICITY_SUPPLIER, UserRole.IS));
        String schedule = "<sr:CreateSchedule><sr:DSPScheduledServiceReferenceVariant>%s"
                + "</sr:DSPScheduledServiceReferenceVariant><sr:DeviceID>" + meter + "</sr:DeviceID></sr:CreateSchedule>";

        JsonNode consumption = duis(transport, duisRequest("90-B3-D5-1F-30-00-00-02", "5.1",
                schedule.formatted("4.6.1")));
        JsonNode credentials = duis(transport, duisRequest("90-B3-D5-1F-30-00-00-02", "5.1",
                schedule.formatted("6.24.1")));

        assertThat(consumption.get("responseCode").asText()).as(consumption.toString()).isEqualTo("R1");
        assertThat(consumption.at("/devices/0/deviceId").asText()).isEqualTo(meter);
        assertThat(credentials.get("decision").asText()).as(credentials.toString()).isEqualTo("ALLOW");
        assertThat(duis(transport, duisRequest("90-B3-D5-1F-30-00-00-02", "5.1", "<sr:CreateSchedule><sr:DeviceID>"
                + meter + "</sr:DeviceID></sr:CreateSchedule>")).at("/errors/0/field").asText())
                .isEqualTo("Body.DSPScheduledServiceReferenceVariant");
    }

    @ParameterizedTest
    @EnumSource(GateTransport.class)
    void updatePaymentModeToPrepaymentOfARestrictedMeterIsDeniedWithClearRestrictedModeFirst(GateTransport transport) {
        String meter = device("00-DB-12-34-56-78-94-F", transport);
        enrolCommissioned(HttpApi.enrolment(meter, ELECTRICITY_SUPPLIER), meter);
        restrict(meter, api.token(ELECTRICITY_SUPPLIER, UserRole.IS));

        JsonNode prepayment = duis(transport, duisRequest(meter, "1.6", "<sr:UpdatePaymentMode><sr:Prepayment>"
                + "<sr:DebtRecoveryRateCap>0</sr:DebtRecoveryRateCap></sr:Prepayment></sr:UpdatePaymentMode>"));
        JsonNode credit = duis(transport, duisRequest(meter, "1.6",
                "<sr:UpdatePaymentMode><sr:Credit/></sr:UpdatePaymentMode>"));
        JsonNode json = decide(transport, "{\"requestId\":\"pp-1\",\"srv\":\"1.6\",\"paymentMode\":\"PREPAYMENT\","
                + "\"deviceId\":\"" + meter + "\"}");

        assertThat(prepayment.get("responseCode").asText()).as(prepayment.toString()).isEqualTo("R2");
        assertThat(credit.get("decision").asText()).isEqualTo("ALLOW");
        assertThat(json.get("responseCode").asText()).isEqualTo("R2");
    }

    @ParameterizedTest
    @EnumSource(GateTransport.class)
    void theBillingDataLogAlertOfARestrictedMeterIsDeniedAndASafetyAlertPasses(GateTransport transport) {
        String meter = device("00-DB-12-34-56-78-95-A", transport);
        enrolCommissioned(HttpApi.enrolment(meter, ELECTRICITY_SUPPLIER), meter);
        restrict(meter, api.token(ELECTRICITY_SUPPLIER, UserRole.IS));
        String alert = "alert-" + transport + "-";

        JsonNode billing = decide(transport, "{\"requestId\":\"" + alert + "1\",\"alertCode\":\"0x8F0A\","
                + "\"deviceId\":\"" + meter + "\"}");
        JsonNode safety = decide(transport, "{\"requestId\":\"" + alert + "2\",\"alertCode\":\"0x8F35\","
                + "\"deviceId\":\"" + meter + "\"}");

        assertThat(billing.get("responseCode").asText()).as(billing.toString()).isEqualTo("R1");
        assertThat(safety.get("decision").asText()).isEqualTo("ALLOW");
        JsonNode receipt = api.get("/api/v1/gate/receipts?requestId=" + alert + "1", dcc).json().get(0);
        assertThat(receipt.get("alertCode").asText()).isEqualTo("0x8F0A");
        assertThat(receipt.get("question").asText()).isEqualTo("ALERT");
    }

    @ParameterizedTest
    @EnumSource(GateTransport.class)
    void aDecisionRequestThatBreaksRulesIsAnsweredWithEveryBrokenRuleAndNothingIsDecided(GateTransport transport) {
        int before = refusalsRecorded("INVALID_REQUEST");
        JsonNode answer = decide(transport, "{\"requestId\":\"\",\"srv\":\"4.1.1\",\"alertCode\":\"0x8F0A\","
                + "\"deviceId\":\"00-DB\",\"scheduledSrv\":\"4.6.1\"}");

        assertThat(answer.has("decision")).as(answer.toString()).isFalse();
        assertThat(answer.path("grpcStatus").asText(transport == GateTransport.HTTP ? "" : "missing"))
                .isEqualTo(transport == GateTransport.HTTP ? "" : "INVALID_ARGUMENT");
        assertThat(answer.get("errors").findValuesAsText("field"))
                .contains("requestId", "deviceId", "alertCode", "scheduledSrv");
        assertThat(refusalsRecorded("INVALID_REQUEST")).as("the refusal is recorded").isEqualTo(before + 1);
    }

    @Test
    void anUnknownFieldIsRefusedOverHttp() {
        assertThat(decide("{\"requestId\":\"x\",\"srv\":\"4.1.1\",\"deviceId\":\"00-DB-12-34-56-78-90-A0\","
                + "\"extra\":1}").status()).as("an unknown field").isEqualTo(400);
    }

    @Test
    void aDuisRequestWithADoctypeIsRefusedSoNoExternalEntityIsEverRead() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway"><sr:Header>
                <sr:RequestID>&xxe;</sr:RequestID><sr:ServiceReferenceVariant>4.1.1</sr:ServiceReferenceVariant>
                </sr:Header><sr:Body/></sr:Request>""";

        HttpApi.Response answer = duis(xxe);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).contains("application/problem+json");
        assertThat(answer.body()).contains("DOCTYPE").doesNotContain("root:");
    }

    @Test
    void aDuisRequestWithEntityExpansionIsRefused() {
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;"
                + "&lol;&lol;&lol;&lol;&lol;\">]><sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\">"
                + "<sr:Header><sr:RequestID>&lol2;</sr:RequestID></sr:Header></sr:Request>";

        assertThat(duis(laughs).status()).isEqualTo(400);
    }

    @Test
    void malformedOrForeignXmlGetsAProblemNamingWhatIsWrongNeverA500() {
        assertThat(duis("<sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\"><sr:Header>")
                .status()).isEqualTo(400);
        HttpApi.Response foreign = duis("<Request><Header/></Request>");
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().at("/errors/0/field").asText()).isEqualTo("Request");
        String unknownSrv = """
                <sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway"><sr:Header>
                <sr:RequestID>90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1</sr:RequestID>
                <sr:ServiceReferenceVariant>99.9</sr:ServiceReferenceVariant></sr:Header><sr:Body/></sr:Request>""";
        HttpApi.Response unknown = duis(unknownSrv);
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().at("/errors/0/field").asText()).isEqualTo("Header.ServiceReferenceVariant");
        String noDevice = unknownSrv.replace("00-DB-12-34-56-78-90-A0", "90-B3-D5-1F-30-00-00-02")
                .replace("99.9", "8.2");
        HttpApi.Response toTheDcc = duis(noDevice);
        assertThat(toTheDcc.status()).as("a request to the DCC naming no device reaches no meter: " + toTheDcc)
                .isEqualTo(200);
        assertThat(toTheDcc.json().get("decision").asText()).isEqualTo("ALLOW");
        HttpApi.Response badDevice = duis(noDevice.replace("<sr:Body/>",
                "<sr:Body><sr:ReadInventory><sr:DeviceID>nope</sr:DeviceID></sr:ReadInventory></sr:Body>"));
        assertThat(badDevice.json().at("/errors/0/field").asText()).isEqualTo("Body.DeviceID");
    }

    @Test
    void aDuisRequestOverTheSizeLimitIsRefusedWith413() {
        String huge = "<sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\"><sr:Body>"
                + "<sr:Pad>" + "A".repeat(70_000) + "</sr:Pad></sr:Body></sr:Request>";

        HttpApi.Response answer = duis(huge);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
    }

    @ParameterizedTest
    @EnumSource(GateTransport.class)
    void onlyDccSystemsMayAskTheGateAndTheRefusalIsRecorded(GateTransport transport) throws Exception {
        String supplier = api.token(ELECTRICITY_SUPPLIER, UserRole.IS);
        int before = refusalsRecorded("ROLE_NOT_PERMITTED");
        long receipts = lastReceipt();

        JsonNode answer = transport.decide(this, supplier, read("not-mine", "4.1.1", A0));

        assertThat(answer.has("decision")).as(answer.toString()).isFalse();
        assertThat(transport == GateTransport.HTTP ? answer.get("status").asInt() : answer.get("grpcStatus").asText())
                .isEqualTo(transport == GateTransport.HTTP ? (Object) 403 : "PERMISSION_DENIED");
        assertThat(refusalsRecorded("ROLE_NOT_PERMITTED")).isEqualTo(before + 1);
        assertThat(lastReceipt()).as("nothing was decided").isEqualTo(receipts);
        assertThat(api.get("/api/v1/gate/receipts?requestId=x", api.token("OFGEM", UserRole.REGULATOR)).status())
                .as("regulators read receipts").isEqualTo(200);
    }
}
