package org.jvif.backend.ovs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jvif.api.HostObjectTaken;
import org.jvif.api.OwnerMark;
import org.jvif.api.model.VIFBase;
import org.jvif.host.ovsdb.Row;
import org.jvif.vif.bridge.VIFBridge;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.jvif.vif.vhostuser.VIFVHostUser;
import org.junit.jupiter.api.Test;

/**
 * {@link OvsdbPlan#compile} without a server: a plan made by the planner, against a replica filled in by hand,
 * into a recording transaction; every operation and every guard (each {@code wait} is one: what the replica
 * says exists is checked by _uuid, what it says is absent by name) asserted line by line.
 */
class OvsdbPlanTest {
    private final ReplicaRows ovs = new ReplicaRows();
    private final RecordingLinks kernel = new RecordingLinks();

    private OvsdbPlan plan(VIFBase vif, boolean plug, Object... config) {
        Map<String, Object> p = new HashMap<>();
        p.put("ovsdb_connection", "tcp:127.0.0.1:6640");
        for (int i = 0; i < config.length; i += 2) {
            p.put((String) config[i], config[i + 1]);
        }
        Planner planner = new Planner(Settings.parse(p), new Sysfs(Path.of("/nonexistent-sysfs")),
                new KernelDevices(kernel.links, vif.getId()));
        return plug ? planner.plug(vif, PlannerTest.profileOf(vif), Vifs.instance()).ovsdb
                : planner.unplug(vif, PlannerTest.profileOf(vif)).ovsdb;
    }

    /** The Interface external_ids a plug writes: os-vif's, and the owner mark. */
    private static String ids(VIFBase vif, String ifaceId, String... more) {
        Map<String, String> m = new HashMap<>(PlannerTest.osVifIds(vif, ifaceId));
        m.put(OwnerMark.OVSDB_KEY, vif.getId());
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return new java.util.TreeMap<>(m).toString();
    }

    private static String mark(VIFBase vif) {
        return "{" + OwnerMark.OVSDB_KEY + "=" + vif.getId() + "}";
    }

    private static VIFOpenVSwitch systemVif(String bridge, String name) {
        return Vifs.ovs(UUID.randomUUID().toString(), name, Vifs.network(bridge, null), Vifs.createPort("system"));
    }

    @Test
    void aNewBridgeItsInternalPortTheVifsPortAndItsQosRowGoInOneTransactionGuardedByTheNameIndexes() {
        VIFOpenVSwitch vif = systemVif("br-int", "tap1");
        String qos = OvsdbPlan.qosId("tap1");
        RecordingTransaction t = ovs.compile(plan(vif, true));
        assertEquals(List.of(
                "assert absent Bridge where name == br-int",
                "insert QoS {type=linux-noop, external_ids={_type=linux-noop, id=" + qos + ", jvif-vif-id=" + vif.getId() + "}}",
                "insert Interface {name=tap1, external_ids=" + ids(vif, PlannerTest.profileOf(vif).getInterfaceId()) + "}",
                "insert Port {name=tap1, interfaces=@Interface(tap1), external_ids=" + mark(vif) + ", qos=@QoS#0}",
                "insert Interface {name=br-int, type=internal, external_ids={}}",
                "insert Port {name=br-int, interfaces=@Interface(br-int), external_ids={}}",
                "insert Bridge {name=br-int, ports=[@Port(br-int), @Port(tap1)], external_ids={}, datapath_type=system}",
                "mutate Open_vSwitch: bridges insert @Bridge(br-int)"), t.lines());
        assertTrue(ovs.compiled.changes());
        assertEquals(List.of("br-int"), ovs.compiled.createdBridges());
        assertEquals(List.of("tap1"), ovs.compiled.createdPorts().stream().map(OvsdbPlan.PortWant::name).toList());
    }

