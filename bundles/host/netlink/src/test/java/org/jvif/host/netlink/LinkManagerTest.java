package org.jvif.host.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.jvif.host.netlink.testing.IpWitness;

/** Every link operation, in a private namespace, checked through our own dump and through {@code ip}. */
class LinkManagerTest {
    private static final MacAddress MAC = MacAddress.parse("fa:16:3e:11:22:33");
    private static final MacAddress PEER_MAC = MacAddress.parse("fa:16:3e:44:55:66");

    private static String ns;
    private static NetNamespace handle;
    private static LinkManager links;

    @BeforeAll
    static void createNamespace() {
        ns = TestNamespaces.uniqueName("links");
        handle = NetNamespace.create(ns);
        links = handle.links();
    }

    @AfterAll
    static void removeNamespace() {
        TestNamespaces.remove(handle, ns);
    }

    @AfterEach
    void deleteLinks() {
        for (Link link : links.links()) {
            if (!link.name().equals("lo")) {
                links.deleteIfExists(link.name());
            }
        }
    }

    private static Link link(String name) {
        return links.link(name).orElseThrow(() -> new AssertionError(name + " not found by our own lookup"));
    }

    private static JsonNode ip(String name) {
        return IpWitness.require(ns, name);
    }

    @Test
    void freshNamespaceHasOnlyLoopback() {
        List<Link> all = links.links();
        assertEquals(1, all.size());
        Link lo = all.get(0);
        assertEquals("lo", lo.name());
        assertEquals(1, lo.index());
        assertEquals("", lo.kind());
        assertFalse(lo.isUp());
    }

    /** The alias (IFLA_IFALIAS) is set, read back (ours and ip's), replaced and removed; bad ones refused. */
    @Test
    void aliasSetReadAndRemoved() {
        links.createBridge("qbr9", BridgeOptions.DEFAULTS, LinkSettings.NONE);
        assertTrue(link("qbr9").alias().isEmpty());
        links.setAlias("qbr9", "jvif:vif=3b0f5e28-6f1a");
        assertEquals("jvif:vif=3b0f5e28-6f1a", link("qbr9").alias().orElseThrow());
        assertEquals("jvif:vif=3b0f5e28-6f1a", ip("qbr9").path("ifalias").asText());
        assertEquals("jvif:vif=3b0f5e28-6f1a", links.links().stream().filter(l -> l.name().equals("qbr9"))
                .findFirst().orElseThrow().alias().orElseThrow());
        links.setAlias("qbr9", "other");
        assertEquals("other", link("qbr9").alias().orElseThrow());
        links.setAlias("qbr9", "");
        assertTrue(link("qbr9").alias().isEmpty());
        assertThrows(InvalidValueException.class, () -> links.setAlias("qbr9", "a\nb"));
        assertThrows(InvalidValueException.class, () -> links.setAlias("qbr9", "x".repeat(256)));
        assertThrows(NetlinkException.class, () -> links.setAlias("nosuchdev", "x"));
    }

