package uk.smartmeter.restricted.adapter.rest.gate;

import java.io.IOException;
import java.io.Reader;

/** Reads NDJSON lines from a stream, skipping blank ones, and never holding more than a bounded line. */
final class NdjsonLines {

    enum Read { LINE, TOO_LONG, END }

    private final Reader in;
    private final int maxLine;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;

    NdjsonLines(Reader in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** Reads the next non-blank line into {@code line} (without its line break). */
    Read next(StringBuilder line) throws IOException {
        while (true) {
            line.setLength(0);
            boolean tooLong = false;
            boolean ended = false;
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer, 0, buffer.length);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        ended = true;
                        break;
                    }
                }
                char c = buffer[position++];
                if (c == '\n') {
                    break;
                }
                if (line.length() < maxLine) {
                    line.append(c);
                } else {
                    tooLong = true;
                }
            }
            if (tooLong) {
                return Read.TOO_LONG;
            }
            if (!isBlank(line)) {
                return Read.LINE;
            }
            if (ended) {
                return Read.END;
            }
        }
    }

    private static boolean isBlank(CharSequence line) {
        for (int i = 0; i < line.length(); i++) {
            if (!Character.isWhitespace(line.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
