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

    /**
     * Waits until the registry's pool (start-up reconcile, asynchronous calls) has had nothing to run for a
     * moment: seen idle twice, 50 ms apart (a task just handed to a new worker thread is neither queued nor
     * active yet).
     */
    public static void awaitIdle(OsVifRegistry registry) throws InterruptedException {
        for (int idle = 0; idle < 2; ) {
            Thread.sleep(idle == 0 ? 5 : 50);
            boolean now = registry.pool.getActiveCount() == 0 && registry.pool.getQueue().isEmpty();
            idle = now ? idle + 1 : 0;
        }
    }

    /**
     * Waits until the start-up reconcile (repair) has finished every call a crash interrupted: the record holds
     * no PLUGGING or UNPLUGGING entry and the pool is idle; fails after 120 s naming the entries left.
     */
    public static void awaitReconciled(OsVifRegistry registry) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            awaitIdle(registry);
            List<org.jvif.api.VifRecord> left = registry.vifs().stream()
                    .filter(r -> r.state() == VifState.PLUGGING || r.state() == VifState.UNPLUGGING).toList();
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("start-up reconcile left calls unfinished: " + left);
            }
        }
    }

    /** Closes the record, as deactivation does. */
    public static void close(OsVifRegistry registry) {
        registry.deactivate();
    }
}
