package org.jvif.itests.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jvif.host.linux.Undo;
import org.jvif.host.netlink.BridgeOptions;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.host.netlink.testing.IpWitness;

/** What a failed plug changed on devices it did not make is put back, witnessed by ip -d -j. */
class UndoTest {
    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.create("undo");
    }

    @AfterEach
    void clear() {
        sandbox.clear();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void masterMtuMacPromiscuityAndUpStateComeBack() {
        // an address of its own, so the bridge keeps it when its port leaves
        sandbox.links.createBridge("ubr0", BridgeOptions.DEFAULTS,
                LinkSettings.NONE.withUp(true).withAddress("fa:16:3e:00:00:0c"));
        sandbox.links.createVethPair("uv0", LinkSettings.NONE.withMtu(1500).withAddress("fa:16:3e:00:00:0a"),
                "uv0p", LinkSettings.NONE);
        String before = IpWitness.state(sandbox.name);
        Undo undo = new Undo(sandbox.links);
        undo.changing(sandbox.links.link("uv0").orElseThrow());
        sandbox.links.update("uv0", LinkSettings.NONE.withMaster("ubr0").withMtu(1400).withUp(true)
                .withPromiscuous(true).withAddress("fa:16:3e:00:00:0b"));
        RuntimeException failure = undo.rollback(new RuntimeException("plug failed"));
        assertEquals(0, failure.getSuppressed().length);
        assertEquals(before, IpWitness.state(sandbox.name));
        assertFalse(IpWitness.require(sandbox.name, "uv0").path("flags").toString().contains("PROMISC"));
    }

    @Test
    void anMtuBeyondWhatAPlugMaySetComesBackToo() {
        assertEquals(65536, IpWitness.require(sandbox.name, "lo").path("mtu").asInt());
        Undo undo = new Undo(sandbox.links);
        undo.changing(sandbox.links.link("lo").orElseThrow());
        sandbox.links.update("lo", LinkSettings.NONE.withMtu(1450));
        undo.rollback(new RuntimeException("plug failed"));
        assertEquals(65536, IpWitness.require(sandbox.name, "lo").path("mtu").asInt());
    }

    @Test
    void theSysctlsOsVifWritesComeBackOnADeviceThePlugDidNotMake() {
        sandbox.links.createBridge("ubr1", BridgeOptions.DEFAULTS, LinkSettings.NONE);
        String ipv6 = IpWitness.sysctl(sandbox.name, "net/ipv6/conf/ubr1/disable_ipv6");
        String arpIgnore = IpWitness.sysctl(sandbox.name, "net/ipv4/conf/ubr1/arp_ignore");
        String arpAnnounce = IpWitness.sysctl(sandbox.name, "net/ipv4/conf/ubr1/arp_announce");
        Undo undo = new Undo(sandbox.links);
        undo.changingSysctls("ubr1");
        sandbox.links.disableIpv6("ubr1");
        sandbox.links.setArpFiltering("ubr1");
        assertEquals("2", IpWitness.sysctl(sandbox.name, "net/ipv4/conf/ubr1/arp_announce"));
        undo.rollback(new RuntimeException("plug failed"));
        assertEquals(List.of(ipv6, arpIgnore, arpAnnounce), List.of(IpWitness.sysctl(sandbox.name, "net/ipv6/conf/ubr1/disable_ipv6"),
                IpWitness.sysctl(sandbox.name, "net/ipv4/conf/ubr1/arp_ignore"),
                IpWitness.sysctl(sandbox.name, "net/ipv4/conf/ubr1/arp_announce")));
        assertEquals(List.of("restored the sysctls of ubr1"), undo.undone());
    }
}
