package org.jvif.backend.ovs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jvif.api.model.VIFBase;
import org.jvif.fleet.FleetVif;
import org.jvif.fleet.VifReport;
import org.jvif.fleet.agent.FleetAgent;
import org.jvif.fleet.db.testing.FleetCluster;
import org.jvif.fleet.internal.FleetImpl;
import org.jvif.host.ovsdb.OvsdbClient;
import org.jvif.vif.bridge.VIFBridge;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;

/**
 * Many hosts for real (issue 13 item 6): a 3-member fleet database on loopback, 3 hosts each a network namespace
 * with a private Open vSwitch and its own agent over the ovs backend configured for it ({@code network_namespace},
 * {@code ovsdb_connection}), and one controller. Each plug through the fleet is checked on its host, and only
 * there, with ovs-vsctl and ip.
 */
class FleetOvsTest {
    static FleetCluster fleetDb;
    static final ExecutorService pool = Executors.newFixedThreadPool(4);
    static final List<Fixture> hosts = new ArrayList<>();
    static FleetImpl fleet;

    @BeforeAll
    static void start() throws Exception {
        fleetDb = FleetCluster.start(Duration.ofSeconds(1));
        fleet = fleetDb.closeLast(get(FleetImpl.open(client(fleetDb.db().remotes(), "controller", true), Duration.ofSeconds(60),
                Duration.ofSeconds(30), pool)));
        for (int h = 0; h < 3; h++) {
            Fixture fx = new Fixture();
            hosts.add(fx);
            String name = "compute-" + h;
            fleetDb.closeLast(get(FleetAgent.start(client(fleetDb.agentRemote(h), name, false), name, fx.start(), null, "0.1-test",
                    pool, Duration.ofSeconds(1))));
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (fleet.hosts().size() < 3 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertEquals(3, fleet.hosts().size());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (fleetDb != null) {
                fleetDb.close();
            }
        } finally {
            pool.shutdownNow();
            for (Fixture fx : hosts) {
                fx.close();
            }
        }
    }

    static OvsdbClient client(String remotes, String cn, boolean leaderOnly) {
        return fleetDb.client(remotes, fleetDb.identity(cn), leaderOnly, Duration.ofSeconds(60), false);
    }

    static <T> T get(java.util.concurrent.CompletionStage<T> f) throws Exception {
        return FleetCluster.get(f);
    }

    @Test
    void eachHostPlugsItsOwnVifsIntoItsOwnSwitch() throws Exception {
        List<VIFOpenVSwitch> ovs = new ArrayList<>();
        List<VIFBridge> hybrid = new ArrayList<>();
        List<CompletableFuture<VifReport>> calls = new ArrayList<>();
        for (int h = 0; h < 3; h++) {
            ovs.add(Vifs.ovs("br-int", 1450L));
            hybrid.add(Vifs.hybrid("br-int", 1400L, "netdev"));
            calls.add(fleet.plug("compute-" + h, ovs.get(h), Vifs.instance()).toCompletableFuture());
            calls.add(fleet.plug("compute-" + h, hybrid.get(h), Vifs.instance()).toCompletableFuture());
        }
        for (CompletableFuture<VifReport> c : calls) {
            assertEquals(VifReport.State.PLUGGED, get(c).state());
        }
        for (int h = 0; h < 3; h++) {
            Fixture fx = hosts.get(h);
            String qbr = hybrid.get(h).getBridgeName();
            String qvo = ("qvo" + hybrid.get(h).getId()).substring(0, 14);
            List<String> ports = new ArrayList<>(fx.ports("br-int"));
            ports.sort(null);
            List<String> want = new ArrayList<>(List.of(ovs.get(h).getVifName(), qvo));
            want.sort(null);
            assertEquals(want, ports, "compute-" + h + "'s br-int holds its own ports only");
            assertEquals("bridge", fx.requireLink(qbr).path("linkinfo").path("info_kind").asText());
            assertEquals(1400, fx.requireLink(qvo).path("mtu").asInt());
            for (int other = 0; other < 3; other++) {
                if (other != h) {
                    assertTrue(fx.link(hybrid.get(other).getBridgeName()).isEmpty(), "another host's qbr on compute-" + h);
                }
            }
            assertEquals(2, fleet.vifs("compute-" + h).stream().filter(FleetVif::converged).count());
        }
        calls.clear();
        for (int h = 0; h < 3; h++) {
            calls.add(fleet.unplug("compute-" + h, ovs.get(h), Vifs.instance()).toCompletableFuture());
            calls.add(fleet.unplug("compute-" + h, hybrid.get(h), Vifs.instance()).toCompletableFuture());
        }
        for (CompletableFuture<VifReport> c : calls) {
            assertEquals(VifReport.State.UNPLUGGED, get(c).state());
        }
        for (int h = 0; h < 3; h++) {
            Fixture fx = hosts.get(h);
            assertEquals(List.of(), fx.ports("br-int"));
            assertNull(fx.row("Interface", ovs.get(h).getVifName()));
            assertTrue(fx.link(hybrid.get(h).getBridgeName()).isEmpty(), "qbr left on compute-" + h);
        }
    }
}
