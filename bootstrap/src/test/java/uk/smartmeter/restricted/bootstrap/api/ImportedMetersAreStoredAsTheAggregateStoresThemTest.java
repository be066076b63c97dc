package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.UserRole;

/**
 * The bulk import enrols meters the store has never seen without an aggregate load each (ADR 0049). What it stores
 * and answers must be exactly what the aggregate stores and answers, line by line, in file order, also when a chunk
 * mixes new and known meters, when an ID is taken, and when two imports race for the same meters.
 */
class ImportedMetersAreStoredAsTheAggregateStoresThemTest extends BulkImportCase {

    ImportedMetersAreStoredAsTheAggregateStoresThemTest() {
        super("7B");
    }

    private Map<String, Object> storedRow(String deviceId) {
        return sql.queryForMap("SELECT type, sequenceNumber, payloadType, payloadRevision, metaData, payload"
                + " FROM DomainEventEntry WHERE aggregateIdentifier = ?", deviceId);
    }

    private static String text(Object column) {
        return column instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                : String.valueOf(column);
    }

    private static TreeSet<String> keys(Object json) {
        TreeSet<String> names = new TreeSet<>();
        HttpApi.Response.parse(text(json)).fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aMeterNewToTheStoreIsStoredAndAnsweredExactlyAsThroughTheAggregate() {
        String single = id(1);
        String imported = id(2);
        HttpApi.Response enrolled = api.send("POST", "/api/v1/devices", api.token("DCC-DSP", UserRole.DCC),
                HttpApi.enrolment(single, "SUPPLIER-IMP"));
        assertThat(enrolled.status()).isEqualTo(201);

        List<JsonNode> answers = importLines(List.of(line(imported, "SUPPLIER-IMP"), line(id(3), "SUPPLIER-IMP")));

        assertThat(answers.get(0).at("/outcome").asText()).isEqualTo("ENROLLED");
        Map<String, Object> viaAggregate = storedRow(single);
        Map<String, Object> viaImport = storedRow(imported);
        for (String column : List.of("TYPE", "SEQUENCENUMBER", "PAYLOADTYPE", "PAYLOADREVISION")) {
            assertThat(String.valueOf(viaImport.get(column))).as(column)
                    .isEqualTo(String.valueOf(viaAggregate.get(column)));
        }
        assertThat(keys(viaImport.get("METADATA"))).as("the same metadata as Axon's command path gives")
                .isEqualTo(keys(viaAggregate.get("METADATA")));
        assertThat(text(viaImport.get("PAYLOAD")).replace(imported, single).replaceAll("\"(recordedAt|effectiveAt)\":\"[^\"]+\"", ""))
                .isEqualTo(text(viaAggregate.get("PAYLOAD")).replaceAll("\"(recordedAt|effectiveAt)\":\"[^\"]+\"", ""));
        String token = api.token("SUPPLIER-IMP", UserRole.IS);
        assertThat(api.get("/api/v1/devices/" + imported, token).body().replace(imported, single)
                .replaceAll("\"(recordedAt|effectiveAt|enrolledAt|updatedAt)\":\"[^\"]+\"", ""))
                .isEqualTo(api.get("/api/v1/devices/" + single, token).body()
                        .replaceAll("\"(recordedAt|effectiveAt|enrolledAt|updatedAt)\":\"[^\"]+\"", ""));
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM device_identity WHERE identity_id = ? AND kind = 'METER'",
                Integer.class, imported)).as("its ID is claimed").isEqualTo(1);
        assertThat(api.send("POST", "/api/v1/devices", api.token("DCC-DSP", UserRole.DCC),
                HttpApi.enrolment(imported, "SUPPLIER-OTHER")).json().get("code").asText())
                .as("the aggregate sees the imported meter").isEqualTo("DEVICE_ALREADY_ENROLLED");
    }

    @Test
    void aChunkOfNewAndKnownMetersIsAnsweredLineByLineInFileOrder() {
        api.send("POST", "/api/v1/devices", api.token("DCC-DSP", UserRole.DCC), HttpApi.enrolment(id(20), "SUPPLIER-IMP"));
        api.send("POST", "/api/v1/devices", api.token("DCC-DSP", UserRole.DCC), HttpApi.enrolment(id(22), "SUPPLIER-IMP"));

        List<JsonNode> answers = importLines(List.of(line(id(20), "SUPPLIER-IMP"), line(id(21), "SUPPLIER-IMP"),
                line(id(22), "SUPPLIER-OTHER"), line(id(23), "SUPPLIER-IMP")));

        assertThat(answers.subList(0, 4)).extracting(answer -> answer.at("/outcome").asText())
                .containsExactly("UNCHANGED", "ENROLLED", "REFUSED", "ENROLLED");
        assertThat(answers.get(2).at("/code").asText()).isEqualTo("DEVICE_ALREADY_ENROLLED");
        for (int n = 20; n < 24; n++) {
            assertThat(eventsOf(id(n))).as(id(n)).isEqualTo(1);
        }
    }

    @Test
    void aNewMeterWhoseGpfIsTakenIsRefusedAsTheAggregateRefusesItAndTheRestOfItsChunkEnrols() {
        api.send("POST", "/api/v1/devices", api.token("DCC-DSP", UserRole.DCC), HttpApi.commissioned(id(40), hub(),
                "CENTRAL", "SUPPLIER-IMP"));
        int refused = refusalsRecorded("DEVICE_ID_IN_USE");

        List<JsonNode> answers = importLines(List.of(gas(id(41), id(140)), gas(id(42), id(40)), gas(id(43), id(141)),
                gas(id(44), id(141)), gas(id(45), id(45))));

        assertThat(answers.subList(0, 5)).extracting(answer -> answer.at("/outcome").asText() + " "
                + answer.at("/code").asText())
                .containsExactly("ENROLLED ", "REFUSED DEVICE_ID_IN_USE", "ENROLLED ", "REFUSED DEVICE_ID_IN_USE",
                        "REFUSED DEVICE_ID_IN_USE");
        assertThat(refusalsRecorded("DEVICE_ID_IN_USE")).as("each refusal recorded").isEqualTo(refused + 3);
        assertThat(sql.queryForList("SELECT identity_id FROM device_identity WHERE meter_id IN (?, ?, ?)",
                String.class, id(42), id(44), id(45))).as("a refused line claims nothing").isEmpty();
        assertThat(sql.queryForObject("SELECT meter_id FROM device_identity WHERE identity_id = ?", String.class,
                id(141))).as("the first line in the file takes the GPF").isEqualTo(id(43));
    }

    @Test
    void twoImportsOfTheSameNewMetersAtOnceEnrolEachOnceAndAnswerEveryLine() throws Exception {
        int meters = 400;
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int n = 0; n < meters; n++) {
            a.add(line(id(1000 + n), "SUPPLIER-IMP"));
            b.add(line(id(1000 + meters - 1 - n), "SUPPLIER-IMP"));
        }
        ExecutorService racers = Executors.newFixedThreadPool(2);
        List<JsonNode> first;
        List<JsonNode> second;
        try {
            Future<List<JsonNode>> one = racers.submit(() -> importLines(a));
            Future<List<JsonNode>> other = racers.submit(() -> importLines(b));
            first = one.get();
            second = other.get();
        } finally {
            racers.shutdownNow();
        }

        int enrolled = 0;
        for (List<JsonNode> answers : List.of(first, second)) {
            assertThat(answers).hasSize(meters + 1);
            for (JsonNode answer : answers.subList(0, meters)) {
                assertThat(answer.at("/outcome").asText()).as(answer.toString()).isIn("ENROLLED", "UNCHANGED");
                enrolled += answer.at("/outcome").asText().equals("ENROLLED") ? 1 : 0;
            }
        }
        assertThat(enrolled).as("each meter enrolled by exactly one line").isEqualTo(meters);
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier BETWEEN ? AND ?",
                Integer.class, id(1000), id(1000 + meters - 1))).as("no event doubled").isEqualTo(meters);
    }
}
