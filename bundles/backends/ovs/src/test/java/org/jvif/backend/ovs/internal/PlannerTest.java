package org.jvif.backend.ovs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jvif.api.HostObjectTaken;
import org.jvif.api.OwnerMark;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.backend.ovs.internal.OvsExceptions.TapCreationNotSupported;
import org.jvif.backend.ovs.internal.OvsdbPlan.BridgeWant;
import org.jvif.backend.ovs.internal.OvsdbPlan.Isolation;
import org.jvif.backend.ovs.internal.OvsdbPlan.PortDrop;
import org.jvif.backend.ovs.internal.OvsdbPlan.PortWant;
import org.jvif.host.netlink.LinkKind;
import org.jvif.host.netlink.testing.FakeSysfs;
import org.jvif.portprofile.openvswitch.VIFPortProfileOpenVSwitch;
import org.jvif.vif.bridge.VIFBridge;
import org.jvif.vif.hostdevice.VIFHostDevice;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.jvif.vif.vhostuser.VIFVHostUser;
import org.junit.jupiter.api.Test;

/**
 * The planner without root, OVS or a kernel: what a plug and an unplug of each VIF kind, under each option,
 * decide (bridges, ports with their Interface type, options, external_ids, tag and QoS, the kernel steps,
 * the devices checked for marks), as PlugTest sees them carried out against a real Open vSwitch.
 */
class PlannerTest {
    private final RecordingLinks kernel = new RecordingLinks();

    private static Settings settings(Object... config) {
        Map<String, Object> p = new HashMap<>();
        p.put("ovsdb_connection", "tcp:127.0.0.1:6640");
        for (int i = 0; i < config.length; i += 2) {
            p.put((String) config[i], config[i + 1]);
        }
        return Settings.parse(p);
    }

    private Planner planner(VIFBase vif, Path sysfs, Object... config) {
        return new Planner(settings(config), new Sysfs(sysfs), new KernelDevices(kernel.links, vif.getId()));
    }

    private Plan plug(VIFBase vif, Object... config) {
        return planner(vif, Path.of("/nonexistent-sysfs"), config).plug(vif, profileOf(vif), Vifs.instance());
    }

    private Plan unplug(VIFBase vif, Object... config) {
        return planner(vif, Path.of("/nonexistent-sysfs"), config).unplug(vif, profileOf(vif));
    }

    static VIFPortProfileOpenVSwitch profileOf(VIFBase vif) {
        return (VIFPortProfileOpenVSwitch) vif.getPortProfile();
    }

