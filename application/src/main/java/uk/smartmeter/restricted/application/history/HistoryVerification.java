package uk.smartmeter.restricted.application.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import uk.smartmeter.restricted.application.port.in.Verification.Finding;
import uk.smartmeter.restricted.application.port.in.ReadHistory;
import uk.smartmeter.restricted.application.port.in.VerifyHistory;
import uk.smartmeter.restricted.application.port.out.CheckpointSigner;
import uk.smartmeter.restricted.application.port.out.CheckpointStore;
import uk.smartmeter.restricted.application.port.out.HistoryStore;
import uk.smartmeter.restricted.application.port.out.StoredEvents;
import uk.smartmeter.restricted.domain.history.Checkpoint;
import uk.smartmeter.restricted.domain.history.HashChain;
import uk.smartmeter.restricted.domain.history.MerkleTree;
import uk.smartmeter.restricted.application.port.out.IssuedCheckpoint;
import uk.smartmeter.restricted.application.port.out.HistoryEntry;
import uk.smartmeter.restricted.application.port.in.Verification;

/**
 * The history verified as an auditor would, trusting neither its tables nor its event store alone.
 * <ol>
 *     <li>Every checkpoint, in the database and in the archive outside it, must open with the signing key and
 *     agree with its stored columns; those that do are the anchors.</li>
 *     <li>The event store is read in global order up to the history processor's position, and each event's entry
 *     derived again ({@link HistoryDerivation}); beside it, the stored entries are read in the same order. Each
 *     pair must agree (content and hashes), and neither may lack the other.</li>
 *     <li>Two trees are grown as they go, one from the stored entries and one from the derived ones, and each is
 *     compared with every anchor as it reaches the anchor's size. Which of them holds tells who changed: an entry
 *     that differs from its event under a checkpoint the event store still matches was changed in the history;
 *     one under a checkpoint the history still matches had its event changed; a history that matches its event
 *     store while both contradict a checkpoint was rebuilt from an edited store.</li>
 * </ol>
 */
public final class HistoryVerification implements VerifyHistory {

    static final int MAX_FINDINGS = 1000;
    private static final int QUEUE = 8192;

    private final HistoryStore store;
    private final StoredEvents events;
    private final CheckpointStore checkpoints;
    private final CheckpointSigner signer;
    private final ReadHistory history;

    public HistoryVerification(HistoryStore store, StoredEvents events, CheckpointStore checkpoints,
                               CheckpointSigner signer, ReadHistory history) {
        this.store = Objects.requireNonNull(store);
        this.events = Objects.requireNonNull(events);
        this.checkpoints = Objects.requireNonNull(checkpoints);
        this.signer = Objects.requireNonNull(signer);
        this.history = Objects.requireNonNull(history);
    }

    /** A checkpoint that opened with the key: its size and root, and how each tree compared with it. */
    private static final class Anchor {
        final long size;
        final byte[] root;
        Boolean storedHolds;
        Boolean derivedHolds;

        Anchor(long size, byte[] root) {
            this.size = size;
            this.root = root;
        }
    }

    /** A derived entry, or the end of the event stream (entry null), or the reader's failure. */
    private record Derived(HistoryEntry entry, RuntimeException failure) {
    }

    /** An entry that disagrees with its event; which side changed is decided once the anchors are known. */
    private record Difference(HistoryEntry stored, Long leafIndex, String what) {
    }

