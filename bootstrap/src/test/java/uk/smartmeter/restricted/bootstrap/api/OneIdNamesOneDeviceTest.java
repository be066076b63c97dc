package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * One ID names one device: a gas meter cannot be enrolled with a GPF that is an enrolled meter's ID, another
 * gas meter's GPF, itself or its Comms Hub, and a meter cannot be enrolled with the ID of a GPF. Otherwise a
 * Supplier clearing its own gas meter would reopen consumption reads of a Restricted meter at the gate.
 */
class OneIdNamesOneDeviceTest extends RunningService {

    private static final String SUPPLIER = "SUPPLIER-ONE-ID";
    private static final String ESME = "00-DB-12-34-56-7A-1D-01";
    private static final String GSME = "00-DB-12-34-56-7A-1D-02";
    private static final String GPF = "00-DB-12-34-56-7A-1D-03";
    private static final String HUB = "00-DB-12-34-56-7A-1D-F0";

    private static String gas(String meter, String gpf) {
        return HttpApi.commissioned(meter, HUB, "CENTRAL", SUPPLIER).replace("\"ESME\"", "\"GSME\"")
                .replace("\"mpxn\":\"1234567890123\"", "\"mpxn\":\"1234567890\"").replace("\"role\":\"IS\"", "\"role\":\"GS\"")
                .replace("\"commsHubStatus\"", "\"gpfId\":\"" + gpf + "\",\"commsHubStatus\"");
    }

    private HttpApi.Response enrol(String body) {
        return api.send("POST", "/api/v1/devices", api.token("DCC-DSP", UserRole.DCC), body);
    }

    private String decide(String device) {
        return api.send("POST", "/api/v1/gate/decisions", api.token("DCC-DSP", UserRole.DCC),
                "{\"requestId\":\"one-id\",\"srv\":\"4.1.1\",\"deviceId\":\"" + device + "\"}").json()
                .get("decision").asText();
    }

    @Test
    void aGpfThatIsAnotherDevicesIdIsRefusedAndTheRestrictedMeterStaysRestricted() {
        assertThat(enrol(HttpApi.commissioned(ESME, HUB, "CENTRAL", SUPPLIER)).status()).isEqualTo(201);
        assertThat(api.send("PUT", "/api/v1/devices/" + ESME + "/restriction", api.token(SUPPLIER, UserRole.IS),
                HttpApi.attestation()).status()).isEqualTo(200);
        assertThat(enrol(gas(GSME, GPF)).status()).isEqualTo(201);
        int refused = refusalsRecorded("DEVICE_ID_IN_USE");

        List<HttpApi.Response> refusals = List.of(
                enrol(gas("00-DB-12-34-56-7A-1D-04", ESME)),          // a meter's ID as a GPF
                enrol(gas("00-DB-12-34-56-7A-1D-05", GPF)),           // another gas meter's GPF
                enrol(gas("00-DB-12-34-56-7A-1D-06", "00-DB-12-34-56-7A-1D-06")), // itself
                enrol(gas("00-DB-12-34-56-7A-1D-07", HUB)),           // its Comms Hub
                enrol(HttpApi.commissioned(GPF, HUB, "CENTRAL", SUPPLIER))); // a GPF's ID as a meter

        assertThat(refusals).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(422);
            assertThat(answer.json().get("code").asText()).isEqualTo("DEVICE_ID_IN_USE");
        });
        assertThat(refusalsRecorded("DEVICE_ID_IN_USE")).as("each refusal recorded").isEqualTo(refused + 5);
        assertThat(eventsOf("00-DB-12-34-56-7A-1D-04")).as("nothing appended").isZero();
        assertThat(decide(ESME)).isEqualTo("DENY");
        assertThat(api.send("POST", "/api/v1/devices", api.token("DCC-DSP", UserRole.DCC), gas("00-DB-12-34-56-7A-1D-04",
                "00-DB-12-34-56-7A-1D-08")).status()).as("the refused meter enrols with a GPF of its own").isEqualTo(201);
    }

    @Test
    void twoGasMetersEnrolledAtOnceWithOneGpfOneWins() throws Exception {
        String shared = "00-DB-12-34-56-7A-1E-03";
        ExecutorService racers = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> enrolments = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String meter = String.format("00-DB-12-34-56-7A-1E-%02X", 0x10 + i);
                enrolments.add(() -> enrol(gas(meter, shared)).status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : racers.invokeAll(enrolments)) {
                statuses.add(status.get());
            }
            assertThat(statuses).as("one enrolment takes the GPF, the others are refused").containsOnlyOnce(201)
                    .containsOnly(201, 422);
        } finally {
            racers.shutdownNow();
        }
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM device_identity WHERE identity_id = ?", Integer.class,
                shared)).isEqualTo(1);
    }
}
