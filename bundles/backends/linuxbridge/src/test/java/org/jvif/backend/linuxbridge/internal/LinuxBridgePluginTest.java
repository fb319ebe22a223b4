package org.jvif.backend.linuxbridge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.Network;
import org.jvif.api.model.VIFBase;
import org.jvif.host.netlink.InvalidValueException;
import org.jvif.vif.bridge.VIFBridge;

/** Configuration, description and input checks: nothing here reaches the kernel. */
class LinuxBridgePluginTest {
    /** Plugs would fail opening this namespace, so any error about a VIF field came before a kernel call. */
    private static final Map<String, Object> NOWHERE = Map.of("network_namespace", "jvif-t-none-lb");

    static VIFBridge vif(String bridge, String bridgeInterface, Long mtu) {
        Network network = new Network();
        network.setShouldProvideBridge(true);
        network.setBridgeInterface(bridgeInterface);
        network.setMtu(mtu);
        VIFBridge vif = new VIFBridge();
        vif.setId("b5a58a7e-6d32-4d3b-9a5c-4f1f0c1e2d3a");
        vif.setPlugin(LinuxBridgePlugin.NAME);
        vif.setVifName("tap1");
        vif.setBridgeName(bridge);
        vif.setNetwork(network);
        return vif;
    }

    static VIFBridge vlanVif(String bridge, String bridgeInterface, Long vlan) {
        VIFBridge vif = vif(bridge, bridgeInterface, null);
        vif.getNetwork().setShouldProvideVlan(true);
        vif.getNetwork().setVlan(vlan);
        return vif;
    }

    private static String refusal(LinuxBridgePlugin plugin, VIFBridge vif) {
        return assertThrows(InvalidValueException.class, () -> plugin.plug(vif, null)).getMessage();
    }

    @Test
    void describesVifBridgeOnlyAsOsVif() {
        HostPluginInfo info = new LinuxBridgePlugin(Map.of()).describe();
        assertEquals("linux_bridge", info.getPluginName());
        assertEquals(1, info.getVifInfo().size());
        HostVIFInfo bridge = info.getVifInfo().get(0);
        assertEquals(List.of("VIFBridge", "1.0", "1.0", List.of()), List.of(bridge.getVifObjectName(),
                bridge.getMinVersion(), bridge.getMaxVersion(), bridge.getSupportedPortProfiles()));
    }

    @Test
    void createsBridgesAsOsVifDoes() {
        assertEquals(Optional.of(Duration.ZERO), BridgePlug.BRIDGE_OPTIONS.forwardDelay());
        assertEquals(Optional.of(false), BridgePlug.BRIDGE_OPTIONS.stp());
        assertEquals(Optional.of(false), BridgePlug.BRIDGE_OPTIONS.multicastSnooping());
        assertEquals(Optional.empty(), BridgePlug.BRIDGE_OPTIONS.ageingTime(), "the kernel's 300 s, as os-vif");
    }

    @Test
    void optionsHaveOsVifsNamesAndDefaults() {
        assertEquals(new LinuxBridgeSettings(1500, "", ""),
                new LinuxBridgePlugin(Map.of()).configuration().now().settings());
        LinuxBridgePlugin plugin = new LinuxBridgePlugin(Map.of("network_device_mtu", "9000",
                "vlan_interface", "bond0", "flat_interface", "eth1", "network_namespace", "sandbox"));
        assertEquals(new LinuxBridgeSettings(9000, "bond0", "eth1"), plugin.configuration().now().settings());
        assertEquals("sandbox", plugin.configuration().now().networkNamespace());
    }

    @Test
    void badOptionsAtActivationLeaveTheBackendOutOfServiceForPlugAndUnplug() {
        LinuxBridgePlugin plugin = new LinuxBridgePlugin(Map.of("network_device_mtu", 9000,
                "flat_interface", "eth1:0", "network_namespace", "sandbox"));
        String why = "out of service: org.jvif.backend.linuxbridge: invalid flat_interface \"eth1:0\": must not "
                + "contain ':'";
        assertEquals(why, assertThrows(IllegalStateException.class,
                () -> plugin.plug(vif("brq1", "eth0", null), null)).getMessage());
        assertEquals(why, assertThrows(IllegalStateException.class,
                () -> plugin.unplug(vif("brq1", "eth0", null), null)).getMessage());
    }

    @Test
    void aBadUpdateLeavesThePreviousConfiguration() {
        LinuxBridgePlugin plugin = new LinuxBridgePlugin(Map.of("flat_interface", "eth1"));
        plugin.modified(Map.of("flat_interface", "eth2", "vlan_interface", "a-name-far-too-long"));
        assertEquals(new LinuxBridgeSettings(1500, "", "eth1"), plugin.configuration().now().settings());
        plugin.modified(Map.of("flat_interface", "eth2"));
        assertEquals(new LinuxBridgeSettings(1500, "", "eth2"), plugin.configuration().now().settings());
    }

    @Test
    void checksTheVifBeforeAnyKernelCall() {
        LinuxBridgePlugin plugin = new LinuxBridgePlugin(NOWHERE);
        assertEquals("invalid VIFBridge.bridge_name \"brq0123456789abc\": must be 1..15 bytes, is 16",
                refusal(plugin, vif("brq0123456789abc", "eth0", null)));
        assertEquals("invalid VIFBridge.network.bridge_interface \"eth 0\": must not contain whitespace or control "
                + "characters", refusal(plugin, vif("brq1", "eth 0", null)));
        assertEquals("invalid VIFBridge.network.mtu 65536: must be 68..65535",
                refusal(plugin, vif("brq1", "eth0", 65536L)));
        assertEquals("invalid VIFBridge.network.vlan 4095: must be 1..4094",
                refusal(plugin, vlanVif("brq1", "eth0", 4095L)));
        assertEquals("invalid VIFBridge.network.vlan null: is required",
                refusal(plugin, vlanVif("brq1", "eth0", null)));
        assertEquals("invalid VIFBridge.network.bridge_interface null: is required for a VLAN network when option "
                + "vlan_interface is unset", refusal(plugin, vlanVif("brq1", "", 100L)));
        VIFBridge noNetwork = vif("brq1", "eth0", null);
        noNetwork.setNetwork(null);
        assertEquals("invalid VIFBridge.network null: is required", refusal(plugin, noNetwork));
    }

    @Test
    void doesNothingUnlessTheNetworkWantsABridgeProvided() throws Exception {
        LinuxBridgePlugin plugin = new LinuxBridgePlugin(NOWHERE);
        VIFBridge multiHost = vif("brq0123456789abc", "eth0", null);
        multiHost.getNetwork().setMultiHost(true);
        plugin.plug(multiHost, null);
        VIFBridge noBridge = vif("brq0123456789abc", "eth0", null);
        noBridge.getNetwork().setShouldProvideBridge(false);
        plugin.plug(noBridge, null);
        plugin.unplug(noBridge, null);
    }

    @Test
    void refusesOtherVifTypesAndNamesAMissingNamespace() {
        LinuxBridgePlugin plugin = new LinuxBridgePlugin(NOWHERE);
        assertEquals("linux_bridge plugs VIFBridge, not VIFBase",
                assertThrows(IllegalArgumentException.class, () -> plugin.plug(new VIFBase(), null)).getMessage());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> plugin.plug(vif("brq1", "eth0", null), null));
        assertTrue(e.getMessage().startsWith("network_namespace \"jvif-t-none-lb\": cannot open it: ENOENT"),
                e.getMessage());
    }
}