    /**
     * A device created with an alias has it (the kernel ignores it in RTM_NEWLINK: a second request sets it)
     * and is in the default group; a tap gets it before it is made persistent. A device left in the pending
     * group without an alias (a process killed between the two requests) says so, until an alias is set.
     */
    @Test
    void createdWithAnAliasAndPendingUntilItIsSet() {
        LinkSettings mark = LinkSettings.NONE.withAlias("jvif:vif=a1");
        links.createBridge("qbr8", BridgeOptions.DEFAULTS, mark);
        links.createVethPair("qvb8", mark.withUp(true), "qvo8", LinkSettings.NONE.withAlias("jvif:vif=a2"));
        links.createTap("tap8", TapOptions.DEFAULTS, mark.withMtu(1400));
        links.createMacvtap("mvt8", "qvb8", MacvlanMode.BRIDGE, mark);
        for (String name : List.of("qbr8", "qvb8", "tap8", "mvt8")) {
            assertEquals("jvif:vif=a1", link(name).alias().orElseThrow(), name);
            assertEquals("jvif:vif=a1", ip(name).path("ifalias").asText(), name);
            assertEquals(0, link(name).group(), name);
            assertFalse(link(name).aliasPending(), name);
        }
        assertEquals("jvif:vif=a2", link("qvo8").alias().orElseThrow());
        assertEquals(1400, link("tap8").mtu());
        assertTrue(link("qvb8").isUp());
        // a tap whose settings fail was never persistent: nothing left
        assertThrows(NetlinkException.class, () -> links.createTap("tap7", TapOptions.DEFAULTS,
                mark.withMaster("qvo8")));
        assertFalse(links.exists("tap7"));

        IpWitness.run(List.of("ip", "-n", ns, "link", "add", "qbr7", "group",
                Integer.toString(LinkManager.ALIAS_PENDING_GROUP), "type", "bridge"));
        assertTrue(link("qbr7").aliasPending());
        assertEquals(LinkManager.ALIAS_PENDING_GROUP, link("qbr7").group());
        links.update("qbr7", mark);
        assertFalse(link("qbr7").aliasPending());
        assertEquals(0, link("qbr7").group());
        assertEquals("jvif:vif=a1", link("qbr7").alias().orElseThrow());
        assertThrows(InvalidValueException.class, () -> LinkSettings.NONE.withAlias("a\nb"));
    }

    @Test
    void createsBridgeWithAttributesAndSettingsInOneRequest() {
        BridgeOptions options = BridgeOptions.DEFAULTS.withForwardDelay(Duration.ZERO).withStp(false)
                .withMulticastSnooping(false).withAgeingTime(Duration.ZERO);
        links.createBridge("qbr1", options, LinkSettings.NONE.withMtu(1450).withAddress(MAC).withUp(true));

        Link own = link("qbr1");
        assertEquals(LinkKind.BRIDGE, own.kind());
        assertEquals(1450, own.mtu());
        assertEquals(MAC, own.address().orElseThrow());
        assertTrue(own.isUp());
        assertEquals(options, own.bridge().orElseThrow());

        JsonNode ip = ip("qbr1");
        assertEquals("bridge", ip.at("/linkinfo/info_kind").asText());
        assertEquals(0, ip.at("/linkinfo/info_data/forward_delay").asInt());
        assertEquals(0, ip.at("/linkinfo/info_data/ageing_time").asInt());
        assertEquals(0, ip.at("/linkinfo/info_data/stp_state").asInt());
        assertEquals(0, ip.at("/linkinfo/info_data/mcast_snooping").asInt());
        assertEquals(1450, ip.path("mtu").asInt());
        assertEquals(MAC.toString(), ip.path("address").asText());
        assertTrue(IpWitness.hasFlag(ip, "UP"));
    }

    @Test
    void createsBridgeWithStpAndTimers() {
        BridgeOptions options = BridgeOptions.DEFAULTS.withForwardDelay(Duration.ofSeconds(15)).withStp(true)
                .withMulticastSnooping(true).withAgeingTime(Duration.ofSeconds(300));
        links.createBridge("qbr2", options, LinkSettings.NONE);

        assertEquals(options, link("qbr2").bridge().orElseThrow());
        assertFalse(link("qbr2").isUp());
        JsonNode data = ip("qbr2").at("/linkinfo/info_data");
        assertEquals(1500, data.path("forward_delay").asInt(), "clock_t centiseconds");
        assertEquals(30000, data.path("ageing_time").asInt());
        assertEquals(1, data.path("stp_state").asInt());
        assertEquals(1, data.path("mcast_snooping").asInt());
    }

