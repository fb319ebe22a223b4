package org.jvif.itests.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jvif.api.Finding;
import org.jvif.api.HostObject;
import org.jvif.api.HostObjectTaken;
import org.jvif.api.MarkedObject;
import org.jvif.api.OsVif;
import org.jvif.api.OwnerMark;
import org.jvif.api.PlugException;
import org.jvif.api.UnplugException;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.Network;
import org.jvif.backend.tap.internal.TapPlugin;
import org.jvif.host.netlink.InvalidValueException;
import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.LinkKind;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.host.netlink.MacAddress;
import org.jvif.host.netlink.TapOptions;
import org.jvif.host.netlink.testing.IpWitness;
import org.jvif.registry.internal.LinuxRegistry;
import org.jvif.vif.generic.VIFGeneric;

/** tap plugs through the registry, in a private namespace; checked through LinkManager and ip. */
class TapTest {
    private static Sandbox sandbox;
    private static String ns;
    private static TapPlugin backend;
    private static OsVif osVif;
    private static final InstanceInfo INSTANCE = new InstanceInfo();

    @BeforeAll
    static void start() {
        sandbox = Sandbox.create("tap");
        ns = sandbox.name;
        backend = new TapPlugin(Map.of("network_namespace", ns));
        osVif = LinuxRegistry.of(Map.of("tap", backend));
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

    static VIFGeneric vif(String name, String address, Long mtu) {
        Network network = new Network();
        network.setId(UUID.randomUUID().toString());
        network.setMtu(mtu);
        VIFGeneric vif = new VIFGeneric();
        // one VIF per name, unless a test gives another id
        vif.setId(UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        vif.setAddress(address);
        vif.setPlugin("tap");
        vif.setVifName(name);
        vif.setNetwork(network);
        return vif;
    }

    private static void assertTap(String name, String address, int mtu, boolean multiQueue) {
        Link tap = sandbox.links.link(name).orElseThrow();
        assertTrue(tap.isKind(LinkKind.TUN));
        assertEquals(multiQueue, tap.tap().orElseThrow().multiQueue());
        assertEquals(MacAddress.parse(address), tap.address().orElseThrow());
        assertEquals(mtu, tap.mtu());
        assertTrue(tap.isUp());

        JsonNode ip = IpWitness.require(ns, name);
        assertEquals("tun", IpWitness.kind(ip));
        assertEquals("tap", IpWitness.data(ip).path("type").asText());
        assertTrue(IpWitness.data(ip).path("persist").asBoolean());
        assertFalse(IpWitness.data(ip).path("pi").asBoolean());
        assertEquals(multiQueue, IpWitness.data(ip).path("multi_queue").asBoolean());
        assertEquals(address, ip.path("address").asText());
        assertEquals(mtu, ip.path("mtu").asInt());
        assertTrue(IpWitness.isUp(ip));
    }

    private static String plugRefusal(VIFGeneric vif) {
        PlugException e = assertThrows(PlugException.class, () -> osVif.plug(vif, INSTANCE));
        return assertInstanceOf(InvalidValueException.class, e.getCause()).getMessage();
    }

    @Test
    void theRegistryDescribesTheBackend() {
        HostPluginInfo tap = osVif.hostInfo().getPluginInfo().get(0);
        assertEquals("tap", tap.getPluginName());
        assertEquals("VIFGeneric", tap.getVifInfo().get(0).getVifObjectName());
    }

    @Test
    void plugMakesAPersistentTapWithTheVifsMacAndMtuUp() {
        osVif.plug(vif("tap1", "fa:16:3e:00:00:01", 1450L), INSTANCE);
        assertTap("tap1", "fa:16:3e:00:00:01", 1450, false);
    }

    @Test
    void withoutNetworkMtuTheOptionAppliesAndMultiqueueTurnsIffMultiQueueOn() {
        backend.modified(Map.of("network_namespace", ns, "network_device_mtu", "9000", "multiqueue", "true"));
        osVif.plug(vif("tap1", "fa:16:3e:00:00:01", null), INSTANCE);
        assertTap("tap1", "fa:16:3e:00:00:01", 9000, true);
    }

    @Test
    void plugTwiceIsPlugOnceAndAReplugUpdatesTheTap() {
        osVif.plug(vif("tap1", "fa:16:3e:00:00:01", 1450L), INSTANCE);
        String once = IpWitness.state(ns);
        osVif.plug(vif("tap1", "fa:16:3e:00:00:01", 1450L), INSTANCE);
        assertEquals(once, IpWitness.state(ns));
        osVif.plug(vif("tap1", "fa:16:3e:00:00:02", 1400L), INSTANCE);
        assertTap("tap1", "fa:16:3e:00:00:02", 1400, false);
        assertEquals(List.of("lo", "tap1"), sandbox.links.links().stream().map(Link::name).toList());
    }

    @Test
    void aTapMadeDownByHandIsAdoptedAndBroughtUp() {
        sandbox.links.createTap("tap1", TapOptions.DEFAULTS, LinkSettings.NONE);
        osVif.plug(vif("tap1", "fa:16:3e:00:00:01", 1450L), INSTANCE);
        assertTap("tap1", "fa:16:3e:00:00:01", 1450, false);
    }

    @Test
    void aTapOfTheOtherQueueModeIsRefusedAndLeftAlone() {
        sandbox.links.createTap("tap1", TapOptions.DEFAULTS.withMultiQueue(true), LinkSettings.NONE);
        String before = IpWitness.state(ns);
        assertEquals("invalid VIFGeneric.vif_name \"tap1\": is a tap with multi_queue true but option multiqueue "
                + "is false", plugRefusal(vif("tap1", "fa:16:3e:00:00:01", 1450L)));
        assertEquals(before, IpWitness.state(ns));
    }

    @Test
    void aDeviceOfAnotherKindUnderTheNameIsRefusedAndLeftAlone() {
        sandbox.links.createVethPair("tap1", LinkSettings.NONE, "tap1p", LinkSettings.NONE);
        String before = IpWitness.state(ns);
        assertEquals("invalid VIFGeneric.vif_name \"tap1\": is a veth device, not a tap",
                plugRefusal(vif("tap1", "fa:16:3e:00:00:01", 1450L)));
        UnplugException e = assertThrows(UnplugException.class,
                () -> osVif.unplug(vif("tap1", "fa:16:3e:00:00:01", 1450L), INSTANCE));
        assertEquals("invalid VIFGeneric.vif_name \"tap1\": is a veth device, not a tap", e.getCause().getMessage());
        assertEquals(before, IpWitness.state(ns));
    }

    @Test
    void aSixteenByteNameIsRefusedBeforeAnythingHappens() {
        String before = IpWitness.state(ns);
        assertEquals("invalid VIFGeneric.vif_name \"tap0123456789abc\": must be 1..15 bytes, is 16",
                plugRefusal(vif("tap0123456789abc", "fa:16:3e:00:00:01", 1450L)));
        assertEquals(before, IpWitness.state(ns));
    }

    @Test
    void aNameTheKernelWouldPickItselfIsRefusedAndNothingIsLeft() {
        String before = IpWitness.state(ns);
        for (int i = 0; i < 2; i++) {
            assertEquals("invalid VIFGeneric.vif_name \"tap%d\": must not contain '%' (the kernel would pick the "
                    + "name itself)", plugRefusal(vif("tap%d", "fa:16:3e:00:00:01", 1450L)));
        }
        assertEquals(before, IpWitness.state(ns), "no tap0, tap1...");
    }

    @Test
    void theTapCarriesTheVifsMarkAndAnotherVifCannotTakeIt() {
        VIFGeneric a = vif("tap1", "fa:16:3e:00:00:01", 1450L);
        osVif.plug(a, INSTANCE);
        assertEquals(OwnerMark.alias(a.getId()), IpWitness.require(ns, "tap1").path("ifalias").asText());
        String plugged = IpWitness.state(ns);

        VIFGeneric b = vif("tap1", "fa:16:3e:00:00:02", 1400L);
        b.setId(UUID.randomUUID().toString());
        PlugException e = assertThrows(PlugException.class, () -> osVif.plug(b, INSTANCE));
        HostObjectTaken taken = assertInstanceOf(HostObjectTaken.class, e.getCause());
        assertEquals(List.of(a.getId(), b.getId()), List.of(taken.owner(), taken.vifId()));
        assertTrue(taken.getMessage().contains("belongs to VIF " + a.getId() + ", refusing to plug VIF " + b.getId()),
                taken.getMessage());
        assertEquals(plugged, IpWitness.state(ns), "nothing changed");
        osVif.unplug(b, INSTANCE);
        assertEquals(plugged, IpWitness.state(ns), "an unplug never removes another VIF's tap");
        osVif.unplug(a, INSTANCE);
        assertFalse(IpWitness.link(ns, "tap1").isPresent());
    }

    @Test
    void anUnmarkedTapIsAdoptedAsOsVifWouldAndStaysUnmarked() {
        sandbox.links.createTap("tap1", TapOptions.DEFAULTS, LinkSettings.NONE);
        osVif.plug(vif("tap1", "fa:16:3e:00:00:01", 1450L), INSTANCE);
        assertTap("tap1", "fa:16:3e:00:00:01", 1450, false);
        assertFalse(IpWitness.require(ns, "tap1").has("ifalias"));
        assertEquals(List.of(), backend.marked());
    }

    @Test
    void inspectionComparesWhatThePlugMakesWithTheHost() throws Exception {
        VIFGeneric vif = vif("tap1", "fa:16:3e:00:00:01", 1450L);
        osVif.plug(vif, INSTANCE);
        List<Finding> findings = backend.inspect(vif, INSTANCE);
        assertTrue(findings.stream().allMatch(f -> f.verdict() == Finding.Verdict.OK), findings.toString());
        assertEquals(List.of("kind", "mtu", "address", "up", "multi_queue"), findings.stream().skip(1)
                .map(Finding::item).toList());

        IpWitness.run("ip", "-n", ns, "link", "set", "tap1", "mtu", "1400", "down");
        findings = backend.inspect(vif, INSTANCE);
        HostObject tap = HostObject.device("tap1");
        assertTrue(findings.contains(Finding.drifted(tap, "mtu", 1450, IpWitness.require(ns, "tap1").path("mtu").asInt())),
                findings.toString());
        assertTrue(findings.contains(Finding.drifted(tap, "up", true, IpWitness.isUp(IpWitness.require(ns, "tap1")))),
                findings.toString());

        IpWitness.run("ip", "-n", ns, "link", "set", "tap1", "alias", OwnerMark.alias("another-vif"));
        assertTrue(backend.inspect(vif, INSTANCE).contains(Finding.drifted(tap, "owner", vif.getId(), "another-vif")));

        IpWitness.run("ip", "-n", ns, "link", "delete", "tap1");
        assertEquals(List.of(Finding.missing(tap)), backend.inspect(vif, INSTANCE));
    }

    @Test
    void markedTapsAreListedAndRemovedOnlyWhileStillMarkedSo() {
        VIFGeneric vif = vif("tap1", "fa:16:3e:00:00:01", 1450L);
        osVif.plug(vif, INSTANCE);
        MarkedObject marked = new MarkedObject(new HostObject(HostObject.Kind.DEVICE, "tap1", ns), vif.getId());
        assertEquals(List.of(marked), backend.marked());
        backend.remove(new MarkedObject(marked.object(), "another-vif"));
        assertTrue(IpWitness.link(ns, "tap1").isPresent(), "marked otherwise: left alone");
        backend.remove(marked);
        assertFalse(IpWitness.link(ns, "tap1").isPresent());
        backend.remove(marked);
    }

    @Test
    void unplugDeletesTheTapAndUnplugOfNothingSucceeds() {
        VIFGeneric vif = vif("tap1", "fa:16:3e:00:00:01", 1450L);
        osVif.plug(vif, INSTANCE);
        osVif.unplug(vif, INSTANCE);
        assertFalse(sandbox.links.exists("tap1"));
        assertTrue(IpWitness.link(ns, "tap1").isEmpty());
        osVif.unplug(vif, INSTANCE);
    }
}
