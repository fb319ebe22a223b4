package org.jvif.backend.ovs.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jvif.api.Finding;
import org.jvif.api.HostObject;
import org.jvif.api.OwnerMark;
import org.jvif.backend.ovs.internal.OvsdbPlan.BridgeWant;
import org.jvif.backend.ovs.internal.OvsdbPlan.PortWant;
import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.LinkManager;
import org.jvif.host.ovsdb.Row;
import org.jvif.host.ovsdb.Transaction;
import org.jvif.host.ovsdb.TransactionResult;

/**
 * vif:check's side: what a VIF's plug {@link Plan} would make, compared with what OVSDB (one read-only
 * transaction of selects) and the kernel have. Changes nothing. Many VIFs at once read whole tables and one
 * dump of the devices, once for all.
 */
final class Inspector {
    private static final String[] BRIDGE_COLUMNS = {"_uuid", "name", "datapath_type", "ports"};
    private static final String[] PORT_COLUMNS = {"_uuid", "name", "tag", "qos", "external_ids"};
    private static final String[] INTERFACE_COLUMNS = {"name", "type", "options", "external_ids", "mtu_request"};

    private Inspector() {
    }

    static List<Finding> inspect(Plan plan, String vifId, Connection.Session session, LinkManager links, String namespace,
            Duration timeout) throws InterruptedException {
        Rows rows = Rows.named(plan.ovsdb, session, timeout);
        return findings(plan, vifId, rows, session, links::link, links, namespace);
    }

    /** {@link #inspect} for many plans: one transaction reading the three tables whole, one dump of the devices. */
    static List<List<Finding>> inspectAll(List<Plan> plans, List<String> vifIds, Connection.Session session,
            LinkManager links, String namespace, Duration timeout) throws InterruptedException {
        Rows rows = Rows.all(session, timeout);
        Map<String, Link> devices = new HashMap<>();
        if (plans.stream().anyMatch(p -> !p.deviceWants.isEmpty())) {
            links.links().forEach(l -> devices.put(l.name(), l));
        }
        List<List<Finding>> out = new ArrayList<>(plans.size());
        for (int i = 0; i < plans.size(); i++) {
            out.add(findings(plans.get(i), vifIds.get(i), rows, session, name -> Optional.ofNullable(devices.get(name)),
                    links, namespace));
        }
        return out;
    }

    private static List<Finding> findings(Plan plan, String vifId, Rows rows, Connection.Session session,
            Function<String, Optional<Link>> device, LinkManager links, String namespace) {
        List<Finding> out = new ArrayList<>();
        ovsdb(plan.ovsdb, vifId, rows, session, out);
        String where = namespace.isEmpty() ? null : namespace;
        for (Plan.DeviceWant d : plan.deviceWants) {
            device(d, vifId, device.apply(d.name()), new HostObject(HostObject.Kind.DEVICE, d.name(), where), links, out);
        }
        return out;
    }

    /** The OVSDB rows a check looks at, by name. */
    private record Rows(Map<String, Row> bridges, Map<String, Row> ports, Map<String, Row> interfaces) {
        /** The rows one plan names, selected by name. */
        static Rows named(OvsdbPlan plan, Connection.Session session, Duration timeout) throws InterruptedException {
            Rows rows = new Rows(new HashMap<>(), new HashMap<>(), new HashMap<>());
            if (plan.bridges.isEmpty() && plan.ports.isEmpty()) {
                return rows;
            }
            Transaction t = session.client().transaction();
            List<Transaction.Select> bridges = new ArrayList<>();
            for (BridgeWant b : plan.bridges) {
                bridges.add(t.select("Bridge").where("name", b.name()).columns(BRIDGE_COLUMNS));
            }
            List<Transaction.Select> ports = new ArrayList<>();
            List<Transaction.Select> interfaces = new ArrayList<>();
            for (PortWant p : plan.ports) {
                ports.add(t.select("Port").where("name", p.name()).columns(PORT_COLUMNS));
                interfaces.add(t.select("Interface").where("name", p.name()).columns(INTERFACE_COLUMNS));
            }
            TransactionResult r = commit(t, timeout);
            bridges.forEach(s -> index(r.rows(s), rows.bridges));
            ports.forEach(s -> index(r.rows(s), rows.ports));
            interfaces.forEach(s -> index(r.rows(s), rows.interfaces));
            return rows;
        }

        /** Every bridge, port and interface. */
        static Rows all(Connection.Session session, Duration timeout) throws InterruptedException {
            Transaction t = session.client().transaction();
            Transaction.Select bridges = t.select("Bridge").columns(BRIDGE_COLUMNS);
            Transaction.Select ports = t.select("Port").columns(PORT_COLUMNS);
            Transaction.Select interfaces = t.select("Interface").columns(INTERFACE_COLUMNS);
            TransactionResult r = commit(t, timeout);
            Rows rows = new Rows(new HashMap<>(), new HashMap<>(), new HashMap<>());
            index(r.rows(bridges), rows.bridges);
            index(r.rows(ports), rows.ports);
            index(r.rows(interfaces), rows.interfaces);
            return rows;
        }