    @Override
    public Verification verify() {
        List<Finding> findings = java.util.Collections.synchronizedList(new ArrayList<>());
        TreeMap<Long, Anchor> anchors = anchors(findings);
        long upTo = store.processedUpTo();
        BlockingQueue<Derived> derived = new ArrayBlockingQueue<>(QUEUE);
        Map<Long, String> unreadable = new java.util.concurrent.ConcurrentHashMap<>();
        Thread reader = new Thread(() -> {
            try {
                HistoryDerivation.Chains chains = HistoryDerivation.Chains.empty(new HashMap<>());
                events.read(-1, upTo, event -> {
                    if (event.unreadable() != null) {
                        unreadable.put(event.globalIndex(), event.eventId());
                        synchronized (findings) {
                            findings.add(new Finding("EVENT_UNREADABLE", event.globalIndex(), event.eventId(), null,
                                    null, "the event at global index " + event.globalIndex() + " (" + event.eventId()
                                    + ") cannot be read: " + event.unreadable()));
                        }
                        return;
                    }
                    HistoryDerivation.Noted noted = HistoryDerivation.note(event.payload(), event.sequence(),
                            event.globalIndex(), event.eventId(), event.sha256());
                    if (noted != null) {
                        put(derived, new Derived(chains.next(noted), null));
                        chains.takeCompleted();
                    }
                });
                put(derived, new Derived(null, null));
            } catch (RuntimeException failed) {
                derived.clear();
                put(derived, new Derived(null, failed));
            }
        }, "history-verification-events");
        reader.setDaemon(true);
        reader.start();
        Merge merge = new Merge(derived, anchors, findings, unreadable);
        try {
            store.everyStored(upTo, merge::stored);
            merge.finish();
        } finally {
            reader.interrupt();
        }
        String recomputed = HexFormat.of().formatHex(merge.storedTree.root());
        nodes(merge);
        judge(anchors, merge);
        checkpointFiles(merge);
        List<Finding> listed = findings.size() > MAX_FINDINGS ? findings.subList(0, MAX_FINDINGS) : findings;
        Finding first = findings.stream().filter(f -> f.globalIndex() != null).findFirst().orElse(null);
        return new Verification(findings.isEmpty(), merge.entries, merge.derivedCount, upTo, merge.storedTree.size(),
                recomputed, anchors.size(), List.copyOf(listed), findings.size() > MAX_FINDINGS,
                first == null ? null : first.globalIndex(), findings.isEmpty() ? null
                : (first == null ? findings.get(0) : first).detail());
    }

    /** Every stored and archived checkpoint checked; those that hold become the anchors, by size. */
    private TreeMap<Long, Anchor> anchors(List<Finding> findings) {
        TreeMap<Long, Anchor> anchors = new TreeMap<>();
        Map<Long, IssuedCheckpoint> stored = new HashMap<>();
        long after = -1;
        for (List<IssuedCheckpoint> page = checkpoints.after(after, 1000); !page.isEmpty();
             page = checkpoints.after(after, 1000)) {
            for (IssuedCheckpoint issued : page) {
                stored.put(issued.treeSize(), issued);
                Optional<Checkpoint> opened = open(issued.note());
                if (opened.isEmpty()) {
                    findings.add(new Finding("CHECKPOINT_INVALID", null, null, null, issued.treeSize(),
                            "the checkpoint stored for tree size " + issued.treeSize() + " does not carry a valid"
                                    + " signature by " + signer.name()));
                } else if (opened.get().size() != issued.treeSize()
                        || !HexFormat.of().formatHex(opened.get().root()).equals(issued.rootHash())) {
                    findings.add(new Finding("CHECKPOINT_INVALID", null, null, null, issued.treeSize(),
                            "the checkpoint stored for tree size " + issued.treeSize() + " (root " + issued.rootHash()
                                    + ") is signed for size " + opened.get().size() + " and root "
                                    + HexFormat.of().formatHex(opened.get().root()) + ": its columns were changed"));
                    anchor(anchors, opened.get(), findings);
                } else {
                    anchor(anchors, opened.get(), findings);
                }
                after = issued.treeSize();
            }
        }
        for (String note : checkpoints.archived()) {
            Optional<Checkpoint> opened = open(note);
            if (opened.isEmpty()) {
                findings.add(new Finding("CHECKPOINT_INVALID", null, null, null, null,
                        "a checkpoint in the archive does not carry a valid signature by " + signer.name()));
                continue;
            }
            Checkpoint checkpoint = opened.get();
            if (!stored.containsKey(checkpoint.size())) {
                findings.add(new Finding("CHECKPOINT_DELETED", null, null, null, checkpoint.size(),
                        "the checkpoint of tree size " + checkpoint.size() + " is in the archive but gone from the"
                                + " database"));
            }
            anchor(anchors, checkpoint, findings);
        }
        return anchors;
    }

