package org.jvif.console.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Lines of {@code vif:objects} converted together on one core, written out in their order. */
final class ObjectsBatch implements Callable<ObjectsBatch> {
    private static final int MAX_LINES = 256;
    private static final int MAX_CHARS = 256 * 1024;

    private final VifConsole console;
    private final List<Utf8Lines.Line> lines = new ArrayList<>();
    private String[] results;
    private int chars;

    ObjectsBatch(VifConsole console) {
        this.console = console;
    }

    void add(Utf8Lines.Line line) {
        lines.add(line);
        chars += line.text == null ? 0 : line.text.length();
    }

    boolean isFull() {
        return lines.size() >= MAX_LINES || chars >= MAX_CHARS;
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    @Override
    public ObjectsBatch call() {
        String[] out = new String[lines.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = console.objectLine(lines.get(i));
        }
        results = out;
        return this;
    }

    /** Writes the result lines; returns how many are errors. */
    int writeTo(PrintStream out) {
        int failed = 0;
        for (String r : results) {
            if (r.startsWith("{\"error\"")) {
                failed++;
            }
            out.append(r).append('\n');
        }
        return failed;
    }
}