        private static TransactionResult commit(Transaction t, Duration timeout) throws InterruptedException {
            return Committer.await(t.timeout(timeout).commit(), System.nanoTime() + timeout.toNanos(), "the OVSDB inspection");
        }

        private static void index(List<Row> rows, Map<String, Row> byName) {
            for (Row row : rows) {
                byName.putIfAbsent(row.getString("name"), row);
            }
        }
    }

    private static void ovsdb(OvsdbPlan plan, String vifId, Rows rows, Connection.Session session, List<Finding> out) {
        Map<String, Row> bridgeRows = new LinkedHashMap<>();
        for (BridgeWant b : plan.bridges) {
            HostObject o = new HostObject(HostObject.Kind.OVS_BRIDGE, b.name(), null);
            Row row = rows.bridges().get(b.name());
            if (row == null) {
                out.add(Finding.missing(o));
                continue;
            }
            bridgeRows.put(b.name(), row);
            out.add(Finding.ok(o, null));
            if (b.datapathType() != null) {
                out.add(Finding.compare(o, "datapath_type", b.datapathType(), row.getString("datapath_type")));
            }
        }
        for (PortWant p : plan.ports) {
            HostObject o = new HostObject(HostObject.Kind.OVS_PORT, p.name(), p.bridge());
            Row port = rows.ports().get(p.name());
            Row iface = rows.interfaces().get(p.name());
            if (port == null || iface == null) {
                out.add(Finding.missing(o));
                continue;
            }
            out.add(Finding.ok(o, null));
            String owner = Replica.owner(iface);
            if (owner != null) {
                out.add(Finding.compare(o, "owner", vifId, owner));
            }
            Row bridge = bridgeRows.get(p.bridge());
            Set<UUID> members = bridge == null ? Set.of() : bridge.getSet("ports");
            out.add(Finding.compare(o, "bridge", p.bridge(), members.contains(port.uuid()) ? p.bridge() : "another bridge"));
            out.add(Finding.compare(o, "type", p.type() == null ? "" : p.type(), iface.getString("type")));
            Map<String, String> options = iface.getMap("options");
            p.options().forEach((k, v) -> out.add(Finding.compare(o, "options:" + k, v, options.get(k))));
            Map<String, String> ids = iface.getMap("external_ids");
            p.externalIds().forEach((k, v) -> out.add(Finding.compare(o, "external_ids:" + k, v, ids.get(k))));
            if (p.mtuRequest() != null && iface.columns().containsKey("mtu_request")) {
                Optional<Long> mtu = iface.getOptional("mtu_request");
                out.add(Finding.compare(o, "mtu_request", String.valueOf(p.mtuRequest()), mtu.map(String::valueOf).orElse("none")));
            }
            if (p.isolation() != null && owner != null) {
                // isolation is given to a port the plug created (marked), never to one it found
                Optional<Long> tag = port.getOptional("tag");
                out.add(Finding.compare(o, "tag", String.valueOf(p.isolation().tag()), tag.map(String::valueOf).orElse("none")));
            }
            if (p.qosType() != null && owner != null) {
                Optional<UUID> qos = port.getOptional("qos");
                String found = qos.flatMap(q -> session.replica().qosRows().stream().filter(row -> row.uuid().equals(q))
                        .findFirst()).map(row -> row.getString("type")).orElse("none");
                out.add(Finding.compare(new HostObject(HostObject.Kind.OVS_QOS, p.name(), p.bridge()), "type", p.qosType(), found));
            }
        }
    }

    private static void device(Plan.DeviceWant d, String vifId, Optional<Link> found, HostObject o, LinkManager links,
            List<Finding> out) {
        if (found.isEmpty()) {
            out.add(Finding.missing(o));
            return;
        }
        Link l = found.get();
        out.add(Finding.ok(o, null));
        l.alias().flatMap(OwnerMark::ownerOfAlias).ifPresent(owner -> out.add(Finding.compare(o, "owner", vifId, owner)));
        out.add(Finding.compare(o, "kind", d.kind(), l.kind()));
        if (d.master() != null) {
            out.add(Finding.compare(o, "master", d.master(), l.master().orElse("none")));
        }
        if (d.mtu() != null) {
            out.add(Finding.compare(o, "mtu", String.valueOf(d.mtu()), String.valueOf(l.mtu())));
        }
        if (d.address() != null) {
            out.add(Finding.compare(o, "address", d.address().toLowerCase(java.util.Locale.ROOT),
                    l.address().map(String::valueOf).orElse("none")));
        }
        out.add(Finding.compare(o, "up", "true", String.valueOf(l.isUp())));
        if (d.promiscuous()) {
            out.add(Finding.compare(o, "promiscuous", "true", String.valueOf(l.isPromiscuous())));
        }
        Map<String, String> wanted = d.sysctls();
        if (!wanted.isEmpty()) {
            Map<String, String> has = links.sysctls(d.name());
            // the kernel's key names the device: the item says only what is set (e.g. sysctl:disable_ipv6)
            wanted.forEach((k, v) -> out.add(Finding.compare(o, "sysctl:" + k.substring(k.lastIndexOf('.') + 1), v,
                    has.getOrDefault(k, "none"))));
        }
    }
}