    @Test
    void createsVethPairWithBothEndsConfigured() {
        links.createBridge("qbr3", BridgeOptions.DEFAULTS, LinkSettings.NONE.withUp(true));
        links.createVethPair("qvb3", LinkSettings.NONE.withMtu(1400).withUp(true).withPromiscuous(true)
                .withMaster("qbr3"), "qvo3", LinkSettings.NONE.withMtu(1400).withUp(true).withAddress(PEER_MAC));

        Link qvb = link("qvb3");
        Link qvo = link("qvo3");
        assertEquals(LinkKind.VETH, qvb.kind());
        assertEquals(1400, qvb.mtu());
        assertTrue(qvb.isUp());
        assertTrue(qvb.isPromiscuous());
        assertEquals("qbr3", qvb.master().orElseThrow());
        assertEquals(link("qbr3").index(), qvb.masterIndex());
        assertEquals(qvo.index(), qvb.parentIndex());
        assertEquals(qvb.index(), qvo.parentIndex());
        assertEquals(1400, qvo.mtu());
        assertTrue(qvo.isUp());
        assertFalse(qvo.isPromiscuous());
        assertEquals(PEER_MAC, qvo.address().orElseThrow());
        assertTrue(qvo.master().isEmpty());

        JsonNode ipQvb = ip("qvb3");
        assertEquals("veth", ipQvb.at("/linkinfo/info_kind").asText());
        assertEquals("qbr3", ipQvb.path("master").asText());
        assertEquals("qvo3", ipQvb.path("link").asText());
        assertTrue(IpWitness.hasFlag(ipQvb, "PROMISC"));
        assertTrue(IpWitness.hasFlag(ipQvb, "UP"));
        assertEquals(1400, ipQvb.path("mtu").asInt());
        JsonNode ipQvo = ip("qvo3");
        assertEquals(PEER_MAC.toString(), ipQvo.path("address").asText());
        assertTrue(IpWitness.hasFlag(ipQvo, "UP"));
        assertEquals(1400, ipQvo.path("mtu").asInt());
    }

    @Test
    void vethPeerCanHaveAMasterToo() {
        links.createBridge("qbr4", BridgeOptions.DEFAULTS, LinkSettings.NONE);
        links.createVethPair("va4", LinkSettings.NONE, "vb4", LinkSettings.NONE.withMaster("qbr4"));
        assertEquals("qbr4", link("vb4").master().orElseThrow());
        assertTrue(link("va4").master().isEmpty());
        assertEquals("qbr4", ip("vb4").path("master").asText());
    }

    @Test
    void unknownMasterFailsBeforeAnythingIsCreated() {
        NetlinkException e = assertThrows(NetlinkException.class, () -> links.createVethPair("va5",
                LinkSettings.NONE, "vb5", LinkSettings.NONE.withMaster("nosuchbr")));
        assertEquals("ENODEV", e.errnoName());
        assertEquals("ENODEV creating veth pair va5/vb5: no master nosuchbr: No such device", e.getMessage());
        assertFalse(links.exists("va5"));
        assertFalse(links.exists("vb5"));
        assertTrue(IpWitness.link(ns, "vb5").isEmpty());
    }

    @Test
    void vlanIsUnsupportedOnThisKernelAndSaysSo() {
        links.createVethPair("par6", LinkSettings.NONE, "peer6", LinkSettings.NONE);
        NetlinkException e = assertThrows(NetlinkException.class,
                () -> links.createVlan("vlan100", "par6", 100, LinkSettings.NONE.withUp(true)));
        assertEquals("EOPNOTSUPP", e.errnoName());
        assertEquals(95, e.errno());
        assertEquals("creating vlan vlan100 on par6", e.operation());
        assertTrue(e.getMessage().startsWith("EOPNOTSUPP creating vlan vlan100 on par6: Operation not supported"),
                e.getMessage());
        assertFalse(links.exists("vlan100"));
        assertTrue(IpWitness.link(ns, "vlan100").isEmpty());
    }

    @ParameterizedTest
    @EnumSource(MacvlanMode.class)
    void createsMacvtapInEveryMode(MacvlanMode mode) {
        links.createVethPair("low7", LinkSettings.NONE.withUp(true), "peer7", LinkSettings.NONE.withUp(true));
        links.createMacvtap("mvt7", "low7", mode, LinkSettings.NONE.withAddress(MAC).withMtu(1400).withUp(true));

        Link own = link("mvt7");
        assertEquals(LinkKind.MACVTAP, own.kind());
        assertEquals(mode, own.macvlanMode().orElseThrow());
        assertEquals(link("low7").index(), own.parentIndex());
        // passthru takes over the lower device's address, whatever was asked for
        MacAddress expected = mode == MacvlanMode.PASSTHRU ? link("low7").address().orElseThrow() : MAC;
        assertEquals(expected, own.address().orElseThrow());
        assertEquals(1400, own.mtu());
        assertTrue(own.isUp());

        JsonNode ip = ip("mvt7");
        assertEquals("macvtap", ip.at("/linkinfo/info_kind").asText());
        assertEquals(mode.toString(), ip.at("/linkinfo/info_data/mode").asText());
        assertEquals("low7", ip.path("link").asText());
        assertEquals(expected.toString(), ip.path("address").asText());
    }

