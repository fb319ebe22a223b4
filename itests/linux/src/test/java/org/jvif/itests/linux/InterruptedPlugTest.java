package org.jvif.itests.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvif.api.CheckReport;
import org.jvif.api.GcReport;
import org.jvif.api.HostObject;
import org.jvif.api.MarkedObject;
import org.jvif.api.OwnerMark;
import org.jvif.api.VifCheck;
import org.jvif.api.VifState;
import org.jvif.api.model.Network;
import org.jvif.backend.linuxbridge.internal.LinuxBridgePlugin;
import org.jvif.backend.macvtap.internal.MacvtapPlugin;
import org.jvif.host.netlink.BridgeOptions;
import org.jvif.host.netlink.LinkManager;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.host.netlink.testing.IpWitness;
import org.jvif.registry.internal.LinuxRegistry;
import org.jvif.registry.internal.OsVifRegistry;
import org.jvif.registry.internal.RecordedRegistry;
import org.jvif.vif.bridge.VIFBridge;
import org.jvif.vif.direct.VIFDirect;

/**
 * A plug killed between creating its device and marking it (the kernel takes no alias at creation, so the
 * device is created in the pending device group and leaves it with its alias), crafted by hand: the record
 * holds the plug's intent naming the device, the host the device in that group without an alias. Until the
 * plug is finished the device is explained by the intent; finishing it (start-up reconcile) marks it as the
 * VIF's. A device left so that no record names is an orphan gc removes; an unmarked one (an operator's) is
 * never touched.
 */
class InterruptedPlugTest {
    private static final String PCI = "0000:81:00.1";
    private static final String PENDING = Integer.toString(LinkManager.ALIAS_PENDING_GROUP);

    @TempDir
    Path dir;

    static VIFDirect vif(String name) {
        VIFDirect vif = new VIFDirect();
        vif.setId(UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        vif.setAddress("fa:16:3e:00:02:01");
        vif.setPlugin("macvtap");
        vif.setVifName(name);
        vif.setDevAddress(PCI);
        vif.setMode("bridge");
        return vif;
    }

    @Test
    void aDeviceAKilledPlugLeftUnmarkedIsMarkedWhenThePlugIsFinishedOrCollectedAsAnOrphan() throws Exception {
        Path sysfs = dir.resolve("sys");
        Files.createDirectories(sysfs.resolve("bus/pci/devices").resolve(PCI).resolve("net/lower1"));
        Path record = dir.resolve("record.mv.db");
        VIFDirect a = vif("mvt1");
        RecordedRegistry.killedDuring(record, a, null, VifState.PLUGGING, List.of("mvt1"));
        try (Sandbox sandbox = Sandbox.create("intr")) {
            String ns = sandbox.name;
            sandbox.links.createVethPair("lower1", LinkSettings.NONE.withUp(true), "peer1", LinkSettings.NONE.withUp(true));
            for (String name : List.of("mvt1", "mvt2")) { // mvt2: no record names it
                IpWitness.run("ip", "-n", ns, "link", "add", name, "link", "lower1", "group", PENDING, "type", "macvtap",
                        "mode", "bridge");
            }
            IpWitness.run("ip", "-n", ns, "link", "add", "mvt3", "link", "lower1", "type", "macvtap", "mode", "bridge");
            MacvtapPlugin backend = new MacvtapPlugin(Map.of("network_namespace", ns, "sysfs_root", sysfs.toString()));
            try {
                MarkedObject mvt2 = new MarkedObject(new HostObject(HostObject.Kind.DEVICE, "mvt2", ns), OwnerMark.UNWRITTEN);
                // report mode: the plug stays interrupted, its device explained by the intent
                OsVifRegistry reporting = RecordedRegistry.openReporting(LinuxRegistry.of(Map.of("macvtap", backend)), record);
                try {
                    RecordedRegistry.awaitIdle(reporting);
                    CheckReport report = reporting.check(List.of());
                    assertEquals(VifCheck.Status.INTERRUPTED, report.vifs().get(0).status());
                    assertEquals(List.of(mvt2), report.orphans());
                } finally {
                    RecordedRegistry.close(reporting);
                }

                OsVifRegistry registry = RecordedRegistry.open(LinuxRegistry.of(Map.of("macvtap", backend)), record);
                try {
                    RecordedRegistry.awaitReconciled(registry);
                    assertEquals(VifState.PLUGGED, registry.vif(a.getId()).orElseThrow().state());
                    JsonNode mvt1 = IpWitness.require(ns, "mvt1");
                    assertEquals(OwnerMark.alias(a.getId()), mvt1.path("ifalias").asText());
                    assertEquals("default", mvt1.path("group").asText());
                    assertEquals("fa:16:3e:00:02:01", mvt1.path("address").asText());
                    CheckReport report = registry.check(List.of());
                    assertEquals(VifCheck.Status.OK, report.vifs().get(0).status(), report.toString());
                    assertEquals(List.of(mvt2), report.orphans());

                    GcReport gc = registry.gc(false);
                    assertEquals(List.of(mvt2), gc.removed());
                    assertFalse(IpWitness.link(ns, "mvt2").isPresent());
                    assertTrue(IpWitness.link(ns, "mvt3").isPresent(), "an unmarked device is never collected");
                    assertTrue(registry.check(List.of()).clean());
                } finally {
                    RecordedRegistry.close(registry);
                }
            } finally {
                backend.close();
            }
        }
    }

    /**
     * A linux_bridge plug killed after making the bridge and before setting it up (IPv6 off, ARP filtering, up):
     * finishing the plug at start brings the bridge into shape, so check is clean.
     */
    @Test
    void aBridgeAKilledLinuxBridgePlugLeftHalfMadeIsFinished() throws Exception {
        Path record = dir.resolve("record.mv.db");
        VIFBridge vif = new VIFBridge();
        vif.setId(UUID.nameUUIDFromBytes("brk1".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        vif.setAddress("fa:16:3e:00:02:02");
        vif.setPlugin("linux_bridge");
        vif.setVifName("tapk1");
        vif.setBridgeName("brk1");
        Network network = new Network();
        network.setId(vif.getId());
        network.setShouldProvideBridge(true);
        vif.setNetwork(network);
        RecordedRegistry.killedDuring(record, vif, null, VifState.PLUGGING, List.of());
        try (Sandbox sandbox = Sandbox.create("intb")) {
            sandbox.links.createBridge("brk1", BridgeOptions.DEFAULTS, LinkSettings.NONE); // down, IPv6 on
            LinuxBridgePlugin backend = new LinuxBridgePlugin(Map.of("network_namespace", sandbox.name));
            OsVifRegistry registry = RecordedRegistry.open(LinuxRegistry.of(Map.of("linux_bridge", backend)), record);
            try {
                RecordedRegistry.awaitReconciled(registry);
                assertEquals(VifState.PLUGGED, registry.vif(vif.getId()).orElseThrow().state());
                assertTrue(registry.check(List.of()).clean(), registry.check(List.of()).toString());
                assertTrue(IpWitness.isUp(IpWitness.require(sandbox.name, "brk1")));
                assertEquals("1", IpWitness.sysctl(sandbox.name, "net/ipv6/conf/brk1/disable_ipv6"));
                assertEquals("1", IpWitness.sysctl(sandbox.name, "net/ipv4/conf/brk1/arp_ignore"));
            } finally {
                RecordedRegistry.close(registry);
                backend.close();
            }
        }
    }
}
