package uk.smartmeter.restricted.application.input;

import java.io.IOException;

/**
 * Checks bytes as they pass for well-formed UTF-8 (RFC 3629): no overlong forms (such as {@code C0 AF}
 * for '/'), no surrogates, nothing above U+10FFFF, no stray continuation bytes, and no sequence cut off
 * at the end. A decoder that replaced or folded such bytes would read another text than the sender's
 * bytes say; the request is refused instead.
 */
public final class Utf8Check {

    /** The bytes are not UTF-8; thrown while reading, answered 400 naming the byte offset. */
    public static final class NotUtf8 extends IOException {
        private final long offset;

        public NotUtf8(long offset) {
            super("not valid UTF-8 at byte " + offset, null);
            this.offset = offset;
        }

        public long offset() {
            return offset;
        }
    }

    private final boolean nulAllowed;
    private long offset;
    private long sequenceStart;
    private int pending;
    private int lowest = 0x80;
    private int highest = 0xBF;

    /** A check that takes NUL as a character (U+0000 is well-formed UTF-8). */
    public Utf8Check() {
        this(true);
    }

    /**
     * @param nulAllowed false for JSON and XML bodies: neither may hold a raw NUL, and NULs between ASCII bytes are
     *                   how UTF-16 and UTF-32 text without a byte order mark passes for UTF-8 (a parser that detects
     *                   the encoding would then read it as such)
     */
    public Utf8Check(boolean nulAllowed) {
        this.nulAllowed = nulAllowed;
    }

    /** Checks {@code length} bytes from {@code offset} of {@code bytes}. */
    public void check(byte[] bytes, int from, int length) throws NotUtf8 {
        for (int i = from; i < from + length; i++) {
            check(bytes[i] & 0xFF);
        }
    }

    /** Checks one byte. */
    public void check(int b) throws NotUtf8 {
        if (pending == 0) {
            sequenceStart = offset;
            if (b == 0 && !nulAllowed) {
                throw new NotUtf8(offset);
            }
            if (b < 0x80) {
                offset++;
                return;
            }
            if (b >= 0xC2 && b <= 0xDF) {
                pending = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                pending = 2;
                lowest = b == 0xE0 ? 0xA0 : 0x80;
                highest = b == 0xED ? 0x9F : 0xBF;
            } else if (b >= 0xF0 && b <= 0xF4) {
                pending = 3;
                lowest = b == 0xF0 ? 0x90 : 0x80;
                highest = b == 0xF4 ? 0x8F : 0xBF;
            } else {
                throw new NotUtf8(offset);
            }
            offset++;
            return;
        }
        if (b < lowest || b > highest) {
            throw new NotUtf8(sequenceStart);
        }
        lowest = 0x80;
        highest = 0xBF;
        pending--;
        offset++;
    }

    /** At the end of the bytes: a sequence left open is cut off. */
    public void end() throws NotUtf8 {
        if (pending != 0) {
            throw new NotUtf8(sequenceStart);
        }
    }

    /** Whether {@code bytes} are wholly well-formed UTF-8. */
    public static boolean valid(byte[] bytes, int from, int length) {
        Utf8Check check = new Utf8Check();
        try {
            check.check(bytes, from, length);
            check.end();
            return true;
        } catch (NotUtf8 not) {
            return false;
        }
    }
}
