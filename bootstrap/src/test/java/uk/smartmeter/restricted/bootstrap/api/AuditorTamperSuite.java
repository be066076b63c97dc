package uk.smartmeter.restricted.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import uk.smartmeter.restricted.application.port.out.HistoryEntry;
import uk.smartmeter.restricted.domain.device.UserRole;
import uk.smartmeter.restricted.domain.history.HashChain;
import uk.smartmeter.restricted.domain.history.MerkleTree;

/**
 * An auditor with SQL access tampers with the evidence, every way the review tried, and the verification must
 * name each: a changed entry, a deleted middle entry, a deleted tail, a suffix rewritten with every hash
 * recomputed by the published algorithms, an edit of Axon's event table (before any rebuild, refused by a
 * rebuild, and forced through one by deleting the service's own checkpoints), and a deleted checkpoint. Each
 * case leaves the history as it found it (repaired by a rebuild from the event store, which the signed
 * checkpoints accept), so each starts from an intact history. Run on H2 and on PostgreSQL.
 */
abstract class AuditorTamperSuite extends RunningService {

    private static final String PREFIX = "00-DB-12-34-56-79-";

    @Value("${restricted.history.checkpoint-archive}")
    Path archive;

    private String dcc;
    private String regulator;
    private int rebuilds;

    @BeforeEach
    void seedOnce() {
        dcc = api.token("DCC-DSP", UserRole.DCC);
        regulator = api.token("OFGEM", UserRole.REGULATOR);
        if (sql.queryForObject("SELECT COUNT(*) FROM history_checkpoint", Integer.class) > 0) {
            return;
        }
        for (int meter = 0; meter < 6; meter++) {
            lifecycle(meter);
        }
        awaitHistoryCaughtUp();
        assertThat(api.send("POST", "/api/v1/history/checkpoints", dcc, null).status()).isEqualTo(200);
        for (int meter = 6; meter < 8; meter++) {
            lifecycle(meter);
        }
        awaitHistoryCaughtUp();
        assertThat(api.send("POST", "/api/v1/history/checkpoints", dcc, null).status()).isEqualTo(200);
    }

    @AfterEach
    void leftIntact() {
        awaitHistoryCaughtUp();
        JsonNode verification = verify();
        assertThat(verification.get("intact").asBoolean()).as("left intact: %s", verification).isTrue();
    }

    private void lifecycle(int meter) {
        String id = PREFIX + String.format("%02d", meter) + "-00";
        String supplier = api.token("SUPPLIER-T" + meter, UserRole.IS);
        assertThat(api.send("POST", "/api/v1/devices", dcc, HttpApi.enrolment(id, "SUPPLIER-T" + meter)).status())
                .isEqualTo(201);
        assertThat(api.send("POST", "/api/v1/devices/" + id + "/smi-status-changes", dcc,
                "{\"target\":\"METER\",\"status\":\"COMMISSIONED\"}").status()).isEqualTo(200);
        assertThat(api.send("PUT", "/api/v1/devices/" + id + "/restriction", supplier, HttpApi.attestation())
                .status()).isEqualTo(200);
    }

    private long checkpointSize(int which) {
        return sql.queryForList("SELECT tree_size FROM history_checkpoint ORDER BY tree_size", Long.class).get(which);
    }

    @Test
    void aChangedEntryIsNamedChangedAtItsGlobalIndexAndTheCheckpointItContradicts() {
        Map<String, Object> row = entryAtLeaf(3);
        long index = ((Number) row.get("global_index")).longValue();
        sql.update("UPDATE history_entry SET acting_user = 'someone else' WHERE global_index = ?", index);

        JsonNode found = verify();
        assertThat(found.get("intact").asBoolean()).isFalse();
        assertThat(found.get("firstBreakAt").asLong()).isEqualTo(index);
        JsonNode changed = finding(found, "CHANGED");
        assertThat(changed.get("globalIndex").asLong()).isEqualTo(index);
        assertThat(changed.get("eventId").asText()).isEqualTo(row.get("event_id"));
        assertThat(changed.get("detail").asText()).contains("acting_user is \"someone else\" in the history");
        assertThat(finding(found, "REWRITTEN").get("checkpointSize").asLong()).isEqualTo(checkpointSize(0));

        repair();
    }