    @ParameterizedTest
    @EnumSource(MacvlanMode.class)
    void createsMacvlanInEveryMode(MacvlanMode mode) {
        links.createVethPair("low8", LinkSettings.NONE, "peer8", LinkSettings.NONE);
        links.createMacvlan("mvl8", "low8", mode, LinkSettings.NONE);

        Link own = link("mvl8");
        assertEquals(LinkKind.MACVLAN, own.kind());
        assertEquals(mode, own.macvlanMode().orElseThrow());
        JsonNode ip = ip("mvl8");
        assertEquals("macvlan", ip.at("/linkinfo/info_kind").asText());
        assertEquals(mode.toString(), ip.at("/linkinfo/info_data/mode").asText());
        assertEquals("low8", ip.path("link").asText());
    }

    @Test
    void macvlanOnUnknownLowerIsEnodev() {
        NetlinkException e = assertThrows(NetlinkException.class,
                () -> links.createMacvtap("mvt9", "nolower9", MacvlanMode.BRIDGE, LinkSettings.NONE));
        assertEquals("ENODEV", e.errnoName());
        assertTrue(e.getMessage().contains("no lower nolower9"), e.getMessage());
    }

    @Test
    void createsMultiQueueTapWithOwnerGroupAndSettings() {
        links.createBridge("qbr10", BridgeOptions.DEFAULTS, LinkSettings.NONE);
        TapOptions options = TapOptions.DEFAULTS.withMultiQueue(true).withOwner(54321).withGroup(54322);
        links.createTap("tap10", options,
                LinkSettings.NONE.withAddress(MAC).withMtu(1450).withUp(true).withMaster("qbr10"));

        Link own = link("tap10");
        assertEquals(LinkKind.TUN, own.kind());
        assertEquals(options, own.tap().orElseThrow());
        assertEquals(MAC, own.address().orElseThrow());
        assertEquals(1450, own.mtu());
        assertTrue(own.isUp());
        assertEquals("qbr10", own.master().orElseThrow());

        JsonNode ip = ip("tap10");
        JsonNode data = ip.at("/linkinfo/info_data");
        assertEquals("tun", ip.at("/linkinfo/info_kind").asText());
        assertEquals("tap", data.path("type").asText());
        assertFalse(data.path("pi").asBoolean(), "IFF_NO_PI");
        assertTrue(data.path("multi_queue").asBoolean());
        assertTrue(data.path("persist").asBoolean());
        assertEquals("54321", data.path("user").asText());
        assertEquals("54322", data.path("group").asText());
        assertEquals(MAC.toString(), ip.path("address").asText());
        assertEquals("qbr10", ip.path("master").asText());
        assertTrue(IpWitness.hasFlag(ip, "UP"));
    }

    @Test
    void createsPlainTap() {
        links.createTap("tap11", TapOptions.DEFAULTS, LinkSettings.NONE);
        assertEquals(TapOptions.DEFAULTS, link("tap11").tap().orElseThrow());
        JsonNode data = ip("tap11").at("/linkinfo/info_data");
        assertFalse(data.path("multi_queue").asBoolean());
        assertTrue(data.path("persist").asBoolean());
        assertTrue(data.path("user").isMissingNode());
    }

    @Test
    void tapNameInUseIsEexist() {
        links.createTap("tap12", TapOptions.DEFAULTS, LinkSettings.NONE);
        links.createBridge("qbr12", BridgeOptions.DEFAULTS, LinkSettings.NONE);
        NetlinkException again = assertThrows(NetlinkException.class,
                () -> links.createTap("tap12", TapOptions.DEFAULTS, LinkSettings.NONE));
        assertEquals("EEXIST creating tap tap12: File exists", again.getMessage());
        NetlinkException bridge = assertThrows(NetlinkException.class,
                () -> links.createTap("qbr12", TapOptions.DEFAULTS, LinkSettings.NONE));
        assertEquals("EEXIST", bridge.errnoName());
        assertEquals(LinkKind.BRIDGE, link("qbr12").kind());
    }