    @Test
    void anExistingBridgeIsGuardedByPresenceAndGetsThePortByMutationNeverByRewritingItsPorts() {
        VIFOpenVSwitch vif = Vifs.ovs("br-int", null);
        ovs.bridge("br-int", "netdev", null);
        RecordingTransaction t = ovs.compile(plan(vif, true));
        String tap = vif.getVifName();
        assertEquals(List.of(
                "assert present Bridge where name == br-int",
                "insert Interface {name=" + tap + ", external_ids=" + ids(vif, PlannerTest.profileOf(vif).getInterfaceId()) + "}",
                "insert Port {name=" + tap + ", interfaces=@Interface(" + tap + "), external_ids=" + mark(vif) + "}",
                "mutate Bridge where name == br-int: ports insert [@Port(" + tap + ")]"), t.lines());
        assertEquals(List.of(), ovs.compiled.createdBridges());
    }

    @Test
    void theDatapathTypeOfAnExistingBridgeFollowsTheVif() {
        ovs.bridge("br-dp", "", null);
        VIFOpenVSwitch vif = Vifs.ovs("br-dp", null);
        profileOf(vif).setCreatePort(false);
        RecordingTransaction t = ovs.compile(plan(vif, true));
        assertEquals(List.of("assert present Bridge where name == br-dp",
                "update Bridge where name == br-dp set {datapath_type=netdev}"), t.lines());
        assertTrue(ovs.compiled.changes());
    }

    @Test
    void aBridgeAlreadyRightIsOnlyCheckedAndChangesNothing() {
        ovs.bridge("br-int", "netdev", null);
        VIFOpenVSwitch vif = Vifs.ovs("br-int", null);
        profileOf(vif).setCreatePort(false);
        RecordingTransaction t = ovs.compile(plan(vif, true));
        assertEquals(List.of("assert present Bridge where name == br-int"), t.lines());
        assertFalse(ovs.compiled.changes());
    }

    @Test
    void isolateVifTagsANewPortWithTheDeadVlanAsTrunk() {
        ovs.bridge("br-int", "netdev", null);
        VIFOpenVSwitch vif = Vifs.ovs("br-int", null);
        String tap = vif.getVifName();
        List<String> lines = ovs.compile(plan(vif, true, "isolate_vif", true)).lines();
        assertEquals("insert Port {name=" + tap + ", interfaces=@Interface(" + tap + "), external_ids=" + mark(vif)
                + ", tag=4095, vlan_mode=trunk, trunks=4095}", lines.get(2));
    }

    @Test
    void anExistingPortIsUpdatedKeyByKeyNeitherIsolatedNorGivenQosAndGuardedByItsUuid() {
        VIFOpenVSwitch vif = systemVif("br-int", "tap1");
        ovs.bridge("br-int", "system", null).port("tap1", vif.getId());
        RecordingTransaction t = ovs.compile(plan(vif, true, "isolate_vif", true));
        String keys = "[attached-mac, iface-id, iface-status, vm-uuid]";
        assertEquals(List.of(
                "assert present Bridge where name == br-int",
                "wait Port where _uuid == Port(tap1) columns [name] until == [{name=tap1}]",
                "wait Interface where _uuid == Interface(tap1) columns [name] until == [{name=tap1}]",
                "mutate Interface where _uuid == Interface(tap1): external_ids delete " + keys + ", external_ids insert "
                        + new java.util.TreeMap<>(PlannerTest.osVifIds(vif, PlannerTest.profileOf(vif).getInterfaceId()))),
                t.lines());
        // nothing of it was made by this plug: a failure takes nothing back
        assertEquals(List.of(), ovs.compiled.createdPorts());
        assertNull(plan(vif, true).takeBack(ovs.compiled));
    }

    @Test
    void vhostuserSetsTypeOptionsAndMtuRequestOnInsertAndOnAnExistingInterface() {
        VIFVHostUser vif = Vifs.vhostuser("br-vhu", VIFVHostUser.SERVER, Vifs.profile("netdev"));
        String vhu = vif.getVifName();
        ovs.bridge("br-vhu", "netdev", null);
        assertEquals("insert Interface {name=" + vhu + ", type=dpdkvhostuserclient, options={vhost-server-path="
                + vif.getPath() + "}, external_ids=" + ids(vif, PlannerTest.profileOf(vif).getInterfaceId())
                + ", mtu_request=1500}", ovs.compile(plan(vif, true)).lines().get(1));

        ReplicaRows existing = new ReplicaRows().bridge("br-vhu", "netdev", null).port(vhu, vif.getId());
        List<String> lines = existing.compile(plan(vif, true)).lines();
        assertEquals("update Interface where _uuid == Interface(" + vhu + ") set {type=dpdkvhostuserclient, mtu_request=1500}",
                lines.get(3));
        assertEquals("mutate Interface where _uuid == Interface(" + vhu + "): options delete [vhost-server-path], "
                + "options insert {vhost-server-path=" + vif.getPath() + "}", lines.get(5));
    }

