package org.jvif.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jvif.registry.internal.OsVifRegistryTest.install;
import static org.jvif.registry.internal.OsVifRegistryTest.vif;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jvif.api.NoMatchingPlugin;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.api.object.UnsupportedObjectError;
import org.jvif.backend.noop.internal.NoOpPlugin;
import org.jvif.corpus.Corpus;
import org.jvif.registry.internal.OsVifRegistryTest.Fake;
import org.jvif.vif.vhostuser.VIFVHostUser;
import org.junit.jupiter.api.Test;

/** Many callers while backends and types come and go: no error but the expected ones, no deadlock. */
class ConcurrencyTest {
    private final OsVifRegistry registry = new OsVifRegistry();

    @Test
    void plugsWhileBackendsAndTypesComeAndGo() throws Exception {
        Map<String, Object> primitive = Corpus.primitive("VIFVHostUser/full-ipv4");
        int callers = 4;
        int callsEach = 20_000;
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        AtomicLong plugged = new AtomicLong();
        AtomicLong noMatch = new AtomicLong();
        List<Thread> threads = new ArrayList<>();

        for (int t = 0; t < callers; t++) {
            threads.add(new Thread(() -> {
                VIFBase vif = vif(null);
                InstanceInfo instance = new InstanceInfo();
                for (int i = 0; i < callsEach; i++) {
                    vif.setPlugin(i % 2 == 0 ? "noop" : "other");
                    try {
                        registry.plug(vif, instance);
                        registry.unplug(vif, instance);
                        plugged.incrementAndGet();
                    } catch (NoMatchingPlugin e) {
                        noMatch.incrementAndGet();
                    } catch (Throwable e) {
                        unexpected.add(e);
                    }
                }
            }, "plug-" + t));
        }
        threads.add(new Thread(() -> {
            while (!done.get()) {
                try {
                    registry.hostInfo();
                    registry.fromPrimitive(primitive);
                } catch (UnsupportedObjectError e) {
                    // the type was out at that moment
                } catch (Throwable e) {
                    unexpected.add(e);
                }
            }
        }, "readers"));
        threads.add(new Thread(() -> {
            try {
                while (!done.get()) {
                    Map<String, Object> noop = install(registry, "noop", new NoOpPlugin());
                    Map<String, Object> other = install(registry, "other", new Fake());
                    Map<String, Object> type = OsVifRegistryTest.install(registry, VIFVHostUser.SCHEMA);
                    Thread.yield();
                    registry.removePlugin(null, noop);
                    registry.removeType(null, type);
                    Thread.yield();
                    registry.removePlugin(null, other);
                }
            } catch (Throwable e) {
                unexpected.add(e);
            }
        }, "binder"));

        threads.forEach(Thread::start);
        for (Thread t : threads.subList(0, callers)) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(t.isAlive(), t.getName() + " is stuck");
        }
        done.set(true);
        for (Thread t : threads.subList(callers, threads.size())) {
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(t.isAlive(), t.getName() + " is stuck");
        }
        assertTrue(unexpected.isEmpty(), () -> "unexpected: " + unexpected.peek());
        assertEquals(callers * callsEach, plugged.get() + noMatch.get());
        assertTrue(plugged.get() > 0, "no plug went through");
    }

    @Test
    void aBackendLeavingDuringAPlugBlocksNeitherSide() throws Exception {
        CountDownLatch inPlug = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Fake slow = new Fake() {
            @Override
            public void plug(VIFBase vif, InstanceInfo instanceInfo) throws Exception {
                inPlug.countDown();
                release.await();
            }

            @Override
            public HostPluginInfo describe() {
                return new NoOpPlugin().describe();
            }
        };
        Map<String, Object> service = install(registry, "slow", slow);
        Thread caller = new Thread(() -> registry.plug(vif("slow"), null), "caller");
        caller.start();
        assertTrue(inPlug.await(10, TimeUnit.SECONDS));

        Thread leaving = new Thread(() -> registry.removePlugin(slow, service), "leaving");
        leaving.start();
        leaving.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(leaving.isAlive(), "unbinding waited for the plug in progress");
        assertThrows(NoMatchingPlugin.class, () -> registry.plug(vif("slow"), null));
        assertTrue(registry.hostInfo().getPluginInfo().isEmpty());

        release.countDown();
        caller.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(caller.isAlive());
    }
}
