package uk.smartmeter.restricted.domain.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Merkle tree against RFC 9162 (RFC 6962)'s published vectors and against a second implementation
 * written here from the RFC's definitions (§2.1.1 MTH, §2.1.3.1 PATH, §2.1.4.1 PROOF/SUBPROOF) over plain
 * lists: every leaf of every tree size from 1 to 64, every pair of sizes, and random sizes up to 10⁶.
 */
class MerkleTreeTest {

    private static final HexFormat HEX = HexFormat.of();
    /** RFC 6962's reference leaves, as the Certificate Transparency code uses them. */
    private static final List<byte[]> ENTRIES = List.of(HEX.parseHex(""), HEX.parseHex("00"), HEX.parseHex("10"),
            HEX.parseHex("2021"), HEX.parseHex("3031"), HEX.parseHex("40414243"), HEX.parseHex("5051525354555657"),
            HEX.parseHex("606162636465666768696a6b6c6d6e6f"));
    private static final List<String> ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    private static List<byte[]> leafHashes(List<byte[]> entries) {
        List<byte[]> leaves = new ArrayList<>();
        entries.forEach(entry -> leaves.add(MerkleTree.leafHash(entry)));
        return leaves;
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    private static List<byte[]> generated(int n, long seed) {
        Random random = new Random(seed);
        List<byte[]> leaves = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] entry = new byte[1 + random.nextInt(24)];
            random.nextBytes(entry);
            leaves.add(MerkleTree.leafHash(entry));
        }
        return leaves;
    }

    @Test
    void theRootsOfTheReferenceLeavesAreThePublishedOnes() {
        List<byte[]> leaves = leafHashes(ENTRIES);
        for (int size = 0; size <= 8; size++) {
            assertThat(HEX.formatHex(MerkleTree.root(i -> leaves.get((int) i), size))).as("size %d", size)
                    .isEqualTo(ROOTS.get(size));
            MerkleTree.Appender appender = new MerkleTree.Appender();
            leaves.subList(0, size).forEach(appender::append);
            assertThat(HEX.formatHex(appender.root())).as("appended, size %d", size).isEqualTo(ROOTS.get(size));
        }
    }

    @Test
    void thePublishedInclusionAndConsistencyProofsAreGeneratedAndVerify() {
        List<byte[]> leaves = leafHashes(ENTRIES);
        MerkleTree.Leaves source = i -> leaves.get((int) i);
        assertThat(hex(MerkleTree.inclusionProof(source, 0, 8))).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(hex(MerkleTree.inclusionProof(source, 5, 8))).containsExactly(
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(hex(MerkleTree.inclusionProof(source, 2, 3))).containsExactly(
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
        assertThat(hex(MerkleTree.consistencyProof(source, 1, 1))).isEmpty();
        assertThat(hex(MerkleTree.consistencyProof(source, 1, 8))).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(hex(MerkleTree.consistencyProof(source, 6, 8))).containsExactly(
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(hex(MerkleTree.consistencyProof(source, 2, 5))).containsExactly(
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
        assertThat(MerkleTree.verifyConsistency(6, 8, HEX.parseHex(ROOTS.get(6)), HEX.parseHex(ROOTS.get(8)),
                MerkleTree.consistencyProof(source, 6, 8))).isTrue();
    }

    @Test
    void everyLeafOfEveryTreeUpTo64AndEveryPairOfSizesProvesAsTheRfcDefinesAndNothingElseVerifies() {
        List<byte[]> leaves = generated(64, 2026);
        MerkleTree.Leaves source = i -> leaves.get((int) i);
        for (int size = 1; size <= 64; size++) {
            List<byte[]> tree = leaves.subList(0, size);
            byte[] root = Rfc6962.mth(tree);
            assertThat(MerkleTree.root(source, size)).isEqualTo(root);
            for (int index = 0; index < size; index++) {
                List<byte[]> proof = MerkleTree.inclusionProof(source, index, size);
                assertThat(hex(proof)).as("PATH(%d, D[%d])", index, size).isEqualTo(hex(Rfc6962.path(index, tree)));
                assertThat(MerkleTree.verifyInclusion(index, size, leaves.get(index), proof, root)).isTrue();
                assertThat(MerkleTree.verifyInclusion(index, size, leaves.get((index + 1) % 64), proof, root))
                        .as("another leaf").isFalse();
                if (size > 1) {
                    assertThat(MerkleTree.verifyInclusion((index + 1) % size, size, leaves.get(index), proof, root))
                            .as("another index").isFalse();
                    assertThat(MerkleTree.verifyInclusion(index, size, leaves.get(index), proof.subList(0,
                            proof.size() - 1), root)).as("a short proof").isFalse();
                }
            }
            for (int first = 1; first <= size; first++) {
                List<byte[]> proof = MerkleTree.consistencyProof(source, first, size);
                byte[] firstRoot = Rfc6962.mth(leaves.subList(0, first));
                assertThat(hex(proof)).as("PROOF(%d, D[%d])", first, size)
                        .isEqualTo(hex(Rfc6962.proof(first, tree)));
                assertThat(MerkleTree.verifyConsistency(first, size, firstRoot, root, proof)).isTrue();
                if (first < size) {
                    byte[] forged = firstRoot.clone();
                    forged[0] ^= 1;
                    assertThat(MerkleTree.verifyConsistency(first, size, forged, root, proof))
                            .as("a rewritten earlier tree").isFalse();
                    byte[] otherRoot = Rfc6962.mth(generated(size, first));
                    assertThat(MerkleTree.verifyConsistency(first, size, firstRoot, otherRoot, proof))
                            .as("a later tree that did not only append").isFalse();
                }
            }
        }
    }

    @Test
    void proofsFromStoredPerfectSubtreesAreTheSameAndReadOnlyTheNodesTheyName() {
        List<byte[]> leaves = generated(64, 77);
        java.util.Map<Long, byte[]> stored = new java.util.HashMap<>();
        MerkleTree.Appender appender = new MerkleTree.Appender();
        for (byte[] leaf : leaves) {
            appender.append(leaf).forEach(node -> stored.put(MerkleTree.key(node.level(), node.index()), node.hash()));
        }
        MerkleTree.Nodes nodes = (level, index) -> java.util.Objects.requireNonNull(
                stored.get(MerkleTree.key(level, index)), "node " + level + "/" + index + " not stored");
        MerkleTree.Leaves source = i -> leaves.get((int) i);
        assertThat(stored).as("each append stores its leaf and the subtrees it completes").hasSize(127);
        for (int size = 1; size <= 64; size++) {
            long n = size;
            assertThat(MerkleTree.root(nodes, 0, size)).isEqualTo(MerkleTree.root(source, size));
            assertThat(MerkleTree.Appender.restore(size, nodes).root()).isEqualTo(MerkleTree.root(source, size));
            assertThat(MerkleTree.nodesRead(read -> MerkleTree.Appender.restore(n, read)))
                    .containsExactlyElementsOf(MerkleTree.Appender.frontierKeys(size));
            for (int index = 0; index < size; index++) {
                long i = index;
                assertThat(hex(MerkleTree.inclusionProof(nodes, index, size)))
                        .isEqualTo(hex(MerkleTree.inclusionProof(source, index, size)));
                assertThat(MerkleTree.nodesRead(read -> MerkleTree.inclusionProof(read, i, n)).size())
                        .as("a proof reads about log2(n) squared nodes at most").isLessThanOrEqualTo(49);
            }
            for (int first = 1; first <= size; first++) {
                assertThat(hex(MerkleTree.consistencyProof(nodes, first, size)))
                        .isEqualTo(hex(MerkleTree.consistencyProof(source, first, size)));
            }
        }
    }

    @Test
    void randomSizesUpToAMillionProveAsTheRfcDefines() {
        Random random = new Random(9162);
        List<byte[]> leaves = generated(1_000_000, 6962);
        MerkleTree.Leaves source = i -> leaves.get((int) i);
        for (int round = 0; round < 3; round++) {
            int size = round == 0 ? 1_000_000 : 1 + random.nextInt(1_000_000);
            List<byte[]> tree = leaves.subList(0, size);
            byte[] root = Rfc6962.mth(tree);
            MerkleTree.Appender appender = new MerkleTree.Appender();
            tree.forEach(appender::append);
            assertThat(appender.root()).as("size %d", size).isEqualTo(root);
            int index = random.nextInt(size);
            List<byte[]> inclusion = MerkleTree.inclusionProof(source, index, size);
            assertThat(hex(inclusion)).isEqualTo(hex(Rfc6962.path(index, tree)));
            assertThat(MerkleTree.verifyInclusion(index, size, leaves.get(index), inclusion, root)).isTrue();
            int first = 1 + random.nextInt(size);
            List<byte[]> consistency = MerkleTree.consistencyProof(source, first, size);
            assertThat(hex(consistency)).isEqualTo(hex(Rfc6962.proof(first, tree)));
            assertThat(MerkleTree.verifyConsistency(first, size, Rfc6962.mth(leaves.subList(0, first)), root,
                    consistency)).isTrue();
        }
    }

    /** RFC 6962 §2.1, written out from its text over lists, independent of the implementation under test. */
    static final class Rfc6962 {

        static byte[] mth(List<byte[]> d) {
            int n = d.size();
            if (n == 0) {
                return sha256(new byte[0]);
            }
            if (n == 1) {
                return d.get(0);
            }
            int k = 1;
            while (k * 2 < n) {
                k *= 2;
            }
            return node(mth(d.subList(0, k)), mth(d.subList(k, n)));
        }

        static List<byte[]> path(int m, List<byte[]> d) {
            int n = d.size();
            List<byte[]> out = new ArrayList<>();
            if (n == 1) {
                return out;
            }
            int k = 1;
            while (k * 2 < n) {
                k *= 2;
            }
            if (m < k) {
                out.addAll(path(m, d.subList(0, k)));
                out.add(mth(d.subList(k, n)));
            } else {
                out.addAll(path(m - k, d.subList(k, n)));
                out.add(mth(d.subList(0, k)));
            }
            return out;
        }

        static List<byte[]> proof(int m, List<byte[]> d) {
            return subproof(m, d, true);
        }

        private static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
            int n = d.size();
            List<byte[]> out = new ArrayList<>();
            if (m == n) {
                if (!b) {
                    out.add(mth(d));
                }
                return out;
            }
            int k = 1;
            while (k * 2 < n) {
                k *= 2;
            }
            if (m <= k) {
                out.addAll(subproof(m, d.subList(0, k), b));
                out.add(mth(d.subList(k, n)));
            } else {
                out.addAll(subproof(m - k, d.subList(k, n), false));
                out.add(mth(d.subList(0, k)));
            }
            return out;
        }

        private static byte[] node(byte[] left, byte[] right) {
            byte[] input = new byte[1 + left.length + right.length];
            input[0] = 1;
            System.arraycopy(left, 0, input, 1, left.length);
            System.arraycopy(right, 0, input, 1 + left.length, right.length);
            return sha256(input);
        }

        private static byte[] sha256(byte[] input) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(input);
            } catch (java.security.NoSuchAlgorithmException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }
}
