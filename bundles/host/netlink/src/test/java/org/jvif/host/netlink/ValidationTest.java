package org.jvif.host.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jvif.host.netlink.testing.IpWitness;

/** Bad input is refused with the field and value named, and nothing reaches the kernel. */
class ValidationTest {
    private static String ns;
    private static NetNamespace handle;
    private static LinkManager links;

    @BeforeAll
    static void createNamespace() {
        ns = TestNamespaces.uniqueName("valid");
        handle = NetNamespace.create(ns);
        links = handle.links();
    }

    @AfterAll
    static void removeNamespace() {
        TestNamespaces.remove(handle, ns);
    }

    @AfterEach
    void nothingReachedTheKernel() {
        assertEquals(1, links.links().size(), "only lo");
        assertEquals(1, IpWitness.links(ns).size());
    }

    private static InvalidValueException rejected(String field, Object value, Executable call) {
        InvalidValueException e = assertThrows(InvalidValueException.class, call);
        assertEquals(field, e.field());
        assertEquals(String.valueOf(value), e.value());
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcdefghijklmnop", "a/b", "", ".", "..", "a b", "a:b", "tab\tx", "new\nline", "tap%d", "br%d",
        "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"})
    void rejectsBadInterfaceNames(String name) {
        rejected("name", name, () -> links.createBridge(name, BridgeOptions.DEFAULTS, LinkSettings.NONE));
        rejected("name", name, () -> links.createTap(name, TapOptions.DEFAULTS, LinkSettings.NONE));
        rejected("name", name, () -> links.createVethPair(name, LinkSettings.NONE, "ok0", LinkSettings.NONE));
        rejected("peer", name, () -> links.createVethPair("ok0", LinkSettings.NONE, name, LinkSettings.NONE));
        rejected("parent", name, () -> links.createVlan("ok0", name, 10, LinkSettings.NONE));
        rejected("lower", name, () -> links.createMacvtap("ok0", name, MacvlanMode.BRIDGE, LinkSettings.NONE));
        rejected("name", name, () -> links.setMtu(name, 1500));
        rejected("name", name, () -> links.delete(name));
        rejected("name", name, () -> links.link(name));
        rejected("device", name, () -> links.disableIpv6(name));
        rejected("master", name, () -> LinkSettings.NONE.withMaster(name));
        rejected("master", name, () -> links.setMaster("lo", name));
    }

    @Test
    void explainsWhatIsWrong() {
        assertEquals("invalid name \"a/b\": must not contain '/'", rejected("name", "a/b",
                () -> links.createBridge("a/b", BridgeOptions.DEFAULTS, LinkSettings.NONE)).getMessage());
        assertEquals("invalid name \"abcdefghijklmnop\": must be 1..15 bytes, is 16",
                rejected("name", "abcdefghijklmnop", () -> links.setUp("abcdefghijklmnop")).getMessage());
        rejected("name", null, () -> links.createBridge(null, BridgeOptions.DEFAULTS, LinkSettings.NONE));
    }

    @Test
    void fifteenBytesIsTheLongestName() {
        links.createBridge("abcdefghijklmno", BridgeOptions.DEFAULTS, LinkSettings.NONE);
        assertTrue(IpWitness.link(ns, "abcdefghijklmno").isPresent());
        links.delete("abcdefghijklmno");
    }

    @ParameterizedTest
    @ValueSource(strings = {"01:00:5e:00:00:01", "ff:ff:ff:ff:ff:ff", "00:00:00:00:00:00", "fa:16:3e:00:00",
        "fa:16:3e:00:00:0g", "fa-16-3e-00-00-01", "fa:16:3e:00:00:001", "fa16:3e:00:00:01"})
    void rejectsBadAddresses(String mac) {
        rejected("address", mac, () -> LinkSettings.NONE.withAddress(mac));
    }

    @Test
    void refusesMulticastAddressesAtTheSetter() {
        MacAddress multicast = MacAddress.parse("33:33:00:00:00:01");
        assertTrue(multicast.isMulticast());
        rejected("address", multicast, () -> links.setAddress("lo", multicast));
        assertEquals("fa:16:3e:0a:0b:0c", MacAddress.parse("FA:16:3E:0A:0B:0C").toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 67, 65536})
    void rejectsMtuOutOfRange(int mtu) {
        rejected("mtu", mtu, () -> LinkSettings.NONE.withMtu(mtu));
        rejected("mtu", mtu, () -> links.setMtu("lo", mtu));
    }

    @Test
    void acceptsMtuBounds() {
        assertEquals(68, LinkSettings.NONE.withMtu(68).mtu().getAsInt());
        assertEquals(65535, LinkSettings.NONE.withMtu(65535).mtu().getAsInt());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 4095, 5000})
    void rejectsVlanIdsOutOfRange(int vlanId) {
        rejected("vlanId", vlanId, () -> links.createVlan("vlan1", "lo", vlanId, LinkSettings.NONE));
    }

    @Test
    void modesComeFromTheKnownSet() {
        rejected("mode", "source", () -> MacvlanMode.parse("source"));
        rejected("mode", null, () -> links.createMacvtap("mvt0", "lo", null, LinkSettings.NONE));
        assertEquals(MacvlanMode.VEPA, MacvlanMode.parse("VEPA"));
        assertEquals(MacvlanMode.PASSTHRU, MacvlanMode.parse("passthru"));
    }

    @Test
    void vethEndsNeedTwoNames() {
        rejected("peer", "same0", () -> links.createVethPair("same0", LinkSettings.NONE, "same0", LinkSettings.NONE));
    }

    @Test
    void bridgeTimersAreChecked() {
        rejected("forwardDelay", Duration.ofSeconds(1), () -> links.createBridge("qbr0",
                BridgeOptions.DEFAULTS.withStp(true).withForwardDelay(Duration.ofSeconds(1)), LinkSettings.NONE));
        rejected("forwardDelay", Duration.ofSeconds(-1),
                () -> BridgeOptions.DEFAULTS.withForwardDelay(Duration.ofSeconds(-1)));
        rejected("ageingTime", Duration.ofMillis(5), () -> BridgeOptions.DEFAULTS.withAgeingTime(Duration.ofMillis(5)));
        rejected("ageingTime", Duration.ofDays(500), () -> BridgeOptions.DEFAULTS.withAgeingTime(Duration.ofDays(500)));
        rejected("ageingTime", null, () -> BridgeOptions.DEFAULTS.withAgeingTime(null));
    }

    @Test
    void tapOwnersAreIds() {
        rejected("owner", -1, () -> TapOptions.DEFAULTS.withOwner(-1));
        rejected("group", -2, () -> TapOptions.DEFAULTS.withGroup(-2));
    }

    @Test
    void linkIndexesArePositive() {
        rejected("index", 0, () -> links.link(0));
    }
}
