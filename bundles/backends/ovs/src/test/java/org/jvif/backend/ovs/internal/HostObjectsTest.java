package org.jvif.backend.ovs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;
import org.jvif.api.HostObject;
import org.jvif.api.HostObject.Kind;
import org.jvif.vif.bridge.VIFBridge;
import org.jvif.vif.hostdevice.VIFHostDevice;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.jvif.vif.vhostuser.VIFVHostUser;
import org.junit.jupiter.api.Test;

/** The objects each VIF kind holds as its own (the registry orders calls by their names): no host needed. */
class HostObjectsTest {
    private static Set<String> names(Set<HostObject> objects) {
        return objects.stream().map(o -> o.kind() + " " + o.name()).collect(Collectors.toSet());
    }

    @Test
    void hybridHoldsItsBridgeVethPairAndPort() {
        VIFBridge vif = Vifs.hybrid("br-int", null, "netdev");
        String qvb = ("qvb" + vif.getId()).substring(0, 14);
        String qvo = ("qvo" + vif.getId()).substring(0, 14);
        Set<HostObject> objects = Planner.hostObjects(vif, false, "ns1");
        assertEquals(Set.of("DEVICE " + vif.getVifName(), "DEVICE " + vif.getBridgeName(), "DEVICE " + qvb,
                "DEVICE " + qvo, "OVS_PORT " + qvo, "OVS_QOS " + qvo), names(objects));
        assertTrue(objects.contains(new HostObject(Kind.DEVICE, qvb, "ns1")));
        assertTrue(objects.contains(new HostObject(Kind.OVS_PORT, qvo, "br-int")));
    }

    @Test
    void openVSwitchHoldsItsPortNeverTheSharedBridge() {
        VIFOpenVSwitch vif = Vifs.ovs("br-int", null);
        assertEquals(Set.of("DEVICE " + vif.getVifName(), "OVS_PORT " + vif.getVifName(), "OVS_QOS " + vif.getVifName()),
                names(Planner.hostObjects(vif, false, "")));
        String id = vif.getId();
        Set<String> perPort = names(Planner.hostObjects(vif, true, ""));
        assertTrue(perPort.containsAll(Set.of("OVS_BRIDGE " + ("pb" + id).substring(0, 14), "OVS_PORT pbp" + id,
                "OVS_PORT ibp" + id)), perPort.toString());
        assertTrue(perPort.stream().noneMatch(n -> n.endsWith(" br-int")), perPort.toString());
    }

    @Test
    void vhostuserAndNoId() {
        VIFVHostUser vif = Vifs.vhostuser("br-vhu", VIFVHostUser.SERVER, Vifs.profile(null));
        String vhu = ("vhu" + vif.getId()).substring(0, 14);
        assertEquals(Set.of("OVS_PORT " + vhu, "OVS_QOS " + vhu), names(Planner.hostObjects(vif, false, "")));
        assertEquals(Set.of(), Planner.hostObjects(new VIFVHostUser(), false, ""));
    }

    @Test
    void aVfHoldsItsPciFunctionAndOnAUserspaceDatapathItsRepresentorPort() {
        VIFHostDevice kernel = Vifs.hostdev("br-int", "0000:81:00.2", Vifs.profile(null));
        assertEquals(Set.of("DEVICE 0000:81:00.2"), names(Planner.hostObjects(kernel, false, "")));
        VIFHostDevice dpdk = Vifs.hostdev("br-dpdk", "0000:81:00.2", Vifs.profile("netdev"));
        String vfr = ("vfr" + dpdk.getId()).substring(0, 14);
        assertEquals(Set.of("DEVICE 0000:81:00.2", "OVS_PORT " + vfr, "OVS_QOS " + vfr),
                names(Planner.hostObjects(dpdk, false, "")));
    }
}
