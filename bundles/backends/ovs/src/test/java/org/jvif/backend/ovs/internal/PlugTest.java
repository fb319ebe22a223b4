package org.jvif.backend.ovs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import org.jvif.api.OsVif;
import org.jvif.api.PlugException;
import org.jvif.api.model.VIFBase;
import org.jvif.vif.bridge.VIFBridge;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.jvif.vif.vhostuser.VIFVHostUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each VIF kind plugged and unplugged through the registry into a private Open vSwitch (userspace
 * datapath), read back from OVSDB with ovs-vsctl and from the kernel with ip.
 */
class PlugTest {
    static Fixture fx;

    @BeforeAll
    static void sandbox() {
        fx = new Fixture();
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @AfterEach
    void reset() {
        fx.reset();
    }

    static Map<String, String> expectedIds(VIFBase vif, String ifaceId) {
        return Map.of("attached-mac", vif.getAddress(), "iface-id", ifaceId, "iface-status", "active",
                "vm-uuid", Vifs.INSTANCE_UUID);
    }

    @Test
    void openVSwitchCreatePort() {
        OsVif osvif = fx.start();
        VIFOpenVSwitch vif = Vifs.ovs("br-int", 1450L);
        osvif.plug(vif, Vifs.instance());

        assertEquals(List.of("br-int"), fx.bridges());
        assertEquals("netdev", fx.row("Bridge", "br-int").get("datapath_type"));
        assertEquals(List.of(vif.getVifName()), fx.ports("br-int"));
        Map<String, Object> iface = fx.row("Interface", vif.getVifName());
        assertEquals(expectedIds(vif, vif.getPortProfile().get(org.jvif.portprofile.openvswitch.VIFPortProfileOpenVSwitch.INTERFACE_ID)),
                iface.get("external_ids"));
        assertEquals("", iface.get("type"));
        // the tap is libvirt's to make: vswitchd cannot open it yet, as with os-vif
        assertEquals(-1L, iface.get("ofport"));
        assertEquals(List.of(), fx.row("Port", vif.getVifName()).get("tag"));
        // netdev datapath: no QoS row
        assertEquals(List.of(), fx.rows("QoS"));

        osvif.unplug(vif, Vifs.instance());
        assertEquals(List.of(), fx.ports("br-int"));
        assertEquals(List.of("br-int"), fx.bridges());
        assertNull(fx.row("Interface", vif.getVifName()));
    }

    @Test
    void createTapMultiqueue() {
        OsVif osvif = fx.start();
        VIFOpenVSwitch vif = Vifs.ovs("br-int", 1450L);
        ((org.jvif.portprofile.openvswitch.VIFPortProfileOpenVSwitch) vif.getPortProfile()).setCreateTap(true);
        ((org.jvif.portprofile.openvswitch.VIFPortProfileOpenVSwitch) vif.getPortProfile()).setMultiqueue(true);
        osvif.plug(vif, Vifs.instance());

        JsonNode tap = fx.requireLink(vif.getVifName());
        assertEquals("tun", tap.path("linkinfo").path("info_kind").asText());
        assertEquals("tap", tap.path("linkinfo").path("info_data").path("type").asText());
        assertTrue(tap.path("linkinfo").path("info_data").path("multi_queue").asBoolean(), tap.toString());
        assertEquals(1450, tap.path("mtu").asInt());
        assertEquals(Vifs.MAC, tap.path("address").asText());
        assertTrue(Fixture.hasFlag(tap, "UP"), tap.toString());
        Map<String, Object> iface = fx.row("Interface", vif.getVifName());
        assertTrue((Long) iface.get("ofport") > 0, "vswitchd opened the tap: " + iface);
        assertEquals(List.of(), iface.get("error"));

        osvif.unplug(vif, Vifs.instance());
        assertFalse(fx.link(vif.getVifName()).isPresent());
        assertEquals(List.of(), fx.ports("br-int"));
    }

    @Test
    void hybridPlug() {
        OsVif osvif = fx.start();
        VIFBridge vif = Vifs.hybrid("br-int", 1400L, "netdev");
        String qbr = vif.getBridgeName();
        String qvb = ("qvb" + vif.getId()).substring(0, 14);
        String qvo = ("qvo" + vif.getId()).substring(0, 14);
        osvif.plug(vif, Vifs.instance());

        JsonNode br = fx.requireLink(qbr);
        assertEquals("bridge", br.path("linkinfo").path("info_kind").asText());
        assertEquals(0, br.path("linkinfo").path("info_data").path("ageing_time").asInt(), br.toString());
        assertTrue(Fixture.hasFlag(br, "UP"));
        assertEquals("1", fx.catInside("/proc/sys/net/ipv6/conf/" + qbr + "/disable_ipv6"));
        assertEquals("1", fx.catInside("/proc/sys/net/ipv4/conf/" + qbr + "/arp_ignore"));
        assertEquals("2", fx.catInside("/proc/sys/net/ipv4/conf/" + qbr + "/arp_announce"));
        for (String end : new String[] {qvb, qvo}) {
            JsonNode l = fx.requireLink(end);
            assertEquals("veth", l.path("linkinfo").path("info_kind").asText());
            assertEquals(1400, l.path("mtu").asInt());
            assertTrue(Fixture.hasFlag(l, "UP") && Fixture.hasFlag(l, "PROMISC"), l.toString());
        }
        assertEquals(qbr, fx.requireLink(qvb).path("master").asText());
        assertEquals(List.of(qvo), fx.ports("br-int"));
        Map<String, Object> iface = fx.row("Interface", qvo);
        assertTrue((Long) iface.get("ofport") > 0, "vswitchd opened qvo: " + iface);

        osvif.unplug(vif, Vifs.instance());
        assertEquals(List.of(), fx.ports("br-int"));
        for (String dev : new String[] {qbr, qvb, qvo}) {
            assertFalse(fx.link(dev).isPresent(), dev);
        }
    }

    @Test
    void vhostuserServerAndClient() {
        OsVif osvif = fx.start();
        VIFVHostUser server = Vifs.vhostuser("br-vhu", VIFVHostUser.SERVER, Vifs.profile(null));
        VIFVHostUser client = Vifs.vhostuser("br-vhu", VIFVHostUser.CLIENT, Vifs.profile(null));
        osvif.plug(server, Vifs.instance());
        osvif.plug(client, Vifs.instance());

        assertEquals("netdev", fx.row("Bridge", "br-vhu").get("datapath_type"));
        Map<String, Object> s = fx.row("Interface", server.getVifName());
        assertEquals("dpdkvhostuserclient", s.get("type"));
        assertEquals(Map.of("vhost-server-path", server.getPath()), s.get("options"));
        assertEquals(1500L, s.get("mtu_request"));
        Map<String, Object> c = fx.row("Interface", client.getVifName());
        assertEquals("dpdkvhostuser", c.get("type"));
        assertEquals(Map.of(), c.get("options"));

        osvif.unplug(server, Vifs.instance());
        osvif.unplug(client, Vifs.instance());
        assertEquals(List.of(), fx.ports("br-vhu"));
        // os-vif's quirk kept: no datapath_type in the profile means QoS as for "system"; unplug removes it
        assertEquals(List.of(), fx.rows("QoS"));
    }

    @Test
    void idempotence() {
        OsVif osvif = fx.start();
        VIFOpenVSwitch vif = Vifs.ovs("br-int", 1450L);
        osvif.unplug(vif, Vifs.instance());
        osvif.plug(vif, Vifs.instance());
        osvif.plug(vif, Vifs.instance());
        assertEquals(List.of(vif.getVifName()), fx.ports("br-int"));
        assertEquals(1, fx.rows("Interface").stream().filter(r -> r.get("name").equals(vif.getVifName())).count());
        osvif.unplug(vif, Vifs.instance());
        osvif.unplug(vif, Vifs.instance());
        assertEquals(List.of(), fx.ports("br-int"));
    }

    @Test
    void badInputLeavesNothing() {
        OsVif osvif = fx.start();
        VIFOpenVSwitch vif = Vifs.ovs("br-int", 1450L);
        vif.setVifName("tap/../x");
        PlugException e = assertThrows(PlugException.class, () -> osvif.plug(vif, Vifs.instance()));
        assertTrue(e.getMessage().contains("VIFOpenVSwitch.vif_name"), e.getMessage());
        assertEquals(List.of(), fx.bridges());
        assertNotNull(e.getCause());
    }
}
