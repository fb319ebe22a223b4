package org.jvif.backend.ovs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jvif.api.CheckReport;
import org.jvif.api.GcReport;
import org.jvif.api.MarkedObject;
import org.jvif.api.OsVif;
import org.jvif.api.OsVifException;
import org.jvif.api.OwnerMark;
import org.jvif.api.VifHostState;
import org.jvif.host.ovsdb.testing.OvsdbProxy;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A transaction that ovsdb-server commits but whose reply the backend never gets (a proxy drops it, and
 * keeps or cuts the connection): the call ends agreed. A plug takes back what it made, once the server
 * answers again within the call's time, or says its outcome is unknown and leaves an orphan that check
 * lists and gc removes; an unplug says what OVSDB shows.
 */
class UnknownOutcomeTest {
    Fixture fx;
    OvsdbProxy proxy;
    OsVif osvif;

    @BeforeEach
    void sandbox() throws Exception {
        fx = new Fixture();
        proxy = OvsdbProxy.unix(fx.ovs.socket(), fx.ovs.dir().resolve("lossy.sock"));
        // before the backend connects: its replica has the bridge, so the dropped transact does not fail a guard
        fx.ovs.vsctl("add-br", "br-int");
        osvif = fx.start("ovsdb_connection", proxy.remote(), "ovs_vsctl_timeout", 2);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            fx.close();
        } finally {
            proxy.close();
        }
    }

    private static String insertOf(String port) {
        return "\"" + port + "\"";
    }

    @Test
    void plugWithoutReplyTakesBackWhatItMade() {
        VIFOpenVSwitch vif = Vifs.ovs("br-int", null);
        String port = vif.getVifName();
        proxy.dropReply(m -> m.contains("\"insert\"") && m.contains(insertOf(port)), false);
        OsVifException e = assertThrows(OsVifException.class, () -> osvif.plug(vif, Vifs.instance()));
        assertEquals(1, proxy.dropped(), "the transact was forwarded and its reply dropped");
        String m = e.getMessage();
        assertTrue(m.contains(vif.getId()) && m.contains(": plug: OVSDB "), m);
        assertTrue(m.contains("no reply") && m.contains("taken back from OVSDB: port " + port), m);
        assertFalse(fx.ports("br-int").contains(port), "taken back: " + fx.ports("br-int"));
        assertEquals(null, fx.row("Interface", port));
        CheckReport check = ((VifHostState) osvif).check(List.of());
        assertEquals(List.of(), check.orphans());
        assertEquals(List.of(), check.vifs());
    }

    @Test
    void plugWithoutServerSaysUnknownAndLeavesAnOrphanForGc() throws Exception {
        VIFOpenVSwitch vif = Vifs.ovs("br-int", null);
        String port = vif.getVifName();
        proxy.dropReply(m -> m.contains("\"insert\"") && m.contains(insertOf(port)), true);
        OsVifException e = assertThrows(OsVifException.class, () -> osvif.plug(vif, Vifs.instance()));
        String m = e.getMessage();
        assertTrue(m.contains(vif.getId()) && m.contains(": plug: OVSDB "), m);
        assertTrue(m.contains("whether OVSDB committed the plug is unknown") && m.contains("port " + port), m);
        // committed: the port is there, marked as the VIF's, and the record does not hold it as plugged
        assertTrue(fx.ports("br-int").contains(port));
        @SuppressWarnings("unchecked")
        Map<String, Object> ids = (Map<String, Object>) fx.row("Port", port).get("external_ids");
        assertEquals(vif.getId(), ids.get(OwnerMark.OVSDB_KEY));

        proxy.mend();
        VifHostState host = (VifHostState) osvif;
        List<MarkedObject> orphans = List.of();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            try {
                orphans = host.check(List.of()).orphans();
                if (!orphans.isEmpty()) {
                    break;
                }
            } catch (RuntimeException reconnecting) {
                // the client reconnects by itself
            }
            Thread.sleep(200);
        }
        assertTrue(orphans.stream().anyMatch(o -> o.vifId().equals(vif.getId()) && o.object().name().equals(port)),
                orphans.toString());
        // check reads the replica; gc needs the connection back (the client's backoff)
        GcReport gc = host.gc(false);
        while (!gc.failed().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(200);
            gc = host.gc(false);
        }
        assertTrue(gc.failed().isEmpty(), gc.toString());
        assertEquals(1, gc.removed().size(), gc.toString());
        assertFalse(fx.ports("br-int").contains(port));
    }

    @Test
    void unplugWithoutReplySaysWhatOvsdbShows() throws Exception {
        VIFOpenVSwitch vif = Vifs.ovs("br-int", null);
        String port = vif.getVifName();
        osvif.plug(vif, Vifs.instance());
        assertTrue(fx.ports("br-int").contains(port));
        proxy.dropReply(m -> m.contains("\"delete\"") && m.contains(insertOf(port)), false);
        OsVifException e = assertThrows(OsVifException.class, () -> osvif.unplug(vif, Vifs.instance()));
        String m = e.getMessage();
        assertTrue(m.contains(vif.getId()) && m.contains(": unplug: OVSDB "), m);
        assertTrue(m.contains("OVSDB shows the removal committed: port " + port + " gone"), m);
        assertFalse(fx.ports("br-int").contains(port));
    }
}
