package org.jvif.backend.ovs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jvif.api.model.VIFBase;
import org.jvif.api.OsVif;
import org.jvif.api.OsVifException;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ovsdb-server is killed (SIGKILL) and started again while plugs and unplugs run, waiting for
 * ovs-vswitchd: each call either succeeds or fails with an error, and OVSDB ends up holding exactly the
 * ports whose plug succeeded (and none after unplugging them).
 */
class RestartTest {
    Fixture fx;
    /** What the failed calls said, for the assertions' messages. */
    final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void sandbox() {
        fx = new Fixture();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    /** Runs {@code calls} one after another on a thread; kills and restarts ovsdb-server after {@code killAfter}. */
    List<Boolean> runWithRestart(List<VIFOpenVSwitch> vifs, boolean plug, int killAfter) throws Exception {
        OsVif osvif = fx.osvif;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        List<Boolean> ok = new ArrayList<>();
        List<Integer> done = new ArrayList<>();
        try {
            Future<?> f = pool.submit(() -> {
                for (VIFOpenVSwitch vif : vifs) {
                    boolean success;
                    try {
                        if (plug) {
                            osvif.plug(vif, Vifs.instance());
                        } else {
                            osvif.unplug(vif, Vifs.instance());
                        }
                        success = true;
                    } catch (OsVifException e) {
                        assertTrue(e.getMessage().contains("Got error"), e.getMessage());
                        errors.add(e.getMessage());
                        success = false;
                    }
                    synchronized (ok) {
                        ok.add(success);
                        done.add(ok.size());
                        ok.notifyAll();
                    }
                }
                return null;
            });
            synchronized (ok) {
                while (ok.size() < killAfter) {
                    ok.wait(10_000);
                }
            }
            fx.ovs.killOvsdbServer();
            Thread.sleep(300);
            fx.ovs.startOvsdbServer();
            f.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        return ok;
    }

    @Test
    void killAndRestartOvsdbServerDuringPlugsAndUnplugs() throws Exception {
        fx.start();
        List<VIFOpenVSwitch> vifs = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            VIFOpenVSwitch vif = Vifs.ovs("br-int", null);
            vif.setAddress(Vifs.mac(i));
            vifs.add(vif);
        }
        List<Boolean> plugged = runWithRestart(vifs, true, 40);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < vifs.size(); i++) {
            if (plugged.get(i)) {
                expected.add(vifs.get(i).getVifName());
            }
        }
        assertEquals(expected, new HashSet<>(fx.ports("br-int")), "ports after plugs " + plugged + ", errors " + errors);
        // the backend builds a transaction again after a lost connection: nothing is lost to the restart
        assertEquals(vifs.size(), expected.size(), "errors " + errors);

        List<Boolean> unplugged = runWithRestart(vifs, false, 40);
        assertTrue(unplugged.stream().allMatch(b -> b), unplugged + ", errors " + errors);
        assertEquals(List.of(), fx.ports("br-int"));
        assertEquals(1, fx.rows("Port").size());
    }

    /**
     * ovsdb-server, then ovs-vswitchd, killed and started again during 300 plugs (taps and hybrid VIFs, 4
     * threads, a short ovs_vsctl_timeout): afterwards the host agrees with every caller's answer. A plug told
     * success has its port and devices; one told failure left none of them (its committed port taken back).
     */
    @Test
    void serversKilledDuringPlugsHostAgreesWithEveryAnswer() throws Exception {
        OsVif osvif = fx.start("ovs_vsctl_timeout", 3);
        List<VIFBase> vifs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            if (i % 3 == 0) {
                vifs.add(Vifs.hybrid("br-int", null, "netdev"));
            } else {
                VIFOpenVSwitch vif = Vifs.ovs("br-int", null);
                vif.setAddress(Vifs.mac(i));
                PlugTest.profileOf(vif).setCreateTap(true);
                vifs.add(vif);
            }
        }
        Boolean[] ok = new Boolean[vifs.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < vifs.size(); i = next.getAndIncrement()) {
                        try {
                            osvif.plug(vifs.get(i), Vifs.instance());
                            ok[i] = true;
                        } catch (OsVifException e) {
                            ok[i] = false;
                        }
                        finished.incrementAndGet();
                    }
                    return null;
                }));
            }
            await(finished, 60);
            fx.ovs.killOvsdbServer();
            Thread.sleep(300);
            fx.ovs.startOvsdbServer();
            await(finished, 150);
            fx.ovs.stopVswitchd();
            // beyond the timeout: plugs committed meanwhile fail and take their ports back
            Thread.sleep(4_000);
            fx.ovs.startVswitchd();
            for (Future<?> w : workers) {
                w.get(300, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Set<String> expected = new HashSet<>();
        int failures = 0;
        for (int i = 0; i < vifs.size(); i++) {
            String port = Vifs.port(vifs.get(i));
            if (ok[i]) {
                expected.add(port);
            } else {
                failures++;
            }
            for (String dev : Vifs.devices(vifs.get(i))) {
                assertEquals(ok[i], fx.link(dev).isPresent(), dev + " of VIF " + i + ", plugged: " + ok[i]);
            }
        }
        assertEquals(expected, new HashSet<>(fx.ports("br-int")));
        assertTrue(failures > 0, "vswitchd stopped beyond the timeout: some plugs fail");
        assertFalse(expected.isEmpty());
    }

    private static void await(AtomicInteger finished, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (finished.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
