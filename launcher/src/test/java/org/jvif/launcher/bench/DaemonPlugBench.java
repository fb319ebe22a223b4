package org.jvif.launcher.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jvif.api.OwnerMark;
import org.jvif.host.ovsdb.Comparison;
import org.jvif.host.ovsdb.NamedUuid;
import org.jvif.host.ovsdb.OvsdbClient;
import org.jvif.host.ovsdb.OvsdbOptions;
import org.jvif.host.ovsdb.Transaction;
import org.jvif.host.ovsdb.testing.OvsSandbox;

/**
 * The plug path as users drive it: the platform daemon ({@code bin/jvif start} on a copy of the built
 * platform, its durable record on) running {@code vif:examples} over N {@code VIFOpenVSwitch} primitives
 * (os-vif's example, one id, name and address each) through its socket, each plug and unplug timed inside
 * the platform (the console's "in X ms"), waiting for ovs-vswitchd; on the same private Open vSwitch, runs
 * of a raw RFC 7047 client (a connection of jvif's OVSDB client in this JVM, one port per transaction as
 * {@code itests/peer/ovsdb_raw.py} makes it, each waiting for vswitchd) alternate with them: raw, jvif, raw,
 * jvif. Then noop plugs (os-vif's {@code VIFVHostUser} example through the noop backend) through the same
 * daemon: the registry's own cost with the record. Printed: medians in ms over VIFs 2..N of each run, each
 * jvif run's ratio to the mean of the raw runs beside it, and over the pairs the median of those ratios with
 * its spread (quartiles, a bootstrap interval, range) beside the ratio of the medians: one run's ratio
 * moves by 10-30% on this machine from pair to pair, so many short pairs, not a few long runs.
 *
 * <p>{@code --versus DIST} starts a second platform (another build) on the same Open vSwitch and alternates
 * raw, A, raw, B in one pair and raw, B, raw, A in the next, so that two builds are compared within one run
 * (their ratio per pair, B/A), neither always first.
 *
 * <p>{@code --shaped yes} adds, before each jvif run, a run of the raw client sending the transactions jvif's ovs
 * backend sends for these VIFs (its guards, its owner marks, the bridge by name; on unplug the port's guard, its
 * removal from whichever bridge holds it and the row's delete): how much of jvif's time over raw is the
 * transaction's own and how much jvif's path to it.
 *
 * <p>{@code --schedstat yes} adds where each kind of run's time went ({@link SchedStat}): per call, each thread's
 * time on a CPU and waiting for one, of ovs-vswitchd, ovsdb-server, this JVM (the raw client) and the daemon
 * (its threads that ended, such as a command's, under "(all threads)"), and the machine's busy and idle time.
 *
 * <pre>
 * mvn -B -pl launcher -am verify -DskipTests -Pbench-plug [-Dbench.plug.args="-n 200 --pairs 20 --warmup 2 [--versus DIST] [--shaped yes] [--schedstat yes]"]
 * </pre>
 */
