package uk.smartmeter.restricted.adapter.rest.problem;

import uk.smartmeter.restricted.application.input.Utf8Check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The lines of an uploaded body (NDJSON or CSV), read as bytes so that each line is judged on its own:
 * every line of the input is one {@link Line}, numbered from 1, whether it is text, empty, too long or
 * not UTF-8. Lines end at LF (a CR before it is dropped); a last line without LF is a line; a body that
 * ends with LF has no empty line after it. Nothing is held but one bounded line.
 */
public final class BodyLines {

    /** What a line is. */
    public enum Kind { TEXT, EMPTY, TOO_LONG, NOT_UTF8 }

    /** One input line: its number, what it is, its text when TEXT, and where a NOT_UTF8 line's bad byte is. */
    public record Line(long number, Kind kind, String text, int badByte) {
    }

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private final byte[] line;
    private int position;
    private int limit;
    private long number;
    private boolean ended;

    public BodyLines(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.line = new byte[maxBytes];
    }

    /** The next line, or null at the end of the body. */
    public Line next() throws IOException {
        if (ended) {
            return null;
        }
        int length = 0;
        boolean tooLong = false;
        boolean sawAny = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    ended = true;
                    if (!sawAny) {
                        return null;
                    }
                    break;
                }
            }
            byte b = buffer[position++];
            sawAny = true;
            if (b == '\n') {
                break;
            }
            if (length < maxBytes) {
                line[length++] = b;
            } else {
                tooLong = true;
            }
        }
        number++;
        if (tooLong) {
            return new Line(number, Kind.TOO_LONG, null, -1);
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        int start = 0;
        if (number == 1 && length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB
                && (line[2] & 0xFF) == 0xBF) {
            // a UTF-8 byte order mark, as spreadsheets write one, is not part of the first line
            start = 3;
        }
        int bad = firstBadByte(line, start, length - start);
        if (bad >= 0) {
            return new Line(number, Kind.NOT_UTF8, null, bad);
        }
        String text = new String(line, start, length - start, StandardCharsets.UTF_8);
        return new Line(number, text.isBlank() ? Kind.EMPTY : Kind.TEXT, text, -1);
    }

    private static int firstBadByte(byte[] bytes, int from, int length) {
        Utf8Check check = new Utf8Check(false);
        try {
            check.check(bytes, from, length);
            check.end();
            return -1;
        } catch (Utf8Check.NotUtf8 not) {
            return (int) not.offset();
        }
    }

    /** The rule a line that is not TEXT breaks, for its answer. */
    public static String ruleOf(Line line, int maxBytes, String what) {
        return switch (line.kind()) {
            case EMPTY -> "empty: every line must be " + what;
            case TOO_LONG -> "at most " + maxBytes + " bytes";
            case NOT_UTF8 -> "not valid UTF-8 (or a NUL byte): byte " + (line.badByte() + 1) + " of the line is not a"
                    + " character";
            case TEXT -> throw new IllegalArgumentException("a text line breaks no line rule");
        };
    }
}
