package uk.smartmeter.restricted.domain.reporting;

import java.nio.charset.StandardCharsets;

/**
 * The key that ties an outcome-log row's claim of a gate denial (R1, R2) to the gate's own receipt: a
 * 64-bit fingerprint of the request ID, the target device, the SRV as the DSP logs it (5.1 for a schedule)
 * and the response code. FNV-1a over the fields with a separator between them, then the MurmurHash3
 * finaliser. Two different requests share a key with a probability of about 2^-64 per pair, so a claim is
 * taken as grounded only when a receipt of that very request exists.
 */
public final class DenialKey {

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private DenialKey() {
    }

    /** The key of a receipt. */
    public static long of(String requestId, long device, String srv, String code) {
        byte[] id = requestId.getBytes(StandardCharsets.UTF_8);
        byte[] s = srv.getBytes(StandardCharsets.US_ASCII);
        byte[] c = code.getBytes(StandardCharsets.US_ASCII);
        return of(id, 0, id.length, device, s, 0, s.length, c, 0, c.length);
    }

    /** The key of a row, read from the reader's buffer without allocating. */
    static long of(byte[] id, int idFrom, int idTo, long device, byte[] srv, int srvFrom, int srvTo, byte[] code,
                   int codeFrom, int codeTo) {
        long h = OFFSET;
        h = bytes(h, id, idFrom, idTo);
        h = (h ^ 0xFF) * PRIME;
        for (int shift = 56; shift >= 0; shift -= 8) {
            h = (h ^ (device >>> shift & 0xFF)) * PRIME;
        }
        h = (h ^ 0xFF) * PRIME;
        h = bytes(h, srv, srvFrom, srvTo);
        h = (h ^ 0xFF) * PRIME;
        h = bytes(h, code, codeFrom, codeTo);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == Long.MIN_VALUE ? Long.MIN_VALUE + 1 : h;
    }

    private static long bytes(long h, byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            h = (h ^ (bytes[i] & 0xFF)) * PRIME;
        }
        return h;
    }
}
