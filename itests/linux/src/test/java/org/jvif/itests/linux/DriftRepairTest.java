package org.jvif.itests.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvif.api.CheckReport;
import org.jvif.api.VifCheck;
import org.jvif.api.VifOutcome;
import org.jvif.api.VifPlugin;
import org.jvif.host.netlink.testing.IpWitness;
import org.jvif.host.ovsdb.testing.OvsSandbox;
import org.jvif.registry.internal.LinuxRegistry;
import org.jvif.registry.internal.OsVifRegistry;
import org.jvif.registry.internal.RecordedRegistry;

/**
 * Devices a plug made, changed by hand (set down, another MAC), are reported drifted by check and brought back
 * by repair: the ovs backend's tap of a {@code VIFOpenVSwitch} with create_tap (its own, marked: it gets the
 * VIF's MAC and up state again, not only the MTU os-vif gives an existing tap) and linux_bridge's bridge (IPv6
 * off, ARP filtering, up again, where os-vif leaves an existing bridge as it is).
 */
class DriftRepairTest {
    @TempDir
    Path dir;

    @Test
    void repairBringsBackWhatCheckFindsDrifted() throws Exception {
        try (Sandbox sandbox = Sandbox.create("drift");
                OvsSandbox ovs = OvsSandbox.builder().netns(sandbox.name).vswitchdLog("off").start()) {
            String ns = sandbox.name;
            Map<String, VifPlugin> backends = SigkillTest.backends(ns, ovs.unixRemote(), dir.toString());
            OsVifRegistry registry = RecordedRegistry.open(LinuxRegistry.of(backends), dir.resolve("record.mv.db"));
            try {
                int ovsVif = SigkillTest.KINDS.indexOf(SigkillTest.Kind.OVS);
                int bridgeVif = SigkillTest.KINDS.indexOf(SigkillTest.Kind.LINUX_BRIDGE);
                registry.plug(SigkillTest.vif(ovsVif), SigkillTest.instance());
                registry.plug(SigkillTest.vif(bridgeVif), SigkillTest.instance());
                assertTrue(registry.check(List.of()).clean());
                String tap = "ovk" + ovsVif;
                String bridge = "brk" + bridgeVif;
                IpWitness.run("ip", "-n", ns, "link", "set", tap, "down", "address", "fa:16:3e:0f:0f:0f");
                IpWitness.run("ip", "-n", ns, "link", "set", bridge, "down");
                IpWitness.run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv4.conf." + bridge + ".arp_ignore=0");

                CheckReport drifted = registry.check(List.of());
                assertEquals(List.of(VifCheck.Status.DRIFTED, VifCheck.Status.DRIFTED),
                        drifted.vifs().stream().map(VifCheck::status).toList(), drifted.toString());
                List<VifOutcome> repaired = registry.repair(List.of());
                assertTrue(repaired.stream().allMatch(VifOutcome::ok), repaired.toString());
                assertTrue(registry.check(List.of()).clean(), registry.check(List.of()).toString());
                assertTrue(IpWitness.isUp(IpWitness.require(ns, tap)));
                assertEquals(SigkillTest.vif(ovsVif).getAddress(), IpWitness.require(ns, tap).path("address").asText());
                assertTrue(IpWitness.isUp(IpWitness.require(ns, bridge)));
                assertEquals("1", IpWitness.sysctl(ns, "net/ipv4/conf/" + bridge + "/arp_ignore"));
            } finally {
                RecordedRegistry.close(registry);
                SigkillTest.close(backends);
            }
        }
    }
}