    @Test
    void aDeletedMiddleEntryIsNamedMissingWithItsEventId() {
        Map<String, Object> row = entryAtLeaf(7);
        sql.update("DELETE FROM history_entry WHERE global_index = ?", row.get("global_index"));

        JsonNode found = verify();
        JsonNode missing = finding(found, "MISSING");
        assertThat(missing.get("eventId").asText()).isEqualTo(row.get("event_id"));
        assertThat(missing.get("detail").asText()).startsWith("missing: ");
        assertThat(found.get("firstBreakAt").asLong()).isEqualTo(((Number) row.get("global_index")).longValue());
        assertThat(finding(found, "REWRITTEN").get("checkpointSize").asLong()).isEqualTo(checkpointSize(0));

        repair();
    }

    @Test
    void aDeletedTailIsNamedTruncatedAgainstTheLatestCheckpoint() {
        long size = checkpointSize(1);
        List<String> removed = sql.queryForList("SELECT event_id FROM history_entry WHERE leaf_index >= ?",
                String.class, size - 3);
        sql.update("DELETE FROM history_entry WHERE leaf_index >= ?", size - 3);

        JsonNode found = verify();
        JsonNode truncated = finding(found, "TRUNCATED");
        assertThat(truncated.get("checkpointSize").asLong()).isEqualTo(size);
        assertThat(truncated.get("detail").asText()).contains("truncated").contains(String.valueOf(size - 3));
        assertThat(found.get("findings").findValuesAsText("eventId")).containsAll(removed);

        repair();
    }

    @Test
    void aSuffixRewrittenWithEveryHashRecomputedContradictsTheSignedCheckpoint() {
        long from = checkpointSize(0) - 4;
        List<Map<String, Object>> suffix = sql.queryForList("SELECT global_index FROM history_entry WHERE leaf_index"
                + " >= ? ORDER BY global_index", from);
        sql.update("UPDATE history_entry SET detail = 'rewritten' WHERE leaf_index = ?", from);
        recomputeEveryHashAndNode();

        JsonNode found = verify();
        List<String> kinds = found.get("findings").findValuesAsText("kind");
        assertThat(kinds).as("the recomputed hashes and nodes agree with the rows").doesNotContain(
                "CHAIN_HASH_ALTERED", "TREE_NODES_ALTERED");
        assertThat(finding(found, "REWRITTEN").get("checkpointSize").asLong()).isEqualTo(checkpointSize(0));
        assertThat(finding(found, "CHANGED").get("leafIndex").asLong()).isEqualTo(from);
        assertThat(suffix).isNotEmpty();

        repair();
    }

