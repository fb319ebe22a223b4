package org.jvif.backend.macvtap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.host.netlink.InvalidValueException;
import org.jvif.host.netlink.MacvlanMode;
import org.jvif.vif.direct.VIFDirect;

/** Configuration, description, the sysfs lookup and input checks: nothing here reaches the kernel. */
class MacvtapPluginTest {
    private static final String PCI = "0000:81:00.1";

    @TempDir
    Path sysfs;

    private MacvtapPlugin nowhere() {
        // plugs would fail opening this namespace, so any error about a VIF field came before a kernel call
        return new MacvtapPlugin(Map.of("network_namespace", "jvif-t-none-mvt", "sysfs_root", sysfs.toString()));
    }

    private Path netDir(String pci) throws IOException {
        return Files.createDirectories(sysfs.resolve("bus/pci/devices").resolve(pci).resolve("net"));
    }

    private static VIFDirect vif(String name, String devAddress, String mode) {
        VIFDirect vif = new VIFDirect();
        vif.setId("b5a58a7e-6d32-4d3b-9a5c-4f1f0c1e2d3a");
        vif.setPlugin(MacvtapPlugin.NAME);
        vif.setVifName(name);
        vif.setDevAddress(devAddress);
        vif.setMode(mode);
        return vif;
    }

    private static String refusal(MacvtapPlugin plugin, VIFDirect vif) {
        return assertThrows(InvalidValueException.class, () -> plugin.plug(vif, null)).getMessage();
    }

    @Test
    void describesVifDirectOnly() {
        HostPluginInfo info = new MacvtapPlugin(Map.of()).describe();
        assertEquals("macvtap", info.getPluginName());
        assertEquals(1, info.getVifInfo().size());
        HostVIFInfo direct = info.getVifInfo().get(0);
        assertEquals(List.of("VIFDirect", "1.0", "1.0", List.of()), List.of(direct.getVifObjectName(),
                direct.getMinVersion(), direct.getMaxVersion(), direct.getSupportedPortProfiles()));
    }

    @Test
    void optionsAndTheirDefaults() {
        assertEquals(new MacvtapSettings(1500, Path.of("/sys")),
                new MacvtapPlugin(Map.of()).configuration().now().settings());
        assertEquals(Optional.of("org.jvif.backend.macvtap: invalid sysfs_root \"relative\": not an absolute path"),
                new MacvtapPlugin(Map.of("sysfs_root", "relative", "network_device_mtu", 9000)).outOfService());
        MacvtapPlugin plugin = new MacvtapPlugin(Map.of("network_device_mtu", 9000));
        assertEquals(new MacvtapSettings(9000, Path.of("/sys")), plugin.configuration().now().settings());
        plugin.modified(Map.of("sysfs_root", "/tmp/sys", "network_device_mtu", 0));
        assertEquals(new MacvtapSettings(9000, Path.of("/sys")), plugin.configuration().now().settings());
        plugin.modified(Map.of("sysfs_root", "/tmp/sys"));
        assertEquals(new MacvtapSettings(1500, Path.of("/tmp/sys")), plugin.configuration().now().settings());
    }

    @Test
    void mapsOsVifsModesToTheKernels() {
        assertEquals(MacvlanMode.VEPA, MacvtapPlugin.mode("vepa"));
        assertEquals(MacvlanMode.BRIDGE, MacvtapPlugin.mode("bridge"));
        assertEquals(MacvlanMode.PASSTHRU, MacvtapPlugin.mode("passthrough"));
    }

    @Test
    void findsTheLowerDeviceUnderSysfs() throws IOException {
        Files.createDirectory(netDir(PCI).resolve("enp129s0f1"));
        assertEquals("enp129s0f1", LowerDevice.of(sysfs, PCI));

        netDir("0000:81:00.2");
        assertEquals("invalid VIFDirect.dev_address \"0000:81:00.2\": has no network device (" + netDir("0000:81:00.2")
                + " is empty)", assertThrows(InvalidValueException.class, () -> LowerDevice.of(sysfs, "0000:81:00.2"))
                        .getMessage());
        Files.createDirectories(sysfs.resolve("bus/pci/devices/0000:81:00.3"));
        assertEquals("invalid VIFDirect.dev_address \"0000:81:00.3\": has no network device (no " + sysfs
                + "/bus/pci/devices/0000:81:00.3/net)", assertThrows(InvalidValueException.class,
                        () -> LowerDevice.of(sysfs, "0000:81:00.3")).getMessage());
        Files.createDirectory(netDir("0000:81:00.4").resolve("eth4"));
        Files.createDirectory(netDir("0000:81:00.4").resolve("eth5"));
        assertTrue(assertThrows(InvalidValueException.class, () -> LowerDevice.of(sysfs, "0000:81:00.4"))
                .getMessage().contains("has several network devices [eth4, eth5]"));
    }

    @Test
    void takesOnlyStrictPciAddressesSinceTheyBecomePaths() {
        // os-vif's pattern lets any character stand for the '.' and allows a trailing newline
        for (String bad : List.of("0000:81:00/1", "0000:81:00.1\n", "../../../..", "0000:81:00.8")) {
            assertEquals("invalid VIFDirect.dev_address \"" + bad + "\": expected a PCI address like 0000:81:00.1",
                    assertThrows(InvalidValueException.class, () -> LowerDevice.of(sysfs, bad)).getMessage());
        }
    }

    @Test
    void checksTheVifBeforeAnyKernelCall() throws IOException {
        Files.createDirectory(netDir(PCI).resolve("eth1"));
        MacvtapPlugin plugin = nowhere();
        assertEquals("invalid VIFDirect.vif_name \"macvtap012345678\": must be 1..15 bytes, is 16",
                refusal(plugin, vif("macvtap012345678", PCI, "vepa")));
        VIFDirect badMac = vif("mvt1", PCI, "vepa");
        badMac.setAddress("00:00:00:00:00:00");
        assertEquals("invalid VIFDirect.address \"00:00:00:00:00:00\": is all-zero", refusal(plugin, badMac));
        assertEquals("invalid VIFDirect.dev_address \"0000:81:00.7\": has no network device (no " + sysfs
                + "/bus/pci/devices/0000:81:00.7/net)", refusal(plugin, vif("mvt1", "0000:81:00.7", "bridge")));
        VIFDirect noMode = vif("mvt1", PCI, "vepa");
        noMode.unset(VIFDirect.MODE);
        assertEquals("invalid VIFDirect.mode null: is required", refusal(plugin, noMode));
    }

    @Test
    void refusesOtherVifTypesAndNamesAMissingNamespace() throws IOException {
        Files.createDirectory(netDir(PCI).resolve("eth1"));
        MacvtapPlugin plugin = nowhere();
        assertEquals("macvtap plugs VIFDirect, not VIFBase",
                assertThrows(IllegalArgumentException.class, () -> plugin.plug(new VIFBase(), null)).getMessage());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> plugin.plug(vif("mvt1", PCI, "passthrough"), null));
        assertTrue(e.getMessage().startsWith("network_namespace \"jvif-t-none-mvt\": cannot open it: ENOENT"),
                e.getMessage());
    }
}
