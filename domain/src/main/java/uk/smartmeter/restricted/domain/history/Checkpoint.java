package uk.smartmeter.restricted.domain.history;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A tree head in the C2SP {@code tlog-checkpoint} format: the log's origin line, the tree size in decimal,
 * the root hash in standard base64, each on its own line. Signed as a {@link SignedNote}, it commits to
 * every entry below its size.
 */
public record Checkpoint(String origin, long size, byte[] root) {

    public Checkpoint {
        Objects.requireNonNull(origin, "origin is required");
        if (origin.isEmpty() || origin.contains("\n")) {
            throw new IllegalArgumentException("an origin is one non-empty line");
        }
        if (size < 0) {
            throw new IllegalArgumentException("a tree size is never negative");
        }
        if (root == null || root.length != 32) {
            throw new IllegalArgumentException("a root is a SHA-256 hash");
        }
        root = root.clone();
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    /** The checkpoint's text, the body a signed note signs. */
    public String text() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    /** Reads a checkpoint's text (extension lines after the root are ignored here). */
    public static Checkpoint parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 4 || !text.endsWith("\n") || !lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("a checkpoint is origin, size and root, each on a line");
        }
        return new Checkpoint(lines[0], Long.parseLong(lines[1]), Base64.getDecoder().decode(lines[2]));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint that && origin.equals(that.origin) && size == that.size
                && Arrays.equals(root, that.root);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, size, Arrays.hashCode(root));
    }

    @Override
    public String toString() {
        return text();
    }
}
