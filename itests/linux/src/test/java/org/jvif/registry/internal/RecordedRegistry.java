package org.jvif.registry.internal;

import java.nio.file.Path;

/** A registry built by hand ({@link LinuxRegistry}) given a durable record, as DS activation gives it one. */
public final class RecordedRegistry {
    private RecordedRegistry() {
    }

    /** Takes the record in {@code file} and starts the start-up reconcile (repair). */
    public static OsVifRegistry open(OsVifRegistry registry, Path file) {
        registry.open(file, true);
        return registry;
    }

    /** Waits until the registry's pool (start-up reconcile, asynchronous calls) has nothing to run. */
    public static void awaitIdle(OsVifRegistry registry) throws InterruptedException {
        while (registry.pool.getActiveCount() > 0 || !registry.pool.getQueue().isEmpty()) {
            Thread.sleep(5);
        }
    }

    /** Closes the record, as deactivation does. */
    public static void close(OsVifRegistry registry) {
        registry.deactivate();
    }
}
