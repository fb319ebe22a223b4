package org.jvif.itests.objects;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jvif.api.model.DatapathOffloadBase;
import org.jvif.api.model.FixedIP;
import org.jvif.api.model.FixedIPList;
import org.jvif.api.model.Network;
import org.jvif.api.model.Route;
import org.jvif.api.model.RouteList;
import org.jvif.api.model.Subnet;
import org.jvif.api.model.SubnetList;
import org.jvif.api.model.VIFPortProfileBase;
import org.jvif.api.object.ObjectSchema;
import org.jvif.offload.representor.DatapathOffloadRepresentor;
import org.jvif.portprofile.openvswitch.VIFPortProfileOpenVSwitch;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.jvif.vif.vhostuser.VIFVHostUser;

/**
 * The objects itests/peer/osvif_objects.py measures, built the same way: a VIFOpenVSwitch of 19 objects
 * (Network with two Subnets, one IPv4 and one IPv6, each with DNS, two FixedIPs with two floating IPs and two
 * Routes; an OVS port profile with a representor offload), and two VIFVHostUsers.
 */
final class BenchTree {
    private BenchTree() {
    }

    static VIFOpenVSwitch vif() {
        List<Subnet> subnets = new ArrayList<>();
        subnets.add(subnet("10.10.0.0/24", "10.10.0.1", "10.10.0.2", List.of("10.10.0.11", "10.10.0.12"),
                List.of(List.of("172.24.4.10", "172.24.4.11"), List.of("172.24.4.12", "172.24.4.13")),
                List.of(List.of("192.168.0.0/16", "10.10.0.254"), List.of("0.0.0.0/0", "10.10.0.1")),
                List.of("8.8.8.8", "1.1.1.1")));
        subnets.add(subnet("2001:db8:10::/64", "2001:db8:10::1", "2001:db8:10::2",
                List.of("2001:db8:10::f816:3eff:fe00:11", "2001:db8:10::f816:3eff:fe00:12"),
                List.of(List.of("2001:db8:ff::10", "2001:db8:ff::11"), List.of("2001:db8:ff::12", "2001:db8:ff::13")),
                List.of(List.of("2001:db8:20::/48", "2001:db8:10::fe"), List.of("::/0", "2001:db8:10::1")),
                List.of("2001:4860:4860::8888", "2606:4700:4700::1111")));
        Network net = new Network();
        net.setId("8e4f1b2a-3c5d-4e6f-8a9b-0c1d2e3f4a5b");
        net.setBridge("br-int");
        net.setLabel("private");
        net.setSubnets(new SubnetList(subnets));
        net.setMultiHost(false);
        net.setShouldProvideBridge(false);
        net.setShouldProvideVlan(false);
        net.setBridgeInterface(null);
        net.setVlan(null);
        net.setMtu(1450L);
        VIFOpenVSwitch vif = new VIFOpenVSwitch();
        vif.setId("5d2c4a1e-7b8f-4c3d-9e2a-1f0b3c4d5e6f");
        vif.setAddress("fa:16:3e:12:34:56");
        vif.setNetwork(net);
        vif.setPlugin("ovs");
        vif.setActive(true);
        vif.setPreserveOnDelete(false);
        vif.setHasTrafficFiltering(true);
        vif.setVifName("tap5d2c4a1e-7b");
        vif.setBridgeName("br-int");
        vif.setPortProfile(profile());
        return vif;
    }

    private static Subnet subnet(String cidr, String gateway, String dhcp, List<String> ips, List<List<String>> fips,
            List<List<String>> routes, List<String> dns) {
        List<FixedIP> fixed = new ArrayList<>();
        for (int i = 0; i < ips.size(); i++) {
            FixedIP ip = new FixedIP();
            ip.setAddress(ips.get(i));
            ip.setFloatingIps(fips.get(i));
            fixed.add(ip);
        }
        List<Route> rs = new ArrayList<>();
        for (List<String> r : routes) {
            Route route = new Route();
            route.setCidr(r.get(0));
            route.setGateway(r.get(1));
            route.setInterface("eth0");
            rs.add(route);
        }
        Subnet s = new Subnet();
        s.setCidr(cidr);
        s.setDns(dns);
        s.setGateway(gateway);
        s.setDhcpServer(dhcp);
        s.setIps(new FixedIPList(fixed));
        s.setRoutes(new RouteList(rs));
        return s;
    }

    static VIFPortProfileOpenVSwitch profile() {
        DatapathOffloadRepresentor offload = new DatapathOffloadRepresentor();
        offload.setRepresentorName("eth4_7");
        offload.setRepresentorAddress("0000:81:00.7");
        VIFPortProfileOpenVSwitch prof = new VIFPortProfileOpenVSwitch();
        prof.setInterfaceId("5d2c4a1e-7b8f-4c3d-9e2a-1f0b3c4d5e6f");
        prof.setProfileId("");
        prof.setDatapathType("system");
        prof.setCreatePort(true);
        prof.setDatapathOffload(offload);
        return prof;
    }

    /** VIFVHostUser without network and port profile (the only kind os-vif downgrades without a manifest). */
    static VIFVHostUser vhostUserFlat() {
        VIFVHostUser vhu = new VIFVHostUser();
        vhu.setId("5d2c4a1e-7b8f-4c3d-9e2a-1f0b3c4d5e6f");
        vhu.setAddress("fa:16:3e:12:34:56");
        vhu.setPlugin("ovs");
        vhu.setVifName("vhu5d2c4a1e-7b");
        vhu.setPath("/var/run/vhu.sock");
        vhu.setMode(VIFVHostUser.SERVER);
        return vhu;
    }

    /** VIFVHostUser with the tree's network and port profile. */
    static VIFVHostUser vhostUserTree(VIFOpenVSwitch vif) {
        VIFVHostUser vhu = vhostUserFlat();
        vhu.setNetwork(vif.getNetwork());
        vhu.setPortProfile(vif.getPortProfile());
        return vhu;
    }

    /**
     * oslo's {@code obj_tree_get_versions(top)}: every class the tree's fields can hold, at its version, with
     * {@code top} at {@code topVersion}. As the Python script does, VIFPortProfileOpenVSwitch is added at 1.0.
     */
    static Map<String, String> manifest(ObjectSchema top, String topVersion) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(top.name(), topVersion);
        for (ObjectSchema s : new ObjectSchema[] {Network.SCHEMA, SubnetList.SCHEMA, Subnet.SCHEMA,
                FixedIPList.SCHEMA, FixedIP.SCHEMA, RouteList.SCHEMA, Route.SCHEMA, VIFPortProfileBase.SCHEMA,
                DatapathOffloadBase.SCHEMA}) {
            m.put(s.name(), s.version().text());
        }
        m.put(VIFPortProfileOpenVSwitch.SCHEMA.name(), "1.0");
        return m;
    }
}
