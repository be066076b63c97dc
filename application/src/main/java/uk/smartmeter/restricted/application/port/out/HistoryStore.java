package uk.smartmeter.restricted.application.port.out;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The history's SQL tables. */
public interface HistoryStore {

    /**
     * Appends entries in order with their leaf numbers in the Merkle tree (by global index) and the perfect
     * subtrees they completed, in one statement batch each. The caller leaves out what is already there
     * ({@link #presentBetween}).
     */
    void append(List<HistoryEntry> entries, Map<Long, Long> leafIndexes,
                List<uk.smartmeter.restricted.domain.history.MerkleTree.Node> nodes);

    /** The tree's size (leaves) and the global index of its last leaf (-1 when empty). */
    record TreeHead(long size, long lastGlobalIndex) {
    }

    TreeHead treeHead();

    /** The stored perfect subtrees of these keys ({@code MerkleTree.key}), hashes in lower-case hex. */
    Map<Long, String> treeNodes(Collection<Long> keys);

    /** True while some entry has no leaf number: written before the tree existed, and not yet rebuilt. */
    boolean hasEntriesOutsideTheTree();

    /** The leaf number of the entry of this event, when it is a leaf of the tree. */
    Optional<Long> leafIndexOf(String eventId);

    /** The chain heads of these devices (those with entries), read together. */
    Map<String, DeviceHead> deviceHeads(Collection<String> deviceIds);

    /** The global chain's last hash, or empty when the history is empty. */
    Optional<String> globalHead();

    /**
     * A device's entries after the cursor (a global index; -1 for the start), oldest first, at most
     * {@code limit}, of the given kinds (all when empty) and recorded in [from, to) (open when null).
     */
    List<HistoryEntry> deviceEntries(String deviceId, long after, int limit, Set<String> kinds, Instant from,
                                     Instant to);

    /**
     * Like {@link #deviceEntries}, without a limit, only the entries a Supplier ({@code party/role}) may see
     * of its tenures: those after which it was the responsible Supplier, and its own refusals made while it
     * was. Which of them lie in the current tenancy is the caller's question (the effective timeline).
     */
    List<HistoryEntry> supplierEntries(String deviceId, String supplier, long after, Set<String> kinds,
                                       Instant from, Instant to);

    /** The entry of the device's event at this version. */
    Optional<HistoryEntry> entryAt(String deviceId, long version);

    /** A stored entry with its leaf number in the tree (null for an entry written before the tree existed). */
    record Stored(HistoryEntry entry, Long leafIndex) {
    }

    /** Every entry up to this global index, in global order, streamed to the consumer. */
    void everyStored(long upTo, Consumer<Stored> consumer);

    /**
     * Takes the history's lock row for the rest of the transaction and answers the tables' generation, which a
     * rebuild's swap moves on. Writers take it before they write, the swap before it swaps.
     */
    long lockGeneration();

    /** The global indexes in [from, to] that have entries. */
    Set<Long> presentBetween(long from, long to);

    /** The global index up to which the history processor has committed (-1 before its first event). */
    long processedUpTo();

    /**
     * The entries that pass the filter, in global order, streamed to the consumer: nothing is held in memory.
     * Null filter values match everything.
     */
    void export(ExportFilter filter, Consumer<HistoryEntry> consumer);

    /**
     * @param from     recorded at or after
     * @param to       recorded before
     * @param supplier a Supplier's party: entries it acted in or was responsible after
     * @param reason   a reason code (CONSUMER_REQUEST, CHANGE_OF_TENANCY, NOT_RESPONSIBLE_SUPPLIER, ...)
     * @param kinds    event kinds; empty for all
     * @param cspRegion  NORTH, CENTRAL or SOUTH
     * @param deviceType ESME or GSME
     * @param after      only entries after this global index (-1: from the start)
     * @param limit      at most this many entries; 0 for all
     */
    record ExportFilter(Instant from, Instant to, String supplier, String reason, Set<String> kinds, String cspRegion,
                        String deviceType, long after, int limit) {

        public ExportFilter(Instant from, Instant to, String supplier, String reason, Set<String> kinds,
                            String cspRegion, String deviceType) {
            this(from, to, supplier, reason, kinds, cspRegion, deviceType, -1, 0);
        }
    }

    /** Empties the tables, for a rebuild by replay. */
    void clear();
}
