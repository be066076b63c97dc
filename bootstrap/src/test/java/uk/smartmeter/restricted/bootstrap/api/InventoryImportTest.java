package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.UserRole;

/** The streamed bulk import over HTTP: per-line results in input order, a summary, and safe re-sends. */
class InventoryImportTest extends RunningService {

    private static final String CSV_HEADER = "deviceId,deviceType,smetsVersion,smiStatus,commsHubId,commsHubStatus,gpfId,"
            + "mpxn,cspRegion,paymentMode,supplierPartyId,supplierRole,loadSwitching,radioTeleswitch,"
            + "networkManagedWithoutWan,effectiveAt";

    private static String deviceId(int n) {
        return String.format("00-DB-12-34-56-95-%02X-%02X", n / 256, n % 256);
    }

    private HttpApi.Response upload(String contentType, String body, UserRole role) {
        return api.send("POST", "/api/v1/inventory/imports", api.token("DCC-DSP", role), body,
                Map.of("Content-Type", contentType));
    }

    private static List<JsonNode> lines(HttpApi.Response response) {
        return response.body().lines().map(line -> new HttpApi.Response(200, line, Map.of()).json()).toList();
    }

    @Test
    void everyNdjsonLineIsAnsweredInOrderAndTheSummaryCountsThem() {
        StringBuilder body = new StringBuilder();
        IntStream.range(0, 600).forEach(n -> body.append(HttpApi.enrolment(deviceId(n), "SUPPLIER-A")
                .replace("\n", " ")).append('\n'));
        body.append("{\"deviceId\":\"not-an-id\"}\n").append("not json\n").append("null\n");

        HttpApi.Response first = upload("application/x-ndjson", body.toString(), UserRole.DCC);

        List<JsonNode> results = lines(first);
        assertThat(first.status()).isEqualTo(200);
        assertThat(results).hasSize(604);
        assertThat(results.subList(0, 600)).allSatisfy(line -> assertThat(line.at("/outcome").asText()).isEqualTo("ENROLLED"));
        assertThat(results.subList(0, 600).stream().map(line -> line.at("/line").asLong()))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 600).mapToObj(Long::valueOf).toList());
        assertThat(results.get(600).at("/outcome").asText()).isEqualTo("INVALID");
        assertThat(results.get(600).at("/errors").toString()).contains("deviceId");
        assertThat(results.get(601).at("/line").asLong()).isEqualTo(602);
        assertThat(results.get(602).at("/outcome").asText()).isEqualTo("INVALID");
        assertThat(results.get(603).at("/summary").toString())
                .isEqualTo("{\"lines\":603,\"enrolled\":600,\"unchanged\":0,\"refused\":0,\"invalid\":3}");

        HttpApi.Response again = upload("application/x-ndjson", body.toString(), UserRole.DCC);
        assertThat(lines(again).get(603).at("/summary/unchanged").asLong()).isEqualTo(600);
        assertThat(eventsOf(deviceId(0))).isEqualTo(1);
    }

    @Test
    void aDeviceTwiceInOneBatchIsDecidedAgainstItsOwnEarlierLine() {
        String body = HttpApi.enrolment(deviceId(3000), "SUPPLIER-A").replace("\n", " ") + "\n"
                + HttpApi.enrolment(deviceId(3000), "SUPPLIER-A").replace("\n", " ") + "\n"
                + HttpApi.enrolment(deviceId(3000), "SUPPLIER-B").replace("\n", " ") + "\n";

        List<JsonNode> results = lines(upload("application/x-ndjson", body, UserRole.DCC));

        assertThat(results.subList(0, 3)).extracting(line -> line.at("/outcome").asText())
                .containsExactly("ENROLLED", "UNCHANGED", "REFUSED");
        assertThat(results.get(2).at("/code").asText()).isEqualTo("DEVICE_ALREADY_ENROLLED");
        assertThat(eventsOf(deviceId(3000))).isEqualTo(1);
        assertThat(refusalsRecorded("DEVICE_ALREADY_ENROLLED")).isPositive();
    }

    @Test
    void aCsvInventoryIsImportedAndARefusedLineSaysWhy() {
        String csv = CSV_HEADER + "\n"
                + deviceId(1000) + ",ESME,SMETS2,COMMISSIONED,00-DB-12-34-56-78-90-A2,COMMISSIONED,,1234567890123,"
                + "SOUTH,CREDIT,SUPPLIER-A,IS,false,false,false,2026-11-01T00:00:00Z\n"
                + deviceId(1001) + ",GSME,SMETS2,COMMISSIONED,00-DB-12-34-56-78-90-A2,COMMISSIONED,,1234567890,"
                + "SOUTH,CREDIT,SUPPLIER-A,GS,false,false,false,\n";

        List<JsonNode> results = lines(upload("text/csv", csv, UserRole.DCC));

        assertThat(results.get(0).at("/outcome").asText()).isEqualTo("ENROLLED");
        assertThat(results.get(0).at("/line").asLong()).isEqualTo(2);
        assertThat(results.get(1).at("/outcome").asText()).isEqualTo("REFUSED");
        assertThat(results.get(1).at("/code").asText()).isEqualTo("GPF_DOES_NOT_MATCH_FUEL");
    }

    @Test
    void aCsvWrittenWithAByteOrderMarkAsSpreadsheetsWriteItIsImported() {
        String csv = "\uFEFF" + CSV_HEADER + "\n" + deviceId(1100) + ",ESME,SMETS2,COMMISSIONED,00-DB-12-34-56-78-90-A2,"
                + "COMMISSIONED,,1234567890123,SOUTH,CREDIT,SUPPLIER-A,IS,false,false,false,\n";

        List<JsonNode> results = lines(upload("text/csv", csv, UserRole.DCC));

        assertThat(results.get(0).at("/outcome").asText()).isEqualTo("ENROLLED");
    }

    @Test
    void aCsvWithTheWrongHeaderIsRefusedBeforeAnythingIsImported() {
        HttpApi.Response response = upload("text/csv", "id,type\n" + deviceId(2000) + ",ESME\n", UserRole.DCC);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().at("/errors/0/field").asText()).isEqualTo("header");
    }

    @Test
    void onlyTheDccMayImport() {
        assertThat(upload("application/x-ndjson", "{}\n", UserRole.REGULATOR).status()).isEqualTo(403);
    }

    private static String ndjson(String deviceId, String supplier) {
        return HttpApi.enrolment(deviceId, supplier).replace("\n", " ");
    }

    @Test
    void everyInputLineGetsExactlyOneAnswerEmptyLinesIncluded() {
        String body = ndjson(deviceId(4000), "SUPPLIER-A") + "\n\n   \n" + ndjson(deviceId(4001), "SUPPLIER-A")
                + "\r\n\n" + ndjson(deviceId(4002), "SUPPLIER-A");
        int refusalsBefore = refusalsRecorded("INVALID_REQUEST");

        List<JsonNode> results = lines(upload("application/x-ndjson", body, UserRole.DCC));

        assertThat(results).hasSize(7);
        assertThat(results.subList(0, 6)).extracting(line -> line.at("/line").asLong())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(results.subList(0, 6)).extracting(line -> line.at("/outcome").asText())
                .containsExactly("ENROLLED", "INVALID", "INVALID", "ENROLLED", "INVALID", "ENROLLED");
        assertThat(results.get(1).at("/errors/0/rule").asText()).startsWith("empty");
        assertThat(results.get(6).at("/summary/lines").asLong()).as("the input's own line count").isEqualTo(6);
        assertThat(refusalsRecorded("INVALID_REQUEST")).as("one refusal recorded for the import's invalid lines")
                .isEqualTo(refusalsBefore + 1);
    }

    @Test
    void aLineThatIsNotUtf8IsNamedByItsNumberAndATruncatedLineIsNotJson() {
        byte[] good = (ndjson(deviceId(4100), "SUPPLIER-A") + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] overlong = ("{\"deviceId\":\"00-DB-12-34-56-95-41-01\u00c0\u00af\"}\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] truncated = ndjson(deviceId(4102), "SUPPLIER-A").substring(0, 40).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(good);
        body.writeBytes(overlong);
        body.writeBytes(truncated);

        HttpApi.Response response = api.sendBytes("POST", "/api/v1/inventory/imports", api.token("DCC-DSP", UserRole.DCC),
                body.toByteArray(), Map.of("Content-Type", "application/x-ndjson"));

        List<JsonNode> results = lines(response);
        assertThat(results.get(0).at("/outcome").asText()).isEqualTo("ENROLLED");
        assertThat(results.get(1).at("/line").asLong()).isEqualTo(2);
        assertThat(results.get(1).at("/errors/0/rule").asText()).startsWith("not valid UTF-8");
        assertThat(results.get(2).at("/errors/0/field").asText()).isEqualTo("line");
        assertThat(results.get(2).at("/errors/0/rule").asText()).contains("is not JSON");
    }

    /** Chunks of 64 lines run in parallel; a device listed again in a later chunk is still decided after its first line. */
    @Test
    void conflictingDuplicatesInDifferentChunksAreDecidedInFileOrder() {
        int devices = 300;
        StringBuilder body = new StringBuilder();
        for (int n = 0; n < devices; n++) {
            body.append(ndjson(deviceId(5000 + n), "SUPPLIER-A")).append('\n');
        }
        // each device again, with another Supplier, in later chunks and in another order
        for (int n = devices - 1; n >= 0; n--) {
            body.append(ndjson(deviceId(5000 + n), "SUPPLIER-B")).append('\n');
        }

        List<JsonNode> results = lines(upload("application/x-ndjson", body.toString(), UserRole.DCC));

        assertThat(results.subList(0, devices)).as("the first copy of each device enrols it")
                .allSatisfy(line -> assertThat(line.at("/outcome").asText()).isEqualTo("ENROLLED"));
        assertThat(results.subList(devices, 2 * devices)).as("the later, conflicting copy is refused")
                .allSatisfy(line -> assertThat(line.at("/code").asText()).isEqualTo("DEVICE_ALREADY_ENROLLED"));
        for (int n = 0; n < devices; n += 37) {
            assertThat(api.get("/api/v1/devices/" + deviceId(5000 + n), api.token("SUPPLIER-A", UserRole.IS)).status())
                    .as("the first line's Supplier holds the meter").isEqualTo(200);
        }
    }
}