    @Test
    void anEventStoreEditIsFoundBeforeAnyRebuildAndARebuildFromItIsRefusedOrNamed() throws Exception {
        Map<String, Object> applied = sql.queryForMap("SELECT globalIndex, eventIdentifier, payload FROM"
                + " DomainEventEntry WHERE payloadType LIKE '%RestrictionApplied' ORDER BY globalIndex"
                + " FETCH FIRST 1 ROWS ONLY");
        String original = new String((byte[]) applied.get("payload"), StandardCharsets.UTF_8);
        String edited = original.replace("\"reference\":\"", "\"reference\":\"FORGED-");
        assertThat(edited).isNotEqualTo(original);
        long index = ((Number) applied.get("globalIndex")).longValue();
        sql.update("UPDATE DomainEventEntry SET payload = ? WHERE globalIndex = ?",
                edited.getBytes(StandardCharsets.UTF_8), index);

        // before any rebuild: the history still holds what was signed, the event store does not
        JsonNode found = verify();
        JsonNode eventChanged = finding(found, "EVENT_CHANGED");
        assertThat(eventChanged.get("globalIndex").asLong()).isEqualTo(index);
        assertThat(eventChanged.get("eventId").asText()).isEqualTo(applied.get("eventIdentifier"));
        assertThat(finding(found, "EVENT_STORE_REWRITTEN").get("checkpointSize").asLong())
                .isEqualTo(checkpointSize(0));

        // a rebuild from the edited store contradicts the first checkpoint: refused, the live history untouched
        String before = export();
        JsonNode refused = rebuild("from an edited store");
        assertThat(refused.get("status").asText()).isEqualTo("REFUSED");
        assertThat(refused.get("detail").asText()).contains("contradicts signed checkpoint " + checkpointSize(0));
        awaitHistoryCaughtUp();
        assertThat(export()).startsWith(before);

        // forced through by deleting the service's own checkpoints: the copies kept elsewhere still name it
        List<Map<String, Object>> checkpoints = sql.queryForList("SELECT * FROM history_checkpoint");
        Map<Path, byte[]> files = archived();
        sql.update("DELETE FROM history_checkpoint");
        for (Path file : files.keySet()) {
            Files.delete(file);
        }
        assertThat(rebuild("forced").get("status").asText()).isEqualTo("SWAPPED_IN");
        awaitHistoryCaughtUp();
        for (Map<String, Object> checkpoint : checkpoints) {
            sql.update("INSERT INTO history_checkpoint (tree_size, root_hash, note, issued_at, reason) VALUES"
                    + " (?, ?, ?, ?, ?)", checkpoint.get("tree_size"), checkpoint.get("root_hash"),
                    checkpoint.get("note"), checkpoint.get("issued_at"), checkpoint.get("reason"));
        }
        for (Map.Entry<Path, byte[]> file : files.entrySet()) {
            Files.write(file.getKey(), file.getValue());
        }
        JsonNode rebuiltFromEdit = verify();
        assertThat(rebuiltFromEdit.get("findings").findValuesAsText("kind")).as(rebuiltFromEdit.toString())
                .doesNotContain("CHANGED", "EVENT_CHANGED", "MISSING", "EXTRA");
        assertThat(finding(rebuiltFromEdit, "REBUILT_FROM_EDITED_EVENTS").get("checkpointSize").asLong())
                .isEqualTo(checkpointSize(0));

        sql.update("UPDATE DomainEventEntry SET payload = ? WHERE globalIndex = ?",
                original.getBytes(StandardCharsets.UTF_8), index);
        repair();
    }

    @Test
    void aCheckpointDeletedFromTheDatabaseIsFoundInTheArchive() {
        Map<String, Object> first = sql.queryForMap("SELECT * FROM history_checkpoint WHERE tree_size = ?",
                checkpointSize(0));
        sql.update("DELETE FROM history_checkpoint WHERE tree_size = ?", first.get("tree_size"));

        JsonNode found = verify();
        assertThat(finding(found, "CHECKPOINT_DELETED").get("checkpointSize").asLong())
                .isEqualTo(((Number) first.get("tree_size")).longValue());
        sql.update("INSERT INTO history_checkpoint (tree_size, root_hash, note, issued_at, reason) VALUES (?, ?, ?,"
                + " ?, ?)", first.get("tree_size"), first.get("root_hash"), first.get("note"), first.get("issued_at"),
                first.get("reason"));
        JsonNode rootChanged = null;
        sql.update("UPDATE history_checkpoint SET root_hash = ? WHERE tree_size = ?", "00".repeat(32),
                first.get("tree_size"));
        rootChanged = verify();
        assertThat(finding(rootChanged, "CHECKPOINT_INVALID").get("detail").asText()).contains("columns were changed");
        sql.update("UPDATE history_checkpoint SET root_hash = ? WHERE tree_size = ?", first.get("root_hash"),
                first.get("tree_size"));
    }

