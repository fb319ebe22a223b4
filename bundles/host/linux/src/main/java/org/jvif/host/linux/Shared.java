package org.jvif.host.linux;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resource used by calls in flight and replaced by a configuration change (a namespace handle, an OVSDB
 * connection): opened on first use (or given open), closed once it is retired and its last user is done,
 * so a change never cuts off a call that already started. A call that still holds a retired one may use it
 * again: it is opened anew if need be and closed when that call is done. Every backend's one such holder.
 */
public final class Shared<T extends AutoCloseable> {
    private static final Logger LOG = LoggerFactory.getLogger(Shared.class);

    private final Supplier<T> open;
    /** Guarded by this. */
    private T value;
    /** Guarded by this. */
    private int users;
    /** Guarded by this. */
    private boolean retired;

    private Shared(Supplier<T> open, T value) {
        this.open = open;
        this.value = value;
    }

    /** One opened by {@code open} on first use. */
    public static <T extends AutoCloseable> Shared<T> opening(Supplier<T> open) {
        return new Shared<>(open, null);
    }

    /** One open already; once closed, it is not opened again. */
    public static <T extends AutoCloseable> Shared<T> of(T value) {
        return new Shared<>(() -> {
            throw new IllegalStateException(value + " is closed");
        }, value);
    }

    /** The resource, opened if need be, held until {@link #release()}; what {@code open} throws, if it fails. */
    public synchronized T acquire() {
        if (value == null) {
            value = open.get();
        }
        users++;
        return value;
    }

    /** The resource, while the caller holds it ({@link #acquire()}). */
    public synchronized T get() {
        return value;
    }

    public void release() {
        close(false);
    }

    /** No new call will take it; it closes when the last running one is done. */
    public void retire() {
        close(true);
    }

    private void close(boolean retiring) {
        T closing = null;
        synchronized (this) {
            if (retiring) {
                retired = true;
            } else {
                users--;
            }
            if (retired && users == 0 && value != null) {
                closing = value;
                value = null;
            }
        }
        if (closing != null) {
            try {
                closing.close();
            } catch (Exception e) {
                LOG.warn("closing " + closing, e);
            }
        }
    }
}
