package org.jvif.backend.ovs.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jvif.api.HostObject;
import org.jvif.api.HostObjectTaken;
import org.jvif.api.OwnerMark;
import org.jvif.host.ovsdb.Comparison;
import org.jvif.host.ovsdb.NamedUuid;
import org.jvif.host.ovsdb.OvsdbClient;
import org.jvif.host.ovsdb.Row;
import org.jvif.host.ovsdb.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one plug or unplug asks of OVSDB, made into ONE transaction against the {@link Replica}:
 * bridges to have ("may exist"), ports to have (created, or their Interface updated when they exist, as
 * os-vif's add_port(may_exist) + db_set do), ports and bridges to remove. Every assumption taken from the
 * replica is checked by the server: that a row exists with a {@code wait} operation on its _uuid (a
 * guard), that a port or bridge does not by the name indexes of Port, Interface and Bridge, which fail
 * the commit of a duplicate. A concurrent writer thus makes the transaction fail as a whole and it is built
 * again from the updated replica; nothing is ever inserted twice and nothing is half done.
 */
final class OvsdbPlan {
    private static final Logger LOG = LoggerFactory.getLogger(OvsdbPlan.class);
    /** os-vif's namespace for the uuid5 of a port's QoS row. */
    static final UUID QOS_UUID_NAMESPACE = UUID.fromString("68da264a-847f-42a8-8ab0-5e774aee3d95");
    /** Neutron's dead VLAN. */
    static final int DEAD_VLAN = 4095;

    /** os-vif's {@code add_br(name, may_exist=True, datapath_type)}: null datapath type leaves it as it is. */
    record BridgeWant(String name, String datapathType) {
    }

    /** VLAN settings a port gets only when it is created (os-vif's isolate_vif). */
    record Isolation(int tag, String vlanMode, Integer trunk) {
        static final Isolation DEAD_VLAN_TRUNK = new Isolation(DEAD_VLAN, "trunk", DEAD_VLAN);
        static final Isolation DEAD_VLAN_TAG = new Isolation(DEAD_VLAN, null, null);
    }

    /**
     * A port with one interface of the same name. Interface type, options, external_ids and mtu_request are
     * set whether the port is new or not (maps merged key by key); isolation and QoS only when it is new.
     *
     * @param mustWork its device is one this plug made or relies on, so an error ovs-vswitchd reports for
     *     it fails the plug
     */
    record PortWant(String bridge, String name, String type, Map<String, String> options,
            Map<String, String> externalIds, Integer mtuRequest, Isolation isolation, String qosType,
            boolean mustWork) {
    }

    /** Removes a port (from whichever bridge has it), its interface and its QoS row of that type. */
    record PortDrop(String name, String qosType) {
    }

    final List<BridgeWant> bridges = new ArrayList<>();
    final List<PortWant> ports = new ArrayList<>();
    final List<PortDrop> portDrops = new ArrayList<>();
    final List<String> bridgeDrops = new ArrayList<>();
    /** Bridges of the VIF's own (a per-port bridge): taken back with its ports when the plug fails. */
    final Set<String> ownBridges = new HashSet<>();
    /** The id of the VIF this plan is for: the owner mark of the rows it makes; null for none. */
    String owner;
    /** Drops only rows marked as the owner's (vif:gc): unmarked ones are left too. */
    boolean onlyMarked;

    /** Removes only rows marked as {@code vifId}'s; anything else (unmarked, another VIF's, gone) is left alone. */
    OvsdbPlan onlyMarkedBy(String vifId) {
        onlyMarked = true;
        return owner(vifId);
    }

    /** QoS rows of ours to delete by uuid (a QoS row left alone by vif:gc), if still marked as the owner's. */
    final List<UUID> qosDrops = new ArrayList<>();

    /** Rows this plan inserts carry {@code external_ids:jvif-vif-id=<vifId>}; rows of another VIF are left alone. */
    OvsdbPlan owner(String vifId) {
        this.owner = vifId;
        return this;
    }

    OvsdbPlan bridge(String name, String datapathType) {
        for (BridgeWant b : bridges) {
            if (b.name().equals(name)) {
                return this;
            }
        }
        bridges.add(new BridgeWant(name, datapathType));
        return this;
    }

    /** A bridge of the VIF's own, which only its ports use (os-vif's per-port bridge). */
    OvsdbPlan ownBridge(String name, String datapathType) {
        ownBridges.add(name);
        return bridge(name, datapathType);
    }

    OvsdbPlan port(PortWant port) {
        ports.add(port);
        return this;
    }

    OvsdbPlan dropPort(String name, String qosType) {
        portDrops.add(new PortDrop(name, qosType));
        return this;
    }

    OvsdbPlan dropBridge(String name) {
        if (!bridgeDrops.contains(name)) {
            bridgeDrops.add(name);
        }
        return this;
    }

    /**
     * A transaction made from this plan; {@code guards} are the indexes of its wait operations; without
     * {@code changes} it only checks that the replica is right. {@code created}: the ports and bridges it
     * inserts (what taking it back removes).
     */
    record Compiled(Transaction txn, Set<Integer> guards, boolean changes, List<PortWant> createdPorts,
            List<String> createdBridges) {
    }

    /**
     * What undoes a committed {@code c} of this plan: its new ports (with their QoS rows) and its new bridges of
     * the VIF's own; rows that were there before it stay as they are. Null when there is nothing to undo.
     */
    OvsdbPlan takeBack(Compiled c) {
        OvsdbPlan back = new OvsdbPlan().owner(owner);
        for (PortWant p : c.createdPorts()) {
            back.dropPort(p.name(), p.qosType());
        }
        for (String b : c.createdBridges()) {
            if (ownBridges.contains(b)) {
                back.dropBridge(b);
            }
        }
        return back.portDrops.isEmpty() && back.bridgeDrops.isEmpty() ? null : back;
    }

    /**
     * Refuses, before anything is changed, a plan whose ports or own bridges exist marked as another VIF's
     * (os-vif would take them over).
     *
     * @throws HostObjectTaken naming the object, its owner and this plan's VIF
     */
    void checkOwners(Replica replica) {
        if (owner == null) {
            return;
        }
        for (PortWant p : ports) {
            String other = otherOwner(replica.iface(p.name()));
            if (other == null) {
                other = otherOwner(replica.port(p.name()));
            }
            if (other != null) {
                throw new HostObjectTaken(new HostObject(HostObject.Kind.OVS_PORT, p.name(), p.bridge()), other, owner);
            }
        }
        for (String b : ownBridges) {
            String other = otherOwner(replica.bridge(b));
            if (other != null) {
                throw new HostObjectTaken(new HostObject(HostObject.Kind.OVS_BRIDGE, b, null), other, owner);
            }
        }
    }

    /** The VIF a row is marked as belonging to, when that is not this plan's VIF; null otherwise (unmarked too). */
    private String otherOwner(Row row) {
        if (row == null || owner == null) {
            return null;
        }
        String mark = Replica.owner(row);
        if (mark == null) {
            return onlyMarked ? "(none: unmarked)" : null;
        }
        return !mark.equals(owner) ? mark : null;
    }

    /** The owner mark for a row this plan inserts, added to its other external_ids. */
    private Map<String, String> marked(Map<String, String> ids) {
        if (owner == null) {
            return ids;
        }
        Map<String, String> m = new LinkedHashMap<>(ids);
        m.put(OwnerMark.OVSDB_KEY, owner);
        return m;
    }

    /** What a take-back plan removes, for messages: "port qvo1, bridge pb1". */
    String drops() {
        List<String> out = new ArrayList<>();
        portDrops.forEach(d -> out.add("port " + d.name()));
        bridgeDrops.forEach(b -> out.add("bridge " + b));
        return String.join(", ", out);
    }

    /** os-vif's QoS row id for a port: uuid5(QOS_UUID_NAMESPACE, port name). */
    static String qosId(String port) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] ns = new byte[16];
            long msb = QOS_UUID_NAMESPACE.getMostSignificantBits();
            long lsb = QOS_UUID_NAMESPACE.getLeastSignificantBits();
            for (int i = 0; i < 8; i++) {
                ns[i] = (byte) (msb >>> (56 - 8 * i));
                ns[8 + i] = (byte) (lsb >>> (56 - 8 * i));
            }
            sha1.update(ns);
            byte[] h = sha1.digest(port.getBytes(StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (h[i] & 0xff);
                lo = (lo << 8) | (h[8 + i] & 0xff);
            }
            return new UUID(hi, lo).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java platform", e);
        }
    }

    Compiled compile(OvsdbClient client, Replica replica) {
        // again on every attempt: the replica may have learnt of another VIF's port meanwhile
        checkOwners(replica);
        Transaction t = client.transaction();
        Set<Integer> guards = new HashSet<>();
        boolean changes = false;
        boolean mtuRequests = t.schema().hasColumn("Interface", "mtu_request");

        List<String> newBridges = new ArrayList<>();
        for (BridgeWant b : bridges) {
            Row row = replica.bridge(b.name());
            if (row != null) {
                guards.add(t.assertPresent("Bridge", "name", b.name()).index());
                if (b.datapathType() != null && !b.datapathType().equals(row.getString("datapath_type"))) {
                    t.update("Bridge").where("name", b.name()).set("datapath_type", b.datapathType());
                    changes = true;
                }
            } else {
                guards.add(t.assertAbsent("Bridge", "name", b.name()).index());
                newBridges.add(b.name());
            }
        }

        Map<String, List<NamedUuid>> newPorts = new LinkedHashMap<>();
        List<PortWant> created = new ArrayList<>();
        for (PortWant p : ports) {
            changes = true;
            Integer mtu = mtuRequests ? p.mtuRequest() : null;
            Row existing = replica.port(p.name());
            Row existingIface = replica.iface(p.name());
            if (existing != null && existingIface != null) {
                // by _uuid: a condition on name would make ovsdb-server scan the whole table
                guards.add(sameRow(t, "Port", existing, p.name()));
                guards.add(sameRow(t, "Interface", existingIface, p.name()));
                UUID iface = existingIface.uuid();
                if (p.type() != null || mtu != null) {
                    Transaction.Update u = t.update("Interface").whereUuid(iface);
                    if (p.type() != null) {
                        u.set("type", p.type());
                    }
                    if (mtu != null) {
                        u.set("mtu_request", mtu);
                    }
                }
                merge(t, iface, "external_ids", p.externalIds());
                merge(t, iface, "options", p.options());
                continue;
            }
            // no guard that the port is absent: Port.name and Interface.name are indexes, so a port made
            // meanwhile fails the commit as a whole, and the plan is built again
            NamedUuid qos = null;
            if (p.qosType() != null) {
                String id = qosId(p.name());
                // a row left by an earlier plug that failed after making it (os-vif's delete_qos_if_exists)
                for (UUID stale : replica.qos(id, p.qosType())) {
                    t.delete("QoS").whereUuid(stale);
                }
                qos = t.insert("QoS").set("type", p.qosType())
                        .set("external_ids", marked(Map.of("id", id, "_type", p.qosType()))).uuid();
            }
            Transaction.Insert iface = t.insert("Interface").set("name", p.name());
            if (p.type() != null) {
                iface.set("type", p.type());
            }
            if (!p.options().isEmpty()) {
                iface.set("options", p.options());
            }
            Map<String, String> ifaceIds = marked(p.externalIds());
            if (!ifaceIds.isEmpty()) {
                iface.set("external_ids", ifaceIds);
            }
            if (mtu != null) {
                iface.set("mtu_request", mtu);
            }
            Transaction.Insert port = t.insert("Port").set("name", p.name()).set("interfaces", iface.uuid());
            if (owner != null) {
                port.set("external_ids", marked(Map.of()));
            }
            if (p.isolation() != null) {
                port.set("tag", p.isolation().tag());
                if (p.isolation().vlanMode() != null) {
                    port.set("vlan_mode", p.isolation().vlanMode());
                }
                if (p.isolation().trunk() != null) {
                    port.set("trunks", p.isolation().trunk());
                }
            }
            if (qos != null) {
                port.set("qos", qos);
            }
            newPorts.computeIfAbsent(p.bridge(), k -> new ArrayList<>()).add(port.uuid());
            created.add(p);
        }

        for (String name : newBridges) {
            changes = true;
            // as ovs-vsctl add-br: the bridge's own internal port; marked with the bridge when it is the VIF's own
            Map<String, String> ids = ownBridges.contains(name) ? marked(Map.of()) : Map.of();
            NamedUuid local = t.insert("Interface").set("name", name).set("type", "internal").set("external_ids", ids).uuid();
            NamedUuid localPort = t.insert("Port").set("name", name).set("interfaces", local).set("external_ids", ids).uuid();
            List<NamedUuid> members = new ArrayList<>();
            members.add(localPort);
            List<NamedUuid> added = newPorts.remove(name);
            if (added != null) {
                members.addAll(added);
            }
            Transaction.Insert br = t.insert("Bridge").set("name", name).set("ports", members).set("external_ids", ids);
            String datapath = datapathOf(name);
            if (datapath != null) {
                br.set("datapath_type", datapath);
            }
            t.mutate("Open_vSwitch").insert("bridges", br.uuid());
        }
        for (Map.Entry<String, List<NamedUuid>> e : newPorts.entrySet()) {
            t.mutate("Bridge").where("name", e.getKey()).insert("ports", e.getValue());
        }

        for (PortDrop d : portDrops) {
            Row row = replica.port(d.name());
            String other = otherOwner(replica.iface(d.name()));
            if (other == null) {
                other = otherOwner(row);
            }
            if (other != null) {
                // another VIF's now (this one's was unplugged and the name taken since): never removed here
                String by = other;
                LOG.info("unplug of VIF " + owner + ": port " + d.name() + " belongs to VIF " + by
                        + ", left alone");
                if (row != null) {
                    guards.add(sameRow(t, "Port", row, d.name()));
                }
                continue;
            }
            if (row != null) {
                guards.add(sameRow(t, "Port", row, d.name()));
                // from any bridge, and the row itself, so that its QoS row may go in the same transaction
                t.mutate("Bridge").where("ports", Comparison.INCLUDES, row.uuid()).delete("ports", row.uuid());
                t.delete("Port").whereUuid(row.uuid());
                changes = true;
            } else {
                // checked by name (a scan): only when the replica has no such port, e.g. unplugging twice
                guards.add(t.assertAbsent("Port", "name", d.name()).index());
            }
            if (d.qosType() != null) {
                for (UUID q : replica.qos(qosId(d.name()), d.qosType())) {
                    t.delete("QoS").whereUuid(q);
                    changes = true;
                }
            }
        }
        for (Row q : replica.qosRows()) {
            if (qosDrops.contains(q.uuid()) && otherOwner(q) == null) {
                guards.add(t.waitFor("QoS").whereUuid(q.uuid()).columns("external_ids")
                        .untilEqual(List.of(Map.of("external_ids", q.getMap("external_ids")))).index());
                t.delete("QoS").whereUuid(q.uuid());
                changes = true;
            }
        }
        for (String name : bridgeDrops) {
            Row row = replica.bridge(name);
            if (otherOwner(row) != null) {
                guards.add(sameRow(t, "Bridge", row, name));
                continue;
            }
            if (row != null) {
                guards.add(t.waitFor("Bridge").where("name", name).columns("_uuid")
                        .untilEqual(List.of(Map.of("_uuid", row.uuid()))).index());
                t.mutate("Open_vSwitch").delete("bridges", row.uuid());
                t.delete("Bridge").whereUuid(row.uuid());
                changes = true;
            } else {
                guards.add(t.assertAbsent("Bridge", "name", name).index());
            }
        }
        return new Compiled(t, guards, changes, created, newBridges);
    }

    private String datapathOf(String bridge) {
        for (BridgeWant b : bridges) {
            if (b.name().equals(bridge)) {
                return b.datapathType();
            }
        }
        return null;
    }

    /** A guard that the replica's row is still there under that name: a lookup by _uuid, not a scan. */
    private static int sameRow(Transaction t, String table, Row row, String name) {
        return t.waitFor(table).whereUuid(row.uuid()).columns("name").untilEqual(List.of(Map.of("name", name))).index();
    }

    /** os-vif's db_set of a map column: these keys take these values, other keys stay. */
    private static void merge(Transaction t, UUID iface, String column, Map<String, String> entries) {
        if (!entries.isEmpty()) {
            t.mutate("Interface").whereUuid(iface).delete(column, entries.keySet()).insert(column, entries);
        }
    }
}
