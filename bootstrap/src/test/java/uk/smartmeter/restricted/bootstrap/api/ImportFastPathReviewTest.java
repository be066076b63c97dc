package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.UserRole;

/** Reviewer's probes of ADR 0049 (not part of the change). */
class ImportFastPathReviewTest extends RunningService {

    private static final String HUB = "00-DB-12-34-56-7C-FF-F0";

    private static String id(int n) {
        return String.format("00-DB-12-34-56-7C-%02X-%02X", n / 256, n % 256);
    }

    private static String line(String deviceId, String supplier) {
        return HttpApi.enrolment(deviceId, supplier).replace("\n", " ");
    }

    private static String gas(String meter, String gpf) {
        return HttpApi.commissioned(meter, HUB, "CENTRAL", "SUPPLIER-IMP").replace("\"ESME\"", "\"GSME\"")
                .replace("\"mpxn\":\"1234567890123\"", "\"mpxn\":\"1234567890\"").replace("\"role\":\"IS\"", "\"role\":\"GS\"")
                .replace("\"commsHubStatus\"", "\"gpfId\":\"" + gpf + "\",\"commsHubStatus\"").replace("\n", " ");
    }

    private List<JsonNode> importLines(List<String> lines) {
        HttpApi.Response answer = api.send("POST", "/api/v1/inventory/imports", api.token("DCC-DSP", UserRole.DCC),
                String.join("\n", lines) + "\n", Map.of("Content-Type", "application/x-ndjson"));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.body().lines().map(HttpApi.Response::parse).toList();
    }

    private int refusals(String code, int from, int to) {
        int n = 0;
        for (String json : sql.query("SELECT payload FROM DomainEventEntry WHERE payloadType LIKE '%RequestRefused'",
                (row, i) -> new String(row.getBytes(1), java.nio.charset.StandardCharsets.UTF_8))) {
            if (!json.contains("\"code\":\"" + code + "\"")) {
                continue;
            }
            for (int k = from; k < to; k++) {
                if (json.contains(id(k))) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    /**
     * File order across chunks: line 64 (gas meter P, GPF X) comes before line 65 (gas meter Q, same GPF X), so the
     * aggregate, line by line, enrols P and refuses Q. Chunk 1 is slow (63 known meters through the aggregate), chunk 2
     * is fast, and the chunks run at once on the two workers.
     */
    @Test
    void aGpfNamedInTwoChunksGoesToTheFirstLineInTheFile() {
        List<String> known = new ArrayList<>();
        for (int n = 0; n < 63; n++) {
            known.add(line(id(100 + n), "SUPPLIER-IMP"));
        }
        importLines(known);
        int wrong = 0;
        for (int round = 0; round < 5; round++) {
            int base = 1000 + round * 200;
            List<String> lines = new ArrayList<>(known);
            lines.add(gas(id(base), id(base + 199)));                 // line 64: P, GPF X
            lines.add(gas(id(base + 1), id(base + 199)));             // line 65: Q, GPF X
            for (int n = 2; n < 64; n++) {
                lines.add(line(id(base + n), "SUPPLIER-IMP"));
            }
            List<JsonNode> answers = importLines(lines);
            String p = answers.get(63).at("/outcome").asText() + " " + answers.get(63).at("/code").asText();
            String q = answers.get(64).at("/outcome").asText() + " " + answers.get(64).at("/code").asText();
            System.out.println("REVIEW round " + round + ": line 64 " + p + " / line 65 " + q);
            if (!p.equals("ENROLLED ") || !q.equals("REFUSED DEVICE_ID_IN_USE")) {
                wrong++;
            }
        }
        assertThat(wrong).as("rounds where the later line took the GPF").isZero();
    }

    /** Two imports of the same new meters at once on one node: every answer ENROLLED/UNCHANGED, no refusal recorded. */
    @Test
    void racingImportsOnOneNodeRecordNoRefusalForLinesAnsweredUnchanged() throws Exception {
        int meters = 640;
        int base = 3000;
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int n = 0; n < meters; n++) {
            a.add(line(id(base + n), "SUPPLIER-IMP"));
            b.add(line(id(base + meters - 1 - n), "SUPPLIER-IMP"));
        }
        int before = refusals("CONCURRENT_UPDATE", base, base + meters);
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
            for (JsonNode answer : answers.subList(0, meters)) {
                assertThat(answer.at("/outcome").asText()).as(answer.toString()).isIn("ENROLLED", "UNCHANGED");
                enrolled += answer.at("/outcome").asText().equals("ENROLLED") ? 1 : 0;
            }
        }
        assertThat(enrolled).isEqualTo(meters);
        int after = refusals("CONCURRENT_UPDATE", base, base + meters);
        System.out.println("REVIEW CONCURRENT_UPDATE refusals recorded for lines answered ENROLLED/UNCHANGED: "
                + (after - before));
        assertThat(after - before).as("refusals recorded that no answer reports").isZero();
    }

    /** A single POST of a meter the import is enrolling, on the same node, at the same moment. */
    @Test
    void aSinglePostRacingTheImportOnOneNodeIsAnsweredAsTheAggregateWould() throws Exception {
        int base = 6000;
        int meters = 640;
        List<String> lines = new ArrayList<>();
        for (int n = 0; n < meters; n++) {
            lines.add(line(id(base + n), "SUPPLIER-IMP"));
        }
        ExecutorService racers = Executors.newFixedThreadPool(3);
        List<Future<HttpApi.Response>> posts = new ArrayList<>();
        Future<List<JsonNode>> imported;
        try {
            imported = racers.submit(() -> importLines(lines));
            for (int n = 0; n < 90; n++) {
                String meter = id(base + 7 * n);
                String token = api.token("DCC-R" + (n % 9), UserRole.DCC);
                posts.add(racers.submit(() -> api.send("POST", "/api/v1/devices", token,
                        HttpApi.enrolment(meter, "SUPPLIER-IMP"))));
            }
            imported.get();
            int raced = 0;
            for (Future<HttpApi.Response> post : posts) {
                HttpApi.Response answer = post.get();
                if (answer.status() != 200 && answer.status() != 201) {
                    System.out.println("REVIEW POST answered " + answer.status() + " " + answer.body());
                    raced++;
                }
            }
            System.out.println("REVIEW POSTs answered other than 200/201: " + raced);
            assertThat(raced).isZero();
        } finally {
            racers.shutdownNow();
        }
    }
}