    private Optional<Checkpoint> open(String note) {
        try {
            return signer.open(note).map(Checkpoint::parse).filter(c -> c.origin().equals(signer.name()));
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    private static void anchor(TreeMap<Long, Anchor> anchors, Checkpoint checkpoint, List<Finding> findings) {
        Anchor known = anchors.get(checkpoint.size());
        if (known == null) {
            Anchor anchor = new Anchor(checkpoint.size(), checkpoint.root());
            if (checkpoint.size() == 0) {
                anchor.storedHolds = Arrays.equals(checkpoint.root(), MerkleTree.EMPTY_ROOT);
                anchor.derivedHolds = anchor.storedHolds;
            }
            anchors.put(checkpoint.size(), anchor);
        } else if (!Arrays.equals(known.root, checkpoint.root())) {
            findings.add(new Finding("CHECKPOINTS_FORKED", null, null, null, checkpoint.size(),
                    "two checkpoints of tree size " + checkpoint.size() + " are signed with different roots"));
        }
    }

    /** Walks the stored entries beside the derived ones. */
    private static final class Merge {
        private final BlockingQueue<Derived> derived;
        private final TreeMap<Long, Anchor> anchors;
        private final List<Finding> findings;
        private final List<Difference> differences = new ArrayList<>();
        final MerkleTree.Appender storedTree = new MerkleTree.Appender();
        final MerkleTree.Appender derivedTree = new MerkleTree.Appender();
        private final Map<String, String> deviceHeads = new HashMap<>();
        private String globalHead = HashChain.GENESIS;
        private HistoryEntry next;
        private boolean ended;
        long entries;
        long derivedCount;

        private final Map<Long, String> unreadable;
        /** The stored tree's leaf hashes in order, 32 bytes each, for checking the stored nodes after. */
        private byte[] leaves = new byte[32 * 1024];

        Merge(BlockingQueue<Derived> derived, TreeMap<Long, Anchor> anchors, List<Finding> findings,
              Map<Long, String> unreadable) {
            this.derived = derived;
            this.anchors = anchors;
            this.findings = findings;
            this.unreadable = unreadable;
        }

        void add(Finding finding) {
            synchronized (findings) {
                findings.add(finding);
            }
        }

        byte[] leaf(long index) {
            return java.util.Arrays.copyOfRange(leaves, (int) (index * 32), (int) (index * 32 + 32));
        }

        void stored(HistoryStore.Stored stored) {
            HistoryEntry entry = stored.entry();
            entries++;
            while (peek() != null && next.globalIndex() < entry.globalIndex()) {
                missing(take());
            }
            HistoryEntry event = peek() != null && next.globalIndex() == entry.globalIndex() ? take() : null;
            if (event == null && unreadable.containsKey(entry.globalIndex())) {
                // named already, as EVENT_UNREADABLE
            } else if (event == null) {
                add(new Finding("EXTRA", entry.globalIndex(), entry.eventId(), stored.leafIndex(), null,
                        "the entry at global index " + entry.globalIndex() + " (" + entry.eventType() + ", event "
                                + entry.eventId() + ") has no event in the event store"));
            } else if (!event.content().equals(entry.content())) {
                differences.add(new Difference(entry, stored.leafIndex(), firstDifference(entry, event)));
            }
            chains(entry, stored.leafIndex());
            if (stored.leafIndex() != null || storedTree.size() > 0) {
                if (!Long.valueOf(storedTree.size()).equals(stored.leafIndex())) {
                    add(new Finding("LEAF_INDEX_ALTERED", entry.globalIndex(), entry.eventId(), stored.leafIndex(),
                            null, "the entry at global index " + entry.globalIndex() + " is leaf " + storedTree.size()
                            + " of the history's tree, but its stored leaf number is " + stored.leafIndex()
                            + ": its inclusion proof would be wrong or refused"));
                }
                byte[] hash = MerkleTree.leafHash(entry.leaf());
                long at = storedTree.size() * 32;
                if (at + 32 > leaves.length) {
                    leaves = java.util.Arrays.copyOf(leaves, (int) Math.min(Integer.MAX_VALUE - 8, leaves.length * 2L));
                }
                System.arraycopy(hash, 0, leaves, (int) at, 32);
                storedTree.append(hash);
                compare(storedTree, true);
            }
        }

        void finish() {
            while (peek() != null) {
                missing(take());
            }
        }

        /** The stored hash columns recomputed from the stored content, as the export's reader would. */
        private void chains(HistoryEntry entry, Long leaf) {
            List<String> content = entry.content();
            globalHead = HashChain.next(globalHead, content);
            boolean altered = !globalHead.equals(entry.globalHash());
            if (entry.deviceId() != null) {
                String device = HashChain.next(deviceHeads.getOrDefault(entry.deviceId(), HashChain.GENESIS), content);
                altered |= !device.equals(entry.deviceHash());
                deviceHeads.put(entry.deviceId(), entry.deviceHash() == null ? device : entry.deviceHash());
            }
            if (altered) {
                add(new Finding("CHAIN_HASH_ALTERED", entry.globalIndex(), entry.eventId(), leaf, null,
                        "the stored hashes of the entry at global index " + entry.globalIndex() + " do not follow"
                                + " from its content and the entries before it"));
            }
            globalHead = entry.globalHash();
        }

        private void missing(HistoryEntry event) {
            add(new Finding("MISSING", event.globalIndex(), event.eventId(), null, null,
                    "missing: the " + event.eventType() + " event " + event.eventId() + " at global index "
                            + event.globalIndex() + " has no entry in the history"));
        }

        private HistoryEntry peek() {
            if (next == null && !ended) {
                Derived d;
                try {
                    d = derived.take();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while verifying the history", interrupted);
                }
                if (d.failure() != null) {
                    throw d.failure();
                }
                if (d.entry() == null) {
                    ended = true;
                } else {
                    next = d.entry();
                    derivedCount++;
                    derivedTree.append(MerkleTree.leafHash(next.leaf()));
                    compare(derivedTree, false);
                }
            }
            return next;
        }

        private HistoryEntry take() {
            HistoryEntry taken = peek();
            next = null;
            return taken;
        }

        private void compare(MerkleTree.Appender tree, boolean stored) {
            Anchor anchor = anchors.get(tree.size());
            if (anchor != null) {
                boolean holds = Arrays.equals(tree.root(), anchor.root);
                if (stored) {
                    anchor.storedHolds = holds;
                } else {
                    anchor.derivedHolds = holds;
                }
            }
        }
    }

    /**
     * Every stored tree node above the leaves, level by level, against the node the entries give: the nodes are what
     * proofs are served from. A node that is missing or differs is named.
     */
    private void nodes(Merge merge) {
        long size = merge.storedTree.size();
        byte[] below = merge.leaves;
        long count = size;
        int named = 0;
        for (int level = 1; count >= 2; level++) {
            long nodes = count / 2;
            byte[] here = new byte[(int) (nodes * 32)];
            for (long i = 0; i < nodes; i++) {
                byte[] left = java.util.Arrays.copyOfRange(below, (int) (2 * i * 32), (int) (2 * i * 32 + 32));
                byte[] right = java.util.Arrays.copyOfRange(below, (int) ((2 * i + 1) * 32), (int) ((2 * i + 1) * 32 + 32));
                System.arraycopy(MerkleTree.nodeHash(left, right), 0, here, (int) (i * 32), 32);
            }
            int current = level;
            long[] checked = {0};
            String[] problem = {null};
            for (long from = 0; from < nodes && named < 10; from += 1000) {
                List<Long> keys = new ArrayList<>();
                for (long i = from; i < Math.min(nodes, from + 1000); i++) {
                    keys.add(MerkleTree.key(current, i));
                }
                Map<Long, String> stored = store.treeNodes(keys);
                for (long key : keys) {
                    long index = MerkleTree.indexOf(key);
                    String expected = HexFormat.of().formatHex(here, (int) (index * 32), (int) (index * 32 + 32));
                    String actual = stored.get(key);
                    checked[0]++;
                    if (!expected.equals(actual) && named < 10) {
                        named++;
                        merge.add(new Finding("TREE_NODES_ALTERED", null, null, index << current, null, "the stored"
                                + " tree node " + current + "/" + index + " (over leaves " + (index << current) + " to "
                                + (((index + 1) << current) - 1) + ") is " + (actual == null ? "missing" : actual)
                                + ", but the entries give " + expected + ": proofs through it would not verify"));
                    }
                }
            }
            below = here;
            count = nodes;
        }
    }

    /** A checkpoint in the database must have its copy in the archive too. */
    private void checkpointFiles(Merge merge) {
        java.util.Set<Long> archived = new java.util.HashSet<>();
        for (String note : checkpoints.archived()) {
            open(note).ifPresent(checkpoint -> archived.add(checkpoint.size()));
        }
        long after = -1;
        for (List<IssuedCheckpoint> page = checkpoints.after(after, 1000); !page.isEmpty();
             page = checkpoints.after(after, 1000)) {
            for (IssuedCheckpoint issued : page) {
                if (!archived.contains(issued.treeSize())) {
                    merge.add(new Finding("CHECKPOINT_ARCHIVE_MISSING", null, null, null, issued.treeSize(),
                            "the checkpoint of tree size " + issued.treeSize() + " has no valid copy in the archive"
                                    + " folder: it was deleted or altered there"));
                }
                after = issued.treeSize();
            }
        }
    }

    private static String firstDifference(HistoryEntry stored, HistoryEntry derived) {
        List<String> a = stored.content();
        List<String> b = derived.content();
        for (int i = 0; i < a.size(); i++) {
            if (!Objects.equals(a.get(i), b.get(i))) {
                return HistoryEntry.COLUMNS.get(i) + " is " + quote(a.get(i)) + " in the history but "
                        + quote(b.get(i)) + " by its event";
            }
        }
        return "content differs";
    }

    private static String quote(String value) {
        return value == null ? "empty" : "\"" + value + "\"";
    }

    /** Names each difference by the checkpoints, and each checkpoint that a tree contradicts. */
    private static void judge(TreeMap<Long, Anchor> anchors, Merge merge) {
        for (Difference difference : merge.differences) {
            HistoryEntry entry = difference.stored();
            Map.Entry<Long, Anchor> covering = difference.leafIndex() == null ? null
                    : anchors.higherEntry(difference.leafIndex());
            Anchor anchor = covering == null ? null : covering.getValue();
            String kind;
            String why;
            if (anchor != null && Boolean.TRUE.equals(anchor.derivedHolds)
                    && !Boolean.TRUE.equals(anchor.storedHolds)) {
                kind = "CHANGED";
                why = "changed in the history: checkpoint " + anchor.size + " holds the event's version";
            } else if (anchor != null && Boolean.TRUE.equals(anchor.storedHolds)
                    && !Boolean.TRUE.equals(anchor.derivedHolds)) {
                kind = "EVENT_CHANGED";
                why = "changed in the event store: checkpoint " + anchor.size + " holds the history's version";
            } else {
                kind = "DIFFERS";
                why = anchor == null ? "no checkpoint covers it yet" : "checkpoint " + anchor.size
                        + " holds neither";
            }
            merge.add(new Finding(kind, entry.globalIndex(), entry.eventId(), difference.leafIndex(),
                    anchor == null ? null : anchor.size, "the entry at global index " + entry.globalIndex() + " (event "
                    + entry.eventId() + "): " + difference.what() + "; " + why));
        }
        Long lastHolding = null;
        boolean storedReported = false;
        boolean derivedReported = false;
        for (Anchor anchor : anchors.values()) {
            String since = lastHolding == null ? "" : " (checkpoint " + lastHolding + " still holds)";
            if (anchor.storedHolds == null && !storedReported) {
                merge.add(new Finding("TRUNCATED", null, null, merge.storedTree.size(), anchor.size,
                        "truncated: the history's tree has " + merge.storedTree.size() + " leaves, but checkpoint "
                                + anchor.size + " was signed over " + anchor.size));
                storedReported = true;
            }
            if (anchor.derivedHolds == null && !derivedReported) {
                merge.add(new Finding("EVENTS_TRUNCATED", null, null, merge.derivedTree.size(), anchor.size,
                        "the event store yields " + merge.derivedTree.size() + " entries up to the history's"
                                + " position, but checkpoint " + anchor.size + " was signed over " + anchor.size));
                derivedReported = true;
            }
            boolean stored = Boolean.FALSE.equals(anchor.storedHolds);
            boolean derived = Boolean.FALSE.equals(anchor.derivedHolds);
            if (stored && derived && !storedReported && !derivedReported && merge.differences.isEmpty()) {
                merge.add(new Finding("REBUILT_FROM_EDITED_EVENTS", null, null, null, anchor.size,
                        "the history agrees with the event store, but both contradict signed checkpoint "
                                + anchor.size + since + ": an event was edited and the history rebuilt from it"));
                storedReported = true;
                derivedReported = true;
            }
            if (stored && !storedReported) {
                merge.add(new Finding("REWRITTEN", null, null, null, anchor.size, "the history's first "
                        + anchor.size + " leaves do not give the root signed in checkpoint " + anchor.size + since
                        + ": entries below it were changed, removed or rewritten"));
                storedReported = true;
            }
            if (derived && !derivedReported) {
                merge.add(new Finding("EVENT_STORE_REWRITTEN", null, null, null, anchor.size, "the event store's"
                        + " first " + anchor.size + " entries do not give the root signed in checkpoint "
                        + anchor.size + since + ": events below it were changed or removed"));
                derivedReported = true;
            }
            if (Boolean.TRUE.equals(anchor.storedHolds) && Boolean.TRUE.equals(anchor.derivedHolds)) {
                lastHolding = anchor.size;
            }
        }
    }

    private static void put(BlockingQueue<Derived> queue, Derived derived) {
        try {
            queue.put(derived);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("verification stopped", interrupted);
        }
    }
}
