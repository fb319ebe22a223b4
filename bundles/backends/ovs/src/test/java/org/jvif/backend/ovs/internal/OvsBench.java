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
import org.jvif.host.ovsdb.testing.OvsSandbox;
import org.jvif.registry.internal.TestRegistry;
import org.jvif.vif.bridge.VIFBridge;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.jvif.vif.vhostuser.VIFVHostUser;

/**
 * Plug and unplug times of the ovs backend beside Python os-vif and a raw OVSDB client, on this machine in
 * the same run. The VIFs are the peer's (/work/shared/peer/osvif_plug.py): VIFOpenVSwitch with create_port,
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
 * --peer-dir DIR         the peer scripts (default: shared/peer above the working directory)
 * --warmup 500           VIFs of each kind plugged and unplugged first, for the JIT, not measured
 * </pre>
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
     * CPU time used by this JVM, ovsdb-server and ovs-vswitchd since it was made; and by this JVM's Java
     * threads alone, which leaves out the JIT compilers and the GC.
     */
    private static final class Cpu {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private final long[] pids;
        private final long[] start;
        private final long javaStart;

        Cpu(Fixture fx) {
            pids = new long[] {ProcessHandle.current().pid(), fx.ovs.pid("ovsdb-server").orElse(-1L),
                fx.ovs.pid("ovs-vswitchd").orElse(-1L)};
            start = ticks(pids);
            javaStart = javaThreads();
        }

        /** {jvm, ovsdb-server, ovs-vswitchd, java threads} CPU ms per VIF. */
        double[] perVif(int n) {
            long[] end = ticks(pids);
            double[] out = new double[pids.length + 1];
            for (int i = 0; i < pids.length; i++) {
                out[i] = (end[i] - start[i]) * 10.0 / n;
            }
            out[pids.length] = (javaThreads() - javaStart) / 1e6 / n;
            return out;
        }

        private static long javaThreads() {
            long sum = 0;
            for (long id : THREADS.getAllThreadIds()) {
                sum += Math.max(0, THREADS.getThreadCpuTime(id));
            }
            return sum;
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
                Cpu cpu = new Cpu(fx);
                double plug = together(pool, threads, vifs, v -> osvif.plug(v, Vifs.instance())) / n;
                double[] plugCpu = cpu.perVif(n);
                check(fx, "ovs", n + 1);
                cpu = new Cpu(fx);
                double unplug = together(pool, threads, vifs, v -> osvif.unplug(v, Vifs.instance())) / n;
                double[] unplugCpu = cpu.perVif(n);
                check(fx, "ovs", 1);
                report(String.format(Locale.ROOT, "     CPU ms/vif: plug jvm %.3f (java threads %.3f) ovsdb-server %.3f ovs-vswitchd %.3f | unplug jvm %.3f (java threads %.3f) ovsdb-server %.3f ovs-vswitchd %.3f",
                        plugCpu[0], plugCpu[3], plugCpu[1], plugCpu[2], unplugCpu[0], unplugCpu[3], unplugCpu[1], unplugCpu[2]));
                report("     " + plugin.ovsdbClient() + "; ovs-vswitchd configurations: "
                        + fx.row("Open_vSwitch", ".").get("cur_cfg"));
                return new double[] {plug, unplug};
            } finally {
                pool.shutdownNow();
                plugin.deactivate();
            }
        }
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

    // ---------------------------------------------------------------- the peers

    private Path peerDir() {
        if (!args.get("peer-dir").isEmpty()) {
            return Path.of(args.get("peer-dir"));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isReadable(p.resolve("shared/peer/osvif_plug.py"))) {
                return p.resolve("shared/peer");
            }
        }
        return null;
    }

    private void peers() throws Exception {
        Path dir = peerDir();
        if (dir == null || !Files.isExecutable(Path.of("/usr/bin/python3"))) {
            report("peers: not run (no shared/peer scripts found; give --peer-dir)");
            return;
        }
        int peerN = Integer.parseInt(args.get("peer-n"));
        if (peerN > 0) {
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
