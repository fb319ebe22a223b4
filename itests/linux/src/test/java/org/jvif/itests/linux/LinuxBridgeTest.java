package org.jvif.itests.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jvif.api.Finding;
import org.jvif.api.HostObject;
import org.jvif.api.OsVif;
import org.jvif.api.PlugException;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.Network;
import org.jvif.backend.linuxbridge.internal.LinuxBridgePlugin;
import org.jvif.host.netlink.InvalidValueException;
import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.LinkKind;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.host.netlink.NetlinkException;
import org.jvif.host.netlink.testing.IpWitness;
import org.jvif.registry.internal.LinuxRegistry;
import org.jvif.vif.bridge.VIFBridge;

/** linux_bridge plugs through the registry, in a private namespace; checked through LinkManager and ip. */
class LinuxBridgeTest {
    private static Sandbox sandbox;
    private static String ns;
    private static LinuxBridgePlugin backend;
    private static OsVif osVif;
    private static final InstanceInfo INSTANCE = new InstanceInfo();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.create("lb");
        ns = sandbox.name;
        backend = new LinuxBridgePlugin(Map.of("network_namespace", ns));
        osVif = LinuxRegistry.of(Map.of("linux_bridge", backend));
        INSTANCE.setUuid(UUID.randomUUID().toString());
        INSTANCE.setName("vm1");
        INSTANCE.setProjectId("p1");
    }

    @AfterEach
    void clear() {
        sandbox.clear();
        backend.modified(Map.of("network_namespace", ns));
    }

    @AfterAll
    static void stop() {
        backend.close();
        sandbox.close();
    }

    static VIFBridge vif(String bridge, String bridgeInterface, Long mtu) {
        Network network = new Network();
        network.setId(UUID.randomUUID().toString());
        network.setBridge(bridge);
        network.setLabel("flat");
        network.setShouldProvideBridge(true);
        network.setBridgeInterface(bridgeInterface);
        network.setMtu(mtu);
        VIFBridge vif = new VIFBridge();
        vif.setId(UUID.randomUUID().toString());
        vif.setAddress("fa:16:3e:00:00:01");
        vif.setPlugin("linux_bridge");
        vif.setVifName("tap1");
        vif.setBridgeName(bridge);
        vif.setHasTrafficFiltering(true);
        vif.setNetwork(network);
        return vif;
    }

    private static void veth(String name) {
        sandbox.links.createVethPair(name, LinkSettings.NONE, name + "p", LinkSettings.NONE);
    }

    private static Link link(String name) {
        return sandbox.links.link(name).orElseThrow(() -> new AssertionError(name + " not found by LinkManager"));
    }

    /** The bridge as os-vif leaves it, seen by both witnesses. */
    private static void assertBridge(String name, int mtu) {
        Link bridge = link(name);
        assertTrue(bridge.isKind(LinkKind.BRIDGE));
        assertTrue(bridge.isUp());
        assertEquals(mtu, bridge.mtu());
        assertEquals(Optional.of(Duration.ZERO), bridge.bridge().get().forwardDelay());
        assertEquals(Optional.of(false), bridge.bridge().get().stp());
        assertEquals(Optional.of(false), bridge.bridge().get().multicastSnooping());

        JsonNode ip = IpWitness.require(ns, name);
        assertEquals("bridge", IpWitness.kind(ip));
        assertTrue(IpWitness.isUp(ip));
        assertEquals(mtu, ip.path("mtu").asInt());
        assertEquals(0, IpWitness.data(ip).path("forward_delay").asInt());
        assertEquals(0, IpWitness.data(ip).path("stp_state").asInt());
        assertEquals(0, IpWitness.data(ip).path("mcast_snooping").asInt());
        assertEquals(30000, IpWitness.data(ip).path("ageing_time").asInt(), "the kernel's default ageing, as os-vif");
        assertEquals("1", IpWitness.sysctl(ns, "net/ipv6/conf/" + name + "/disable_ipv6"));
        assertEquals("1", IpWitness.sysctl(ns, "net/ipv4/conf/" + name + "/arp_ignore"));
        assertEquals("2", IpWitness.sysctl(ns, "net/ipv4/conf/" + name + "/arp_announce"));
    }

    private static void assertEnslaved(String iface, String bridge, int mtu) {
        Link link = link(iface);
        assertEquals(Optional.of(bridge), link.master());
        assertTrue(link.isUp());
        assertEquals(mtu, link.mtu());
        JsonNode ip = IpWitness.require(ns, iface);
        assertEquals(bridge, ip.path("master").asText());
        assertTrue(IpWitness.isUp(ip));
        assertEquals(mtu, ip.path("mtu").asInt());
    }

    private static PlugException plugFails(VIFBridge vif) {
        return assertThrows(PlugException.class, () -> osVif.plug(vif, INSTANCE));
    }

    @Test
    void flatNetworkGetsItsBridgeWithTheUplinkEnslaved() {
        veth("lbu1");
        osVif.plug(vif("brq1", "lbu1", 1450L), INSTANCE);
        assertBridge("brq1", 1450);
        assertEnslaved("lbu1", "brq1", 1450);
    }

    @Test
    void inspectionComparesTheBridgeItsSysctlsAndTheUplinkWithTheHost() throws Exception {
        veth("lbu1");
        VIFBridge vif = vif("brq1", "lbu1", 1450L);
        osVif.plug(vif, INSTANCE);
        assertEquals(java.util.Set.of(), backend.hostObjects(vif), "the bridge is the network's, shared");
        List<Finding> findings = backend.inspect(vif, INSTANCE);
        assertTrue(findings.stream().allMatch(f -> f.verdict() == Finding.Verdict.OK), findings.toString());
        assertEquals(10, findings.size(), findings.toString());

        IpWitness.run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.conf.brq1.arp_ignore=0");
        IpWitness.run("ip", "-n", ns, "link", "set", "lbu1", "nomaster");
        findings = backend.inspect(vif, INSTANCE);
        assertTrue(findings.contains(Finding.drifted(HostObject.device("brq1"), "net.ipv4.conf.brq1.arp_ignore", "1",
                IpWitness.sysctl(ns, "net/ipv4/conf/brq1/arp_ignore"))), findings.toString());
        assertTrue(findings.contains(Finding.drifted(HostObject.device("lbu1"), "master", "brq1", null)),
                findings.toString());

        IpWitness.run("ip", "-n", ns, "link", "delete", "brq1");
        assertEquals(List.of(Finding.missing(HostObject.device("brq1"))), backend.inspect(vif, INSTANCE));
    }

    @Test
    void plugTwiceIsPlugOnceAndASecondVifSharesTheBridge() {
        veth("lbu1");
        osVif.plug(vif("brq1", "lbu1", 1450L), INSTANCE);
        String once = IpWitness.state(ns);
        osVif.plug(vif("brq1", "lbu1", 1450L), INSTANCE);
        osVif.plug(vif("brq1", "lbu1", 1450L), INSTANCE);
        assertEquals(once, IpWitness.state(ns));
        assertBridge("brq1", 1450);
    }

    @Test
    void withoutNetworkMtuTheOptionApplies() {
        backend.modified(Map.of("network_namespace", ns, "network_device_mtu", 1400));
        veth("lbu1");
        osVif.plug(vif("brq1", "lbu1", null), INSTANCE);
        assertBridge("brq1", 1400);
        assertEnslaved("lbu1", "brq1", 1400);
    }

    @Test
    void flatInterfaceOptionWinsOverTheNetworksInterface() {
        backend.modified(Map.of("network_namespace", ns, "flat_interface", "lbu2"));
        veth("lbu1");
        veth("lbu2");
        osVif.plug(vif("brq1", "lbu1", 1500L), INSTANCE);
        assertEnslaved("lbu2", "brq1", 1500);
        assertEquals(Optional.empty(), link("lbu1").master());
    }

    @Test
    void aMissingInterfaceLeavesTheBridgeWithoutUplinkAsOsVif() {
        osVif.plug(vif("brq1", "lbu9", 1500L), INSTANCE);
        assertBridge("brq1", 1500);
        osVif.plug(vif("brq2", null, 1500L), INSTANCE);
        assertBridge("brq2", 1500);
    }

    @Test
    void nothingIsDoneWhenTheNetworkProvidesItsOwnBridgeOrIsMultiHost() {
        String before = IpWitness.state(ns);
        VIFBridge notProvided = vif("brq1", null, 1500L);
        notProvided.getNetwork().setShouldProvideBridge(false);
        osVif.plug(notProvided, INSTANCE);
        VIFBridge multiHost = vif("brq1", null, 1500L);
        multiHost.getNetwork().setMultiHost(true);
        osVif.plug(multiHost, INSTANCE);
        assertEquals(before, IpWitness.state(ns));
    }

    @Test
    void unplugDoesNothingAsOsVif() {
        veth("lbu1");
        VIFBridge vif = vif("brq1", "lbu1", 1500L);
        osVif.plug(vif, INSTANCE);
        String plugged = IpWitness.state(ns);
        osVif.unplug(vif, INSTANCE);
        assertEquals(plugged, IpWitness.state(ns));
    }

    @Test
    void aBridgeNameTakenByAVethIsRefusedAndNothingIsLeftBehind() {
        veth("brq1");
        veth("lbu1");
        String before = IpWitness.state(ns);
        PlugException e = plugFails(vif("brq1", "lbu1", 1450L));
        InvalidValueException cause = assertInstanceOf(InvalidValueException.class, e.getCause());
        assertEquals("invalid VIFBridge.bridge_name \"brq1\": is a veth device, not a bridge", cause.getMessage());
        assertEquals(before, IpWitness.state(ns));
    }

    @Test
    void aSixteenByteBridgeNameIsRefusedBeforeAnythingHappens() {
        veth("lbu1");
        String before = IpWitness.state(ns);
        PlugException e = plugFails(vif("brq0123456789abc", "lbu1", 1450L));
        assertEquals("invalid VIFBridge.bridge_name \"brq0123456789abc\": must be 1..15 bytes, is 16",
                e.getCause().getMessage());
        assertEquals(before, IpWitness.state(ns));
    }

    @Test
    void aBridgeNameTheKernelWouldPickItselfIsRefusedAndNothingIsLeft() {
        veth("lbu1");
        String before = IpWitness.state(ns);
        PlugException e = plugFails(vif("br%d", "lbu1", 1450L));
        assertEquals("invalid VIFBridge.bridge_name \"br%d\": must not contain '%' (the kernel would pick the name "
                + "itself)", assertInstanceOf(InvalidValueException.class, e.getCause()).getMessage());
        assertEquals(before, IpWitness.state(ns), "no br0");
    }

    @Test
    void aFailedEnslaveRemovesTheNewBridgeAndRestoresTheUplink() {
        // the kernel will not enslave a bridge to a bridge (ELOOP), after the bridge was made
        sandbox.links.createBridge("upbr", null, LinkSettings.NONE.withMtu(1500));
        String before = IpWitness.state(ns);
        PlugException e = plugFails(vif("brq1", "upbr", 1400L));
        NetlinkException cause = assertInstanceOf(NetlinkException.class, e.getCause());
        assertEquals("ELOOP", cause.errnoName(), cause.getMessage());
        assertFalse(sandbox.links.exists("brq1"));
        assertEquals(before, IpWitness.state(ns), "the uplink's MTU is put back too");
    }

    @Test
    void aFailedPlugPutsBackWhatItChangedOnAnInterfaceItDidNotMake() {
        // the kernel sets lo's MTU, then refuses to enslave a loopback device (EINVAL)
        String before = IpWitness.state(ns);
        PlugException e = plugFails(vif("brq1", "lo", 1450L));
        assertEquals("EINVAL", assertInstanceOf(NetlinkException.class, e.getCause()).errnoName(), e.getMessage());
        assertEquals(65536, IpWitness.require(ns, "lo").path("mtu").asInt());
        assertEquals(before, IpWitness.state(ns));
    }

    @Test
    void aVlanNetworkFailsWithEopnotsuppOnThisKernelAndLeavesNothing() {
        veth("lbu1");
        String before = IpWitness.state(ns);
        VIFBridge vif = vif("brq1", "lbu1", 1450L);
        vif.getNetwork().setShouldProvideVlan(true);
        vif.getNetwork().setVlan(100L);
        PlugException e = plugFails(vif);
        NetlinkException cause = assertInstanceOf(NetlinkException.class, e.getCause());
        assertEquals("EOPNOTSUPP", cause.errnoName());
        assertTrue(e.getMessage().contains("EOPNOTSUPP creating vlan vlan100 on lbu1"), e.getMessage());
        assertEquals(before, IpWitness.state(ns));

        // vlan_interface wins over the network's interface, and must exist
        backend.modified(Map.of("network_namespace", ns, "vlan_interface", "bond9"));
        assertEquals("invalid option vlan_interface \"bond9\": no such device for VLAN 100",
                plugFails(vif).getCause().getMessage());
        assertEquals(before, IpWitness.state(ns));
    }

    @Test
    void anExistingVlanDeviceOfAnotherKindIsRefused() {
        veth("vlan100");
        String before = IpWitness.state(ns);
        VIFBridge vif = vif("brq1", "lbu1", 1450L);
        vif.getNetwork().setShouldProvideVlan(true);
        vif.getNetwork().setVlan(100L);
        assertEquals("VLAN device vlan100 for VIFBridge.network.vlan 100 exists but is a veth device",
                plugFails(vif).getCause().getMessage());
        assertEquals(before, IpWitness.state(ns));
    }
}
