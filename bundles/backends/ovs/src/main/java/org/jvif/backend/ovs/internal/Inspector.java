package org.jvif.backend.ovs.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
 * vif:check's side for one VIF: what its plug {@link Plan} would make, compared with what OVSDB (one read-only
 * transaction of selects) and the kernel have. Changes nothing.
 */
final class Inspector {
    private Inspector() {
    }

    static List<Finding> inspect(Plan plan, String vifId, Connection.Session session, LinkManager links, String namespace,
            Duration timeout) throws InterruptedException {
        List<Finding> out = new ArrayList<>();
        ovsdb(plan.ovsdb, vifId, session, timeout, out);
        String where = namespace.isEmpty() ? null : namespace;
        for (Plan.DeviceWant d : plan.deviceWants) {
            device(d, vifId, links.link(d.name()), new HostObject(HostObject.Kind.DEVICE, d.name(), where), links, out);
        }
        return out;
    }

    private static void ovsdb(OvsdbPlan plan, String vifId, Connection.Session session, Duration timeout, List<Finding> out)
            throws InterruptedException {
        Transaction t = session.client().transaction();
        Map<String, Transaction.Select> bridges = new LinkedHashMap<>();
        for (BridgeWant b : plan.bridges) {
            bridges.put(b.name(), t.select("Bridge").where("name", b.name()).columns("_uuid", "name", "datapath_type", "ports"));
        }
        Map<String, Transaction.Select[]> ports = new LinkedHashMap<>();
        for (PortWant p : plan.ports) {
            ports.put(p.name(), new Transaction.Select[] {
                t.select("Port").where("name", p.name()).columns("_uuid", "name", "tag", "qos", "external_ids"),
                t.select("Interface").where("name", p.name()).columns("name", "type", "options", "external_ids", "mtu_request")});
        }
        if (bridges.isEmpty() && ports.isEmpty()) {
            return;
        }
        TransactionResult r = Committer.await(t.timeout(timeout).commit(), System.nanoTime() + timeout.toNanos(),
                "the OVSDB inspection");
        Map<String, Row> bridgeRows = new LinkedHashMap<>();
        for (BridgeWant b : plan.bridges) {
            HostObject o = new HostObject(HostObject.Kind.OVS_BRIDGE, b.name(), null);
            List<Row> rows = r.rows(bridges.get(b.name()));
            if (rows.isEmpty()) {
                out.add(Finding.missing(o));
                continue;
            }
            Row row = rows.get(0);
            bridgeRows.put(b.name(), row);
            out.add(Finding.ok(o, null));
            if (b.datapathType() != null) {
                out.add(Finding.compare(o, "datapath_type", b.datapathType(), row.getString("datapath_type")));
            }
        }
        for (PortWant p : plan.ports) {
            HostObject o = new HostObject(HostObject.Kind.OVS_PORT, p.name(), p.bridge());
            Transaction.Select[] s = ports.get(p.name());
            List<Row> portRows = r.rows(s[0]);
            List<Row> ifaceRows = r.rows(s[1]);
            if (portRows.isEmpty() || ifaceRows.isEmpty()) {
                out.add(Finding.missing(o));
                continue;
            }
            Row port = portRows.get(0);
            Row iface = ifaceRows.get(0);
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