    /**
     * Readers and writers through a rebuild: four readers ask for the tree and a meter's history while flag
     * commands keep writing, and a rebuild swaps its tables in. No answer is an error, the tree never shrinks,
     * the meter's history never loses an entry, and every write is in the history after it.
     */
    @Test
    void readersAndWritersThroughARebuildSeeTheOldTablesOrTheNewNeverAGap() throws Exception {
        String meter = PREFIX + "00-00";
        String supplier = api.token("SUPPLIER-T0", UserRole.IS);
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.ConcurrentLinkedQueue<String> wrong = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(5);
        List<java.util.concurrent.Future<?>> work = new ArrayList<>();
        for (int reader = 0; reader < 4; reader++) {
            work.add(pool.submit(() -> {
                long size = 0;
                int entries = 0;
                while (running.get()) {
                    HttpApi.Response tree = api.get("/api/v1/history/tree", regulator);
                    HttpApi.Response history = api.get("/api/v1/history/devices/" + meter + "?limit=500", regulator);
                    reads.incrementAndGet();
                    if (tree.status() != 200 || history.status() != 200) {
                        wrong.add(tree.status() + " " + history.status() + " " + tree.body() + history.body());
                        continue;
                    }
                    long now = tree.json().get("size").asLong();
                    int seen = history.json().get("entries").size();
                    if (now < size || seen < entries) {
                        wrong.add("shrank: tree " + size + " -> " + now + ", entries " + entries + " -> " + seen);
                    }
                    size = now;
                    entries = seen;
                }
            }));
        }
        int[] writes = {0};
        work.add(pool.submit(() -> {
            while (running.get()) {
                String path = "/api/v1/devices/" + meter + "/restriction";
                int status = writes[0] % 2 == 0 ? api.send("DELETE", path + "?reason=CONSUMER_REQUEST", supplier, null)
                        .status() : api.send("PUT", path, supplier, HttpApi.attestation()).status();
                if (status != 200) {
                    wrong.add("write answered " + status);
                }
                writes[0]++;
            }
        }));
        JsonNode rebuilt = rebuild("under load");
        running.set(false);
        for (java.util.concurrent.Future<?> done : work) {
            done.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        pool.shutdown();
        if (writes[0] % 2 == 1) {
            assertThat(api.send("PUT", "/api/v1/devices/" + meter + "/restriction", supplier, HttpApi.attestation())
                    .status()).isEqualTo(200);
        }
        assertThat(rebuilt.get("status").asText()).isEqualTo("SWAPPED_IN");
        assertThat(wrong).as("after %d reads and %d writes", reads.get(), writes[0]).isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(writes[0]).isPositive();
        awaitHistoryCaughtUp();
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM history_entry", Long.class)).as("every event an entry")
                .isEqualTo(sql.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class));
    }

    /**
     * A field of an event that no other column shows (an enrolment's site characteristics, which decide
     * eligibility) is still under the tree, through the entry's digest of its event.
     */
    @Test
    void anEditOfAnEventFieldNoColumnShowsIsStillNamed() {
        Map<String, Object> enrolled = sql.queryForMap("SELECT globalIndex, payload FROM DomainEventEntry WHERE"
                + " payloadType LIKE '%DeviceEnrolled' ORDER BY globalIndex FETCH FIRST 1 ROWS ONLY");
        String original = new String((byte[]) enrolled.get("payload"), StandardCharsets.UTF_8);
        String edited = original.replace("\"loadSwitching\":false", "\"loadSwitching\":true");
        assertThat(edited).isNotEqualTo(original);
        long index = ((Number) enrolled.get("globalIndex")).longValue();
        sql.update("UPDATE DomainEventEntry SET payload = ? WHERE globalIndex = ?",
                edited.getBytes(StandardCharsets.UTF_8), index);
        JsonNode found = verify();
        sql.update("UPDATE DomainEventEntry SET payload = ? WHERE globalIndex = ?",
                original.getBytes(StandardCharsets.UTF_8), index);
        JsonNode changed = finding(found, "EVENT_CHANGED");
        assertThat(changed.get("globalIndex").asLong()).isEqualTo(index);
        assertThat(changed.get("detail").asText()).contains("event_sha256");

        // an event that cannot be read at all is named, never a 500
        sql.update("UPDATE DomainEventEntry SET payload = ? WHERE globalIndex = ?",
                "{not json".getBytes(StandardCharsets.UTF_8), index);
        JsonNode unreadable = verify();
        sql.update("UPDATE DomainEventEntry SET payload = ? WHERE globalIndex = ?",
                original.getBytes(StandardCharsets.UTF_8), index);
        assertThat(finding(unreadable, "EVENT_UNREADABLE").get("globalIndex").asLong()).isEqualTo(index);
    }