    @Test
    void tapWhoseSettingsFailIsRemovedAgain() {
        // an MTU the tap driver refuses only surfaces at RTM_SETLINK, after the device exists
        NetlinkException e = assertThrows(NetlinkException.class,
                () -> links.createTap("tap13", TapOptions.DEFAULTS, LinkSettings.NONE.withMtu(65535)));
        assertEquals("EINVAL", e.errnoName());
        assertFalse(links.exists("tap13"));
        assertTrue(IpWitness.link(ns, "tap13").isEmpty());
    }

    @Test
    void settersChangeOneThingEach() {
        links.createBridge("qbr14", BridgeOptions.DEFAULTS, LinkSettings.NONE);
        links.createVethPair("s14", LinkSettings.NONE, "t14", LinkSettings.NONE);

        links.setUp("s14");
        assertTrue(link("s14").isUp());
        assertTrue(IpWitness.hasFlag(ip("s14"), "UP"));
        links.setDown("s14");
        assertFalse(link("s14").isUp());
        assertFalse(IpWitness.hasFlag(ip("s14"), "UP"));

        links.setMtu("s14", 9000);
        assertEquals(9000, link("s14").mtu());
        assertEquals(9000, ip("s14").path("mtu").asInt());

        links.setAddress("s14", MAC);
        assertEquals(MAC, link("s14").address().orElseThrow());
        assertEquals(MAC.toString(), ip("s14").path("address").asText());

        links.setPromiscuous("s14", true);
        assertTrue(link("s14").isPromiscuous());
        assertTrue(IpWitness.hasFlag(ip("s14"), "PROMISC"));
        links.setPromiscuous("s14", false);
        assertFalse(link("s14").isPromiscuous());
        assertFalse(IpWitness.hasFlag(ip("s14"), "PROMISC"));

        links.setMaster("s14", "qbr14");
        assertEquals("qbr14", link("s14").master().orElseThrow());
        assertEquals("qbr14", ip("s14").path("master").asText());
        links.setMaster("s14", null);
        assertTrue(link("s14").master().isEmpty());
        assertEquals(0, link("s14").masterIndex());
        assertTrue(ip("s14").path("master").isMissingNode());
    }

    @Test
    void updateAppliesEverythingInOneRequest() {
        links.createBridge("qbr15", BridgeOptions.DEFAULTS, LinkSettings.NONE);
        links.createVethPair("s15", LinkSettings.NONE, "t15", LinkSettings.NONE);
        links.update("s15", LinkSettings.NONE.withMtu(1300).withAddress(MAC).withUp(true).withPromiscuous(true)
                .withMaster("qbr15"));
        Link own = link("s15");
        assertEquals(1300, own.mtu());
        assertEquals(MAC, own.address().orElseThrow());
        assertTrue(own.isUp());
        assertTrue(own.isPromiscuous());
        assertEquals("qbr15", own.master().orElseThrow());
        JsonNode ip = ip("s15");
        assertEquals(1300, ip.path("mtu").asInt());
        assertEquals("qbr15", ip.path("master").asText());
        assertTrue(IpWitness.hasFlag(ip, "PROMISC"));
    }

    @Test
    void deletesAndReportsMissingLinks() {
        links.createBridge("qbr16", BridgeOptions.DEFAULTS, LinkSettings.NONE);
        links.delete("qbr16");
        assertFalse(links.exists("qbr16"));
        assertTrue(IpWitness.link(ns, "qbr16").isEmpty());
        assertFalse(links.deleteIfExists("qbr16"));
        NetlinkException e = assertThrows(NetlinkException.class, () -> links.delete("qbr16"));
        assertEquals("ENODEV deleting qbr16: No such device", e.getMessage());
        assertEquals(19, e.errno());

        links.createVethPair("d16", LinkSettings.NONE, "e16", LinkSettings.NONE);
        assertTrue(links.deleteIfExists("e16"));
        assertFalse(links.exists("d16"), "deleting one veth end removes the pair");
    }

