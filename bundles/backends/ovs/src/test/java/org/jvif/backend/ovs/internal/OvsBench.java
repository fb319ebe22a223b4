package org.jvif.backend.ovs.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jvif.api.OsVif;
import org.jvif.api.model.VIFBase;
import org.jvif.host.ovsdb.NamedUuid;
import org.jvif.host.ovsdb.OvsdbClient;
import org.jvif.host.ovsdb.OvsdbOptions;
import org.jvif.host.ovsdb.Transaction;
import org.jvif.host.ovsdb.TransactionResult;
import org.jvif.host.ovsdb.testing.OvsSandbox;
import org.jvif.registry.internal.TestRegistry;
import org.jvif.vif.bridge.VIFBridge;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.jvif.vif.vhostuser.VIFVHostUser;

/**
 * Plug and unplug times of the ovs backend beside Python os-vif and a raw OVSDB client, on this machine in
 * the same run. The VIFs are the peer's (itests/peer/osvif_plug.py): VIFOpenVSwitch with create_port,
 * VIFBridge (hybrid plug) and VIFVHostUser (server mode), network MTU 1450, bridge br-int, datapath
 * netdev. Each measurement gets a fresh sandbox (ovsdb-server on tcp:127.0.0.1, ovs-vswitchd in a network
 * namespace of its own, where the kernel devices are made); a discarded warm-up round runs first.
 * Printed: median ms per VIF over VIFs 2..N (the first plug separately), per phase.
 *
 * <pre>
 * -n 200,1000            VIF counts            --kinds ovs,bridge,vhostuser
 * --wait both|yes|no     vswitchd wait         --reps R        repetitions (median of medians)
 * --threads 16 --threads-n 1000                the concurrent phase (VIFOpenVSwitch, waiting)
 * --peer-n 200           os-vif's N (0: skip)  --raw-n 200,1000  ovsdb_raw.py's N (empty: skip)
 * --peer-dir DIR         the peer scripts (default: itests/peer of the project)
 * --warmup 500           VIFs of each kind plugged and unplugged first, for the JIT, not measured
 * --paired-n 200         the paired floor's N (0: skip)
 * --async-n 1000         the asynchronous phase's N (VIFOpenVSwitch from one thread, waiting; 0: skip)
 * --record-n 200         the paired floor again, the registry keeping its durable record in a file (0: skip)
 * --resync-n 1000        resync after a host reboot, per kind of --resync-kinds ovs,bridge (0: skip)
 * --resync-settle 0      ms between the backend's activation and its arrival at the registry (0: at once, as SCR)
 * </pre>
 *
 * <p>Resync after a reboot: N VIFs plugged through a registry keeping its record in a file, the registry
 * and the sandbox then gone (OVSDB and kernel empty), and a new registry on the same record in a fresh
 * sandbox: timed from the backend's arrival, which starts the start-up reconcile (check, then plugAll),
 * until it has finished, waiting for vswitchd. For VIFOpenVSwitch beside raw transactions of 100 ports
 * each, waited, in a fresh sandbox of the same run.
 *
 * <p>The paired floor: in one sandbox, VIFOpenVSwitch plugs (then unplugs) through the backend alternate
 * with ovsdb_raw.py's transactions for a port of the same kind (insert Interface + Port + mutate
 * Bridge.ports; mutate Bridge.ports delete), each waiting for vswitchd, sent by a second connection of the
 * OVSDB client without batching. Both sides thus see the same port count, log volume and machine load,
 * which the ratio to ovsdb_raw.py (another sandbox, minutes later) cannot promise on a busy machine.
 */
