package org.jvif.itests.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.jvif.api.Finding;
import org.jvif.api.HostObject;
import org.jvif.api.HostObjectTaken;
import org.jvif.api.MarkedObject;
import org.jvif.api.OsVif;
import org.jvif.api.OwnerMark;
import org.jvif.api.PlugException;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.Network;
import org.jvif.backend.macvtap.internal.MacvtapPlugin;
import org.jvif.host.netlink.InvalidValueException;
import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.LinkKind;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.host.netlink.MacAddress;
import org.jvif.host.netlink.MacvlanMode;
import org.jvif.host.netlink.NetlinkException;
import org.jvif.host.netlink.testing.IpWitness;
import org.jvif.registry.internal.LinuxRegistry;
import org.jvif.vif.direct.VIFDirect;

/**
 * macvtap plugs through the registry, in a private namespace; the lower devices are veths made there and
 * named by a fake sysfs tree in a temp dir ({@code sysfs_root}).
 */
class MacvtapTest {
    private static final String PCI = "0000:81:00.1";
    private static final String OTHER_PCI = "0000:81:00.2";

    @TempDir
    static Path sysfs;

    private static Sandbox sandbox;
    private static String ns;
    private static MacvtapPlugin backend;
    private static OsVif osVif;
    private static final InstanceInfo INSTANCE = new InstanceInfo();

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(sysfs.resolve("bus/pci/devices").resolve(PCI).resolve("net/lower1"));
        Files.createDirectories(sysfs.resolve("bus/pci/devices").resolve(OTHER_PCI).resolve("net/lower2"));
        Files.createDirectories(sysfs.resolve("bus/pci/devices/0000:81:00.3"));
        sandbox = Sandbox.create("mvt");
        ns = sandbox.name;
        backend = new MacvtapPlugin(config());
        osVif = LinuxRegistry.of(Map.of("macvtap", backend));
    }

    private static Map<String, Object> config() {
        return Map.of("network_namespace", ns, "sysfs_root", sysfs.toString());
    }

    /** Lower devices as sysfs names them: lower1 (PCI), lower2 (OTHER_PCI). */
    private static void lowers(int mtu) {
        sandbox.links.createVethPair("lower1", LinkSettings.NONE.withMtu(mtu).withUp(true), "peer1",
                LinkSettings.NONE.withMtu(mtu).withUp(true));
        sandbox.links.createVethPair("lower2", LinkSettings.NONE.withMtu(mtu).withUp(true), "peer2",
                LinkSettings.NONE.withMtu(mtu).withUp(true));
    }

    @AfterEach
    void clear() {
        sandbox.clear();
        backend.modified(config());
    }

    @AfterAll
    static void stop() {
        backend.close();
        sandbox.close();
    }

    static VIFDirect vif(String name, String devAddress, String mode, String address, Long mtu) {
        Network network = new Network();
        network.setId(UUID.randomUUID().toString());
        network.setMtu(mtu);
        VIFDirect vif = new VIFDirect();
        // one VIF per name, unless a test gives another id
        vif.setId(UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        vif.setAddress(address);
        vif.setPlugin("macvtap");
        vif.setVifName(name);
        vif.setDevAddress(devAddress);
        vif.setMode(mode);
        vif.setNetwork(network);
        return vif;
    }

    private static void assertMacvtap(String name, String lower, MacvlanMode mode, String address, int mtu) {
        Link macvtap = sandbox.links.link(name).orElseThrow();
        assertTrue(macvtap.isKind(LinkKind.MACVTAP));
        assertEquals(mode, macvtap.macvlanMode().orElseThrow());
        assertEquals(sandbox.links.link(lower).orElseThrow().index(), macvtap.parentIndex());
        assertEquals(MacAddress.parse(address), macvtap.address().orElseThrow());
        assertEquals(mtu, macvtap.mtu());
        assertTrue(macvtap.isUp());

        JsonNode ip = IpWitness.require(ns, name);
        assertEquals("macvtap", IpWitness.kind(ip));
        assertEquals(mode.toString(), IpWitness.data(ip).path("mode").asText());
        assertEquals(lower, ip.path("link").asText());
        assertEquals(address, ip.path("address").asText());
        assertEquals(mtu, ip.path("mtu").asInt());
        assertTrue(IpWitness.isUp(ip));
    }

    private static Throwable plugFailure(VIFDirect vif) {
        return assertThrows(PlugException.class, () -> osVif.plug(vif, INSTANCE)).getCause();
    }

    @ParameterizedTest
    @CsvSource({"vepa, VEPA", "bridge, BRIDGE", "passthrough, PASSTHRU"})
    void plugMakesAMacvtapOnTheFunctionsNetdevInTheVifsMode(String mode, MacvlanMode kernelMode) {
        lowers(1500);
        osVif.plug(vif("mvt1", PCI, mode, "fa:16:3e:00:00:01", 1450L), INSTANCE);
        assertMacvtap("mvt1", "lower1", kernelMode, "fa:16:3e:00:00:01", 1450);
    }

    @Test
    void plugTwiceIsPlugOnceAndUnplugDeletesIt() {
        lowers(1500);
        String before = IpWitness.state(ns);
        VIFDirect vif = vif("mvt1", PCI, "bridge", "fa:16:3e:00:00:01", null);
        osVif.plug(vif, INSTANCE);
        String once = IpWitness.state(ns);
        osVif.plug(vif, INSTANCE);
        assertEquals(once, IpWitness.state(ns));
        assertMacvtap("mvt1", "lower1", MacvlanMode.BRIDGE, "fa:16:3e:00:00:01", 1500);
        osVif.unplug(vif, INSTANCE);
        assertEquals(before, IpWitness.state(ns));
        osVif.unplug(vif, INSTANCE);
    }

    @Test
    void theMacvtapIsMarkedAsTheVifsAndInspectedAgainstTheHost() throws Exception {
        lowers(1500);
        VIFDirect vif = vif("mvt1", PCI, "vepa", "fa:16:3e:00:00:01", 1450L);
        osVif.plug(vif, INSTANCE);
        assertEquals(OwnerMark.alias(vif.getId()), IpWitness.require(ns, "mvt1").path("ifalias").asText());
        List<Finding> findings = backend.inspect(vif, INSTANCE);
        assertTrue(findings.stream().allMatch(f -> f.verdict() == Finding.Verdict.OK), findings.toString());
        assertEquals(List.of("kind", "mtu", "address", "up", "mode", "lower"), findings.stream().skip(1)
                .map(Finding::item).toList());

        VIFDirect other = vif("mvt1", PCI, "vepa", "fa:16:3e:00:00:02", 1450L);
        other.setId(UUID.randomUUID().toString());
        String plugged = IpWitness.state(ns);
        assertInstanceOf(HostObjectTaken.class,
                assertThrows(PlugException.class, () -> osVif.plug(other, INSTANCE)).getCause());
        osVif.unplug(other, INSTANCE);
        assertEquals(plugged, IpWitness.state(ns), "another VIF's macvtap is neither changed nor removed");

        IpWitness.run("ip", "-n", ns, "link", "set", "mvt1", "mtu", "1400");
        assertTrue(backend.inspect(vif, INSTANCE).contains(Finding.drifted(HostObject.device("mvt1"), "mtu", 1450,
                IpWitness.require(ns, "mvt1").path("mtu").asInt())));
        assertEquals(List.of(vif.getId()), backend.marked().stream().map(MarkedObject::vifId).toList());
    }

    @Test
    void passthroughGivesTheLowerDeviceTheVifsMacUntilUnplug() {
        lowers(1500);
        String lowerMac = IpWitness.require(ns, "lower1").path("address").asText();
        VIFDirect vif = vif("mvt1", PCI, "passthrough", "fa:16:3e:00:00:01", 1500L);
        osVif.plug(vif, INSTANCE);
        osVif.plug(vif, INSTANCE);
        assertEquals("fa:16:3e:00:00:01", IpWitness.require(ns, "lower1").path("address").asText());
        osVif.unplug(vif, INSTANCE);
        assertEquals(lowerMac, IpWitness.require(ns, "lower1").path("address").asText());
    }

    @Test
    void aPciAddressWithoutNetdevIsRefusedAndNothingIsMade() {
        lowers(1500);
        String before = IpWitness.state(ns);
        Throwable e = plugFailure(vif("mvt1", "0000:81:00.3", "vepa", "fa:16:3e:00:00:01", 1500L));
        assertInstanceOf(InvalidValueException.class, e);
        assertEquals("invalid VIFDirect.dev_address \"0000:81:00.3\": has no network device (no " + sysfs
                + "/bus/pci/devices/0000:81:00.3/net)", e.getMessage());
        assertEquals(before, IpWitness.state(ns));
    }

    @Test
    void aNetdevThatIsNotInTheNamespaceIsRefused() {
        String before = IpWitness.state(ns);
        assertEquals("invalid VIFDirect.dev_address \"0000:81:00.1\": its network device lower1 is not in network "
                + "namespace " + ns, plugFailure(vif("mvt1", PCI, "vepa", "fa:16:3e:00:00:01", 1500L)).getMessage());
        assertEquals(before, IpWitness.state(ns));
    }

    @Test
    void aMacvtapOnAnotherDeviceOrInAnotherModeIsRefusedAndLeftAlone() {
        lowers(1500);
        sandbox.links.createMacvtap("mvt1", "lower2", MacvlanMode.VEPA, LinkSettings.NONE);
        String before = IpWitness.state(ns);
        assertTrue(plugFailure(vif("mvt1", PCI, "vepa", "fa:16:3e:00:00:01", 1500L)).getMessage()
                .startsWith("invalid VIFDirect.vif_name \"mvt1\": is a macvtap on another device (ifindex "));
        assertEquals("invalid VIFDirect.vif_name \"mvt1\": is a macvtap in mode vepa, not bridge "
                + "(VIFDirect.mode bridge)",
                plugFailure(vif("mvt1", OTHER_PCI, "bridge", "fa:16:3e:00:00:01", 1500L)).getMessage());
        assertEquals(before, IpWitness.state(ns));
    }

    @Test
    void aDeviceOfAnotherKindUnderTheNameIsRefusedAndLeftAlone() {
        lowers(1500);
        sandbox.links.createVethPair("mvt1", LinkSettings.NONE, "mvt1p", LinkSettings.NONE);
        String before = IpWitness.state(ns);
        assertEquals("invalid VIFDirect.vif_name \"mvt1\": is a veth device, not a macvtap",
                plugFailure(vif("mvt1", PCI, "vepa", "fa:16:3e:00:00:01", 1500L)).getMessage());
        assertEquals(before, IpWitness.state(ns));
    }

    @Test
    void aSixteenByteNameIsRefusedBeforeAnythingHappens() {
        lowers(1500);
        String before = IpWitness.state(ns);
        assertEquals("invalid VIFDirect.vif_name \"macvtap012345678\": must be 1..15 bytes, is 16",
                plugFailure(vif("macvtap012345678", PCI, "vepa", "fa:16:3e:00:00:01", 1500L)).getMessage());
        assertEquals(before, IpWitness.state(ns));
    }

    @Test
    void anMtuAboveTheLowerDevicesFailsInTheKernelAndLeavesNothing() {
        lowers(1400);
        String before = IpWitness.state(ns);
        NetlinkException e = assertInstanceOf(NetlinkException.class,
                plugFailure(vif("mvt1", PCI, "vepa", "fa:16:3e:00:00:01", 1500L)));
        assertEquals("EINVAL", e.errnoName(), e.getMessage());
        assertFalse(sandbox.links.exists("mvt1"));
        assertEquals(before, IpWitness.state(ns));
    }
}
