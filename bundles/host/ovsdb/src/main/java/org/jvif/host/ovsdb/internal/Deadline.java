package org.jvif.host.ovsdb.internal;

import java.time.Duration;

/** When a call must be done by ({@link System#nanoTime()}), and the timeout it came from, for messages. */
record Deadline(long nanos, Duration timeout) {
    static Deadline in(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos(), timeout);
    }

    long remainingNanos() {
        return nanos - System.nanoTime();
    }

    Deadline later(Deadline other) {
        return other.nanos - nanos > 0 ? other : this;
    }

    /** e.g. "5 s" or "250 ms". */
    String text() {
        long ms = timeout.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