public final class OvsBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BRIDGE = "br-int";

    private final Map<String, String> args;
    private final List<String> summary = new ArrayList<>();
    /** kind/N/wait → [plug median, unplug median]. */
    private final Map<String, double[]> ours = new LinkedHashMap<>();

    private OvsBench(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new LinkedHashMap<>(Map.of("n", "200,1000", "kinds", "ovs,bridge,vhostuser",
                "wait", "both", "reps", "1", "threads", "16", "threads-n", "1000", "peer-n", "200",
                "raw-n", "200,1000", "peer-dir", "", "warmup", "500"));
        a.put("paired-n", "200");
        a.put("async-n", "1000");
        a.put("record-n", "200");
        a.put("resync-n", "1000");
        a.put("resync-kinds", "ovs,bridge");
        a.put("resync-settle", "0");
        for (int i = 0; i < argv.length; i++) {
            String k = argv[i].replaceFirst("^--?", "");
            if (!a.containsKey(k) || i + 1 >= argv.length) {
                throw new IllegalArgumentException("unknown or incomplete option " + argv[i] + "; options: " + a.keySet());
            }
            a.put(k, argv[++i]);
        }
        new OvsBench(a).run();
        System.exit(0);
    }

    private static List<Integer> ints(String csv) {
        List<Integer> l = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                l.add(Integer.parseInt(s.trim()));
            }
        }
        return l;
    }

    private void run() throws Exception {
        say(String.format(Locale.ROOT, "jvif ovs backend bench: %d CPUs, java %s, load %s", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Files.readString(Path.of("/proc/loadavg")).trim()));
        // the platform's log in a file, as the daemon's (log/jvif.log): each plug's audit line is part of its cost,
        // Maven reading a pipe of them is not (a full pipe held the reconcile of 1000 VIFs up)
        Path log = Files.createTempFile("jvif-bench", ".log");
        java.util.logging.LogManager.getLogManager().reset();
        java.util.logging.FileHandler file = new java.util.logging.FileHandler(log.toString());
        file.setFormatter(new java.util.logging.SimpleFormatter());
        java.util.logging.Logger.getLogger("").addHandler(file);
        say("the platform's log: " + log);
        List<String> kinds = Arrays.asList(args.get("kinds").split(","));
        List<Boolean> waits = switch (args.get("wait")) {
            case "yes" -> List.of(true);
            case "no" -> List.of(false);
            default -> List.of(true, false);
        };
        int reps = Integer.parseInt(args.get("reps"));
        int warmup = Integer.parseInt(args.get("warmup"));
        say("warm-up (discarded): " + warmup + " VIFs of each kind, not waiting");
        for (String kind : kinds) {
            measure(kind, warmup, false);
        }
        for (int n : ints(args.get("n"))) {
            for (String kind : kinds) {
                for (boolean wait : waits) {
                    double[][] r = new double[reps][];
                    for (int rep = 0; rep < reps; rep++) {
                        r[rep] = measure(kind, n, wait);
                    }
                    double plug = median(col(r, 0));
                    double unplug = median(col(r, 1));
                    ours.put(kind + "/" + n + "/" + wait, new double[] {plug, unplug});
                    report(String.format(Locale.ROOT, "jvif %-9s N=%-4d %-9s | plug %7.3f ms/vif (first %6.1f ms) | unplug %7.3f ms/vif (first %6.1f ms)%s",
                            kind, n, wait ? "waiting" : "no-wait", plug, median(col(r, 2)), unplug, median(col(r, 3)),
                            reps > 1 ? String.format(Locale.ROOT, " | plug min-max %.3f-%.3f", min(col(r, 0)), max(col(r, 0))) : ""));
                    report(String.format(Locale.ROOT, "     CPU ms/vif: plug jvm %.3f (java threads %.3f) ovsdb-server %.3f ovs-vswitchd %.3f | unplug jvm %.3f (java threads %.3f) ovsdb-server %.3f ovs-vswitchd %.3f",
                            median(col(r, 4)), median(col(r, 10)), median(col(r, 5)), median(col(r, 6)), median(col(r, 7)),
                            median(col(r, 11)), median(col(r, 8)), median(col(r, 9))));
                }
            }
        }
        for (String which : List.of("paired-n", "record-n")) {
            for (int n : ints(args.get(which))) {
                if (n > 1 && kinds.contains("ovs")) {
                    boolean record = which.equals("record-n");
                    double[] p = paired(n, record);
                    report(String.format(Locale.ROOT, "paired floor   N=%-4d waiting %s| plug jvif %.3f raw %.3f ms/vif (%.2fx) | unplug jvif %.3f raw %.3f ms/vif (%.2fx) | load %s",
                            n, record ? "record on " : "", p[0], p[1], p[0] / p[1], p[2], p[3], p[2] / p[3], load()));
                }
            }
        }
        for (int n : ints(args.get("resync-n"))) {
            for (String kind : args.get("resync-kinds").split(",")) {
                if (n > 0 && !kind.isBlank()) {
                    resync(kind.trim(), n);
                }
            }
        }
        int threads = Integer.parseInt(args.get("threads"));
        int threadsN = Integer.parseInt(args.get("threads-n"));
        if (threads > 0 && threadsN > 0) {
            int at = summary.size();
            double[] t = concurrent(threads, threadsN);
            ours.put("threads", t);
            String line = String.format(Locale.ROOT, "jvif ovs       N=%d from %d threads, waiting | plug %.3f ms/vif overall | unplug %.3f ms/vif overall",
                    threadsN, threads, t[0], t[1]);
            say(line);
            summary.add(at, line);
        }
        asyncPhase(Integer.parseInt(args.get("async-n")));
        peers();
        say("");
        say("==== summary ====");
        summary.forEach(System.out::println);
    }

    private void say(String s) {
        System.out.println(s);
        System.out.flush();
    }

    private void report(String s) {
        say(s);
        summary.add(s);
    }

    // ---------------------------------------------------------------- ours

    private static VIFBase vif(String kind, int i, Path dir) {
        String id = UUID.randomUUID().toString();
        return switch (kind) {
            case "ovs" -> {
                VIFOpenVSwitch v = Vifs.ovs(id, ("tap" + id).substring(0, 14), Vifs.network(BRIDGE, 1450L), Vifs.createPort("netdev"));
                v.setAddress(Vifs.mac(i));
                yield v;
            }
            case "bridge" -> {
                VIFBridge v = Vifs.hybrid(BRIDGE, 1450L, "netdev");
                v.setAddress(Vifs.mac(i));
                yield v;
            }
            case "vhostuser" -> {
                VIFVHostUser v = Vifs.vhostuser(BRIDGE, VIFVHostUser.SERVER, Vifs.createPort("netdev"));
                v.getNetwork().setMtu(1450L);
                v.setPath(dir.resolve(v.getVifName()).toString());
                v.setAddress(Vifs.mac(i));
                yield v;
            }
            default -> throw new IllegalArgumentException("kind " + kind);
        };
    }

    /** One fresh sandbox: N plugs then N unplugs; {plug median, unplug median, first plug, first unplug} in ms. */
    private double[] measure(String kind, int n, boolean wait) throws Exception {
        try (Fixture fx = new Fixture(OvsSandbox.builder().tcp(true))) {
            OvsPlugin plugin = new OvsPlugin();
            plugin.activate(fx.config("ovsdb_connection", fx.ovs.tcpRemote(), "ovs_vsctl_timeout", 120,
                    "wait_for_vswitchd", wait));
            try {
                OsVif osvif = TestRegistry.with("ovs", plugin);
                List<VIFBase> vifs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    vifs.add(vif(kind, i, fx.ovs.dir()));
                }
                double[] plug = new double[n];
                double[] unplug = new double[n];
                Cpu cpu = new Cpu(fx);
                for (int i = 0; i < n; i++) {
                    long t = System.nanoTime();
                    osvif.plug(vifs.get(i), Vifs.instance());
                    plug[i] = (System.nanoTime() - t) / 1e6;
                }
                double[] plugCpu = cpu.perVif(n);
                check(fx, kind, n);
                cpu = new Cpu(fx);
                for (int i = 0; i < n; i++) {
                    long t = System.nanoTime();
                    osvif.unplug(vifs.get(i), Vifs.instance());
                    unplug[i] = (System.nanoTime() - t) / 1e6;
                }
                double[] unplugCpu = cpu.perVif(n);
                check(fx, kind, 0);
                return new double[] {median(Arrays.copyOfRange(plug, 1, n)), median(Arrays.copyOfRange(unplug, 1, n)),
                    plug[0], unplug[0], plugCpu[0], plugCpu[1], plugCpu[2], unplugCpu[0], unplugCpu[1], unplugCpu[2],
                    plugCpu[3], unplugCpu[3]};
            } finally {
                plugin.deactivate();
            }
        }
    }

    /**
     * VIFOpenVSwitch through the backend and raw transactions for ports of the same kind, alternating, in
     * one sandbox, waiting for vswitchd; {jvif plug, raw plug, jvif unplug, raw unplug} medians in ms.
     */
    private static double[] paired(int n, boolean record) throws Exception {
        Path file = Files.createTempFile("jvif-bench-record", ".mv.db");
        Files.delete(file);
        try (Fixture fx = new Fixture(OvsSandbox.builder().tcp(true));
                OvsdbClient raw = OvsdbClient.connect(OvsdbOptions.builder(fx.ovs.tcpRemote()).build())) {
            OvsPlugin plugin = new OvsPlugin();
            plugin.activate(fx.config("ovsdb_connection", fx.ovs.tcpRemote(), "ovs_vsctl_timeout", 120));
            OsVif osvif = record ? TestRegistry.withRecord(file) : TestRegistry.with("ovs", plugin);
            try {
                if (record) {
                    TestRegistry.addPlugin(osvif, "ovs", plugin);
                }
                List<VIFOpenVSwitch> vifs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    vifs.add((VIFOpenVSwitch) vif("ovs", i, fx.ovs.dir()));
                }
                // the bridge first, by the backend
                osvif.plug(vif("ovs", n, fx.ovs.dir()), Vifs.instance());
                UUID bridge = uuidOf(raw, "Bridge", BRIDGE);
                double[][] t = new double[4][n / 2 + 1];
                int[] c = new int[4];
                UUID[] ports = new UUID[n];
                for (int i = 0; i < n; i++) {
                    VIFOpenVSwitch v = vifs.get(i);
                    long t0 = System.nanoTime();
                    if (i % 2 == 0) {
                        osvif.plug(v, Vifs.instance());
                        t[0][c[0]++] = (System.nanoTime() - t0) / 1e6;
                    } else {
                        Transaction txn = raw.transaction();
                        Transaction.Insert port = rawPort(txn, bridge, v);
                        TransactionResult r = txn.waitForVswitchd().commit().get();
                        t[1][c[1]++] = (System.nanoTime() - t0) / 1e6;
                        ports[i] = r.uuid(port);
                    }
                }
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    if (i % 2 == 0) {
                        osvif.unplug(vifs.get(i), Vifs.instance());
                        t[2][c[2]++] = (System.nanoTime() - t0) / 1e6;
                    } else {
                        Transaction txn = raw.transaction();
                        txn.mutate("Bridge").whereUuid(bridge).delete("ports", ports[i]);
                        txn.waitForVswitchd().commit().get();
                        t[3][c[3]++] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                check(fx, "ovs", 1);
                // the first plug (and unplug) of each side apart, as in the other phases
                double[] out = new double[4];
                for (int k = 0; k < 4; k++) {
                    out[k] = median(Arrays.copyOfRange(t[k], 1, c[k]));
                }
                return out;
            } finally {
                if (record) {
                    TestRegistry.close(osvif);
                }
                plugin.deactivate();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * Resync after a host reboot: N VIFs of {@code kind} plugged with the record in a file; then the record
     * intact and OVSDB and the kernel empty (a fresh sandbox), a new registry on it reconciles at the
     * backend's arrival. Printed: ms per VIF of that reconcile, waited; for VIFOpenVSwitch beside raw
     * transactions of 100 ports each, waited, in another fresh sandbox.
     */
    private void resync(String kind, int n) throws Exception {
        Path file = Files.createTempFile("jvif-bench-record", ".mv.db");
        Files.delete(file);
        try {
            try (Fixture fx = new Fixture(OvsSandbox.builder().tcp(true))) {
                OvsPlugin plugin = new OvsPlugin();
                plugin.activate(fx.config("ovsdb_connection", fx.ovs.tcpRemote(), "ovs_vsctl_timeout", 120));
                OsVif osvif = TestRegistry.withRecord(file);
                try {
                    TestRegistry.addPlugin(osvif, "ovs", plugin);
                    List<org.jvif.api.VifCall> calls = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        calls.add(new org.jvif.api.VifCall(vif(kind, i, fx.ovs.dir()), Vifs.instance()));
                    }
                    long t0 = System.nanoTime();
                    for (org.jvif.api.VifOutcome o : osvif.plugAll(calls)) {
                        if (!o.ok()) {
                            throw new IllegalStateException("resync setup: " + o.error(), o.error());
                        }
                    }
                    double ms = (System.nanoTime() - t0) / 1e6;
                    check(fx, kind, n);
                    report(String.format(Locale.ROOT, "     before the reboot: plugAll %.3f ms/vif; %s", ms / n, plugin.ovsdbClient()));
                } finally {
                    TestRegistry.close(osvif);
                    plugin.deactivate();
                }
            }
            // the host rebooted: the record as it was, OVSDB and the kernel empty
            try (Fixture fx = new Fixture(OvsSandbox.builder().tcp(true))) {
                OvsPlugin plugin = new OvsPlugin();
                plugin.activate(fx.config("ovsdb_connection", fx.ovs.tcpRemote(), "ovs_vsctl_timeout", 120));
                OsVif osvif = TestRegistry.withRecord(file);
                try {
                    Thread.sleep(Long.parseLong(args.get("resync-settle")));
                    String before = plugin.ovsdbClient();
                    Cpu cpu = new Cpu(fx);
                    long t0 = System.nanoTime();
                    TestRegistry.addPlugin(osvif, "ovs", plugin);
                    TestRegistry.awaitIdle(osvif);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    double[] c = cpu.perVif(n);
                    String byThread = cpu.byThread(n);
                    check(fx, kind, n);
                    long t1 = System.nanoTime();
                    int checked = ((org.jvif.api.VifHostState) osvif).check(List.of()).vifs().size();
                    double checkMs = (System.nanoTime() - t1) / 1e6;
                    report(String.format(Locale.ROOT, "resync %-9s N=%-4d waiting   | start-up reconcile %.3f ms/vif (%.0f ms) | a check of all %d VIFs after it %.3f ms/vif | load %s",
                            kind, n, ms / n, ms, checked, checkMs / n, load()));
                    report(String.format(Locale.ROOT, "     CPU ms/vif: jvm %.3f (java threads %.3f) ovsdb-server %.3f ovs-vswitchd %.3f; %s (before: %s)",
                            c[0], c[3], c[1], c[2], plugin.ovsdbClient(), before));
                    report("     JVM CPU ms/vif by thread: " + byThread);
                } finally {
                    TestRegistry.close(osvif);
                    plugin.deactivate();
                }
            }
            if (kind.equals("ovs")) {
                double raw = rawBatched(n, 100, false);
                double fromEmpty = rawBatched(n, 100, true);
                report(String.format(Locale.ROOT, "raw OVSDB N=%-4d waiting   | insert 100/txn %.3f ms/port | from an empty OVSDB as the resync"
                        + " (br-int made first, not waited for) %.3f ms/port | load %s", n, raw, fromEmpty, load()));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * N ports of VIFOpenVSwitch's kind inserted by raw transactions of {@code batch} each, waited; ms per port.
     * The bridge is made beforehand by the backend (with a port), or, {@code fromEmpty}, timed as the resync
     * after a reboot makes it: in a transaction of its own (as ovs-vsctl add-br: the bridge, its internal port,
     * datapath netdev) that ovs-vswitchd is not waited for, so that ovs-vswitchd makes the datapath as the ports come.
     */
    private static double rawBatched(int n, int batch, boolean fromEmpty) throws Exception {
        try (Fixture fx = new Fixture(OvsSandbox.builder().tcp(true));
                OvsdbClient raw = OvsdbClient.connect(OvsdbOptions.builder(fx.ovs.tcpRemote()).build())) {
            UUID bridge = null;
            if (!fromEmpty) {
                OvsPlugin plugin = new OvsPlugin();
                plugin.activate(fx.config("ovsdb_connection", fx.ovs.tcpRemote(), "ovs_vsctl_timeout", 120));
                try {
                    // the bridge first, by the backend
                    TestRegistry.with("ovs", plugin).plug(vif("ovs", n, fx.ovs.dir()), Vifs.instance());
                } finally {
                    plugin.deactivate();
                }
                bridge = uuidOf(raw, "Bridge", BRIDGE);
            }
            long t0 = System.nanoTime();
            if (fromEmpty) {
                Transaction txn = raw.transaction();
                NamedUuid local = txn.insert("Interface").set("name", BRIDGE).set("type", "internal").uuid();
                NamedUuid localPort = txn.insert("Port").set("name", BRIDGE).set("interfaces", local).uuid();
                Transaction.Insert br = txn.insert("Bridge").set("name", BRIDGE).set("ports", localPort)
                        .set("datapath_type", "netdev");
                txn.mutate("Open_vSwitch").insert("bridges", br.uuid());
                bridge = txn.commit().get().uuid(br);
            }
            for (int i = 0; i < n; i += batch) {
                Transaction txn = raw.transaction();
                for (int j = i; j < Math.min(n, i + batch); j++) {
                    rawPort(txn, bridge, (VIFOpenVSwitch) vif("ovs", j, fx.ovs.dir()));
                }
                txn.waitForVswitchd().commit().get();
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            check(fx, "ovs", fromEmpty ? n : n + 1);
            return ms / n;
        }
    }

    /** What ovsdb_raw.py inserts for a port: Interface, Port, and the port in the bridge's ports. */
    private static Transaction.Insert rawPort(Transaction txn, UUID bridge, VIFOpenVSwitch v) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("iface-id", v.getId());
        ids.put("iface-status", "active");
        ids.put("attached-mac", v.getAddress());
        ids.put("vm-uuid", Vifs.instance().getUuid());
        NamedUuid iface = txn.insert("Interface").set("name", v.getVifName()).set("external_ids", ids).uuid();
        Transaction.Insert port = txn.insert("Port").set("name", v.getVifName()).set("interfaces", iface);
        txn.mutate("Bridge").whereUuid(bridge).insert("ports", port.uuid());
        return port;
    }

    private static UUID uuidOf(OvsdbClient client, String table, String name) throws Exception {
        Transaction txn = client.transaction();
        Transaction.Select select = txn.select(table).where("name", name).columns("_uuid");
        return txn.commit().get().rows(select).get(0).uuid();
    }

    /**
     * CPU time used by this JVM, ovsdb-server and ovs-vswitchd since it was made; and by this JVM's Java
     * threads alone, which leaves out the JIT compilers and the GC.
     */
    private static final class Cpu {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private final long[] pids;
        private final long[] start;
        private final Map<Long, Long> javaStart;
        private final Map<String, Long> groupsStart;

        Cpu(Fixture fx) {
            pids = new long[] {ProcessHandle.current().pid(), fx.ovs.pid("ovsdb-server").orElse(-1L),
                fx.ovs.pid("ovs-vswitchd").orElse(-1L)};
            start = ticks(pids);
            javaStart = javaThreads();
            groupsStart = groups();
        }

        /**
         * The JVM's CPU ms per VIF by kind of thread (/proc/self/task): the JIT's compilers, the VM thread
         * (where the serial GC runs), the rest; threads gone since the start are in the process's total only.
         */
        String byThread(int n) {
            Map<String, Long> end = groups();
            StringBuilder b = new StringBuilder();
            for (Map.Entry<String, Long> e : end.entrySet()) {
                long d = e.getValue() - groupsStart.getOrDefault(e.getKey(), 0L);
                b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                        .append(String.format(Locale.ROOT, "%.3f", d * 10.0 / n));
            }
            return b.toString();
        }

        private static Map<String, Long> groups() {
            Map<String, Long> out = new java.util.TreeMap<>();
            try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    try {
                        String stat = Files.readString(t.resolve("stat"));
                        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        String group = comm.contains("CompilerThre") ? "jit" : comm.equals("VM Thread") ? "vm/gc"
                                : comm.startsWith("jvif-registry") ? "registry pool" : comm.startsWith("ovsdb") ? "ovsdb client"
                                : comm.equals("main") || comm.equals("java") ? "main" : "other";
                        out.merge(group, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                    } catch (IOException | RuntimeException e) {
                        // gone meanwhile
                    }
                }
            } catch (IOException e) {
                // no /proc
            }
            return out;
        }

        /** {jvm, ovsdb-server, ovs-vswitchd, java threads} CPU ms per VIF. */
        double[] perVif(int n) {
            long[] end = ticks(pids);
            double[] out = new double[pids.length + 1];
            for (int i = 0; i < pids.length; i++) {
                out[i] = (end[i] - start[i]) * 10.0 / n;
            }
            long java = 0;
            for (Map.Entry<Long, Long> e : javaThreads().entrySet()) {
                java += e.getValue() - javaStart.getOrDefault(e.getKey(), 0L);
            }
            out[pids.length] = java / 1e6 / n;
            return out;
        }

        /**
         * CPU ns of each live Java thread by id: a thread that ends between two readings drops out of both
         * (its time stays in the process's total), so the difference never goes negative.
         */
        private static Map<Long, Long> javaThreads() {
            Map<Long, Long> out = new java.util.HashMap<>();
            for (long id : THREADS.getAllThreadIds()) {
                long ns = THREADS.getThreadCpuTime(id);
                if (ns >= 0) {
                    out.put(id, ns);
                }
            }
            return out;
        }

        /** utime + stime in clock ticks (USER_HZ, 100 per second on Linux). */
        private static long[] ticks(long[] pids) {
            long[] t = new long[pids.length];
            for (int i = 0; i < pids.length; i++) {
                try {
                    String stat = Files.readString(Path.of("/proc/" + pids[i] + "/stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    t[i] = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException | RuntimeException e) {
                    t[i] = 0;
                }
            }
            return t;
        }
    }

    /** The state after a phase, outside the timing: N ports, and 3N devices for the hybrid plug. */
    private static void check(Fixture fx, String kind, int n) {
        int ports = fx.ports(BRIDGE).size();
        long devices = fx.links().stream().map(l -> l.path("ifname").asText())
                .filter(s -> s.startsWith("qbr") || s.startsWith("qvb") || s.startsWith("qvo")).count();
        long expectedDevices = kind.equals("bridge") ? 3L * n : 0;
        if (ports != n || devices != expectedDevices) {
            throw new IllegalStateException(kind + ": expected " + n + " ports and " + expectedDevices + " devices, found "
                    + ports + " and " + devices);
        }
    }

    /** N VIFOpenVSwitch plugged by T threads at once, then unplugged; wall ms per VIF for each phase. */
    private double[] concurrent(int threads, int n) throws Exception {
        try (Fixture fx = new Fixture(OvsSandbox.builder().tcp(true))) {
            OvsPlugin plugin = new OvsPlugin();
            plugin.activate(fx.config("ovsdb_connection", fx.ovs.tcpRemote(), "ovs_vsctl_timeout", 120));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                OsVif osvif = TestRegistry.with("ovs", plugin);
                List<VIFBase> vifs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    vifs.add(vif("ovs", i, fx.ovs.dir()));
                }
                // the bridge first, as in the sequential runs where VIF 1 is left out
                osvif.plug(vif("ovs", n, fx.ovs.dir()), Vifs.instance());
                long reconfigured = reconfigurations(fx);
                Cpu cpu = new Cpu(fx);
                double plug = together(pool, threads, vifs, v -> osvif.plug(v, Vifs.instance())) / n;
                double[] plugCpu = cpu.perVif(n);
                long plugReconfigured = reconfigurations(fx) - reconfigured;
                check(fx, "ovs", n + 1);
                reconfigured = reconfigurations(fx);
                cpu = new Cpu(fx);
                double unplug = together(pool, threads, vifs, v -> osvif.unplug(v, Vifs.instance())) / n;
                double[] unplugCpu = cpu.perVif(n);
                long unplugReconfigured = reconfigurations(fx) - reconfigured;
                check(fx, "ovs", 1);
                report(String.format(Locale.ROOT, "     CPU ms/vif: plug jvm %.3f (java threads %.3f) ovsdb-server %.3f ovs-vswitchd %.3f | unplug jvm %.3f (java threads %.3f) ovsdb-server %.3f ovs-vswitchd %.3f",
                        plugCpu[0], plugCpu[3], plugCpu[1], plugCpu[2], unplugCpu[0], unplugCpu[3], unplugCpu[1], unplugCpu[2]));
                report("     " + plugin.ovsdbClient() + "; ovs-vswitchd applied next_cfg " + fx.row("Open_vSwitch", ".").get("cur_cfg")
                        + " in " + plugReconfigured + " + " + unplugReconfigured + " reconfigurations (plug + unplug)");
                return new double[] {plug, unplug};
            } finally {
                pool.shutdownNow();
                plugin.deactivate();
            }
        }
    }

    /** ovs-vswitchd's bridge_reconfigure coverage counter: how often it really reconfigured. */
    private static long reconfigurations(Fixture fx) {
        return Long.parseLong(Fixture.run(List.of("ovs-appctl", "-t", fx.ovs.dir().resolve("ovs-vswitchd.ctl").toString(),
                "coverage/read-counter", "bridge_reconfigure")).trim());
    }

    interface Call {
        void on(VIFBase vif) throws Exception;
    }

    private static double together(ExecutorService pool, int threads, List<VIFBase> vifs, Call call) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = first; i < vifs.size(); i += threads) {
                    call.on(vifs.get(i));
                }
                return null;
            }));
        }
        long t0 = System.nanoTime();
        go.countDown();
        for (Future<?> f : done) {
            f.get(600, TimeUnit.SECONDS);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    // ---------------------------------------------------------------- asynchronous, one thread

    /**
     * N VIFOpenVSwitch plugged, then unplugged, through the asynchronous API, waiting for vswitchd: all N
     * calls issued from one thread, then all awaited. First the backend's {@code plugAsync} with that same
     * thread for the kernel steps (nothing of ours runs elsewhere but the OVSDB client's thread), then the
     * registry's {@code OsVif.plugAsync} (its own executor) with its record in memory as in the other phases,
     * then with its record in a file, in one sandbox; printed beside the 16-blocking-thread figure of this run.
     */
    private void asyncPhase(int n) throws Exception {
        if (n <= 0) {
            return;
        }
        int at = summary.size();
        double[] t = asynchronous(n);
        double[] blocking = ours.get("threads");
        String beside = blocking == null ? "" : String.format(Locale.ROOT, " (16 blocking threads, this run: %.3f / %.3f)",
                blocking[0], blocking[1]);
        String[] lines = new String[NAMES.length];
        for (int k = 0; k < NAMES.length; k++) {
            lines[k] = String.format(Locale.ROOT, "jvif ovs       N=%d async from 1 thread, %-15s | plug %.3f ms/vif overall | unplug %.3f ms/vif overall%s",
                    n, NAMES[k], t[2 * k], t[2 * k + 1], beside);
        }
        for (int i = 0; i < lines.length; i++) {
            say(lines[i]);
            summary.add(at + i, lines[i]);
        }
    }

    interface AsyncCall {
        CompletionStage<Void> on(VIFBase vif);
    }

    private static final String[] NAMES = {"backend", "registry", "registry+file"};

    /** {plug, unplug} wall ms per VIF for each of {@link #NAMES}. */
    private double[] asynchronous(int n) throws Exception {
        try (Fixture fx = new Fixture(OvsSandbox.builder().tcp(true))) {
            OvsPlugin plugin = new OvsPlugin();
            plugin.activate(fx.config("ovsdb_connection", fx.ovs.tcpRemote(), "ovs_vsctl_timeout", 120));
            ExecutorService kernel = Executors.newSingleThreadExecutor();
            Path record = Files.createTempDirectory("jvif-bench-record").resolve("record.mv.db");
            OsVif durable = TestRegistry.withRecord("ovs", plugin, record);
            try {
                OsVif osvif = TestRegistry.with("ovs", plugin);
                osvif.plug(vif("ovs", n, fx.ovs.dir()), Vifs.instance());
                double[] out = new double[2 * NAMES.length];
                AsyncCall[][] calls = {
                    {v -> plugin.plugAsync(v, Vifs.instance(), kernel), v -> plugin.unplugAsync(v, Vifs.instance(), kernel)},
                    {v -> osvif.plugAsync(v, Vifs.instance()), v -> osvif.unplugAsync(v, Vifs.instance())},
                    {v -> durable.plugAsync(v, Vifs.instance()), v -> durable.unplugAsync(v, Vifs.instance())}};
                for (int k = 0; k < NAMES.length; k++) {
                    List<VIFBase> vifs = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        vifs.add(vif("ovs", i, fx.ovs.dir()));
                    }
                    double[][] cpu = new double[2][];
                    long[] reconfigured = new long[2];
                    for (int phase = 0; phase < 2; phase++) {
                        long r0 = reconfigurations(fx);
                        Cpu c = new Cpu(fx);
                        out[2 * k + phase] = issued(kernel, vifs, calls[k][phase]) / n;
                        cpu[phase] = c.perVif(n);
                        reconfigured[phase] = reconfigurations(fx) - r0;
                        check(fx, "ovs", phase == 0 ? n + 1 : 1);
                    }
                    report(String.format(Locale.ROOT, "     async %s CPU ms/vif: plug jvm %.3f (java threads %.3f) ovsdb-server %.3f ovs-vswitchd %.3f | unplug jvm %.3f (java threads %.3f) ovsdb-server %.3f ovs-vswitchd %.3f; %d + %d reconfigurations",
                            NAMES[k], cpu[0][0], cpu[0][3], cpu[0][1], cpu[0][2], cpu[1][0], cpu[1][3], cpu[1][1], cpu[1][2],
                            reconfigured[0], reconfigured[1]));
                }
                report("     " + plugin.ovsdbClient());
                return out;
            } finally {
                TestRegistry.close(durable);
                try (var files = Files.list(record.getParent())) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(record.getParent());
                kernel.shutdownNow();
                plugin.deactivate();
            }
        }
    }

    /** Issues every call from {@code one}'s thread, then waits for all; wall ms. */
    private static double issued(ExecutorService one, List<VIFBase> vifs, AsyncCall call) throws Exception {
        List<CompletableFuture<Void>> all = new ArrayList<>(vifs.size());
        long t0 = System.nanoTime();
        one.submit(() -> {
            for (VIFBase v : vifs) {
                all.add(call.on(v).toCompletableFuture());
            }
        }).get(600, TimeUnit.SECONDS);
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(600, TimeUnit.SECONDS);
        return (System.nanoTime() - t0) / 1e6;
    }

    // ---------------------------------------------------------------- the peers

    private Path peerDir() {
        if (!args.get("peer-dir").isEmpty()) {
            return Path.of(args.get("peer-dir"));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isReadable(p.resolve("itests/peer/osvif_plug.py"))) {
                return p.resolve("itests/peer");
            }
        }
        return null;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private void peers() throws Exception {
        Path dir = peerDir();
        if (dir == null || !Files.isExecutable(Path.of("/usr/bin/python3"))) {
            report("peers: not run (no itests/peer scripts found; give --peer-dir)");
            return;
        }
        int peerN = Integer.parseInt(args.get("peer-n"));
        if (peerN > 0 && !onPath("sudo")) {
            // os-vif starts its privsep daemon through sudo: without it every plug of the peer fails
            report("os-vif peer: not run: its privsep daemon is started with sudo, which this machine lacks (install sudo, or --peer-n 0)");
        } else if (peerN > 0) {
            // its raw timings go to a directory of ours, not the shared $PEER_RESULTS
            Path results = Files.createTempDirectory("jvif-peer");
            ProcessBuilder pb = new ProcessBuilder(List.of("/usr/bin/python3", dir.resolve("osvif_plug.py").toString(),
                    "--kind", "all", "-n", String.valueOf(peerN), "--reps", "1", "--no-wait-quiet", "--port", "17650"))
                    .redirectErrorStream(true);
            pb.environment().put("PEER_RESULTS", results.toString());
            try {
                for (String line : output(pb.start())) {
                    if (line.startsWith("os-vif")) {
                        report(line);
                    }
                }
            } finally {
                try (var files = Files.list(results)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(results);
            }
        }
        for (int n : ints(args.get("raw-n"))) {
            for (boolean wait : List.of(true, false)) {
                Path json = Files.createTempFile("jvif-raw", ".json");
                List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", dir.resolve("ovsdb_raw.py").toString(),
                        "-n", String.valueOf(n), "--batch", "100", "--reps", "1", "--no-wait-quiet", "--port", "17690",
                        "--json", json.toString()));
                if (wait) {
                    cmd.add("--wait-vswitchd");
                }
                output(start(cmd));
                JsonNode s = JSON.readTree(json.toFile()).get(0).get("summary");
                Files.deleteIfExists(json);
                double ins = s.get("ins1_ms").asDouble();
                double del = s.get("del1_ms").asDouble();
                report(String.format(Locale.ROOT, "raw OVSDB N=%-4d %-9s | insert 1/txn %7.3f ms/port | delete 1/txn %7.3f ms/port",
                        n, wait ? "waiting" : "no-wait", ins, del));
                double[] o = ours.get("ovs/" + n + "/" + wait);
                if (o != null) {
                    report(String.format(Locale.ROOT, "  jvif VIFOpenVSwitch / raw floor, N=%d %s: plug %.2fx, unplug %.2fx",
                            n, wait ? "waiting" : "no-wait", o[0] / ins, o[1] / del));
                }
            }
        }
    }

    private static Process start(List<String> cmd) throws IOException {
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static List<String> output(Process p) throws IOException, InterruptedException {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("peer failed: " + out);
        }
        List<String> lines = new ArrayList<>();
        Matcher m = Pattern.compile("[^\\n]+").matcher(out);
        while (m.find()) {
            lines.add(m.group());
        }
        return lines;
    }

    // ---------------------------------------------------------------- figures

    private static double[] col(double[][] r, int c) {
        double[] out = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            out[i] = r[i][c];
        }
        return out;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
