package uk.smartmeter.restricted.domain.history;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The history as a Merkle tree, as Certificate Transparency defines it (RFC 9162 §2.1): a leaf's hash is
 * {@code SHA-256(0x00 ‖ entry)}, an interior node's {@code SHA-256(0x01 ‖ left ‖ right)}, and the tree over
 * {@code n} leaves splits at the largest power of two below {@code n}. A tree head (size and root) commits
 * to every leaf below it; an inclusion proof shows one leaf is in it with about log₂(n) hashes, and a
 * consistency proof that a later head only appended to an earlier one.
 *
 * <p>Proofs are generated over any source of leaf hashes ({@link Leaves}), and verified with the
 * algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2, which need nothing but the proof and the heads. Pure
 * functions, no I/O.
 */
public final class MerkleTree {

    /** The root of the empty tree: SHA-256 of nothing. */
    public static final byte[] EMPTY_ROOT = sha256(new byte[0]);

    private MerkleTree() {
    }

    /** Where leaf hashes come from, by index (0-based): a list in memory, a table, a file. */
    @FunctionalInterface
    public interface Leaves {
        byte[] leaf(long index);
    }

    public static byte[] leafHash(byte[] entry) {
        MessageDigest digest = digest();
        digest.update((byte) 0x00);
        digest.update(entry);
        return digest.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest digest = digest();
        digest.update((byte) 0x01);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /**
     * Where the roots of perfect subtrees come from: {@code node(level, index)} is the root over the
     * {@code 2^level} leaves from {@code index * 2^level} on, as a store keeps them when they complete.
     * Every root and proof of the tree needs only such nodes, about log₂(n) of them per root.
     */
    @FunctionalInterface
    public interface Nodes {
        byte[] node(int level, long index);
    }

    /** A perfect subtree's root, by its level and index. */
    public record Node(int level, long index, byte[] hash) {
    }

    /**
     * The perfect-subtree nodes that a root or proof over {@code size} leaves reads, found by running it over
     * placeholder hashes: the shape of the recursion never depends on the hashes, so a store can fetch exactly
     * these in one query and then run it for real.
     */
    public static java.util.Set<Long> nodesRead(java.util.function.Consumer<Nodes> computation) {
        java.util.Set<Long> keys = new java.util.LinkedHashSet<>();
        byte[] placeholder = new byte[32];
        computation.accept((level, index) -> {
            keys.add(key(level, index));
            return placeholder;
        });
        return keys;
    }

    /** One number for a node: its level in the top 6 bits, its index below. */
    public static long key(int level, long index) {
        return (long) level << 58 | index;
    }

    public static int levelOf(long key) {
        return (int) (key >>> 58);
    }

    public static long indexOf(long key) {
        return key & ((1L << 58) - 1);
    }

    /** MTH(D[from:to]) from stored perfect subtrees. */
    public static byte[] root(Nodes nodes, long from, long to) {
        long n = to - from;
        if (n == 0) {
            return EMPTY_ROOT.clone();
        }
        if (Long.bitCount(n) == 1 && from % n == 0) {
            return nodes.node(Long.numberOfTrailingZeros(n), from / n);
        }
        long k = split(n);
        return nodeHash(root(nodes, from, from + k), root(nodes, from + k, to));
    }

    /** An inclusion proof from stored perfect subtrees (the same proof as {@link #inclusionProof(Leaves, long, long)}). */
    public static List<byte[]> inclusionProof(Nodes nodes, long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
        }
        List<byte[]> proof = new ArrayList<>();
        path(range(nodes), index, 0, size, proof);
        return proof;
    }

    /** A consistency proof from stored perfect subtrees. */
    public static List<byte[]> consistencyProof(Nodes nodes, long first, long second) {
        if (first < 1 || first > second) {
            throw new IllegalArgumentException("no consistency proof from " + first + " to " + second);
        }
        List<byte[]> proof = new ArrayList<>();
        subproof(range(nodes), first, 0, second, true, proof);
        return proof;
    }

    /** Roots of ranges: from leaves by recursion, or from stored perfect subtrees. */
    private interface Ranges {
        byte[] root(long from, long to);
    }

    private static Ranges range(Leaves leaves) {
        return (from, to) -> root(leaves, from, to);
    }

    private static Ranges range(Nodes nodes) {
        return (from, to) -> root(nodes, from, to);
    }

    /** MTH(D[from:to]): the root over the leaves {@code from} (inclusive) to {@code to} (exclusive). */
    public static byte[] root(Leaves leaves, long from, long to) {
        if (from > to || from < 0) {
            throw new IllegalArgumentException("no range " + from + ".." + to);
        }
        long n = to - from;
        if (n == 0) {
            return EMPTY_ROOT.clone();
        }
        if (n == 1) {
            return leaves.leaf(from);
        }
        long k = split(n);
        return nodeHash(root(leaves, from, from + k), root(leaves, from + k, to));
    }