    /** The stored tree that proofs are served from, and the leaf numbers, are checked node by node. */
    @Test
    void anAlteredTreeNodeOrLeafNumberIsNamedAndAMissingNodeIsNeverA500() {
        long key = MerkleTree.key(1, 3);
        String node = sql.queryForObject("SELECT hash FROM history_tree_node WHERE node_key = ?", String.class, key);
        sql.update("UPDATE history_tree_node SET hash = ? WHERE node_key = ?", "a".repeat(64), key);
        JsonNode altered = verify();
        sql.update("UPDATE history_tree_node SET hash = ? WHERE node_key = ?", node, key);
        assertThat(finding(altered, "TREE_NODES_ALTERED").get("detail").asText()).contains("node 1/3");

        Map<String, Object> five = entryAtLeaf(5);
        Map<String, Object> six = entryAtLeaf(6);
        sql.update("UPDATE history_entry SET leaf_index = -1 WHERE leaf_index = 5");
        sql.update("UPDATE history_entry SET leaf_index = 5 WHERE leaf_index = 6");
        sql.update("UPDATE history_entry SET leaf_index = 6 WHERE leaf_index = -1");
        JsonNode swapped = verify();
        assertThat(finding(swapped, "LEAF_INDEX_ALTERED").get("eventId").asText()).isIn(five.get("event_id"),
                six.get("event_id"));
        repair();

        long size = api.get("/api/v1/history/tree", regulator).json().get("size").asLong();
        int top = 63 - Long.numberOfLeadingZeros(size);
        sql.update("DELETE FROM history_tree_node WHERE node_key = ?", MerkleTree.key(top, 0));
        HttpApi.Response tree = api.get("/api/v1/history/tree", regulator);
        assertThat(tree.status()).as(tree.toString()).isEqualTo(409);
        assertThat(tree.json().get("code").asText()).isEqualTo("HISTORY_TREE_DAMAGED");
        assertThat(finding(verify(), "TREE_NODES_ALTERED").get("detail").asText()).contains("missing");
        repair();
    }

    /** The archive outside the database: a file deleted or replaced there is named, never a 500. */
    @Test
    void aCheckpointFileDeletedOrSpoiltInTheArchiveIsNamed() throws Exception {
        Map<Path, byte[]> files = archived();
        Path first = files.keySet().iterator().next();
        Files.write(first, new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1});
        Path folder = Files.createDirectory(archive.resolve("999.checkpoint"));
        JsonNode spoilt = verify();
        Files.write(first, files.get(first));
        Files.delete(folder);
        assertThat(finding(spoilt, "CHECKPOINT_INVALID").get("detail").asText()).contains("archive");
        assertThat(finding(spoilt, "CHECKPOINT_ARCHIVE_MISSING")).isNotNull();