    @Test
    void mtuRequestIsLeftOutWhereTheSchemaHasNoSuchColumn() {
        VIFVHostUser vif = Vifs.vhostuser("br-vhu", VIFVHostUser.CLIENT, Vifs.profile("netdev"));
        ovs.bridge("br-vhu", "netdev", null);
        assertEquals("insert Interface {name=" + vif.getVifName() + ", type=dpdkvhostuser, external_ids="
                + ids(vif, PlannerTest.profileOf(vif).getInterfaceId()) + "}",
                ovs.compile(plan(vif, true), false).lines().get(1));
    }

    @Test
    void aStaleQosRowOfTheSamePortIsDeletedBeforeTheNewOneIsMade() {
        VIFOpenVSwitch vif = systemVif("br-qos", "qos-port");
        ovs.bridge("br-qos", "system", null);
        ovs.qos("qos-port", "linux-noop", null);
        ovs.qos("qos-port", "linux-htb", null);
        List<String> lines = ovs.compile(plan(vif, true)).lines();
        assertEquals("delete QoS where _uuid == QoS(qos-port linux-noop)", lines.get(1));
        assertTrue(lines.get(2).startsWith("insert QoS {type=linux-noop"), lines.toString());
        assertEquals(6, lines.size(), "the other type's row is not os-vif's for this port: " + lines);
    }

    @Test
    void aTrunkBridgePortNamesItsBridgeIsNotIsolatedAndTheUnplugDropsTheBridgeGuardedByItsUuid() {
        VIFOpenVSwitch vif = Vifs.ovs("tbr-ef98b384", null);
        String tap = vif.getVifName();
        List<String> plug = ovs.compile(plan(vif, true, "isolate_vif", true)).lines();
        assertEquals("insert Interface {name=" + tap + ", external_ids="
                + ids(vif, PlannerTest.profileOf(vif).getInterfaceId(), "bridge_name", "tbr-ef98b384") + "}", plug.get(1));
        assertEquals("insert Port {name=" + tap + ", interfaces=@Interface(" + tap + "), external_ids=" + mark(vif) + "}",
                plug.get(2));

        ReplicaRows plugged = new ReplicaRows().bridge("tbr-ef98b384", "netdev", null).port(tap, vif.getId());
        assertEquals(List.of(
                "wait Port where _uuid == Port(" + tap + ") columns [name] until == [{name=" + tap + "}]",
                "mutate Bridge where ports includes Port(" + tap + "): ports delete Port(" + tap + ")",
                "delete Port where _uuid == Port(" + tap + ")",
                "wait Bridge where name == tbr-ef98b384 columns [_uuid] until == [{_uuid=Bridge(tbr-ef98b384)}]",
                "mutate Open_vSwitch: bridges delete Bridge(tbr-ef98b384)",
                "delete Bridge where _uuid == Bridge(tbr-ef98b384)"), plugged.compile(plan(vif, false)).lines());
    }