    @Test
    void deletesLinksTogetherAndNothingElse() {
        links.createBridge("qbr19", BridgeOptions.DEFAULTS, LinkSettings.NONE);
        links.createVethPair("a19", LinkSettings.NONE.withMaster("qbr19"), "b19", LinkSettings.NONE.withUp(true));
        links.createBridge("keep19", BridgeOptions.DEFAULTS, LinkSettings.NONE);
        links.createVethPair("c19", LinkSettings.NONE.withMaster("keep19"), "d19", LinkSettings.NONE);
        assertThrows(InvalidValueException.class, () -> links.deleteAll(List.of("qbr19", "bad/19")));
        assertTrue(links.exists("qbr19"), "a refused name leaves everything in place");

        assertTrue(links.deleteAll(List.of("qbr19", "b19", "a19", "missing19")));
        Set<String> left = IpWitness.links(ns).stream().map(l -> l.path("ifname").asText()).collect(Collectors.toSet());
        assertEquals(Set.of("lo", "keep19", "c19", "d19"), left);
        for (JsonNode l : IpWitness.links(ns)) {
            assertEquals("default", l.path("group").asText(), "bystanders keep their group: " + l);
        }
        assertFalse(links.deleteAll(List.of("qbr19", "a19")));

        // a tap (made through /dev/net/tun) goes in a group as well
        links.createTap("tap19", TapOptions.DEFAULTS, LinkSettings.NONE);
        assertTrue(links.deleteAll(List.of("tap19", "keep19")));
        assertFalse(links.exists("tap19"));
        assertFalse(links.exists("keep19"));
        assertTrue(links.exists("c19"));
    }

    @Test
    void duplicateAndUnknownNamesAreKernelErrors() {
        links.createBridge("qbr17", BridgeOptions.DEFAULTS, LinkSettings.NONE);
        NetlinkException duplicate = assertThrows(NetlinkException.class,
                () -> links.createBridge("qbr17", BridgeOptions.DEFAULTS, LinkSettings.NONE));
        assertEquals("EEXIST", duplicate.errnoName());
        assertEquals("creating bridge qbr17", duplicate.operation());
        assertEquals("EEXIST creating bridge qbr17: File exists", duplicate.getMessage());

        NetlinkException unknown = assertThrows(NetlinkException.class, () -> links.setMtu("nosuch17", 1500));
        assertEquals("ENODEV", unknown.errnoName());
        assertEquals("ENODEV setting MTU 1500 on nosuch17: No such device", unknown.getMessage());
        assertTrue(links.link("nosuch17").isEmpty());
        assertThrows(NetlinkException.class, () -> links.setMaster("qbr17", "nosuch17"));
        assertTrue(links.link(999_999).isEmpty());
    }

