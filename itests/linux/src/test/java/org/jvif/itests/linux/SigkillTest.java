package org.jvif.itests.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.jvif.api.CheckReport;
import org.jvif.api.HostObject;
import org.jvif.api.VifPlugin;
import org.jvif.api.VifRecord;
import org.jvif.api.VifState;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.Network;
import org.jvif.api.model.VIFBase;
import org.jvif.backend.linuxbridge.internal.LinuxBridgePlugin;
import org.jvif.backend.macvtap.internal.MacvtapPlugin;
import org.jvif.backend.ovs.internal.OvsBackends;
import org.jvif.backend.ovs.internal.OvsPlugin;
import org.jvif.backend.tap.internal.TapPlugin;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.host.netlink.testing.FakeSysfs;
import org.jvif.host.netlink.testing.IpWitness;
import org.jvif.host.ovsdb.testing.OvsSandbox;
import org.jvif.portprofile.openvswitch.VIFPortProfileOpenVSwitch;
import org.jvif.registry.internal.LinuxRegistry;
import org.jvif.registry.internal.OsVifRegistry;
import org.jvif.registry.internal.RecordedRegistry;
import org.jvif.vif.bridge.VIFBridge;
import org.jvif.vif.direct.VIFDirect;
import org.jvif.vif.generic.VIFGeneric;
import org.jvif.vif.hostdevice.VIFHostDevice;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.jvif.vif.vhostuser.VIFVHostUser;

/**
 * The platform killed with SIGKILL at random instants while it plugs and unplugs VIFs of every backend kind
 * (issue 9): a child JVM runs the registry with its durable record and the tap, macvtap, linux_bridge and ovs
 * backends, all in one private namespace where a private Open vSwitch (userspace datapath) runs too, plugging
 * and unplugging at random from 3 threads: taps, macvtaps, Linux bridges, and on Open vSwitch a
 * {@code VIFOpenVSwitch} with its tap, a hybrid {@code VIFBridge} (qbr/qvb/qvo), a {@code VIFOpenVSwitch} on a
 * per-port bridge (a second ovs backend with {@code per_port_bridge}, routed as plugin {@value #PPB}), one on
 * the kernel datapath with its QoS row, a {@code VIFVHostUser}, and a {@code VIFHostDevice} whose VF's
 * representor (a veth the test makes, found through a fake sysfs) joins a bridge of the kernel datapath. It is
 * killed, and a new registry on the same record and host reconciles at start. Then {@code check} is clean,
 * the host holds exactly what the VIFs the record holds as plugged make (devices by {@code ip -d -j link},
 * bridges, ports, interfaces and QoS rows by {@code ovs-vsctl}), and each VIF is as its last answered call left
 * it or as the call in flight at the kill asked (calls in flight are completed).
 */
class SigkillTest {
    static final int KILLS = 24;
    static final int THREADS = 3;
    /** The second ovs backend's plugin name: the same backend with {@code per_port_bridge}. */
    static final String PPB = "ovs_ppb";
    static final String PCI = "0000:81:00.1";
    /** The VIFHostDevice's VF, its PF, and its representor (a veth of the test's, found through the fake sysfs). */
    static final String VF_PCI = "0000:82:00.3";
    static final String PF_PCI = "0000:82:00.0";
    static final String REPRESENTOR = "repk1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The kinds, by VIF index. */
    enum Kind { TAP, MACVTAP, LINUX_BRIDGE, OVS, HYBRID, PER_PORT_BRIDGE, QOS, VHOSTUSER, HOSTDEV }

    static final List<Kind> KINDS = List.of(Kind.TAP, Kind.TAP, Kind.MACVTAP, Kind.MACVTAP, Kind.LINUX_BRIDGE,
            Kind.LINUX_BRIDGE, Kind.OVS, Kind.OVS, Kind.HYBRID, Kind.HYBRID, Kind.PER_PORT_BRIDGE, Kind.QOS,
            Kind.VHOSTUSER, Kind.HYBRID, Kind.PER_PORT_BRIDGE, Kind.HOSTDEV);

    @TempDir
    Path dir;

