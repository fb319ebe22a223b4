package org.jvif.backend.ovs.internal;

import java.lang.System.Logger.Level;

/**
 * A resource used by calls in flight and replaced by a configuration change: closed once it is retired
 * and its last user is done, so a change never cuts off a plug that already started.
 */
final class Shared<T extends AutoCloseable> {
    private static final System.Logger LOG = System.getLogger(Shared.class.getName());

    private final T value;
    /** Guarded by this. */
    private int users;
    /** Guarded by this. */
    private boolean retired;

    Shared(T value) {
        this.value = value;
    }

    T get() {
        return value;
    }

    /** False once retired: take the current one instead. */
    synchronized boolean acquire() {
        if (retired) {
            return false;
        }
        users++;
        return true;
    }

    void release() {
        boolean close;
        synchronized (this) {
            close = --users == 0 && retired;
        }
        if (close) {
            close();
        }
    }

    void retire() {
        boolean close;
        synchronized (this) {
            if (retired) {
                return;
            }
            retired = true;
            close = users == 0;
        }
        if (close) {
            close();
        }
    }

    private void close() {
        try {
            value.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "closing " + value, e);
        }
    }
}