public final class DaemonPlugBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOOK = Pattern.compile("^(plug|unplug) +(\\S+): (?:Plugged|Unplugged) .* in ([0-9.]+) ms$");
    private static final String BRIDGE = "br-int";

    private DaemonPlugBench() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new LinkedHashMap<>(Map.of("n", "200", "pairs", "20", "warmup", "2", "noop-runs", "3", "versus", "", "shaped", "no", "schedstat", "no"));
        Path dist = null;
        for (int i = 0; i < argv.length; i++) {
            String k = argv[i].replaceFirst("^--?", "");
            if (a.containsKey(k) && i + 1 < argv.length) {
                a.put(k, argv[++i]);
            } else if (dist == null && !argv[i].startsWith("-")) {
                dist = Path.of(argv[i]);
            } else {
                throw new IllegalArgumentException("unknown option " + argv[i] + "; options: DIST " + a.keySet());
            }
        }
        int n = Integer.parseInt(a.get("n"));
        int pairs = Integer.parseInt(a.get("pairs"));
        if (Integer.parseInt(a.get("warmup")) < 1 || pairs < 1) {
            // the first daemon run makes br-int, which the raw client's transactions need
            throw new IllegalArgumentException("--warmup and --pairs must be at least 1");
        }
        List<Path> dists = new ArrayList<>(List.of(dist));
        if (!a.get("versus").isEmpty()) {
            dists.add(Path.of(a.get("versus")));
        }
        List<Path> homes = new ArrayList<>();
        System.out.printf(Locale.ROOT, "jvif daemon plug bench: N=%d, %d raw/jvif pairs, %d CPUs, java %s, load %s%n", n, pairs,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), load());
        try (OvsSandbox ovs = OvsSandbox.builder().tcp(true).start()) {
            List<Path> ovsVifs = new ArrayList<>();
            List<Path> noopVifs = new ArrayList<>();
            for (Path d : dists) {
                Path home = Files.createTempDirectory(dist.toAbsolutePath().getParent(), "bench-plug-");
                homes.add(home);
                copy(d, home);
                Files.writeString(home.resolve("etc/org.jvif.backend.ovs.cfg"), "ovsdb_connection = " + ovs.tcpRemote()
                        + "\nnetwork_namespace = " + ovs.netns() + "\n");
                ovsVifs.add(examples(home, "bench-ovs", "ovs-openvswitch.json", n));
                noopVifs.add(examples(home, "bench-noop", "noop-vhostuser.json", n));
                jvif(home, "start");
            }
            try (OvsdbClient raw = OvsdbClient.connect(OvsdbOptions.builder(ovs.tcpRemote()).build())) {
                for (int i = 0; i < Integer.parseInt(a.get("warmup")); i++) {
                    for (int h = 0; h < homes.size(); h++) {
                        examples(homes.get(h), ovsVifs.get(h));
                    }
                    raw(raw, n, false);
                }
                // raw, jvif, raw, jvif, ...; with --versus: raw, A, raw, B, raw, B, raw, A, raw, A, ...: each build
                // goes first in every other pair, so neither gains from its place (one order had put unplug at
                // 1.16x the other's where the other order put it at 0.99x)
                List<double[]> rw = new ArrayList<>();
                List<List<double[]>> jv = new ArrayList<>();
                // for each build, the index in rw of the raw run just before each of its runs
                List<List<Integer>> rawBefore = new ArrayList<>();
                boolean shaped = a.get("shaped").equals("yes");
                SchedStat sched = a.get("schedstat").equals("yes") ? new SchedStat() : null;
                if (sched != null) {
                    sched.watch("ovsdb-server", ovs.pid("ovsdb-server").orElseThrow());
                    sched.watch("ovs-vswitchd", ovs.pid("ovs-vswitchd").orElseThrow());
                    sched.watch("bench", ProcessHandle.current().pid());
                    for (int h = 0; h < homes.size(); h++) {
                        sched.watch("daemon " + (char) ('A' + h), Long.parseLong(Files.readAllLines(homes.get(h).resolve("data/jvif.pid")).get(0).trim()));
                    }
                }
                List<double[]> sh = new ArrayList<>();
                List<Integer> shapedBefore = new ArrayList<>();
                homes.forEach(h -> {
                    jv.add(new ArrayList<>());
                    rawBefore.add(new ArrayList<>());
                });
                for (int p = 0; p < pairs; p++) {
                    for (int k = 0; k < homes.size(); k++) {
                        int h = p % 2 == 0 ? k : homes.size() - 1 - k;
                        rawBefore.get(h).add(rw.size());
                        Map<String, long[]> t0 = sched == null ? null : sched.snapshot();
                        rw.add(raw(raw, n, false));
                        Map<String, long[]> t1 = sched == null ? null : sched.snapshot();
                        ports(ovs, 0);
                        if (shaped) {
                            shapedBefore.add(rw.size() - 1);
                            sh.add(raw(raw, n, true));
                            ports(ovs, 0);
                        }
                        Map<String, long[]> t2 = sched == null ? null : sched.snapshot();
                        jv.get(h).add(examples(homes.get(h), ovsVifs.get(h)));
                        if (sched != null) {
                            sched.add("raw", t0, t1, 2L * n);
                            sched.add("jvif " + (char) ('A' + h), t2, sched.snapshot(), 2L * n);
                        }
                        ports(ovs, 0);
                    }
                }
                rw.add(raw(raw, n, false));
                double[][][] ratios = new double[homes.size()][2][pairs];
                for (int p = 0; p < pairs; p++) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "pair %2d:", p + 1));
                    for (int h = 0; h < homes.size(); h++) {
                        double[] j = jv.get(h).get(p);
                        double[] before = rw.get(rawBefore.get(h).get(p));
                        double[] after = rw.get(rawBefore.get(h).get(p) + 1);
                        for (int k = 0; k < 2; k++) {
                            // the raw runs before and after this one: a drift of the machine over the pair cancels out
                            ratios[h][k][p] = j[k] / ((before[k] + after[k]) / 2);
                        }
                        line.append(String.format(Locale.ROOT, "%s plug jvif %.3f raw %.3f/%.3f ms (%.2fx) | unplug jvif %.3f raw %.3f/%.3f ms (%.2fx)",
                                h == 0 ? "" : " ||" + (char) ('A' + h), j[0], before[0], after[0], ratios[h][0][p], j[1], before[1], after[1], ratios[h][1][p]));
                    }
                    System.out.println(line);
                }
                double rp = median(rw.stream().mapToDouble(x -> x[0]).toArray());
                double ru = median(rw.stream().mapToDouble(x -> x[1]).toArray());
                List<List<double[]>> noop = new ArrayList<>();
                for (int h = 0; h < homes.size(); h++) {
                    noop.add(new ArrayList<>());
                }
                for (int i = 0; i < Integer.parseInt(a.get("noop-runs")); i++) {
                    for (int h = 0; h < homes.size(); h++) {
                        noop.get(h).add(examples(homes.get(h), noopVifs.get(h)));
                    }
                }
                double[][] shapedRatios = new double[2][sh.size()];
                for (int i = 0; i < sh.size(); i++) {
                    for (int k = 0; k < 2; k++) {
                        shapedRatios[k][i] = sh.get(i)[k] / ((rw.get(shapedBefore.get(i))[k] + rw.get(shapedBefore.get(i) + 1)[k]) / 2);
                    }
                }
                System.out.println();
                System.out.println("==== summary ====");
                if (shaped) {
                    System.out.printf(Locale.ROOT, "raw client, jvif's transactions, same OVS, alternating | insert %.3f ms | delete %.3f ms | medians of %d runs%n",
                            median(sh.stream().mapToDouble(x -> x[0]).toArray()), median(sh.stream().mapToDouble(x -> x[1]).toArray()), sh.size());
                    System.out.println("  ratio of each run to the raw runs beside it:");
                    System.out.println("    insert " + spread(shapedRatios[0]));
                    System.out.println("    delete " + spread(shapedRatios[1]));
                }
                System.out.printf(Locale.ROOT, "raw RFC 7047, 1 port/txn, same OVS, alternating   | insert %.3f ms | delete %.3f ms | medians of %d runs%n",
                        rp, ru, rw.size());
                for (int h = 0; h < homes.size(); h++) {
                    String who = homes.size() == 1 ? "" : " " + (char) ('A' + h) + " (" + dists.get(h) + ")";
                    double jp = median(jv.get(h).stream().mapToDouble(x -> x[0]).toArray());
                    double ju = median(jv.get(h).stream().mapToDouble(x -> x[1]).toArray());
                    System.out.printf(Locale.ROOT, "through the daemon%s, VIFOpenVSwitch N=%d, waiting, record on | plug %.3f ms (%.2fx raw) | unplug %.3f ms (%.2fx raw) | medians of %d runs%n",
                            who, n, jp, jp / rp, ju, ju / ru, pairs);
                    System.out.println("  ratio of each run to the raw runs beside it, over " + pairs
                            + " pairs (median, interquartile range, 95% bootstrap interval of the median, range):");
                    System.out.println("    plug   " + spread(ratios[h][0]));
                    System.out.println("    unplug " + spread(ratios[h][1]));
                    System.out.printf(Locale.ROOT, "through the daemon%s, noop VIFVHostUser N=%d, record on | plug %.3f ms | unplug %.3f ms | median of %d runs%n",
                            who, n, median(noop.get(h).stream().mapToDouble(x -> x[0]).toArray()),
                            median(noop.get(h).stream().mapToDouble(x -> x[1]).toArray()), noop.get(h).size());
                    System.out.println("  record files after " + (Integer.parseInt(a.get("warmup")) + pairs + noop.get(h).size()) * 2 * n
                            + " calls: " + sizes(homes.get(h).resolve("data")));
                }
                if (homes.size() == 2) {
                    System.out.println("B's ratio over A's in each pair (B/A; below 1: B faster):");
                    for (int k = 0; k < 2; k++) {
                        double[] ba = new double[pairs];
                        for (int p = 0; p < pairs; p++) {
                            ba[p] = ratios[1][k][p] / ratios[0][k][p];
                        }
                        System.out.println((k == 0 ? "    plug   " : "    unplug ") + spread(ba));
                    }
                }
                if (sched != null) {
                    System.out.println("time on a CPU and waiting for one, per call (plug or unplug), over each kind's runs:");
                    sched.report().forEach(System.out::println);
                }
                System.out.println("load " + load());
            } finally {
                for (Path home : homes) {
                    jvif(home, "stop");
                }
            }
        } finally {
            for (Path home : homes) {
                delete(home);
            }
        }
        System.exit(0);
    }

    /** N copies of an os-vif example, each with its own id, vif_name, MAC and interface id; the folder. */
    private static Path examples(Path home, String dir, String example, int n) throws IOException {
        Path out = Files.createDirectories(home.resolve(dir));
        Files.copy(home.resolve("examples/instance.json"), out.resolve("instance.json"));
        ObjectNode base = (ObjectNode) JSON.readTree(home.resolve("examples").resolve(example).toFile());
        for (int i = 0; i < n; i++) {
            ObjectNode v = base.deepCopy();
            ObjectNode data = (ObjectNode) v.get("versioned_object.data");
            String id = UUID.randomUUID().toString();
            data.put("id", id);
            data.put("vif_name", ("tap" + id).substring(0, 14));
            data.put("address", String.format(Locale.ROOT, "fa:16:3e:%02x:%02x:%02x", (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff));
            if (data.get("port_profile") instanceof ObjectNode profile) {
                ((ObjectNode) profile.get("versioned_object.data")).put("interface_id", id);
            }
            JSON.writeValue(out.resolve(String.format(Locale.ROOT, "vif-%04d.json", i)).toFile(), v);
        }
        return out;
    }

    /** One {@code vif:examples} run through the daemon: {plug, unplug} medians (ms) over VIFs 2..N, as it timed them. */
    private static double[] examples(Path home, Path dir) throws IOException, InterruptedException {
        List<String> lines = jvif(home, "examples", dir.toString());
        Map<String, List<Double>> took = Map.of("plug", new ArrayList<>(), "unplug", new ArrayList<>());
        for (String line : lines) {
            Matcher m = TOOK.matcher(line);
            if (m.matches()) {
                took.get(m.group(1)).add(Double.parseDouble(m.group(3)));
            }
        }
        return new double[] {medianFromSecond(took.get("plug")), medianFromSecond(took.get("unplug"))};
    }

    /**
     * N ports by raw transactions of one port each, then their deletion, each waiting for vswitchd; {insert, delete}
     * medians (ms) over 2..N. {@code shaped}: each transaction as jvif's ovs backend makes it for such a VIF
     * (OvsdbPlan.compile).
     */
    private static double[] raw(OvsdbClient raw, int n, boolean shaped) throws Exception {
        Transaction find = raw.transaction();
        Transaction.Select s = find.select("Bridge").where("name", BRIDGE).columns("_uuid");
        UUID bridge = find.commit().get().rows(s).get(0).uuid();
        List<Double> ins = new ArrayList<>();
        List<Double> del = new ArrayList<>();
        UUID[] ports = new UUID[n];
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            String id = UUID.randomUUID().toString();
            Map<String, String> ids = new LinkedHashMap<>();
            ids.put("iface-id", id);
            ids.put("iface-status", "active");
            ids.put("attached-mac", String.format(Locale.ROOT, "fa:16:3e:%02x:%02x:%02x", 0x80 | (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff));
            ids.put("vm-uuid", "d5b2d2a4-5b0f-4cb6-8c52-4d0a7b7b8a01");
            long t0 = System.nanoTime();
            Transaction txn = raw.transaction();
            String name = ("tap" + id).substring(0, 14);
            names[i] = name;
            if (shaped) {
                txn.assertPresent("Bridge", "name", BRIDGE);
                ids.put(OwnerMark.OVSDB_KEY, id);
            }
            NamedUuid iface = txn.insert("Interface").set("name", name).set("external_ids", ids).uuid();
            Transaction.Insert port = txn.insert("Port").set("name", name).set("interfaces", iface);
            if (shaped) {
                port.set("external_ids", Map.of(OwnerMark.OVSDB_KEY, id));
                txn.mutate("Bridge").where("name", BRIDGE).insert("ports", port.uuid());
            } else {
                txn.mutate("Bridge").whereUuid(bridge).insert("ports", port.uuid());
            }
            ports[i] = txn.waitForVswitchd().commit().get().uuid(port);
            ins.add((System.nanoTime() - t0) / 1e6);
        }
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            Transaction txn = raw.transaction();
            if (shaped) {
                txn.waitFor("Port").whereUuid(ports[i]).columns("name").untilEqual(List.of(Map.of("name", names[i])));
                txn.mutate("Bridge").where("ports", Comparison.INCLUDES, ports[i]).delete("ports", ports[i]);
                txn.delete("Port").whereUuid(ports[i]);
            } else {
                txn.mutate("Bridge").whereUuid(bridge).delete("ports", ports[i]);
            }
            txn.waitForVswitchd().commit().get();
            del.add((System.nanoTime() - t0) / 1e6);
        }
        return new double[] {medianFromSecond(ins), medianFromSecond(del)};
    }

    /** The bridge holds only its own port again (nothing left by a run). */
    private static void ports(OvsSandbox ovs, int expected) {
        int found = ovs.vsctl("list-ports", BRIDGE).lines().filter(l -> !l.isBlank()).toList().size();
        if (found != expected) {
            throw new IllegalStateException(BRIDGE + " has " + found + " ports after a run, not " + expected);
        }
    }

    private static List<String> jvif(Path home, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/jvif").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/jvif " + String.join(" ", args) + " failed:\n" + out);
        }
        return out.lines().toList();
    }

    /** The record's files (the daemon's data/record*.mv.db) and their sizes. */
    private static String sizes(Path data) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(data)) {
            for (Path p : s.filter(f -> f.getFileName().toString().startsWith("record")).sorted().toList()) {
                out.add(p.getFileName() + " " + Files.size(p) / 1024 + " kB");
            }
        }
        return String.join(", ", out);
    }

    private static double medianFromSecond(List<Double> v) {
        if (v.size() < 2) {
            throw new IllegalStateException("no timings: " + v);
        }
        return median(v.subList(1, v.size()).stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** A sample of ratios: median, quartiles, the median's 95% percentile-bootstrap interval (fixed seed) and range. */
    static String spread(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        Random random = new Random(7047);
        double[] medians = new double[10_000];
        double[] resample = new double[s.length];
        for (int b = 0; b < medians.length; b++) {
            for (int i = 0; i < s.length; i++) {
                resample[i] = s[random.nextInt(s.length)];
            }
            medians[b] = median(resample);
        }
        Arrays.sort(medians);
        return String.format(Locale.ROOT, "%.3fx, IQR %.3f-%.3fx, 95%% CI %.3f-%.3fx, range %.2f-%.2fx", median(s),
                quantile(s, 0.25), quantile(s, 0.75), quantile(medians, 0.025), quantile(medians, 0.975), s[0], s[s.length - 1]);
    }

    /** The q-quantile of sorted values, interpolated between the two nearest. */
    private static double quantile(double[] sorted, double q) {
        double at = q * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static String load() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static void copy(Path from, Path to) throws IOException, InterruptedException {
        new ProcessBuilder("cp", "-a", from + "/.", to.toString()).inheritIO().start().waitFor();
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
