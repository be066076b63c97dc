package uk.smartmeter.restricted.application.axon;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import uk.smartmeter.restricted.application.port.out.DeviceHead;
import uk.smartmeter.restricted.application.history.HistoryDerivation;
import uk.smartmeter.restricted.application.history.HistoryDerivation.Noted;
import uk.smartmeter.restricted.application.port.out.HistoryEntry;
import uk.smartmeter.restricted.application.port.out.HistoryStore;
import uk.smartmeter.restricted.domain.device.event.DeviceEvent;
import uk.smartmeter.restricted.domain.device.event.RequestRefused;
import uk.smartmeter.restricted.domain.gate.GateDenied;
import uk.smartmeter.restricted.domain.history.HashChain;
import uk.smartmeter.restricted.domain.history.HistoryRebuildFinished;
import uk.smartmeter.restricted.domain.history.HistoryRebuildRequested;
import uk.smartmeter.restricted.domain.history.MerkleTree;

/**
 * Builds the regulator's history from the store, in global order, in its own processing group. Each
 * event of a batch is noted as it arrives; when the batch commits, the chain heads of the devices it
 * touches are read in one query, the entries are completed and hashed in order, and written together,
 * in the same transaction as the processor's token, so the history and its position move together.
 * Heads are cached between batches and forgotten when a batch rolls back.
 */
public final class HistoryProjection {

    public static final String PROCESSING_GROUP = "history";
    private static final String PENDING = HistoryProjection.class.getName() + ".pending";
    private static final int CACHED_DEVICES = 100_000;

    private final HistoryStore store;
    private final Map<String, DeviceHead> heads = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DeviceHead> eldest) {
            return size() > CACHED_DEVICES;
        }
    };
    /** The chains' and the tree's heads after the last batch; loaded from the store when null. */
    private HistoryDerivation.Chains chains;
    /** The generation of the tables the caches were read from. */
    private long generation = -1;

    private final java.util.function.Function<Object, String> digest;

    /** @param digest the digest of an event as the store keeps it ({@code event_sha256}) */
    public HistoryProjection(HistoryStore store, java.util.function.Function<Object, String> digest) {
        this.store = store;
        this.digest = digest;
    }

    @EventHandler
    void on(DeviceEvent event, @SequenceNumber long version, TrackingToken token, EventMessage<?> message) {
        note(event, version, token, message);
    }

    @EventHandler
    void on(RequestRefused refused, TrackingToken token, EventMessage<?> message) {
        note(refused, -1, token, message);
    }

    @EventHandler
    void on(GateDenied denied, TrackingToken token, EventMessage<?> message) {
        note(denied, -1, token, message);
    }

    @EventHandler
    void on(HistoryRebuildRequested requested, TrackingToken token, EventMessage<?> message) {
        note(requested, -1, token, message);
    }

    @EventHandler
    void on(HistoryRebuildFinished finished, TrackingToken token, EventMessage<?> message) {
        note(finished, -1, token, message);
    }

    @EventHandler
    void on(uk.smartmeter.restricted.domain.reconciliation.RegistrationReconciled reconciled, TrackingToken token,
            EventMessage<?> message) {
        note(reconciled, -1, token, message);
    }

    @EventHandler
    void on(uk.smartmeter.restricted.domain.gate.CatalogueAdopted adopted, TrackingToken token, EventMessage<?> message) {
        note(adopted, -1, token, message);
    }

    private void note(Object payload, long sequence, TrackingToken token, EventMessage<?> message) {
        pending().add(HistoryDerivation.note(payload, sequence, GlobalIndex.of(token), message.getIdentifier(),
                digest.apply(payload)));
    }

    /** A rebuild by replay starts from empty tables and empty heads. */
    @ResetHandler
    void reset() {
        store.clear();
        forget();
    }

    /**
     * Completes, hashes and writes a batch's entries, in order. It first takes the history's lock row: a
     * rebuild swaps its tables in under the same lock, so a batch never writes half into the old tables and
     * half into the new, and one that finds a new generation forgets what it had cached of the old. Entries
     * already stored (a batch redelivered, or written by a rebuild that ran ahead of this processor) are
     * skipped, and the caches reloaded from the store after them.
     */
    private void flush(List<Noted> batch) {
        long current = store.lockGeneration();
        if (current != generation) {
            forget();
            generation = current;
        }
        long first = batch.get(0).entry().globalIndex();
        long last = batch.get(batch.size() - 1).entry().globalIndex();
        Set<Long> present = store.presentBetween(Math.min(first, last), Math.max(first, last));
        List<Noted> fresh = new ArrayList<>(batch.size());
        for (Noted noted : batch) {
            if (!present.contains(noted.entry().globalIndex())) {
                fresh.add(noted);
            }
        }
        if (fresh.size() < batch.size()) {
            forget();
            generation = current;
        }
        if (fresh.isEmpty()) {
            return;
        }
        Set<String> unknown = new LinkedHashSet<>();
        for (Noted noted : fresh) {
            String device = noted.entry().deviceId();
            if (device != null && !heads.containsKey(device)) {
                unknown.add(device);
            }
        }
        if (!unknown.isEmpty()) {
            heads.putAll(store.deviceHeads(unknown));
        }
        if (chains == null) {
            HistoryStore.TreeHead head = store.treeHead();
            Map<Long, String> frontier = store.treeNodes(MerkleTree.Appender.frontierKeys(head.size()));
            MerkleTree.Appender tree = MerkleTree.Appender.restore(head.size(), (level, index) -> HexFormat.of()
                    .parseHex(java.util.Objects.requireNonNull(frontier.get(MerkleTree.key(level, index)),
                            "the history's tree has no node " + level + "/" + index)));
            chains = new HistoryDerivation.Chains(heads, store.globalHead().orElse(HashChain.GENESIS), tree);
        }
        List<HistoryEntry> entries = new ArrayList<>(fresh.size());
        Map<Long, Long> leafIndexes = new HashMap<>();
        for (Noted noted : fresh) {
            leafIndexes.put(noted.entry().globalIndex(), chains.size());
            entries.add(chains.next(noted));
        }
        store.append(entries, leafIndexes, chains.takeCompleted());
    }

    private List<Noted> pending() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING, key -> {
            List<Noted> noted = new ArrayList<>();
            batch.onPrepareCommit(u -> flush(noted));
            batch.onRollback(u -> forget());
            return noted;
        });
    }

    private void forget() {
        heads.clear();
        chains = null;
        generation = -1;
    }
}
