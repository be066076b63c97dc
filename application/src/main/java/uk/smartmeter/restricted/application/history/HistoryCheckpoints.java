package uk.smartmeter.restricted.application.history;

import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import uk.smartmeter.restricted.application.port.in.ReadHistory;
import uk.smartmeter.restricted.application.port.out.CheckpointSigner;
import uk.smartmeter.restricted.application.port.out.CheckpointStore;
import uk.smartmeter.restricted.domain.history.Checkpoint;
import uk.smartmeter.restricted.application.port.out.IssuedCheckpoint;
import uk.smartmeter.restricted.application.port.in.TreeProofs;

/**
 * Issues signed checkpoints of the history's tree: on an interval when the tree has grown, and for every
 * published monthly report and exclusion list, which cite the checkpoint they were issued with. A checkpoint
 * is the C2SP tlog-checkpoint text (origin, tree size, base64 root) in a C2SP signed note (Ed25519).
 */
public final class HistoryCheckpoints implements uk.smartmeter.restricted.application.port.in.ReadCheckpoints {

    private final ReadHistory history;
    private final CheckpointStore store;
    private final CheckpointSigner signer;
    private final Clock clock;

    private final java.util.function.BooleanSupplier entriesOutsideTheTree;

    /**
     * @param entriesOutsideTheTree true while the history holds entries written before the tree existed: they are not
     *                              leaves until a rebuild, so a checkpoint then would contradict every rebuilt tree,
     *                              and none is issued
     */
    public HistoryCheckpoints(ReadHistory history, CheckpointStore store, CheckpointSigner signer, Clock clock,
                              java.util.function.BooleanSupplier entriesOutsideTheTree) {
        this.history = Objects.requireNonNull(history);
        this.store = Objects.requireNonNull(store);
        this.signer = Objects.requireNonNull(signer);
        this.clock = Objects.requireNonNull(clock);
        this.entriesOutsideTheTree = Objects.requireNonNull(entriesOutsideTheTree);
    }

    /** Thrown while the history holds entries from before the tree: rebuild it once. */
    public static final class NotYetATree extends IllegalStateException {
        public NotYetATree() {
            super("the history holds entries written before its Merkle tree existed; rebuild it once"
                    + " (POST /api/v1/history/rebuild) before checkpoints can be issued");
        }
    }

    /** A checkpoint for this reason, or empty while the history holds entries from before the tree. */
    @Override
    public Optional<IssuedCheckpoint> tryIssue(String reason) {
        try {
            return Optional.of(issue(reason));
        } catch (NotYetATree notYet) {
            return Optional.empty();
        }
    }

    /**
     * A checkpoint of the tree as it stands, for this reason (the one already issued at this size, if any).
     *
     * @throws NotYetATree while the history holds entries from before the tree
     */
    @Override
    public IssuedCheckpoint issue(String reason) {
        if (entriesOutsideTheTree.getAsBoolean()) {
            throw new NotYetATree();
        }
        TreeProofs.Head head = history.treeHead();
        Checkpoint checkpoint = new Checkpoint(signer.name(), head.size(), HexFormat.of().parseHex(head.root()));
        return store.save(new IssuedCheckpoint(head.size(), head.root(), signer.sign(checkpoint.text()),
                clock.instant(), reason));
    }

    /** A checkpoint when the tree has grown since the latest one; empty otherwise. */
    public Optional<IssuedCheckpoint> issueIfGrown() {
        long size = history.treeHead().size();
        long latest = store.latest().map(IssuedCheckpoint::treeSize).orElse(-1L);
        return size > latest ? tryIssue("interval") : Optional.empty();
    }

    @Override
    public Optional<IssuedCheckpoint> latest() {
        return store.latest();
    }

    @Override
    public Optional<IssuedCheckpoint> ofSize(long treeSize) {
        return store.ofSize(treeSize);
    }

    @Override
    public List<IssuedCheckpoint> after(long afterSize, int limit) {
        return store.after(afterSize, limit);
    }

    /**
     * The roots of every checkpoint that carries this key's signature, by tree size, from the database and from
     * the archive outside it: what a rebuilt tree must agree with.
     */
    public java.util.TreeMap<Long, byte[]> signedRoots() {
        java.util.TreeMap<Long, byte[]> roots = new java.util.TreeMap<>();
        List<String> notes = new java.util.ArrayList<>(store.archived());
        long after = -1;
        for (List<IssuedCheckpoint> page = store.after(after, 1000); !page.isEmpty(); page = store.after(after, 1000)) {
            for (IssuedCheckpoint issued : page) {
                notes.add(issued.note());
                after = issued.treeSize();
            }
        }
        for (String note : notes) {
            try {
                signer.open(note).map(Checkpoint::parse).filter(c -> c.origin().equals(signer.name()))
                        .ifPresent(c -> roots.putIfAbsent(c.size(), c.root()));
            } catch (IllegalArgumentException unreadable) {
                // not a checkpoint of this log: the verification names it
            }
        }
        return roots;
    }

    /** The verifier key, as C2SP signed-note verifiers take it. */
    @Override
    public String verifierKey() {
        return signer.verifierKey();
    }

    @Override
    public String origin() {
        return signer.name();
    }
}
