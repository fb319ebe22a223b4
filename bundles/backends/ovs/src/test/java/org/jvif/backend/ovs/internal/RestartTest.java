package org.jvif.backend.ovs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
        assertEquals(expected, new HashSet<>(fx.ports("br-int")), "ports after plugs " + plugged);
        // the backend builds a transaction again after a lost connection: nothing is lost to the restart
        assertEquals(vifs.size(), expected.size());

        List<Boolean> unplugged = runWithRestart(vifs, false, 40);
        assertTrue(unplugged.stream().allMatch(b -> b), unplugged.toString());
        assertEquals(List.of(), fx.ports("br-int"));
        assertEquals(1, fx.rows("Port").size());
    }
}
