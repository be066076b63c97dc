package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.history.HashChain;
import uk.smartmeter.restricted.domain.history.MerkleTree;

/**
 * The history as an RFC 9162 Merkle tree over the API: its head, inclusion proofs for entries and consistency
 * proofs between sizes, each checked here from the export's own rows (leaf i is export row i), not from
 * anything the tree endpoints say about themselves.
 */
class TheHistoryIsAMerkleTreeTest extends RunningService {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] leafOf(List<String> row) {
        List<String> content = new ArrayList<>();
        for (String cell : row.subList(0, 17)) {
            content.add(cell.isEmpty() ? null : HashChain.storedCell(cell));
        }
        return MerkleTree.leafHash(HashChain.csvRecord(content).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyEntryProvesItsPlaceInTheTreeAndEveryHeadExtendsTheEarlierOnes() {
        String dcc = api.token("DCC-DSP", UserRole.DCC);
        String regulator = api.token("OFGEM", UserRole.REGULATOR);
        for (int n = 0; n < 5; n++) {
            String meter = String.format("00-DB-12-34-56-78-9D-%02X", n);
            assertThat(api.send("POST", "/api/v1/devices", dcc, HttpApi.commissioned(meter,
                    String.format("00-DB-12-34-56-78-9E-%02X", n), "NORTH", "SUPPLIER-MT")).status()).isEqualTo(201);
            assertThat(api.send("PUT", "/api/v1/devices/" + meter + "/restriction", api.token("SUPPLIER-MT",
                    UserRole.IS), HttpApi.attestation()).status()).isEqualTo(200);
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() ->
                sql.queryForObject("SELECT COUNT(*) FROM history_entry WHERE responsible_supplier = 'SUPPLIER-MT/IS'",
                        Integer.class) >= 10);
        JsonNode head = api.get("/api/v1/history/tree", regulator).json();
        long size = head.get("size").asLong();
        List<List<String>> rows = HistoryEndToEndTest.Rfc4180.parse(api.get("/api/v1/history/export",
                regulator).body());
        List<byte[]> leaves = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            leaves.add(leafOf(row));
        }
        assertThat(leaves.size()).isGreaterThanOrEqualTo((int) size);
        byte[] root = MerkleTree.root(i -> leaves.get((int) i), size);
        assertThat(head.get("root").asText()).as("the head over the export's first %d rows", size)
                .isEqualTo(HEX.formatHex(root));

        for (int leaf = 0; leaf < size; leaf++) {
            String eventId = rows.get(leaf + 1).get(5);
            JsonNode proof = api.get("/api/v1/history/proofs/inclusion?eventId=" + eventId + "&treeSize=" + size,
                    regulator).json();
            assertThat(proof.get("leafIndex").asLong()).isEqualTo(leaf);
            assertThat(proof.get("leafHash").asText()).isEqualTo(HEX.formatHex(leaves.get(leaf)));
            assertThat(proof.get("root").asText()).isEqualTo(HEX.formatHex(root));
            List<byte[]> path = new ArrayList<>();
            proof.get("proof").forEach(hash -> path.add(HEX.parseHex(hash.asText())));
            assertThat(MerkleTree.verifyInclusion(leaf, size, leaves.get(leaf), path, root)).as("leaf %d", leaf)
                    .isTrue();
        }
        for (long first = 1; first <= size; first += Math.max(1, size / 7)) {
            JsonNode consistency = api.get("/api/v1/history/proofs/consistency?first=" + first + "&second=" + size,
                    regulator).json();
            byte[] firstRoot = MerkleTree.root(i -> leaves.get((int) i), first);
            assertThat(consistency.get("firstRoot").asText()).isEqualTo(HEX.formatHex(firstRoot));
            List<byte[]> path = new ArrayList<>();
            consistency.get("proof").forEach(hash -> path.add(HEX.parseHex(hash.asText())));
            assertThat(MerkleTree.verifyConsistency(first, size, firstRoot, root, path)).as("%d to %d", first, size)
                    .isTrue();
        }
    }

    @Test
    void aProofThatCannotBeGivenIsRefusedNamingTheFieldAndAnUnknownEventIsNotFound() {
        String regulator = api.token("OFGEM", UserRole.REGULATOR);
        long size = api.get("/api/v1/history/tree", regulator).json().get("size").asLong();
        HttpApi.Response unknown = api.get("/api/v1/history/proofs/inclusion?eventId=no-such-event", regulator);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asText()).isEqualTo("HISTORY_ENTRY_NOT_FOUND");
        String[][] bad = {
                {"/api/v1/history/proofs/inclusion", "eventId"},
                {"/api/v1/history/proofs/inclusion?eventId=x&treeSize=0", "treeSize"},
                {"/api/v1/history/proofs/consistency?first=1", "second"},
                {"/api/v1/history/proofs/consistency?first=0&second=1", "first"},
                {"/api/v1/history/proofs/consistency?first=1&second=" + (size + 1_000_000), "second"}};
        for (String[] one : bad) {
            HttpApi.Response refused = api.get(one[0], regulator);
            assertThat(refused.status()).as(one[0] + ": " + refused).isEqualTo(422);
            assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo(one[1]);
        }
        assertThat(api.get("/api/v1/history/tree", api.token("SUPPLIER-MT", UserRole.IS)).status()).isEqualTo(403);
    }
}