        Files.delete(first);
        JsonNode missing = verify();
        Files.write(first, files.get(first));
        assertThat(finding(missing, "CHECKPOINT_ARCHIVE_MISSING").get("detail").asText()).contains("no valid copy");
    }

    /** A rebuild whose node died is marked FAILED after 60 s without a report, and that outcome is recorded. */
    @Test
    void aRebuildWhoseNodeDiedIsMarkedFailedAndItsOutcomeRecorded() {
        sql.update("INSERT INTO history_rebuild (rebuild_id, party, acting_user, reason, requested_at, node, status,"
                + " heartbeat_at) VALUES ('dead-node', 'DCC-DSP', 'DCC-DSP', 'killed', ?, 'gone/1', 'RUNNING', ?)",
                java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(600)),
                java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(120)));
        JsonNode dead = api.get("/api/v1/history/rebuilds/dead-node", dcc).json();
        assertThat(dead.get("status").asText()).isEqualTo("FAILED");
        assertThat(dead.get("detail").asText()).contains("stopped reporting");
        awaitHistoryCaughtUp();
        assertThat(sql.queryForObject("SELECT COUNT(*) FROM history_entry WHERE event_type = 'HistoryRebuildFinished'"
                + " AND detail LIKE 'rebuild dead-node:%' AND reason = 'FAILED'", Integer.class)).isEqualTo(1);
        HttpApi.Response reused = api.send("POST", "/api/v1/history/rebuild", dcc,
                "{\"rebuildId\":\"dead-node\",\"reason\":\"another reason\"}");
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.body()).contains("rebuildId");
    }

    /**
     * A store upgraded from before the tree: its old entries are not leaves, so no checkpoint is issued until one
     * rebuild has made them leaves (a checkpoint then would contradict every rebuilt tree).
     */
    @Test
    void entriesFromBeforeTheTreeHoldCheckpointsBackUntilARebuild() {
        sql.update("UPDATE history_entry SET leaf_index = NULL WHERE global_index = (SELECT MAX(global_index) FROM"
                + " history_entry)");
        HttpApi.Response refused = api.send("POST", "/api/v1/history/checkpoints", dcc, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("code").asText()).isEqualTo("HISTORY_NOT_YET_A_TREE");
        HttpApi.Response export = api.get("/api/v1/history/export", regulator);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("History-Checkpoint")).as("no checkpoint to carry").isNull();

        repair();
        assertThat(api.send("POST", "/api/v1/history/checkpoints", dcc, null).status()).isEqualTo(200);
    }

    /** What an auditor with the published algorithms can do: every chain hash and tree node made to agree. */
    private void recomputeEveryHashAndNode() {
        List<Map<String, Object>> rows = sql.queryForList("SELECT * FROM history_entry ORDER BY global_index");
        String global = HashChain.GENESIS;
        Map<String, String> devices = new java.util.HashMap<>();
        MerkleTree.Appender tree = new MerkleTree.Appender();
        sql.update("DELETE FROM history_tree_node");
        for (Map<String, Object> row : rows) {
            HistoryEntry entry = entry(row);
            global = HashChain.next(global, entry.content());
            String device = null;
            if (entry.deviceId() != null) {
                device = HashChain.next(devices.getOrDefault(entry.deviceId(), HashChain.GENESIS), entry.content());
                devices.put(entry.deviceId(), device);
            }
            sql.update("UPDATE history_entry SET global_hash = ?, device_hash = ? WHERE global_index = ?", global,
                    device, entry.globalIndex());
            for (MerkleTree.Node node : tree.append(MerkleTree.leafHash(entry.leaf()))) {
                sql.update("INSERT INTO history_tree_node (node_key, hash) VALUES (?, ?)",
                        MerkleTree.key(node.level(), node.index()), HexFormat.of().formatHex(node.hash()));
            }
        }
    }

    private static HistoryEntry entry(Map<String, Object> row) {
        return new HistoryEntry(((Number) row.get("global_index")).longValue(), (String) row.get("device_id"),
                row.get("device_version") == null ? null : ((Number) row.get("device_version")).longValue(),
                (String) row.get("device_type"), (String) row.get("csp_region"), (String) row.get("event_id"),
                (String) row.get("event_type"), (String) row.get("party"), (String) row.get("role"),
                (String) row.get("acting_user"), instant(row.get("effective_at")), instant(row.get("recorded_at")),
                (String) row.get("reason"), (Boolean) row.get("restricted_after"),
                (String) row.get("responsible_supplier"), (String) row.get("detail"), (String) row.get("event_sha256"),
                null, null);
    }

    private static java.time.Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalArgumentException("a time of " + value.getClass());
    }

    private Map<String, Object> entryAtLeaf(long leaf) {
        return sql.queryForMap("SELECT global_index, event_id FROM history_entry WHERE leaf_index = ?", leaf);
    }

    private Map<Path, byte[]> archived() throws Exception {
        Map<Path, byte[]> files = new java.util.LinkedHashMap<>();
        try (Stream<Path> listed = Files.list(archive)) {
            for (Path file : listed.toList()) {
                files.put(file, Files.readAllBytes(file));
            }
        }
        assertThat(files).isNotEmpty();
        return files;
    }

    private JsonNode verify() {
        HttpApi.Response response = api.get("/api/v1/history/verification", regulator);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode finding(JsonNode verification, String kind) {
        List<JsonNode> matching = new ArrayList<>();
        verification.get("findings").forEach(finding -> {
            if (finding.get("kind").asText().equals(kind)) {
                matching.add(finding);
            }
        });
        assertThat(matching).as("a %s finding in %s", kind, verification).isNotEmpty();
        return matching.get(0);
    }

    private String export() {
        return api.get("/api/v1/history/export", regulator).body();
    }

    /** Rebuilds from the event store, which the checkpoints accept, and checks the history is whole again. */
    private void repair() {
        assertThat(rebuild("repair").get("status").asText()).isEqualTo("SWAPPED_IN");
        awaitHistoryCaughtUp();
    }

    private JsonNode rebuild(String why) {
        String id = "tamper-" + (++rebuilds) + "-" + System.nanoTime();
        HttpApi.Response started = api.send("POST", "/api/v1/history/rebuild", dcc,
                "{\"rebuildId\":\"" + id + "\",\"reason\":\"" + why + "\"}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        JsonNode[] last = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = api.get("/api/v1/history/rebuilds/" + id, dcc).json();
            return !last[0].get("status").asText().equals("RUNNING");
        });
        return last[0];
    }
}
