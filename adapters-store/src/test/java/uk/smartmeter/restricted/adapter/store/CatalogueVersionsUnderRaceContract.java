package uk.smartmeter.restricted.adapter.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.smartmeter.restricted.application.port.out.CatalogueAdoptions;
import uk.smartmeter.restricted.application.port.out.CatalogueAdoptions.Adoption;
import uk.smartmeter.restricted.application.port.out.CatalogueAdoptions.Outcome;

/**
 * Issue 18: adoptions made at once on two nodes (two pools on one store). A version names one file: of eight
 * adoptions of one version with eight files, exactly one is recorded, with its history event, and the others are told
 * the version is taken; adoptions of distinct versions are all recorded, each with its own place in the order.
 */
abstract class CatalogueVersionsUnderRaceContract {

    private static final Instant FROM = Instant.parse("2027-01-01T00:00:00Z");

    /** A fresh store with the gate's catalogue tables, and a second pool on the same store. */
    abstract DataSource[] twoNodes() throws Exception;

    static void migrate(DataSource store) throws Exception {
        JdbcTemplate sql = new JdbcTemplate(store);
        for (String script : List.of("V3.3__gate_catalogue_adoption.sql", "V3.4__gate_catalogue_version.sql")) {
            try (InputStream in = CatalogueVersionsUnderRaceContract.class.getResourceAsStream(
                    "/db/migration/gate/" + script)) {
                for (String statement : new String(in.readAllBytes(), StandardCharsets.UTF_8).split(";")) {
                    String body = statement.lines().filter(line -> !line.startsWith("--"))
                            .reduce("", (a, b) -> a + "\n" + b);
                    if (!body.isBlank()) {
                        sql.execute(body);
                    }
                }
            }
        }
    }

    private static CatalogueAdoptions adoptions(DataSource node) {
        return new JdbcCatalogueAdoptions(new JdbcTemplate(node),
                new TransactionTemplate(new DataSourceTransactionManager(node)));
    }

    private static List<Outcome> atOnce(DataSource[] nodes, List<Adoption> asked, List<String> recorded)
            throws Exception {
        CatalogueAdoptions[] both = {adoptions(nodes[0]), adoptions(nodes[1])};
        ExecutorService callers = Executors.newFixedThreadPool(asked.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Outcome>> answers = new ArrayList<>();
            for (int n = 0; n < asked.size(); n++) {
                Adoption adoption = asked.get(n);
                CatalogueAdoptions node = both[n % 2];
                answers.add(callers.submit(() -> {
                    go.await();
                    return node.adopt(adoption, () -> recorded.add(adoption.adoptionId()));
                }));
            }
            go.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> answer : answers) {
                outcomes.add(answer.get());
            }
            return outcomes;
        } finally {
            callers.shutdownNow();
        }
    }

    private static Adoption adoption(String id, String version, String sha) {
        return new Adoption(id, version, sha, FROM, "DCC-OPS/DCC", FROM.minusSeconds(3600), "csv of " + sha);
    }

    @Test
    void ofEightAdoptionsOfOneVersionWithEightFilesMadeAtOnceExactlyOneIsRecorded() throws Exception {
        DataSource[] nodes = twoNodes();
        List<Adoption> asked = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            asked.add(adoption("same-version-" + n, "7", String.format("%064x", n + 1)));
        }
        List<String> recorded = new CopyOnWriteArrayList<>();

        List<Outcome> outcomes = atOnce(nodes, asked, recorded);

        assertThat(outcomes).filteredOn(o -> o == Outcome.ADOPTED).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o == Outcome.VERSION_TAKEN).hasSize(7);
        List<Adoption> stored = adoptions(nodes[0]).all();
        assertThat(stored).singleElement().satisfies(kept -> assertThat(recorded).containsExactly(kept.adoptionId()));
        assertThat(new JdbcTemplate(nodes[1]).queryForObject("SELECT sha256 FROM gate_catalogue_version WHERE"
                + " version = '7'", String.class)).isEqualTo(stored.get(0).sha256());
    }

    @Test
    void adoptionsOfDistinctVersionsMadeAtOnceAreAllRecordedEachInItsOwnPlace() throws Exception {
        DataSource[] nodes = twoNodes();
        List<Adoption> asked = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            asked.add(adoption("distinct-" + n, "v" + n, String.format("%064x", n + 100)));
        }
        // a rollback: version v0's file adopted again under another ID, at the same time
        asked.add(adoption("rollback-v0", "v0", String.format("%064x", 100)));
        List<String> recorded = new CopyOnWriteArrayList<>();

        List<Outcome> outcomes = atOnce(nodes, asked, recorded);

        assertThat(outcomes).containsOnly(Outcome.ADOPTED);
        assertThat(recorded).hasSize(9).doesNotHaveDuplicates();
        assertThat(new JdbcTemplate(nodes[0]).queryForList("SELECT recorded_seq FROM gate_catalogue_adoption ORDER BY"
                + " recorded_seq", Long.class)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(adoptions(nodes[1]).adopt(asked.get(3), () -> recorded.add("again"))).isEqualTo(Outcome.ID_TAKEN);
        assertThat(recorded).hasSize(9);
    }
}
