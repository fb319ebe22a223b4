package org.jvif.registry.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.jvif.api.VifState;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;

/** A registry built by hand ({@link LinuxRegistry}) given a durable record, as DS activation gives it one. */
public final class RecordedRegistry {
    private RecordedRegistry() {
    }

    /** Takes the record in {@code file} and starts the start-up reconcile (repair). */
    public static OsVifRegistry open(OsVifRegistry registry, Path file) {
        registry.open(file, true);
        return registry;
    }

    /** Takes the record in {@code file} and only reports what the start-up check finds (report). */
    public static OsVifRegistry openReporting(OsVifRegistry registry, Path file) {
        registry.open(file, false);
        return registry;
    }

    /**
     * What a platform killed inside a call leaves in the record in {@code file}: the call's intent, naming its
     * host objects, committed; no outcome.
     */
    public static void killedDuring(Path file, VIFBase vif, InstanceInfo instance, VifState intent, List<String> objects) {
        Ledger ledger = new Ledger(Journal.open(file), Ledger.LIMIT, Clock.systemUTC());
        ledger.intent(vif, instance, intent, objects);
        ledger.commit();
        ledger.closeAsIfKilled();
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