    /** os-vif's Interface external_ids for a port of this VIF (the plan adds the owner mark when it inserts). */
    static Map<String, String> osVifIds(VIFBase vif, String ifaceId) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("iface-id", ifaceId);
        ids.put("iface-status", "active");
        ids.put("attached-mac", vif.getAddress());
        ids.put("vm-uuid", Vifs.INSTANCE_UUID);
        return ids;
    }

    private static String cut(String prefix, VIFBase vif) {
        return (prefix + vif.getId()).substring(0, 14);
    }

    @Test
    void openVSwitchWithCreatePortPlansTheBridgeOnItsDatapathAndThePortWithOsVifsExternalIds() {
        VIFOpenVSwitch vif = Vifs.ovs("br-int", 1450L);
        Plan plan = plug(vif);
        assertEquals(vif.getId(), plan.ovsdb.owner);
        assertEquals(List.of(new BridgeWant("br-int", "netdev")), plan.ovsdb.bridges);
        assertEquals(List.of(new PortWant("br-int", vif.getVifName(), null, Map.of(),
                osVifIds(vif, profileOf(vif).getInterfaceId()), null, null, null, false)), plan.ovsdb.ports);
        assertEquals(Set.of(), plan.ovsdb.ownBridges);
        // libvirt makes the tap: its MTU is set where it exists (os-vif's set_device_mtu), it is not made
        assertEquals(List.of("setMtu " + vif.getVifName() + " 1450"), kernel.run(plan.before, vif.getId()));
        assertEquals(List.of(vif.getVifName()), plan.devices);
        assertEquals(List.of(), plan.deviceWants);
        assertEquals(List.of(), plan.after);
    }

    @Test
    void createTapMakesTheTapBeforeTheTransactionWithMacMtuMultiqueueAndTheOwnerAlias() {
        VIFOpenVSwitch vif = Vifs.ovs("br-int", 1450L);
        profileOf(vif).setCreateTap(true);
        profileOf(vif).setMultiqueue(true);
        Plan plan = plug(vif);
        String tap = vif.getVifName();
        assertEquals(List.of("createTap " + tap + " TapOptions[multiQueue=true, owner=OptionalInt.empty, group=OptionalInt.empty]"
                + " LinkSettings[mtu=1450, address=" + Vifs.MAC + ", up=true, promiscuous=null, master=null, alias="
                + OwnerMark.alias(vif.getId()) + "]"), kernel.run(plan.before, vif.getId()));
        assertEquals(List.of(new Plan.DeviceWant(tap, LinkKind.TUN, null, 1450, Vifs.MAC, false, false, false)), plan.deviceWants);
        // the plug made the device: an error vswitchd reports for it fails the plug
        assertTrue(plan.ovsdb.ports.get(0).mustWork());
    }

    @Test
    void withoutCreatePortOnlyTheBridge() {
        VIFOpenVSwitch vif = Vifs.ovs("br-int", null);
        profileOf(vif).setCreatePort(false);
        Plan plan = plug(vif);
        assertEquals(List.of(new BridgeWant("br-int", "netdev")), plan.ovsdb.bridges);
        assertEquals(List.of(), plan.ovsdb.ports);
        assertEquals(List.of(), plan.before);
    }

    @Test
    void theKernelDatapathGetsTheDefaultQosTypeAndTheNetworkDeviceMtu() {
        VIFOpenVSwitch system = Vifs.ovs(java.util.UUID.randomUUID().toString(), "qos-port", Vifs.network("br-qos", null),
                Vifs.createPort("system"));
        Plan plan = plug(system, "default_qos_type", "linux-htb", "network_device_mtu", 9000);
        assertEquals(List.of(new BridgeWant("br-qos", "system")), plan.ovsdb.bridges);
        assertEquals("linux-htb", plan.ovsdb.ports.get(0).qosType());
        assertEquals(List.of("setMtu qos-port 9000"), kernel.run(plan.before, system.getId()));
        // no datapath in the profile is the kernel's, as os-vif reads it
        VIFOpenVSwitch none = Vifs.ovs(java.util.UUID.randomUUID().toString(), "qos-port2", Vifs.network("br-qos", null),
                Vifs.createPort(null));
        Plan defaults = plug(none);
        assertEquals(List.of(new BridgeWant("br-qos", "system")), defaults.ovsdb.bridges);
        assertEquals("linux-noop", defaults.ovsdb.ports.get(0).qosType());
        assertEquals(List.of(new PortDrop("qos-port2", "linux-noop")), unplug(none).ovsdb.portDrops);
    }

    @Test
    void isolateVifPutsANewPortOnTheDeadVlanAsATrunkOfIt() {
        VIFOpenVSwitch vif = Vifs.ovs("br-5449523c", null);
        assertEquals(Isolation.DEAD_VLAN_TRUNK, plug(vif, "isolate_vif", true).ovsdb.ports.get(0).isolation());
        assertEquals(new Isolation(4095, "trunk", 4095), Isolation.DEAD_VLAN_TRUNK);
        assertEquals(null, plug(vif).ovsdb.ports.get(0).isolation());
    }

    @Test
    void aTrunkBridgeIgnoresIsolateVifNamesItselfInExternalIdsAndGoesWithTheUnplug() {
        VIFOpenVSwitch trunk = Vifs.ovs("tbr-ef98b384", null);
        PortWant port = plug(trunk, "isolate_vif", true).ovsdb.ports.get(0);
        assertEquals(null, port.isolation());
        Map<String, String> ids = osVifIds(trunk, profileOf(trunk).getInterfaceId());
        ids.put("bridge_name", "tbr-ef98b384");
        assertEquals(ids, port.externalIds());
        Plan unplug = unplug(trunk);
        assertEquals(List.of(new PortDrop(trunk.getVifName(), null)), unplug.ovsdb.portDrops);
        assertEquals(List.of("tbr-ef98b384"), unplug.ovsdb.bridgeDrops);
        assertEquals(List.of(), unplug(Vifs.ovs("br-int", null)).ovsdb.bridgeDrops);
    }

    @Test
    void perPortBridgeIsTheVifsOwnPatchedToTheIntegrationBridge() {
        String id = java.util.UUID.randomUUID().toString();
        VIFOpenVSwitch vif = Vifs.ovs(id, "port-ppb", Vifs.network("br-ppb", null), Vifs.createPort("system"));
        String pb = ("pb" + id).substring(0, 14);
        String pbp = "pbp" + id;
        String ibp = "ibp" + id;
        Plan plan = plug(vif, "per_port_bridge", true, "isolate_vif", true);
        assertEquals(List.of(new BridgeWant("br-ppb", "system"), new BridgeWant(pb, "system")), plan.ovsdb.bridges);
        assertEquals(Set.of(pb), plan.ovsdb.ownBridges);
        // os-vif puts the VIF id (not the profile's interface_id) on the patch port, and isolates it by tag only
        assertEquals(List.of(
                new PortWant(pb, "port-ppb", null, Map.of(), Map.of(), null, Isolation.DEAD_VLAN_TRUNK, "linux-noop", false),
                new PortWant("br-ppb", ibp, "patch", Map.of("peer", pbp), osVifIds(vif, id), null,
                        Isolation.DEAD_VLAN_TAG, null, false),
                new PortWant(pb, pbp, "patch", Map.of("peer", ibp), Map.of(), null, null, null, false)), plan.ovsdb.ports);
        assertEquals(List.of("port-ppb"), plan.devices);

        Plan unplug = unplug(vif, "per_port_bridge", true);
        assertEquals(List.of(new PortDrop(ibp, null), new PortDrop(pbp, null), new PortDrop("port-ppb", "linux-noop")),
                unplug.ovsdb.portDrops);
        assertEquals(List.of(pb), unplug.ovsdb.bridgeDrops);
        assertEquals(List.of(), kernel.run(unplug.during, id), "nothing of the port's device exists");
        kernel.existing("port-ppb");
        assertEquals(List.of("deleteIfExists port-ppb"), kernel.run(unplug.during, id));
    }

    @Test
    void hybridMakesTheLinuxBridgeAndVethPairFirstThenPlugsQvo() {
        VIFBridge vif = Vifs.hybrid("br-int", 1400L, "netdev");
        String qbr = vif.getBridgeName();
        String qvb = cut("qvb", vif);
        String qvo = cut("qvo", vif);
        String alias = OwnerMark.alias(vif.getId());
        Plan plan = plug(vif);
        assertEquals(List.of(qbr, qvb, qvo), plan.devices);
        assertEquals(List.of(new Plan.DeviceWant(qbr, LinkKind.BRIDGE, null, null, null, false, true, true),
                new Plan.DeviceWant(qvb, LinkKind.VETH, qbr, 1400, null, true, true, false),
                new Plan.DeviceWant(qvo, LinkKind.VETH, null, 1400, null, true, true, false)), plan.deviceWants);
        assertEquals(List.of(
                "createBridge " + qbr + " BridgeOptions[forwardDelay=PT0S, stp=false, multicastSnooping=false, ageingTime=PT0S]"
                        + " LinkSettings[mtu=-, address=null, up=null, promiscuous=null, master=null, alias=" + alias + "]",
                "disableIpv6 " + qbr, "setArpFiltering " + qbr, "setUp " + qbr,
                "deleteIfExists " + qvb,
                "createVethPair " + qvb + " LinkSettings[mtu=1400, address=null, up=null, promiscuous=true, master=" + qbr
                        + ", alias=" + alias + "] " + qvo + " LinkSettings[mtu=1400, address=null, up=null, promiscuous=true,"
                        + " master=null, alias=" + alias + "]",
                "disableIpv6 " + qvb, "disableIpv6 " + qvo,
                "update " + qvb + " LinkSettings[mtu=-, address=null, up=true, promiscuous=null, master=null]",
                "update " + qvo + " LinkSettings[mtu=-, address=null, up=true, promiscuous=null, master=null]"),
                kernel.run(plan.before, vif.getId()));
        assertEquals(List.of(new BridgeWant("br-int", "netdev")), plan.ovsdb.bridges);
        // the veth pair has the MTU already: no mtu_request; qvo is the plug's own device
        assertEquals(List.of(new PortWant("br-int", qvo, null, Map.of(), osVifIds(vif, profileOf(vif).getInterfaceId()),
                null, null, null, true)), plan.ovsdb.ports);

        // unplug: the port, then the bridge and both veth ends in one kernel batch while the transaction runs
        Plan unplug = unplug(vif);
        assertEquals(List.of(new PortDrop(qvo, null)), unplug.ovsdb.portDrops);
        kernel.existing(qbr, qvo, qvb);
        assertEquals(List.of("deleteAll [" + qbr + ", " + qvo + ", " + qvb + "]"), kernel.run(unplug.during, vif.getId()));
        assertEquals(List.of(), unplug.before);
    }

    @Test
    void aPlugChecksItsOwnDevicesForMarksAndRefusesOneMarkedAsAnotherVifs() {
        VIFBridge vif = Vifs.hybrid("br-int", null, "netdev");
        Plan plan = plug(vif);
        KernelDevices devices = new KernelDevices(kernel.links, vif.getId());
        kernel.existing(vif.getBridgeName()).marked(cut("qvo", vif), vif.getId());
        devices.checkOwners(plan.devices, "ns1");
        kernel.marked(cut("qvb", vif), "other-vif");
        HostObjectTaken e = assertThrows(HostObjectTaken.class, () -> devices.checkOwners(plan.devices, "ns1"));
        assertTrue(e.getMessage().contains(cut("qvb", vif)) && e.getMessage().contains("other-vif"), e.getMessage());
    }

    @Test
    void anUnplugDeletesOnlyDevicesNotMarkedAsAnotherVifs() {
        VIFBridge vif = Vifs.hybrid("br-int", null, "netdev");
        kernel.marked(vif.getBridgeName(), vif.getId()).existing(cut("qvo", vif)).marked(cut("qvb", vif), "other-vif");
        assertEquals(List.of("deleteAll [" + vif.getBridgeName() + ", " + cut("qvo", vif) + "]"),
                kernel.run(unplug(vif).during, vif.getId()));
    }

    @Test
    void hybridRefusesCreateTap() {
        VIFBridge vif = Vifs.hybrid("br-int", null, "netdev");
        profileOf(vif).setCreateTap(true);
        assertEquals("TapCreationNotSupported", assertThrows(TapCreationNotSupported.class, () -> plug(vif)).type());
    }

    @Test
    void anOpenVSwitchVifWhoseHybridBridgeExistsIsUnpluggedTheHybridWay() {
        VIFBridge hybrid = Vifs.hybrid("br-int", null, "netdev");
        VIFOpenVSwitch same = Vifs.ovs(hybrid.getId(), hybrid.getVifName(), hybrid.getNetwork(), Vifs.profile("netdev"));
        assertEquals(List.of(new PortDrop(same.getVifName(), null)), unplug(same).ovsdb.portDrops);
        kernel.existing(cut("qbr", hybrid));
        assertEquals(List.of(new PortDrop(cut("qvo", hybrid), null)), unplug(same).ovsdb.portDrops);
    }

    @Test
    void vhostuserServerModeIsAClientPortWithTheSocketPathAndClientModeIsAServerPort() {
        VIFVHostUser server = Vifs.vhostuser("br-vhu", VIFVHostUser.SERVER, Vifs.profile(null));
        VIFVHostUser client = Vifs.vhostuser("br-vhu", VIFVHostUser.CLIENT, Vifs.profile(null));
        Plan s = plug(server);
        Plan c = plug(client);
        // a userspace bridge by default; QoS as for "system" when the profile has no datapath (os-vif's quirk)
        assertEquals(List.of(new BridgeWant("br-vhu", "netdev")), s.ovsdb.bridges);
        assertEquals(List.of(new PortWant("br-vhu", server.getVifName(), "dpdkvhostuserclient",
                Map.of("vhost-server-path", server.getPath()), osVifIds(server, profileOf(server).getInterfaceId()),
                1500, null, "linux-noop", false)), s.ovsdb.ports);
        assertEquals(List.of(new PortWant("br-vhu", client.getVifName(), "dpdkvhostuser", Map.of(),
                osVifIds(client, profileOf(client).getInterfaceId()), 1500, null, "linux-noop", false)), c.ovsdb.ports);
        assertEquals(List.of(), s.before);
        assertEquals(List.of(), s.devices);

        Plan unplug = unplug(server);
        assertEquals(List.of(new PortDrop(server.getVifName(), "linux-noop")), unplug.ovsdb.portDrops);
        kernel.existing(server.getVifName());
        assertEquals(List.of("deleteIfExists " + server.getVifName()), kernel.run(unplug.during, server.getId()));
    }

    @Test
    void vhostuserOnAProfileDatapathTakesItWithoutQosAndItsTrunkBridgeGoesWithTheUnplug() {
        VIFVHostUser vif = Vifs.vhostuser("tbr-01", VIFVHostUser.CLIENT, Vifs.profile("netdev"));
        assertEquals(null, plug(vif, "isolate_vif", true).ovsdb.ports.get(0).qosType());
        assertEquals(null, plug(vif, "isolate_vif", true).ovsdb.ports.get(0).isolation());
        assertEquals(List.of("tbr-01"), unplug(vif).ovsdb.bridgeDrops);
    }

    @Test
    void hostDeviceOnTheKernelDatapathSetsItsRepresentorUpAndPlugsIt() {
        try (FakeSysfs fs = new FakeSysfs().pf("0000:81:00.0", "enp129s0f0", "sw1", "p0")
                .vf("0000:81:00.0", 1, "0000:81:00.3").netdev("enp129s0f0_1", "sw1", "pf0vf1")) {
            VIFHostDevice vif = Vifs.hostdev("br-sriov", "0000:81:00.3", Vifs.profile(null));
            kernel.existing("enp129s0f0_1");
            Plan plan = planner(vif, fs.root).plug(vif, profileOf(vif), Vifs.instance());
            assertEquals(List.of(new BridgeWant("br-sriov", "system")), plan.ovsdb.bridges);
            assertEquals(List.of(new PortWant("br-sriov", "enp129s0f0_1", null, Map.of(),
                    osVifIds(vif, profileOf(vif).getInterfaceId()), null, null, "linux-noop", true)), plan.ovsdb.ports);
            assertEquals(List.of("setUp enp129s0f0_1", "setMtu enp129s0f0_1 1500"), kernel.run(plan.before, vif.getId()));
            // the representor is the VF's, never checked for or given a VIF's mark
            assertEquals(List.of(), plan.devices);

            Plan unplug = planner(vif, fs.root).unplug(vif, profileOf(vif));
            assertEquals(List.of(new PortDrop("enp129s0f0_1", "linux-noop")), unplug.ovsdb.portDrops);
            assertEquals(List.of("setDown enp129s0f0_1"), kernel.run(unplug.after, vif.getId()));
        }
    }

    /** The DPDK port's device comes with DPDK, later: an error vswitchd reports for it is logged, as os-vif ignores it. */
    @Test
    void hostDeviceOnAUserspaceDatapathIsADpdkRepresentorPortOfItsPf() {
        try (FakeSysfs fs = new FakeSysfs().pf("0000:81:00.0", "enp129s0f0", "sw1", "p0")
                .vf("0000:81:00.0", 1, "0000:81:00.3")) {
            VIFHostDevice vif = Vifs.hostdev("br-dpdk", "0000:81:00.3", Vifs.profile("netdev"));
            Plan plan = planner(vif, fs.root).plug(vif, profileOf(vif), Vifs.instance());
            String vfr = cut("vfr", vif);
            assertEquals(List.of(new PortWant("br-dpdk", vfr, "dpdk", Map.of("dpdk-devargs", "0000:81:00.0,representor=[1]"),
                    osVifIds(vif, profileOf(vif).getInterfaceId()), 1500, null, null, false)), plan.ovsdb.ports);
            assertEquals(List.of(), plan.before);
            assertEquals(List.of(new PortDrop(vfr, null)), planner(vif, fs.root).unplug(vif, profileOf(vif)).ovsdb.portDrops);
        }
    }

    @Test
    void hostDeviceWithoutRepresentorIsRefusedBeforeAnyPlan() {
        try (FakeSysfs fs = new FakeSysfs().pf("0000:81:00.0", "enp129s0f0", "sw1", "p0")
                .vf("0000:81:00.0", 1, "0000:81:00.3")) {
            VIFHostDevice vif = Vifs.hostdev("br-sriov", "0000:81:00.3", Vifs.profile(null));
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> planner(vif, fs.root).plug(vif, profileOf(vif), Vifs.instance()));
            assertEquals("RepresentorNotFound", ((org.jvif.api.OsVifException) e).type());
        }
    }

    @Test
    void refusalsNameTheField() {
        VIFOpenVSwitch noNet = Vifs.ovs("br-int", null);
        noNet.setNetwork(null);
        assertRefused("VIFOpenVSwitch.network is required", noNet, Vifs.instance());
        assertRefused("VIFOpenVSwitch.network.mtu", Vifs.ovs("br-int", 20L), Vifs.instance());
        VIFOpenVSwitch badDatapath = Vifs.ovs("br-int", null);
        profileOf(badDatapath).setDatapathType("net dev");
        assertRefused("VIFOpenVSwitch.port_profile.datapath_type", badDatapath, Vifs.instance());
        assertRefused("VIFOpenVSwitch.network.bridge", Vifs.ovs("br-int-much-too-long", null), Vifs.instance());
        VIFVHostUser relative = Vifs.vhostuser("br-int", VIFVHostUser.SERVER, Vifs.profile("netdev"));
        relative.setPath("run/vhu.sock");
        assertRefused("VIFVHostUser.path", relative, Vifs.instance());
        VIFVHostUser noMode = Vifs.vhostuser("br-int", VIFVHostUser.SERVER, Vifs.profile("netdev"));
        noMode.unset(VIFVHostUser.MODE);
        assertRefused("VIFVHostUser.mode", noMode, Vifs.instance());
        assertRefused("InstanceInfo.uuid", Vifs.ovs("br-int", null), new InstanceInfo());
        assertEquals(List.of(), kernel.calls);
    }

    private void assertRefused(String names, VIFBase vif, InstanceInfo info) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> planner(vif, Path.of("/nonexistent-sysfs")).plug(vif, profileOf(vif), info));
        assertTrue(e.getMessage().contains(names), e.getMessage());
    }
}