    @Test
    void perPortBridgeMarkedAsTheVifsOwnWithThePatchPairAndTheSharedBridgeUnmarked() {
        String id = UUID.randomUUID().toString();
        VIFOpenVSwitch vif = Vifs.ovs(id, "port-ppb", Vifs.network("br-ppb", null), Vifs.createPort("system"));
        String pb = ("pb" + id).substring(0, 14);
        String pbp = "pbp" + id;
        String ibp = "ibp" + id;
        OvsdbPlan plan = plan(vif, true, "per_port_bridge", true, "isolate_vif", true);
        List<String> lines = ovs.compile(plan).lines();
        String mark = mark(vif);
        assertEquals(List.of(
                "assert absent Bridge where name == br-ppb",
                "assert absent Bridge where name == " + pb,
                "insert QoS {type=linux-noop, external_ids={_type=linux-noop, id=" + OvsdbPlan.qosId("port-ppb")
                        + ", jvif-vif-id=" + id + "}}",
                "insert Interface {name=port-ppb, external_ids=" + mark + "}",
                "insert Port {name=port-ppb, interfaces=@Interface(port-ppb), external_ids=" + mark
                        + ", tag=4095, vlan_mode=trunk, trunks=4095, qos=@QoS#0}",
                "insert Interface {name=" + ibp + ", type=patch, options={peer=" + pbp + "}, external_ids="
                        + ids(vif, id) + "}",
                "insert Port {name=" + ibp + ", interfaces=@Interface(" + ibp + "), external_ids=" + mark + ", tag=4095}",
                "insert Interface {name=" + pbp + ", type=patch, options={peer=" + ibp + "}, external_ids=" + mark + "}",
                "insert Port {name=" + pbp + ", interfaces=@Interface(" + pbp + "), external_ids=" + mark + "}",
                "insert Interface {name=br-ppb, type=internal, external_ids={}}",
                "insert Port {name=br-ppb, interfaces=@Interface(br-ppb), external_ids={}}",
                "insert Bridge {name=br-ppb, ports=[@Port(br-ppb), @Port(" + ibp + ")], external_ids={}, datapath_type=system}",
                "mutate Open_vSwitch: bridges insert @Bridge(br-ppb)",
                "insert Interface {name=" + pb + ", type=internal, external_ids=" + mark + "}",
                "insert Port {name=" + pb + ", interfaces=@Interface(" + pb + "), external_ids=" + mark + "}",
                "insert Bridge {name=" + pb + ", ports=[@Port(" + pb + "), @Port(port-ppb), @Port(" + pbp
                        + ")], external_ids=" + mark + ", datapath_type=system}",
                "mutate Open_vSwitch: bridges insert @Bridge(" + pb + ")"), lines);

        // taking a failed plug back removes its ports and its own bridge, never the shared one
        OvsdbPlan back = plan.takeBack(ovs.compiled);
        assertEquals("port port-ppb, port " + ibp + ", port " + pbp + ", bridge " + pb, back.drops());
    }

    @Test
    void anUnplugRemovesThePortFromWhicheverBridgeHoldsItWithItsQosRow() {
        VIFOpenVSwitch vif = systemVif("br-int", "tap1");
        ovs.bridge("br-other", "system", null).port("tap1", vif.getId());
        ovs.qos("tap1", "linux-noop", vif.getId());
        assertEquals(List.of(
                "wait Port where _uuid == Port(tap1) columns [name] until == [{name=tap1}]",
                "mutate Bridge where ports includes Port(tap1): ports delete Port(tap1)",
                "delete Port where _uuid == Port(tap1)",
                "delete QoS where _uuid == QoS(tap1 linux-noop)"), ovs.compile(plan(vif, false)).lines());
        assertTrue(ovs.compiled.changes());
    }

    @Test
    void anUnplugOfWhatIsGoneOnlyChecksItIsGoneAndChangesNothing() {
        VIFOpenVSwitch vif = systemVif("br-int", "tap1");
        assertEquals(List.of("assert absent Port where name == tap1"), ovs.compile(plan(vif, false)).lines());
        assertFalse(ovs.compiled.changes());
    }

    @Test
    void hybridPlugsQvoAndItsUnplugDropsIt() {
        VIFBridge vif = Vifs.hybrid("br-int", null, "netdev");
        String qvo = ("qvo" + vif.getId()).substring(0, 14);
        ovs.bridge("br-int", "netdev", null);
        assertEquals("insert Port {name=" + qvo + ", interfaces=@Interface(" + qvo + "), external_ids=" + mark(vif) + "}",
                ovs.compile(plan(vif, true)).lines().get(2));
        ReplicaRows plugged = new ReplicaRows().bridge("br-int", "netdev", null).port(qvo, vif.getId());
        assertEquals("delete Port where _uuid == Port(" + qvo + ")", plugged.compile(plan(vif, false)).lines().get(2));
    }

