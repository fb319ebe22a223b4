package org.jvif.console.internal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Lines of {@code vif:objects} converted together on one core, written out in their order. */
final class ObjectsBatch implements Callable<ObjectsBatch> {
    private static final int MAX_LINES = 256;
    private static final int MAX_BYTES = 256 * 1024;

    private final VifConsole console;
    private final List<Utf8Lines.Line> lines = new ArrayList<>();
    private byte[][] results;
    private int bytes;

    ObjectsBatch(VifConsole console) {
        this.console = console;
    }

    void add(Utf8Lines.Line line) {
        lines.add(line);
        bytes += line.bytes == null ? 0 : line.bytes.length;
    }

    boolean isFull() {
        return lines.size() >= MAX_LINES || bytes >= MAX_BYTES;
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    /** Decodes and converts the lines, each to its output line's bytes (JSON text, ASCII as json.dumps writes it). */
    @Override
    public ObjectsBatch call() {
        byte[][] out = new byte[lines.size()][];
        for (int i = 0; i < out.length; i++) {
            Utf8Lines.Line line = lines.get(i).decoded();
            if (line.text == null || !line.text.isBlank()) {
                out[i] = (console.objectLine(line) + "\n").getBytes(StandardCharsets.UTF_8);
            }
        }
        results = out;
        return this;
    }

    /** Writes the result lines (blank input lines have none); returns how many are errors. */
    int writeTo(PrintStream out) {
        int failed = 0;
        for (byte[] r : results) {
            if (r != null) {
                failed += r[2] == 'e' ? 1 : 0; // {"error": ...
                out.write(r, 0, r.length);
            }
        }
        return failed;
    }
}