    static String id(int i) {
        return UUID.nameUUIDFromBytes(("sigkill" + i).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static InstanceInfo instance() {
        InstanceInfo instance = new InstanceInfo();
        instance.setUuid("f0000000-0000-0000-0000-00000000000b");
        instance.setName("sigkill");
        return instance;
    }

    static Network network(String bridge) {
        Network n = new Network();
        n.setId(UUID.nameUUIDFromBytes(bridge.getBytes(StandardCharsets.UTF_8)).toString());
        n.setBridge(bridge);
        return n;
    }

    static VIFPortProfileOpenVSwitch profile(int i, String datapath, boolean createTap) {
        VIFPortProfileOpenVSwitch p = new VIFPortProfileOpenVSwitch();
        p.setInterfaceId(id(i));
        p.setProfileId("");
        p.setDatapathType(datapath);
        p.setCreatePort(true);
        p.setCreateTap(createTap);
        return p;
    }

    /** The VIF of index i: its kind's type, id, MAC and plugin, and what its kind needs. */
    static VIFBase vif(int i) {
        Kind kind = KINDS.get(i);
        VIFBase v;
        switch (kind) {
            case TAP -> {
                VIFGeneric g = new VIFGeneric();
                g.setVifName("tapk" + i);
                v = g;
            }
            case MACVTAP -> {
                VIFDirect d = new VIFDirect();
                d.setVifName("mvtk" + i);
                d.setDevAddress(PCI);
                d.setMode("bridge");
                d.setNetwork(network("direct"));
                v = d;
            }
            case LINUX_BRIDGE -> {
                VIFBridge b = new VIFBridge();
                b.setVifName("tapk" + i);
                b.setBridgeName("brk" + i);
                Network n = network("brk" + i);
                n.setShouldProvideBridge(true);
                b.setNetwork(n);
                v = b;
            }
            case HYBRID -> {
                VIFBridge b = new VIFBridge();
                b.setHasTrafficFiltering(true);
                b.setVifName(("tap" + id(i)).substring(0, 14));
                b.setBridgeName(("qbr" + id(i)).substring(0, 14));
                b.setNetwork(network("br-int"));
                b.setPortProfile(profile(i, "netdev", false));
                v = b;
            }
            case VHOSTUSER -> {
                VIFVHostUser u = new VIFVHostUser();
                u.setVifName("vhuk" + i);
                u.setPath("/var/run/openvswitch/vhuk" + i);
                u.setMode(VIFVHostUser.CLIENT);
                u.setNetwork(network("br-int"));
                u.setPortProfile(profile(i, "netdev", false));
                v = u;
            }
            case HOSTDEV -> {
                VIFHostDevice d = new VIFHostDevice();
                d.setDevType(VIFHostDevice.ETHERNET);
                d.setDevAddress(VF_PCI);
                d.setNetwork(network("br-sriov"));
                d.setPortProfile(profile(i, "system", false));
                v = d;
            }
            default -> {
                VIFOpenVSwitch o = new VIFOpenVSwitch();
                o.setVifName("ovk" + i);
                String bridge = kind == Kind.QOS ? "br-qos" : "br-int";
                o.setNetwork(network(bridge));
                o.setBridgeName(bridge);
                // the kernel datapath gets default_qos_type's QoS row (this kernel has no OVS module: the
                // bridge exists in OVSDB only, the port's tap is ours)
                o.setPortProfile(profile(i, kind == Kind.QOS ? "system" : "netdev", true));
                v = o;
            }
        }
        v.setId(id(i));
        v.setAddress(String.format("fa:16:3e:00:01:%02x", i));
        v.setPlugin(switch (kind) {
            case TAP -> "tap";
            case MACVTAP -> "macvtap";
            case LINUX_BRIDGE -> "linux_bridge";
            case PER_PORT_BRIDGE -> PPB;
            default -> "ovs";
        });
        return v;
    }

    /** Every backend, configured for the namespace, the switch and the fake sysfs; by plugin name. */
    static Map<String, VifPlugin> backends(String ns, String ovsdb, String sysfs) {
        Map<String, Object> ovs = new HashMap<>(Map.of("network_namespace", ns, "ovsdb_connection", ovsdb,
                "ovs_vsctl_timeout", 60, // ovs-vswitchd is slow on a loaded 2-core machine
                "sysfs_root", sysfs));
        Map<String, VifPlugin> backends = new TreeMap<>();
        backends.put("tap", new TapPlugin(Map.of("network_namespace", ns)));
        backends.put("macvtap", new MacvtapPlugin(Map.of("network_namespace", ns, "sysfs_root", sysfs)));
        backends.put("linux_bridge", new LinuxBridgePlugin(Map.of("network_namespace", ns)));
        backends.put("ovs", OvsBackends.start(ovs));
        ovs.put("per_port_bridge", true);
        backends.put(PPB, OvsBackends.start(ovs));
        return backends;
    }

    static void close(Map<String, VifPlugin> backends) {
        for (VifPlugin b : backends.values()) {
            if (b instanceof OvsPlugin ovs) {
                OvsBackends.stop(ovs);
            } else {
                ((org.jvif.host.linux.LinuxBackend<?>) b).close();
            }
        }
    }

    /**
     * The child: {@code <record file> <namespace> <ovsdb remote> <sysfs root> <seed>}; says "begin OP i" and
     * "ok|failed OP i" per call. Thread t plugs and unplugs the VIFs i with i % THREADS == t.
     */
    public static void main(String[] args) {
        OsVifRegistry registry = RecordedRegistry.open(LinuxRegistry.of(backends(args[1], args[2], args[3])),
                Path.of(args[0]));
        long seed = Long.parseLong(args[4]);
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            new Thread(() -> {
                Random random = new Random(seed * THREADS + thread);
                List<Integer> mine = new ArrayList<>();
                for (int i = thread; i < KINDS.size(); i += THREADS) {
                    mine.add(i);
                }
                while (true) {
                    int i = mine.get(random.nextInt(mine.size()));
                    boolean plug = random.nextBoolean();
                    String op = (plug ? "plug " : "unplug ") + i;
                    System.out.println("begin " + op);
                    System.out.flush();
                    try {
                        if (plug) {
                            registry.plug(vif(i), instance());
                        } else {
                            registry.unplug(vif(i), instance());
                        }
                        System.out.println("ok " + op);
                    } catch (RuntimeException e) {
                        System.out.println("failed " + op + " " + String.valueOf(e.getMessage()).replace('\n', ' '));
                    }
                    System.out.flush();
                }
            }, "sigkill-" + t).start();
        }
    }

    /** Books one line of the child's: a call begun, or its answer. */
    private static void seen(String line, Map<Integer, VifState> answered, Map<Integer, VifState> inFlight) {
        String[] w = line.split(" ");
        if (w.length < 3 || !w[2].matches("\\d+")) {
            return; // cut short by the kill
        }
        int i = Integer.parseInt(w[2]);
        VifState wanted = w[1].equals("plug") ? VifState.PLUGGED : VifState.UNPLUGGED;
        if (w[0].equals("begin")) {
            inFlight.put(i, wanted);
        } else if (w[0].equals("ok")) {
            inFlight.remove(i);
            answered.put(i, wanted);
        } else if (w[0].equals("failed")) {
            throw new AssertionError("a call failed: " + line);
        }
    }

    @Test
    @Timeout(900) // a child or a reconcile that hangs fails the test instead of the build
    void afterEachKillTheRestartedPlatformAgreesWithTheHost() throws Exception {
        Path record = dir.resolve("record.mv.db");
        long seed = Long.getLong("sigkill.seed", 9);
        Random random = new Random(seed);
        // per VIF: the state its last answered call left, and the call begun after it, if any
        Map<Integer, VifState> answered = new HashMap<>();
        Map<Integer, VifState> inFlight = new HashMap<>();
        // the calls a kill cut short, by kind: what the loop covered
        Map<Kind, Integer> cut = new TreeMap<>();
        try (Sandbox sandbox = Sandbox.create("kill");
                OvsSandbox ovs = OvsSandbox.builder().netns(sandbox.name).vswitchdLog("off").start();
                FakeSysfs fs = new FakeSysfs().pf(PF_PCI, "pfk0", "swk", "p0").vf(PF_PCI, 1, VF_PCI)
                        .netdev(REPRESENTOR, "swk", "pf0vf1")) {
            Path sysfs = fs.root;
            Files.createDirectories(sysfs.resolve("bus/pci/devices").resolve(PCI).resolve("net/lower1"));
            sandbox.links.createVethPair("lower1", LinkSettings.NONE.withUp(true), "peer1",
                    LinkSettings.NONE.withUp(true));
            sandbox.links.createVethPair(REPRESENTOR, LinkSettings.NONE, REPRESENTOR + "p", LinkSettings.NONE);
            for (int kill = 0; kill < KILLS; kill++) {
                Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                        SigkillTest.class.getName(), record.toString(), sandbox.name, ovs.unixRemote(),
                        sysfs.toString(), Long.toString(seed * KILLS + kill)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                int lines = 2 + random.nextInt(60);
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8)); AutoCloseable killed = () -> child.toHandle().destroyForcibly()) {
                    for (int n = 0; n < lines; n++) {
                        String line = out.readLine();
                        if (line == null) {
                            throw new AssertionError("the child died by itself");
                        }
                        seen(line, answered, inFlight);
                    }
                    // killed at once, or after a random moment (often inside a call or a commit)
                    Thread.sleep(random.nextInt(3) == 0 ? 0 : random.nextInt(20));
                    child.toHandle().destroyForcibly(); // SIGKILL; Process.destroyForcibly would close its stdout too
                    child.waitFor();
                    // what it said before it died
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        seen(line, answered, inFlight);
                    }
                }
                inFlight.keySet().forEach(i -> cut.merge(KINDS.get(i), 1, Integer::sum));

