package uk.smartmeter.restricted.application.port.in;

import java.util.List;

/** The history's Merkle tree as it answers regulators: its head, and proofs against any earlier head. Hashes in hex. */
public final class TreeProofs {

    private TreeProofs() {
    }

    /** A node the tree needs is not stored: the tree was damaged; the verification names the node, a rebuild repairs it. */
    public static final class Damaged extends IllegalStateException {
        public Damaged(String message) {
            super(message);
        }
    }

    /** The tree over the first {@code size} entries and its root (RFC 9162 §2.1.1). */
    public record Head(long size, String root) {
    }

    /**
     * An inclusion proof (RFC 9162 §2.1.3): the entry of {@code eventId} is leaf {@code leafIndex} of the tree
     * of {@code treeSize} leaves whose root is {@code root}; its leaf hash is SHA-256(0x00 ‖ the entry's
     * content record).
     */
    public record Inclusion(String eventId, long leafIndex, long treeSize, String leafHash, String root,
                            List<String> proof) {
    }

    /** A consistency proof (RFC 9162 §2.1.4): the tree of {@code second} leaves only appended to that of {@code first}. */
    public record Consistency(long first, long second, String firstRoot, String secondRoot, List<String> proof) {
    }
}
