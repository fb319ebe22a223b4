package org.jvif.backend.tap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.Network;
import org.jvif.api.model.VIFBase;
import org.jvif.host.netlink.InvalidValueException;
import org.jvif.vif.generic.VIFGeneric;

/** Configuration, description and input checks: nothing here reaches the kernel. */
class TapPluginTest {
    /** Plugs would fail opening this namespace, so any error about a VIF field came before a kernel call. */
    private static final Map<String, Object> NOWHERE = Map.of("network_namespace", "jvif-t-none-tap");

    private static VIFGeneric vif(String name, String address, Long mtu) {
        VIFGeneric vif = new VIFGeneric();
        vif.setId("b5a58a7e-6d32-4d3b-9a5c-4f1f0c1e2d3a");
        vif.setPlugin(TapPlugin.NAME);
        vif.setVifName(name);
        if (address != null) {
            vif.setAddress(address);
        }
        Network network = new Network();
        network.setMtu(mtu);
        vif.setNetwork(network);
        return vif;
    }

    private static String refusal(TapPlugin plugin, VIFGeneric vif) {
        return assertThrows(InvalidValueException.class, () -> plugin.plug(vif, new InstanceInfo())).getMessage();
    }

    @Test
    void describesVifGenericOnly() {
        HostPluginInfo info = new TapPlugin(Map.of()).describe();
        assertEquals("tap", info.getPluginName());
        assertEquals(1, info.getVifInfo().size());
        HostVIFInfo generic = info.getVifInfo().get(0);
        assertEquals(List.of("VIFGeneric", "1.0", "1.0", List.of()), List.of(generic.getVifObjectName(),
                generic.getMinVersion(), generic.getMaxVersion(), generic.getSupportedPortProfiles()));
    }

    @Test
    void badOptionsAtActivationLeaveTheBackendOutOfServiceSayingWhy() {
        TapPlugin plugin = new TapPlugin(Map.of("network_device_mtu", "big", "multiqueue", "on"));
        String why = "org.jvif.backend.tap: invalid network_device_mtu \"big\": not an integer; "
                + "invalid multiqueue \"on\": not true or false";
        assertEquals(Optional.of(why), plugin.outOfService());
        assertEquals("out of service: " + why, assertThrows(IllegalStateException.class,
                () -> plugin.plug(vif("tap1", null, null), null)).getMessage());
        assertEquals("out of service: " + why, assertThrows(IllegalStateException.class,
                () -> plugin.unplug(vif("tap1", null, null), null)).getMessage());
        plugin.modified(Map.of("network_device_mtu", "1450"));
        assertEquals(Optional.empty(), plugin.outOfService());
        assertEquals(new TapSettings(1450, false), plugin.configuration().now().settings());
    }

    @Test
    void aMisspeltKeyIsRefusedNeverIgnored() {
        TapPlugin plugin = new TapPlugin(Map.of("network_namspace", "sp-tenant", "service.pid", "org.jvif.backend.tap",
                "felix.fileinstall.filename", "file:/etc/org.jvif.backend.tap.cfg"));
        assertEquals(Optional.of("org.jvif.backend.tap: unknown network_namspace \"sp-tenant\": not an option of "
                + "org.jvif.backend.tap (options: multiqueue, network_device_mtu, network_namespace)"),
                plugin.outOfService());
    }

    @Test
    void aBadUpdateLeavesThePreviousConfiguration() {
        TapPlugin plugin = new TapPlugin(Map.of("network_device_mtu", 9000, "multiqueue", true));
        plugin.modified(Map.of("network_device_mtu", 9000, "multiqueue", "maybe"));
        assertEquals(new TapSettings(9000, true), plugin.configuration().now().settings());
        plugin.modified(Map.of("network_device_mtu", "1450"));
        assertEquals(new TapSettings(1450, false), plugin.configuration().now().settings());
    }

    @Test
    void checksTheVifBeforeAnyKernelCall() {
        TapPlugin plugin = new TapPlugin(NOWHERE);
        assertEquals("invalid VIFGeneric.vif_name \"tap0123456789abc\": must be 1..15 bytes, is 16",
                refusal(plugin, vif("tap0123456789abc", null, null)));
        assertEquals("invalid VIFGeneric.address \"ff:ff:ff:ff:ff:ff\": is a multicast address",
                refusal(plugin, vif("tap1", "ff:ff:ff:ff:ff:ff", null)));
        assertEquals("invalid VIFGeneric.network.mtu 67: must be 68..65535", refusal(plugin, vif("tap1", null, 67L)));
        assertEquals("invalid VIFGeneric.vif_name \"tap/1\": must not contain '/'",
                assertThrows(InvalidValueException.class, () -> plugin.unplug(vif("tap/1", null, null), null))
                        .getMessage());
    }

    @Test
    void refusesOtherVifTypes() {
        assertEquals("tap plugs VIFGeneric, not VIFBase",
                assertThrows(IllegalArgumentException.class, () -> new TapPlugin(NOWHERE).plug(new VIFBase(), null))
                        .getMessage());
    }

    @Test
    void aMissingNamespaceIsNamedByTheOption() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new TapPlugin(NOWHERE).plug(vif("tap1", null, null), null));
        assertTrue(e.getMessage().startsWith("network_namespace \"jvif-t-none-tap\": cannot open it: ENOENT"),
                e.getMessage());
    }
}