    @Test
    void lookupByIndexMatchesLookupByNameAndTheDump() {
        links.createBridge("qbr18", BridgeOptions.DEFAULTS, LinkSettings.NONE);
        links.createVethPair("a18", LinkSettings.NONE.withMaster("qbr18"), "b18", LinkSettings.NONE);
        links.createTap("tap18", TapOptions.DEFAULTS, LinkSettings.NONE);
        Link byName = link("a18");
        assertEquals(byName, links.link(byName.index()).orElseThrow());

        List<Link> all = links.links();
        assertTrue(all.contains(byName), "dump and lookup agree, master name included");
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).index() < all.get(i).index());
        }
        Set<String> ours = all.stream().map(Link::name).collect(Collectors.toSet());
        Set<String> ip = IpWitness.links(ns).stream().map(l -> l.path("ifname").asText()).collect(Collectors.toSet());
        assertEquals(Set.of("lo", "qbr18", "a18", "b18", "tap18"), ours);
        assertEquals(ip, ours);
    }

    @Test
    void sysctlsLandInTheTargetNamespace() throws IOException {
        links.createBridge("qbr19", BridgeOptions.DEFAULTS, LinkSettings.NONE);
        assertEquals(Map.of("net.ipv6.conf.qbr19.disable_ipv6", "0", "net.ipv4.conf.qbr19.arp_ignore", "0",
                "net.ipv4.conf.qbr19.arp_announce", "0"), links.sysctls("qbr19"));
        links.disableIpv6("qbr19");
        links.setArpFiltering("qbr19");
        assertEquals(Map.of("net.ipv6.conf.qbr19.disable_ipv6", "1", "net.ipv4.conf.qbr19.arp_ignore", "1",
                "net.ipv4.conf.qbr19.arp_announce", "2"), links.sysctls("qbr19"));
        assertEquals(Map.of(), links.sysctls("nosuch19"));
        links.restoreSysctls("qbr19", Map.of("net.ipv4.conf.qbr19.arp_announce", "0"));
        assertEquals("0", IpWitness.catInside(ns, "/proc/sys/net/ipv4/conf/qbr19/arp_announce"));
        assertThrows(InvalidValueException.class,
                () -> links.restoreSysctls("qbr19", Map.of("net.ipv4.conf.all.forwarding", "1")));
        assertThrows(InvalidValueException.class,
                () -> links.restoreSysctls("qbr19", Map.of("net.ipv4.conf.qbr19.arp_ignore", "1\n2")));
        links.restoreSysctls("qbr19", Map.of("net.ipv4.conf.qbr19.arp_announce", "2"));

        assertEquals("1", IpWitness.catInside(ns, "/proc/sys/net/ipv6/conf/qbr19/disable_ipv6"));
        assertEquals("1", IpWitness.catInside(ns, "/proc/sys/net/ipv4/conf/qbr19/arp_ignore"));
        assertEquals("2", IpWitness.catInside(ns, "/proc/sys/net/ipv4/conf/qbr19/arp_announce"));
        assertEquals("2", handle.call(() -> read("/proc/sys/net/ipv4/conf/qbr19/arp_announce")));
        assertFalse(Files.exists(Path.of("/proc/sys/net/ipv4/conf/qbr19")), "not in the root namespace");
    }

    @Test
    void sysctlsWorkForNonAsciiNames() {
        String name = "br\u00fc\u00df";
        links.createBridge(name, BridgeOptions.DEFAULTS, LinkSettings.NONE);
        links.disableIpv6(name);
        assertEquals(name, link(name).name());
        // a glob keeps the witness's command line ASCII, whatever the locale
        assertEquals("1", IpWitness.run(List.of("ip", "netns", "exec", ns, "sh", "-c",
                "cat /proc/sys/net/ipv6/conf/br?*/disable_ipv6")).trim());
    }

    @Test
    void sysctlOnUnknownDeviceIsEnoent() {
        NetlinkException e = assertThrows(NetlinkException.class, () -> links.disableIpv6("nosuch20"));
        assertEquals("ENOENT disabling IPv6 on nosuch20: No such file or directory", e.getMessage());
        assertThrows(NetlinkException.class, () -> links.setArpFiltering("nosuch20"));
    }

    @Test
    void devicesStayInsideTheirNamespace() {
        links.createBridge("jvifiso21", BridgeOptions.DEFAULTS, LinkSettings.NONE.withUp(true));
        links.createVethPair("jvifiso21a", LinkSettings.NONE, "jvifiso21b", LinkSettings.NONE);
        assertTrue(links.exists("jvifiso21"));
        try (NetNamespace root = NetNamespace.current()) {
            assertTrue(root.links().link("jvifiso21").isEmpty());
            assertTrue(root.links().link("jvifiso21a").isEmpty());
        }
        assertTrue(IpWitness.link(null, "jvifiso21").isEmpty());
        assertTrue(IpWitness.link(null, "jvifiso21b").isEmpty());
    }

    @Test
    void oneHandleServesManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        String a = "c" + thread + "x" + i;
                        links.createBridge(a, BridgeOptions.DEFAULTS, LinkSettings.NONE.withUp(true));
                        links.createVethPair(a + "a", LinkSettings.NONE.withMaster(a), a + "b", LinkSettings.NONE);
                        assertEquals(a, link(a + "a").master().orElseThrow());
                        links.delete(a + "a");
                        links.delete(a);
                    }
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, links.links().size());
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
