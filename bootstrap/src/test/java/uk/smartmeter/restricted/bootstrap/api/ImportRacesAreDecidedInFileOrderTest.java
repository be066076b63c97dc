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

/**
 * Races that an outside review of ADR 0049 found: two lines in different chunks wanting one GPF (chunks run at once on
 * the import's workers), and a single enrolment racing the import's new-meter path on the same node, which takes no
 * aggregate lock. Each must be decided as the aggregate decides lines one by one in file order.
 */
class ImportRacesAreDecidedInFileOrderTest extends BulkImportCase {

    ImportRacesAreDecidedInFileOrderTest() {
        super("7C");
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
            if (!p.equals("ENROLLED ") || !q.equals("REFUSED DEVICE_ID_IN_USE")) {
                wrong++;
            }
        }
        assertThat(wrong).as("rounds where the later line took the GPF").isZero();
    }

    /** Two-line imports, each raced by a single POST of its first meter (same facts), on one node. */
    @Test
    void aSingleEnrolmentRacingTheImportOfItsMeterIsAnsweredAsARepeatNot409() throws Exception {
        ExecutorService racers = Executors.newFixedThreadPool(2);
        int raced = 0;
        try {
            for (int n = 0; n < 200; n++) {
                String m = id(8000 + 2 * n);
                String other = id(8001 + 2 * n);
                String party = "DCC-S" + (n % 30);
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                Future<HttpApi.Response> imp = racers.submit(() -> {
                    go.await();
                    return api.send("POST", "/api/v1/inventory/imports", api.token(party, UserRole.DCC),
                            line(m, "SUPPLIER-IMP") + "\n" + line(other, "SUPPLIER-IMP") + "\n",
                            Map.of("Content-Type", "application/x-ndjson"));
                });
                Future<HttpApi.Response> post = racers.submit(() -> {
                    go.await();
                    return api.send("POST", "/api/v1/devices", api.token(party + "P", UserRole.DCC),
                            HttpApi.enrolment(m, "SUPPLIER-IMP"));
                });
                go.countDown();
                HttpApi.Response p = post.get();
                HttpApi.Response i = imp.get();
                if (p.status() != 200 && p.status() != 201) {
                    raced++;
                }
                assertThat(eventsOf(m)).isEqualTo(1);
            }
        } finally {
            racers.shutdownNow();
        }
        assertThat(raced).as("single enrolments answered other than 200/201 while an import enrolled the meter")
                .isZero();
        assertThat(refusals("CONCURRENT_UPDATE", 8000, 8400)).as("no lost race recorded as a refusal").isZero();
    }
}