    /** The root of the first {@code size} leaves. */
    public static byte[] root(Leaves leaves, long size) {
        return root(leaves, 0, size);
    }

    /** The inclusion proof of leaf {@code index} in the tree of the first {@code size} leaves (RFC 9162 §2.1.3.1). */
    public static List<byte[]> inclusionProof(Leaves leaves, long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
        }
        List<byte[]> proof = new ArrayList<>();
        path(range(leaves), index, 0, size, proof);
        return proof;
    }

    private static void path(Ranges ranges, long index, long from, long to, List<byte[]> proof) {
        long n = to - from;
        if (n <= 1) {
            return;
        }
        long k = split(n);
        if (index - from < k) {
            path(ranges, index, from, from + k, proof);
            proof.add(ranges.root(from + k, to));
        } else {
            path(ranges, index, from + k, to, proof);
            proof.add(ranges.root(from, from + k));
        }
    }

    /** The consistency proof from the tree of {@code first} leaves to that of {@code second} (RFC 9162 §2.1.4.1). */
    public static List<byte[]> consistencyProof(Leaves leaves, long first, long second) {
        if (first < 1 || first > second) {
            throw new IllegalArgumentException("no consistency proof from " + first + " to " + second);
        }
        List<byte[]> proof = new ArrayList<>();
        subproof(range(leaves), first, 0, second, true, proof);
        return proof;
    }

    private static void subproof(Ranges ranges, long m, long from, long to, boolean whole, List<byte[]> proof) {
        long n = to - from;
        if (m == n) {
            if (!whole) {
                proof.add(ranges.root(from, to));
            }
            return;
        }
        long k = split(n);
        if (m <= k) {
            subproof(ranges, m, from, from + k, whole, proof);
            proof.add(ranges.root(from + k, to));
        } else {
            subproof(ranges, m - k, from + k, to, false, proof);
            proof.add(ranges.root(from, from + k));
        }
    }

    /** RFC 9162 §2.1.3.2: whether the proof puts this leaf hash at {@code index} under {@code root}. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        Objects.requireNonNull(leafHash);
        Objects.requireNonNull(root);
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162 §2.1.4.2: whether the proof shows the tree of {@code second} leaves extends that of {@code first}. */
    public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot,
                                            List<byte[]> proof) {
        Objects.requireNonNull(firstRoot);
        Objects.requireNonNull(secondRoot);
        if (first < 1 || first > second) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstRoot);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }

    /**
     * The tree's right edge as leaves are appended: the roots of its perfect subtrees, largest first, so that
     * each append and each root costs O(log n) hashes and memory never grows with the leaves.
     */
    public static final class Appender {
        private final List<byte[]> frontier = new ArrayList<>();
        private long size;

        public Appender() {
        }

        /** The tree of {@code size} leaves again, from the perfect subtrees its size decomposes into. */
        public static Appender restore(long size, Nodes nodes) {
            Appender appender = new Appender();
            for (long key : frontierKeys(size)) {
                appender.frontier.add(nodes.node(levelOf(key), indexOf(key)));
            }
            appender.size = size;
            return appender;
        }

        /** The nodes {@link #restore} reads for a tree of {@code size} leaves. */
        public static List<Long> frontierKeys(long size) {
            List<Long> keys = new ArrayList<>();
            long from = 0;
            for (int level = 62; level >= 0; level--) {
                if ((size >>> level & 1) == 1) {
                    keys.add(key(level, from >>> level));
                    from += 1L << level;
                }
            }
            return keys;
        }

        /** Appends a leaf; answers the perfect subtrees it completed, the leaf itself first. */
        public List<Node> append(byte[] leafHash) {
            List<Node> completed = new ArrayList<>(2);
            byte[] carry = leafHash;
            long index = size;
            int level = 0;
            completed.add(new Node(0, index, carry));
            while ((index & 1) == 1) {
                carry = nodeHash(frontier.remove(frontier.size() - 1), carry);
                index >>= 1;
                level++;
                completed.add(new Node(level, index, carry));
            }
            frontier.add(carry);
            size++;
            return completed;
        }

        public long size() {
            return size;
        }

        /** The root over every leaf appended so far. */
        public byte[] root() {
            if (frontier.isEmpty()) {
                return EMPTY_ROOT.clone();
            }
            byte[] root = frontier.get(frontier.size() - 1);
            for (int i = frontier.size() - 2; i >= 0; i--) {
                root = nodeHash(frontier.get(i), root);
            }
            return root;
        }
    }

    /** The largest power of two below {@code n} (n at least 2). */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }
}
