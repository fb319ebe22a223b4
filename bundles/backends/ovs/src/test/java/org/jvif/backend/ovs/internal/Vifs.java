package org.jvif.backend.ovs.internal;

import java.util.List;
import java.util.UUID;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.api.model.Network;
import org.jvif.portprofile.openvswitch.VIFPortProfileOpenVSwitch;
import org.jvif.vif.bridge.VIFBridge;
import org.jvif.vif.hostdevice.VIFHostDevice;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.jvif.vif.vhostuser.VIFVHostUser;

/** VIFs as nova hands them to os-vif, for the tests. */
final class Vifs {
    static final String INSTANCE_UUID = "f0000000-0000-0000-0000-000000000001";
    static final String MAC = "ca:fe:de:ad:be:ef";

    private Vifs() {
    }

    static InstanceInfo instance() {
        InstanceInfo i = new InstanceInfo();
        i.setUuid(INSTANCE_UUID);
        i.setName("demo");
        return i;
    }

    static Network network(String bridge, Long mtu) {
        Network n = new Network();
        n.setId(UUID.randomUUID().toString());
        n.setBridge(bridge);
        if (mtu != null) {
            n.setMtu(mtu);
        }
        return n;
    }

    static VIFPortProfileOpenVSwitch profile(String datapathType) {
        VIFPortProfileOpenVSwitch p = new VIFPortProfileOpenVSwitch();
        p.setInterfaceId(UUID.randomUUID().toString());
        p.setProfileId("");
        if (datapathType != null) {
            p.setDatapathType(datapathType);
        }
        return p;
    }

    static VIFPortProfileOpenVSwitch createPort(String datapathType) {
        VIFPortProfileOpenVSwitch p = profile(datapathType);
        p.setCreatePort(true);
        return p;
    }

    static String mac(int i) {
        return String.format("fa:16:3e:%02x:%02x:%02x", (i >> 16) & 255, (i >> 8) & 255, i & 255);
    }

    static VIFOpenVSwitch ovs(String id, String vifName, Network network, VIFPortProfileOpenVSwitch profile) {
        VIFOpenVSwitch v = new VIFOpenVSwitch();
        v.setId(id);
        v.setAddress(MAC);
        v.setNetwork(network);
        v.setPlugin("ovs");
        v.setVifName(vifName);
        v.setBridgeName(network.getBridge());
        v.setPortProfile(profile);
        return v;
    }

    /** A VIFOpenVSwitch with create_port on a netdev bridge, named tapXXX as nova names it. */
    static VIFOpenVSwitch ovs(String bridge, Long mtu) {
        String id = UUID.randomUUID().toString();
        return ovs(id, ("tap" + id).substring(0, 14), network(bridge, mtu), createPort("netdev"));
    }

    static VIFBridge hybrid(String bridge, Long mtu, String datapathType) {
        String id = UUID.randomUUID().toString();
        VIFBridge v = new VIFBridge();
        v.setId(id);
        v.setAddress(MAC);
        v.setNetwork(network(bridge, mtu));
        v.setPlugin("ovs");
        v.setHasTrafficFiltering(true);
        v.setVifName(("tap" + id).substring(0, 14));
        v.setBridgeName(("qbr" + id).substring(0, 14));
        v.setPortProfile(profile(datapathType));
        return v;
    }

    static VIFVHostUser vhostuser(String bridge, String mode, VIFPortProfileOpenVSwitch profile) {
        String id = UUID.randomUUID().toString();
        VIFVHostUser v = new VIFVHostUser();
        v.setId(id);
        v.setAddress(MAC);
        v.setNetwork(network(bridge, 1500L));
        v.setPlugin("ovs");
        v.setVifName(("vhu" + id).substring(0, 14));
        v.setPath("/var/run/openvswitch/" + ("vhu" + id).substring(0, 14));
        v.setMode(mode);
        v.setPortProfile(profile);
        return v;
    }

    static VIFHostDevice hostdev(String bridge, String pci, VIFPortProfileOpenVSwitch profile) {
        VIFHostDevice v = new VIFHostDevice();
        v.setId(UUID.randomUUID().toString());
        v.setAddress(MAC);
        v.setNetwork(network(bridge, 1500L));
        v.setPlugin("ovs");
        v.setDevType(VIFHostDevice.ETHERNET);
        v.setDevAddress(pci);
        v.setPortProfile(profile);
        return v;
    }

    /** The OVSDB port a plug of this VIF (VIFBridge or VIFOpenVSwitch) makes. */
    static String port(VIFBase vif) {
        return vif instanceof VIFBridge ? ("qvo" + vif.getId()).substring(0, 14) : ((VIFOpenVSwitch) vif).getVifName();
    }

    /** The kernel devices a plug of this VIF makes (a VIFOpenVSwitch's with create_tap). */
    static List<String> devices(VIFBase vif) {
        if (vif instanceof VIFBridge b) {
            return List.of(b.getBridgeName(), ("qvb" + vif.getId()).substring(0, 14), ("qvo" + vif.getId()).substring(0, 14));
        }
        return List.of(((VIFOpenVSwitch) vif).getVifName());
    }
}
