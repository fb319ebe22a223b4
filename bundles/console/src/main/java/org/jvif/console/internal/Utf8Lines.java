package org.jvif.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lines of strict UTF-8 from a stream, each at most {@link #MAX_LINE} bytes. A line that is not valid
 * UTF-8 is refused as Python's decoder refuses it (the same message, naming the byte offset); a longer
 * line is refused without being kept: the reader holds at most one line and one buffer.
 */
final class Utf8Lines {
    /** The longest line (and file) the console reads, in bytes, without its newline: 1 MiB. */
    static final int MAX_LINE = 1 << 20;

    /** A line as read: its bytes (not yet decoded), its text, or why it was refused. */
    static final class Line {
        final byte[] bytes;
        final String text;
        final String errorType;
        final String error;

        private Line(byte[] bytes, String text, String errorType, String error) {
            this.bytes = bytes;
            this.text = text;
            this.errorType = errorType;
            this.error = error;
        }

        /** The line decoded (where the bytes are, on the thread that will use the text). */
        Line decoded() {
            return bytes == null ? this : decode(bytes, bytes.length);
        }
    }

    private final InputStream in;
    private final int maxLine;
    private final byte[] buffer = new byte[64 * 1024];
    private int pos;
    private int end;
    private byte[] line = new byte[256];
    private int length;
    private long number;

    Utf8Lines(InputStream in) {
        this(in, MAX_LINE);
    }

    Utf8Lines(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /**
     * The next line (a last line without a newline included), or null at the end of the stream: its bytes,
     * undecoded (see {@link Line#decoded}), or why it is refused.
     */
    Line next() throws IOException {
        length = 0;
        long dropped = 0;
        boolean any = false;
        while (true) {
            if (pos == end) {
                end = in.read(buffer);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int from = pos;
            int nl = from;
            while (nl < end && buffer[nl] != '\n') {
                nl++;
            }
            pos = nl < end ? nl + 1 : nl;
            int n = nl - from;
            if (dropped > 0 || length + n > maxLine) {
                dropped += length + n;
                length = 0;
            } else {
                append(from, n);
            }
            if (nl < end) {
                break;
            }
        }
        number++;
        if (dropped > 0) {
            return new Line(null, null, "ValueError", "line " + number + " is " + dropped + " bytes long, more than the "
                    + maxLine + " the console reads in one line");
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return new Line(Arrays.copyOf(line, length), null, null, null);
    }

    /** Whether a line can be read now without waiting for the stream. */
    boolean ready() {
        try {
            return pos < end || in.available() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private void append(int from, int n) {
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLine, Math.max(line.length * 2, length + n)));
        }
        System.arraycopy(buffer, from, line, length, n);
        length += n;
    }

    /** {@code bytes[0, length)} decoded as strict UTF-8, or the error Python's decoder gives. */
    static Line decode(byte[] bytes, int length) {
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        // Java's decoder replaces what is not UTF-8 with U+FFFD: without one, the bytes were valid (and for
        // ASCII text, the common case, the look costs nothing)
        String error = text.indexOf('\ufffd') < 0 ? null : Utf8.check(bytes, length);
        if (error != null) {
            return new Line(null, null, "UnicodeDecodeError", error);
        }
        return new Line(null, text, null, null);
    }
}
