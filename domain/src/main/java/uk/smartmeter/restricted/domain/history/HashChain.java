package uk.smartmeter.restricted.domain.history;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The history's tamper evidence: each entry's hash is the SHA-256, in lower-case hex, of the previous
 * hash (64 zeros before the first entry), a line feed, and the entry's content as one RFC 4180 CSV
 * record (the export's columns without the hashes, no line break at the end). One chain runs per
 * device, one over the whole history; an export carries both, so anyone can recompute them.
 */
public final class HashChain {

    public static final String GENESIS = "0".repeat(64);

    private HashChain() {
    }

    public static String next(String previous, List<String> content) {
        return next(previous, csvRecord(content).getBytes(StandardCharsets.UTF_8));
    }

    /** The same, from the content's record already encoded ({@link #csvRecord} in UTF-8). */
    public static String next(String previous, byte[] record) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(previous.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(record);
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }

    /**
     * A cell as the export writes it, safe to open in a spreadsheet (OWASP, CSV injection): a value that
     * begins with {@code =}, {@code +}, {@code -}, {@code @}, a tab, a carriage return or a single quote gets
     * a single quote in front, so that no spreadsheet reads it as a formula. The hashes cover the value as
     * stored: to verify an exported row offline, remove the first character of every cell that begins with
     * a single quote ({@link #storedCell}), then hash the record as {@link #next} does.
     */
    public static String exportCell(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                || first == '\'' ? "'" + value : value;
    }

    /** The stored value of an exported cell: the inverse of {@link #exportCell}. */
    public static String storedCell(String cell) {
        return cell != null && cell.startsWith("'") ? cell.substring(1) : cell;
    }

    /** RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled; null is the empty field. */
    public static String csvRecord(List<String> fields) {
        StringBuilder record = new StringBuilder(256);
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                record.append(',');
            }
            String field = fields.get(i);
            if (field == null) {
                continue;
            }
            if (field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                    || field.indexOf('\r') >= 0) {
                record.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                record.append(field);
            }
        }
        return record.toString();
    }
}
