package org.jvif.backend.ovs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jvif.api.HostObject;
import org.jvif.api.OsVif;
import org.jvif.api.PluggedVifs;
import org.jvif.api.VifPlugin;
import org.jvif.api.VifState;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.registry.internal.TestRegistry;
import org.jvif.vif.bridge.VIFBridge;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's races: plug, unplug and plug of one hybrid VIF and of one VIFOpenVSwitch (with its tap) from 8
 * threads at once, 200 rounds. The registry runs calls on one VIF one at a time; after each round the host
 * (OVSDB port, kernel devices), the record and the answer of the call that ran last agree.
 */
class RacesTest {
    Fixture fx;

    @BeforeEach
    void sandbox() {
        fx = new Fixture();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    /** The backend as the registry sees it, noting per VIF which call ran last (calls on a VIF are serial). */
    static final class LastCall implements VifPlugin {
        final VifPlugin backend;
        final ConcurrentHashMap<String, String> last = new ConcurrentHashMap<>();

        LastCall(VifPlugin backend) {
            this.backend = backend;
        }

        @Override
        public HostPluginInfo describe() {
            return backend.describe();
        }

        @Override
        public Set<HostObject> hostObjects(VIFBase vif) {
            return backend.hostObjects(vif);
        }

        @Override
        public void plug(VIFBase vif, InstanceInfo info) throws Exception {
            try {
                backend.plug(vif, info);
                last.put(vif.getId(), "plugged");
            } catch (Exception e) {
                last.put(vif.getId(), "plug failed: " + e);
                throw e;
            }
        }

        @Override
        public void unplug(VIFBase vif, InstanceInfo info) throws Exception {
            try {
                backend.unplug(vif, info);
                last.put(vif.getId(), "unplugged");
            } catch (Exception e) {
                last.put(vif.getId(), "unplug failed: " + e);
                throw e;
            }
        }
    }

    @Test
    void plugUnplugPlugFromEightThreads() throws Exception {
        fx.start();
        LastCall backend = new LastCall(fx.plugin);
        OsVif osvif = TestRegistry.with("ovs", backend);
        VIFBridge hybrid = Vifs.hybrid("br-int", null, "netdev");
        VIFOpenVSwitch ovs = Vifs.ovs("br-int", null);
        PlugTest.profileOf(ovs).setCreateTap(true);
        List<VIFBase> vifs = List.of(hybrid, ovs);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 200; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> calls = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    VIFBase vif = vifs.get(t % 2);
                    boolean plug = (t / 2) % 3 != 1;
                    calls.add(pool.submit(() -> {
                        go.await();
                        if (plug) {
                            osvif.plug(vif, Vifs.instance());
                        } else {
                            osvif.unplug(vif, Vifs.instance());
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> c : calls) {
                    c.get(120, TimeUnit.SECONDS);
                }
                for (VIFBase vif : vifs) {
                    String last = backend.last.get(vif.getId());
                    boolean plugged = last.equals("plugged");
                    assertEquals(plugged ? "plugged" : "unplugged", last, "round " + round);
                    String where = "round " + round + ", " + vif.objName() + " last " + last;
                    assertEquals(plugged, fx.ports("br-int").contains(Vifs.port(vif)), where);
                    for (String dev : Vifs.devices(vif)) {
                        assertEquals(plugged, fx.link(dev).isPresent(), where + ": " + dev);
                    }
                    VifState state = ((PluggedVifs) osvif).vif(vif.getId()).orElseThrow().state();
                    assertEquals(plugged ? VifState.PLUGGED : VifState.UNPLUGGED, state, where);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
