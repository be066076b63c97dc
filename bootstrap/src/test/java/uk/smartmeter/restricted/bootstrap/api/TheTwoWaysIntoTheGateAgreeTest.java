package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.gate.SrvCatalogue;
import uk.smartmeter.restricted.domain.gate.SrvEntry;

/**
 * Every SRV of the catalogue, asked through both ways in (JSON and DUIS XML), about a Restricted
 * electricity meter, a Restricted gas meter, that gas meter's GPF, the DCC's own EUI with no device in
 * the body, and the DCC's EUI with the electricity meter named in the body. For the same question both
 * ways must give the same decision and code, and neither may leave a real DUIS request undecided.
 */
class TheTwoWaysIntoTheGateAgreeTest extends RunningService {

    private static final String ESME = "00-DB-12-34-56-79-20-A0";
    private static final String GSME = "00-DB-12-34-56-79-20-A1";
    private static final String GPF = "00-DB-12-34-56-79-20-A3";
    private static final String DCC_EUI = "90-B3-D5-1F-30-00-00-02";
    private static final String ELECTRICITY_SUPPLIER = "90-B3-D5-1F-30-01-00-20";
    private static final String GAS_SUPPLIER = "90-B3-D5-1F-30-01-00-21";

    private void enrolCommissioned(String dcc, String body, String deviceId) {
        assertThat(api.send("POST", "/api/v1/devices", dcc, body).status()).isIn(200, 201);
        assertThat(api.send("POST", "/api/v1/devices/" + deviceId + "/smi-status-changes", dcc,
                "{\"target\":\"METER\",\"status\":\"COMMISSIONED\"}").status()).isEqualTo(200);
    }

    private static String duis(String requestId, String srv, String bodyDevice) {
        String body;
        if ("5.1".equals(srv)) {
            body = "<sr:CreateSchedule><sr:DSPScheduledServiceReferenceVariant>4.1.1"
                    + "</sr:DSPScheduledServiceReferenceVariant></sr:CreateSchedule>";
        } else if ("1.6".equals(srv)) {
            body = "<sr:UpdatePaymentMode><sr:Prepayment/></sr:UpdatePaymentMode>";
        } else {
            body = "";
        }
        if (bodyDevice != null) {
            body += "<sr:ReadInventory><sr:DeviceID>" + bodyDevice + "</sr:DeviceID></sr:ReadInventory>";
        }
        return "<sr:Request xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\"><sr:Header><sr:RequestID>"
                + requestId + "</sr:RequestID><sr:CommandVariant>1</sr:CommandVariant><sr:ServiceReferenceVariant>"
                + srv + "</sr:ServiceReferenceVariant></sr:Header><sr:Body>" + body + "</sr:Body></sr:Request>";
    }

    private static String json(String requestId, String srv, String deviceId) {
        String extra = "5.1".equals(srv) ? ",\"scheduledSrv\":\"4.1.1\"" : "1.6".equals(srv) ? ",\"paymentMode\":\"PREPAYMENT\"" : "";
        return "{\"requestId\":\"%s\",\"senderId\":\"%s\",\"senderRole\":\"IS\",\"srv\":\"%s\",\"deviceId\":\"%s\"%s}"
                .formatted(requestId, ELECTRICITY_SUPPLIER, srv, deviceId, extra);
    }

    @Test
    void everySrvOfTheCatalogueGetsTheSameDecisionThroughJsonAndThroughDuisForEveryKindOfTarget() {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        enrolCommissioned(dcc, HttpApi.enrolment(ESME, ELECTRICITY_SUPPLIER), ESME);
        enrolCommissioned(dcc, HttpApi.enrolment(GSME, GAS_SUPPLIER).replace("\"ESME\"", "\"GSME\"")
                .replace("\"mpxn\":\"1234567890123\"", "\"mpxn\":\"1234567890\"").replace("\"role\":\"IS\"", "\"role\":\"GS\"")
                .replace("\"commsHubStatus\"", "\"gpfId\":\"" + GPF + "\",\"commsHubStatus\""), GSME);
        assertThat(api.send("PUT", "/api/v1/devices/" + ESME + "/restriction", api.token(ELECTRICITY_SUPPLIER,
                UserRole.IS), HttpApi.attestation()).status()).isEqualTo(200);
        assertThat(api.send("PUT", "/api/v1/devices/" + GSME + "/restriction", api.token(GAS_SUPPLIER, UserRole.GS),
                HttpApi.attestation()).status()).isEqualTo(200);

        Map<String, String> xmlHeaders = Map.of("Content-Type", "application/xml");
        List<String> disagreements = new ArrayList<>();
        Set<String> deniedSomewhere = new TreeSet<>();
        int asked = 0;
        int counter = 0;
        for (SrvEntry entry : SrvCatalogue.bundled().entries()) {
            String srv = entry.srv().value();
            // target in the header, device named in the body, device the JSON question names
            String[][] targets = {{ESME, null, ESME}, {GSME, null, GSME}, {GPF, null, GPF}, {DCC_EUI, null, DCC_EUI},
                    {DCC_EUI, ESME, ESME}};
            for (String[] target : targets) {
                String requestId = ELECTRICITY_SUPPLIER + ":" + target[0] + ":" + (++counter);
                HttpApi.Response byJson = api.send("POST", "/api/v1/gate/decisions", dcc, json(requestId, srv, target[2]));
                HttpApi.Response byDuis = api.send("POST", "/api/v1/gate/duis?senderRole=IS", dcc,
                        duis(requestId, srv, target[1]), xmlHeaders);
                asked++;
                String what = srv + " to " + target[0] + (target[1] == null ? "" : " naming " + target[1]);
                if (byJson.status() != 200 || byDuis.status() != 200) {
                    disagreements.add(what + ": json " + byJson + " duis " + byDuis);
                    continue;
                }
                String jsonAnswer = byJson.json().get("decision").asText() + " " + byJson.json().path("responseCode").asText();
                String duisAnswer = byDuis.json().get("decision").asText() + " " + byDuis.json().path("responseCode").asText();
                if (!jsonAnswer.equals(duisAnswer)) {
                    disagreements.add(what + ": json " + jsonAnswer + ", duis " + duisAnswer);
                }
                if (jsonAnswer.startsWith("DENY")) {
                    deniedSomewhere.add(srv);
                }
                if (DCC_EUI.equals(target[2])) {
                    assertThat(jsonAnswer).as(what + ": the DCC's own EUI holds no consumption").startsWith("ALLOW");
                }
            }
        }

        assertThat(disagreements).as("questions answered differently (or not at all) by the two ways in").isEmpty();
        assertThat(asked).isEqualTo(5 * SrvCatalogue.bundled().entries().size());
        assertThat(deniedSomewhere).as("consumption reads of a Restricted meter are denied both ways")
                .contains("4.1.1", "4.6.1", "4.8.1", "4.17", "5.1", "1.6");
    }
}
