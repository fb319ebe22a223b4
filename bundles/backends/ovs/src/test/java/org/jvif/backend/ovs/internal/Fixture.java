package org.jvif.backend.ovs.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jvif.api.OsVif;
import org.jvif.host.netlink.testing.IpWitness;
import org.jvif.host.ovsdb.testing.OvsSandbox;
import org.jvif.registry.internal.TestRegistry;

/**
 * A private Open vSwitch (ovsdb-server + ovs-vswitchd in a network namespace of its own, userspace
 * datapath), the ovs backend configured for it and plugged through the registry, and independent
 * witnesses of the result: ovs-vsctl for OVSDB, {@code ip -n NS -d -j link} and the namespace's
 * /proc/sys for the kernel.
 */
final class Fixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final OvsSandbox ovs;
    /** A namespace of the fixture's own when the sandbox has none (no ovs-vswitchd), for the kernel side. */
    private final String ownNetns;
    OvsPlugin plugin;
    OsVif osvif;

    Fixture() {
        this(OvsSandbox.builder());
    }

    Fixture(OvsSandbox.Builder sandbox) {
        this.ovs = sandbox.start();
        if (ovs.netns() == null) {
            ownNetns = "jvif-t-ovs-" + Long.toHexString(System.nanoTime() & 0xffffffL);
            ip("netns", "add", ownNetns);
        } else {
            ownNetns = null;
        }
    }

    String netns() {
        return ownNetns != null ? ownNetns : ovs.netns();
    }

    /** The backend, activated with the test defaults overridden by {@code keyValues}. */
    OsVif start(Object... keyValues) {
        stopPlugin();
        plugin = new OvsPlugin();
        plugin.activate(config(keyValues));
        osvif = TestRegistry.with("ovs", plugin);
        return osvif;
    }

    Map<String, Object> config(Object... keyValues) {
        Map<String, Object> c = new HashMap<>();
        c.put("ovsdb_connection", ovs.unixRemote());
        c.put("network_namespace", netns());
        c.put("ovs_vsctl_timeout", 20);
        for (int i = 0; i < keyValues.length; i += 2) {
            c.put((String) keyValues[i], keyValues[i + 1]);
        }
        return c;
    }

    void stopPlugin() {
        if (plugin != null) {
            plugin.deactivate();
            plugin = null;
        }
    }

    /** Back to an empty switch: no bridges, no QoS rows, no devices but loopback in the namespace. */
    void reset() {
        stopPlugin();
        if (!ovs.running("ovsdb-server")) {
            ovs.startOvsdbServer();
        }
        for (String br : lines(ovs.vsctl("list-br"))) {
            // waiting for ovs-vswitchd, which then has removed the bridge's device
            ovs.vsctl("del-br", br);
        }
        for (Map<String, Object> q : rows("QoS")) {
            ovs.vsctl("--no-wait", "destroy", "QoS", (String) q.get("_uuid"));
        }
        for (JsonNode l : links()) {
            String name = l.path("ifname").asText();
            if (!name.equals("lo") && !name.equals("ovs-netdev")) {
                try {
                    ip("-n", netns(), "link", "del", name);
                } catch (AssertionError e) {
                    // gone meanwhile: a veth peer, or a device ovs-vswitchd removed
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            stopPlugin();
        } finally {
            ovs.close();
            if (ownNetns != null) {
                ip("netns", "del", ownNetns);
            }
        }
    }

    // ---------------------------------------------------------------- OVSDB witness (ovs-vsctl)

    /** One row as ovs-vsctl lists it, columns decoded (maps, lists, strings, longs), or null. */
    Map<String, Object> row(String table, String record) {
        List<Map<String, Object>> rows = decode(ovs.vsctl("--format=json", "--data=json", "--if-exists", "list", table, record));
        return rows.isEmpty() ? null : rows.get(0);
    }

    List<Map<String, Object>> rows(String table) {
        return decode(ovs.vsctl("--format=json", "--data=json", "list", table));
    }

    List<String> ports(String bridge) {
        return lines(ovs.vsctl("list-ports", bridge));
    }

    List<String> bridges() {
        return lines(ovs.vsctl("list-br"));
    }

    private static List<String> lines(String out) {
        List<String> l = new ArrayList<>();
        for (String s : out.split("\n")) {
            if (!s.isBlank()) {
                l.add(s.trim());
            }
        }
        return l;
    }

    private static List<Map<String, Object>> decode(String json) {
        try {
            JsonNode t = JSON.readTree(json);
            List<String> headings = new ArrayList<>();
            t.path("headings").forEach(h -> headings.add(h.asText()));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (JsonNode r : t.path("data")) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < headings.size(); i++) {
                    row.put(headings.get(i), datum(r.get(i)));
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException("ovs-vsctl printed no JSON: " + json, e);
        }
    }

    /** OVSDB JSON: ["map", [[k, v]...]], ["set", [...]], ["uuid", x], or an atom. */
    private static Object datum(JsonNode n) {
        if (n.isArray() && n.size() == 2 && n.get(0).isTextual()) {
            switch (n.get(0).asText()) {
                case "map": {
                    Map<Object, Object> m = new LinkedHashMap<>();
                    n.get(1).forEach(kv -> m.put(datum(kv.get(0)), datum(kv.get(1))));
                    return m;
                }
                case "set": {
                    List<Object> s = new ArrayList<>();
                    n.get(1).forEach(e -> s.add(datum(e)));
                    return s;
                }
                case "uuid":
                case "named-uuid":
                    return n.get(1).asText();
                default:
                    break;
            }
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        return n.asText();
    }

    // ---------------------------------------------------------------- kernel witness (ip)

    List<JsonNode> links() {
        return IpWitness.links(netns());
    }

    Optional<JsonNode> link(String name) {
        return IpWitness.link(netns(), name);
    }

    JsonNode requireLink(String name) {
        return IpWitness.require(netns(), name);
    }

    static boolean hasFlag(JsonNode link, String flag) {
        for (JsonNode f : link.path("flags")) {
            if (f.asText().equals(flag)) {
                return true;
            }
        }
        return false;
    }

    /** A file read inside the namespace, e.g. its /proc/sys/net/... values. */
    String catInside(String file) {
        return IpWitness.catInside(netns(), file);
    }

    static String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /** A command's output; an AssertionError when it fails. */
    static String run(List<String> cmd) {
        return IpWitness.run(cmd);
    }
}
