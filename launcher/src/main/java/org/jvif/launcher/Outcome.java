package org.jvif.launcher;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * How a console command ended: its exit status and, on failure, a one-line message plus the full
 * stack trace (shown only with --verbose).
 */
record Outcome(int status, String message, String trace) {

    static final Outcome OK = new Outcome(0, "", "");

    static Outcome failed(Throwable t) {
        return failed(1, t);
    }

    static Outcome failed(int status, Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w, true));
        return new Outcome(status, oneLine(t), w.toString());
    }

    /** The message on one line, or the exception's class name when it has none. */
    static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (t instanceof InterruptedException && (m == null || m.isBlank())) {
            return "interrupted";
        }
        if (m == null || m.isBlank()) {
            return t.getClass().getName();
        }
        return m.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** The text, or when longer than {@code max} characters its start and how long it was: cut, never dropped. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "... (" + text.length() + " characters)";
    }

    /** Prints a failure on err: one line, then the stack trace when asked for. */
    void report(PrintStream err, boolean verbose) {
        if (status == 0) {
            return;
        }
        err.println("jvif: " + (message.isEmpty() ? "failed with status " + status : message));
        if (verbose && !trace.isEmpty()) {
            err.print(trace);
        }
        err.flush();
    }
}
