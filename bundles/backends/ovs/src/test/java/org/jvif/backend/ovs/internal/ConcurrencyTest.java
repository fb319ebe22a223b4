package org.jvif.backend.ovs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jvif.api.OsVif;
import org.jvif.host.ovsdb.testing.OvsSandbox;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many callers at once on one bridge: transactions merged by the client's batching, guards failing and
 * plans built again when callers race for the same bridge or port. The end state is checked row by row.
 */
class ConcurrencyTest {
    static final int THREADS = 16;
    Fixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    /** Runs {@code work(thread)} on 16 threads released together; rethrows the first failure. */
    static void together(int threads, ThrowingIntConsumer work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    work.accept(thread);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(240, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    interface ThrowingIntConsumer {
        void accept(int value) throws Exception;
    }

    /** Port names of the bridge as OVSDB has them, checking that no name appears twice. */
    Set<String> ports(String bridge) {
        List<String> listed = fx.ports(bridge);
        Set<String> names = new HashSet<>(listed);
        assertEquals(listed.size(), names.size(), "a port listed twice");
        // every Port row is on the bridge (plus the bridge's own): none lost on the way, none left over
        assertEquals(listed.size() + 1, fx.rows("Port").size());
        assertEquals(listed.size() + 1, fx.rows("Interface").size());
        return names;
    }

    /**
     * 16 threads plug 500 VIFs each into one bridge and unplug every other one while the others still plug:
     * exactly the VIFs left plugged remain. ovsdb-server alone, not waiting for ovs-vswitchd, so that
     * this stays a test of OVSDB state and not of vswitchd's reconfiguration time.
     */
    @Test
    void sixteenThreadsFiveHundredVifsEach() throws Exception {
        fx = new Fixture(OvsSandbox.builder().vswitchd(false));
        OsVif osvif = fx.start("wait_for_vswitchd", false);
        int perThread = 500;
        Map<String, VIFOpenVSwitch> kept = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        together(THREADS, t -> {
            List<VIFOpenVSwitch> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                VIFOpenVSwitch vif = Vifs.ovs("br-int", null);
                vif.setAddress(Vifs.mac(t * perThread + i));
                osvif.plug(vif, Vifs.instance());
                mine.add(vif);
                if (i % 2 == 1) {
                    osvif.unplug(mine.get(i - 1), Vifs.instance());
                }
            }
            for (int i = 1; i < perThread; i += 2) {
                kept.put(mine.get(i).getVifName(), mine.get(i));
            }
        });
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(THREADS * perThread / 2, kept.size());
        assertEquals(kept.keySet(), ports("br-int"));
        for (VIFOpenVSwitch vif : List.of(kept.values().iterator().next())) {
            assertEquals(vif.getAddress(), ((Map<?, ?>) fx.row("Interface", vif.getVifName()).get("external_ids")).get("attached-mac"));
        }

        List<VIFOpenVSwitch> all = new ArrayList<>(kept.values());
        together(THREADS, t -> {
            for (int i = t; i < all.size(); i += THREADS) {
                osvif.unplug(all.get(i), Vifs.instance());
            }
        });
        assertEquals(Set.of(), ports("br-int"));
        System.out.println("16 threads x 500 VIFs: " + (THREADS * perThread * 3 / 2) + " plugs and unplugs in " + ms + " ms");
    }

    /**
     * 16 threads plug the same 40 VIFs into a bridge that does not exist yet, waiting for ovs-vswitchd:
     * one bridge, 40 ports, every plug succeeds (the losers of each race find the row made and update it).
     */
    @Test
    void racesForTheSameBridgeAndPorts() throws Exception {
        fx = new Fixture();
        OsVif osvif = fx.start();
        List<VIFOpenVSwitch> vifs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            vifs.add(Vifs.ovs("br-race", null));
        }
        together(THREADS, t -> {
            for (int i = 0; i < vifs.size(); i++) {
                osvif.plug(vifs.get((i + t) % vifs.size()), Vifs.instance());
            }
        });
        assertEquals(List.of("br-race"), fx.bridges());
        Set<String> expected = new HashSet<>();
        vifs.forEach(v -> expected.add(v.getVifName()));
        assertEquals(expected, ports("br-race"));
        together(THREADS, t -> {
            for (int i = 0; i < vifs.size(); i++) {
                osvif.unplug(vifs.get((i + t) % vifs.size()), Vifs.instance());
            }
        });
        assertTrue(ports("br-race").isEmpty());
    }
}