    @Test
    void aPortOrOwnBridgeMarkedAsAnotherVifsIsRefusedBeforeAnyOperation() {
        VIFOpenVSwitch vif = systemVif("br-int", "tap1");
        ovs.bridge("br-int", "system", null).port("tap1", "other-vif");
        HostObjectTaken e = assertThrows(HostObjectTaken.class, () -> ovs.compile(plan(vif, true)));
        assertTrue(e.getMessage().contains("other-vif") && e.getMessage().contains(vif.getId()), e.getMessage());

        String id = UUID.randomUUID().toString();
        VIFOpenVSwitch perPort = Vifs.ovs(id, "port-ppb", Vifs.network("br-ppb", null), Vifs.createPort("system"));
        ReplicaRows taken = new ReplicaRows().bridge(("pb" + id).substring(0, 14), "system", "other-vif");
        assertThrows(HostObjectTaken.class, () -> taken.compile(plan(perPort, true, "per_port_bridge", true)));
    }

    @Test
    void anUnplugLeavesAPortMarkedAsAnotherVifsButStillGuardsIt() {
        VIFOpenVSwitch vif = systemVif("br-int", "tap1");
        ovs.bridge("br-int", "system", null).port("tap1", "other-vif");
        assertEquals(List.of("wait Port where _uuid == Port(tap1) columns [name] until == [{name=tap1}]"),
                ovs.compile(plan(vif, false)).lines());
        assertFalse(ovs.compiled.changes());
    }

    @Test
    void anUnmarkedPortIsUsedAsOsVifUsesItButGcRemovesOnlyMarkedRows() {
        VIFOpenVSwitch vif = systemVif("br-int", "tap1");
        ovs.bridge("br-int", "system", null).port("tap1", null);
        assertEquals(4, ovs.compile(plan(vif, true)).lines().size());
        OvsdbPlan gc = new OvsdbPlan().onlyMarkedBy(vif.getId()).dropPort("tap1", null);
        assertEquals(List.of("wait Port where _uuid == Port(tap1) columns [name] until == [{name=tap1}]"),
                ovs.compile(gc).lines());
    }

    @Test
    void gcRemovesAMarkedPortAndQosRowsStillMarkedAsTheVifsGuardedByTheirMarks() {
        ovs.bridge("br-int", "system", null).port("tap1", "vif-a");
        Row ours = ovs.qos("tap1", "linux-noop", "vif-a");
        Row unmarked = ovs.qos("tap1", "linux-htb", null);
        OvsdbPlan gc = new OvsdbPlan().onlyMarkedBy("vif-a").dropPort("tap1", null);
        gc.qosDrops.add(ours.uuid());
        gc.qosDrops.add(unmarked.uuid());
        String q = "QoS(tap1 linux-noop)";
        assertEquals(List.of(
                "wait Port where _uuid == Port(tap1) columns [name] until == [{name=tap1}]",
                "mutate Bridge where ports includes Port(tap1): ports delete Port(tap1)",
                "delete Port where _uuid == Port(tap1)",
                "wait QoS where _uuid == " + q + " columns [external_ids] until == [{external_ids={_type=linux-noop, id="
                        + OvsdbPlan.qosId("tap1") + ", jvif-vif-id=vif-a}}]",
                "delete QoS where _uuid == " + q), ovs.compile(gc).lines());
    }

    @Test
    void gcRemovesABridgeMarkedAsTheVifsAndOnlyGuardsOneThatIsNot() {
        ovs.bridge("pb-a", "system", "vif-a").bridge("pb-b", "system", "vif-b").bridge("br-int", "system", null);
        assertEquals(List.of(
                "wait Bridge where name == pb-a columns [_uuid] until == [{_uuid=Bridge(pb-a)}]",
                "mutate Open_vSwitch: bridges delete Bridge(pb-a)",
                "delete Bridge where _uuid == Bridge(pb-a)",
                "wait Bridge where _uuid == Bridge(pb-b) columns [name] until == [{name=pb-b}]",
                "wait Bridge where _uuid == Bridge(br-int) columns [name] until == [{name=br-int}]"),
                ovs.compile(new OvsdbPlan().onlyMarkedBy("vif-a").dropBridge("pb-a").dropBridge("pb-b").dropBridge("br-int"))
                        .lines());
    }

    private static org.jvif.portprofile.openvswitch.VIFPortProfileOpenVSwitch profileOf(VIFBase vif) {
        return PlannerTest.profileOf(vif);
    }
}