                Map<String, VifPlugin> backends = backends(sandbox.name, ovs.unixRemote(), sysfs.toString());
                OsVifRegistry registry = RecordedRegistry.open(LinuxRegistry.of(backends), record);
                try {
                    RecordedRegistry.awaitReconciled(registry);
                    String at = "kill " + kill + ": ";
                    // each VIF as its last answered call left it, or as the call in flight asked
                    for (int i = 0; i < KINDS.size(); i++) {
                        VifRecord r = registry.vif(id(i)).orElse(null);
                        VifState now = r == null ? VifState.UNPLUGGED : r.state();
                        VifState last = answered.getOrDefault(i, VifState.UNPLUGGED);
                        VifState flying = inFlight.get(i);
                        assertTrue(now == last || now == flying, at + "VIF " + i + " (" + KINDS.get(i) + "): " + now
                                + ", last answered " + last + ", in flight " + flying + "; record " + r);
                        answered.put(i, now);
                    }
                    inFlight.clear();
                    CheckReport report = registry.check(List.of());
                    assertTrue(report.clean(), at + report);
                    assertHostHoldsExactly(at, sandbox.name, ovs, backends, answered);
                } finally {
                    RecordedRegistry.close(registry);
                    close(backends);
                }
            }
        }
        System.out.println("SigkillTest: " + KILLS + " kills, calls cut short by kind: " + cut);
        assertTrue(cut.values().stream().mapToInt(Integer::intValue).sum() >= KILLS, "kills inside calls: " + cut);
    }

    /**
     * The namespace's devices and the switch's bridges, ports, interfaces and QoS rows are exactly those the
     * plugged VIFs make, besides what is there by design: loopback, the macvtaps' lower veth, the VF's
     * representor (up while its VIF is plugged, down otherwise), the devices ovs-vswitchd makes for its userspace
     * bridges, the integration bridges (an unplug leaves them, as os-vif's), and linux_bridge's bridges (its unplug
     * does nothing, as os-vif's).
     */
    static void assertHostHoldsExactly(String at, String ns, OvsSandbox ovs, Map<String, VifPlugin> backends,
            Map<Integer, VifState> states) {
        Set<String> devices = new TreeSet<>();
        Set<String> bridges = new TreeSet<>(Set.of("br-int", "br-qos"));
        Set<String> ports = new TreeSet<>();
        Set<String> qos = new TreeSet<>();
        Set<String> lbBridges = new TreeSet<>();
        for (int i = 0; i < KINDS.size(); i++) {
            VIFBase vif = vif(i);
            Kind kind = KINDS.get(i);
            if (kind == Kind.LINUX_BRIDGE) {
                lbBridges.add(((VIFBridge) vif).getBridgeName());
            }
            if (states.get(i) != VifState.PLUGGED) {
                continue;
            }
            if (kind == Kind.HOSTDEV) { // its port is the representor sysfs names, which hostObjects cannot know
                ports.add(REPRESENTOR);
                qos.add(OvsBackends.qosId(REPRESENTOR));
                continue;
            }
            Set<HostObject> objects = backends.get(vif.getPlugin()).hostObjects(vif);
            for (HostObject o : objects) {
                switch (o.kind()) {
                    case OVS_BRIDGE -> bridges.add(o.name());
                    case OVS_PORT -> ports.add(o.name());
                    default -> {
                    }
                }
            }
            switch (kind) {
                case TAP, MACVTAP, OVS, PER_PORT_BRIDGE -> devices.add((String) vif.get("vif_name"));
                case QOS -> {
                    devices.add((String) vif.get("vif_name"));
                    qos.add(OvsBackends.qosId((String) vif.get("vif_name")));
                }
                case LINUX_BRIDGE -> devices.add(((VIFBridge) vif).getBridgeName());
                case HYBRID -> objects.stream().filter(o -> o.kind() == HostObject.Kind.DEVICE
                        && !o.name().equals(((VIFBridge) vif).getVifName())).forEach(o -> devices.add(o.name()));
                default -> {
                }
            }
        }
        Set<String> ovsBridges = new TreeSet<>(names(ovs, "Bridge"));
        List<JsonNode> links = IpWitness.links(ns);
        boolean representorUp = links.stream().filter(l -> l.get("ifname").asText().equals(REPRESENTOR))
                .anyMatch(IpWitness::isUp);
        assertEquals(states.get(KINDS.indexOf(Kind.HOSTDEV)) == VifState.PLUGGED, representorUp, at + "representor up");
        Set<String> found = links.stream().map(l -> l.get("ifname").asText())
                .filter(n -> !Set.of("lo", "lower1", "peer1", REPRESENTOR, REPRESENTOR + "p", "ovs-netdev").contains(n)
                        && !ovsBridges.contains(n))
                .filter(n -> devices.contains(n) || !lbBridges.contains(n))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(devices, found, at + "devices");
        // the integration bridges once made stay; per-port bridges exactly
        ovsBridges.removeAll(Set.of("br-int", "br-qos", "br-sriov"));
        bridges.removeAll(Set.of("br-int", "br-qos", "br-sriov"));
        assertEquals(bridges, ovsBridges, at + "bridges");
        Set<String> expectedPorts = new TreeSet<>(ports);
        for (String b : names(ovs, "Bridge")) {
            expectedPorts.add(b); // its own internal port
        }
        assertEquals(expectedPorts, names(ovs, "Port"), at + "ports");
        assertEquals(expectedPorts, names(ovs, "Interface"), at + "interfaces");
        Set<String> qosFound = new TreeSet<>();
        for (JsonNode row : rows(ovs, "QoS")) {
            qosFound.add(row.path("external_ids").path("id").asText("?"));
        }
        assertEquals(qos, qosFound, at + "QoS rows");
    }

    /** The names of a table's rows, as ovs-vsctl lists them. */
    static Set<String> names(OvsSandbox ovs, String table) {
        Set<String> names = new TreeSet<>();
        for (JsonNode row : rows(ovs, table)) {
            names.add(row.path("name").asText());
        }
        return names;
    }

    /** A table's rows as ovs-vsctl lists them: column to value, maps as objects. */
    static List<JsonNode> rows(OvsSandbox ovs, String table) {
        try {
            JsonNode t = JSON.readTree(ovs.vsctl("--format=json", "--data=json", "list", table));
            List<String> headings = new ArrayList<>();
            t.path("headings").forEach(h -> headings.add(h.asText()));
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode r : t.path("data")) {
                com.fasterxml.jackson.databind.node.ObjectNode row = JSON.createObjectNode();
                for (int c = 0; c < headings.size(); c++) {
                    JsonNode v = r.get(c);
                    if (v.isArray() && v.size() == 2 && v.get(0).asText().equals("map")) {
                        com.fasterxml.jackson.databind.node.ObjectNode m = JSON.createObjectNode();
                        v.get(1).forEach(kv -> m.set(kv.get(0).asText(), kv.get(1)));
                        v = m;
                    }
                    row.set(headings.get(c), v);
                }
                out.add(row);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
