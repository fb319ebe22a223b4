package org.jvif.host.ovsdb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jvif.host.ovsdb.NamedUuid;
import org.jvif.host.ovsdb.OvsdbClient;
import org.jvif.host.ovsdb.OvsdbOptions;
import org.jvif.host.ovsdb.Transaction;
import org.jvif.host.ovsdb.TransactionResult;
import org.jvif.host.ovsdb.testing.OvsSandbox;

/**
 * The jvif side of itests/peer/ovsdb_raw.py: the same port transactions (Interface with os-vif's
 * external_ids + Port by named-uuid + one mutate of Bridge.ports), in a fresh sandbox per repetition,
 * talking tcp to 127.0.0.1 like the peer. Phases: A insert 1/txn, B delete 1/txn, C insert B/txn,
 * D delete B/txn (all sequential, as the peer), then with the batching client: E T threads committing
 * single-port transactions concurrently, F all single-port transactions submitted at once (async).
 * Prints ms per port: the median over transactions for 1/txn, median txn time / B for batches, wall time / N
 * for E and F; then median (min-max) over repetitions. A discarded warm-up run (own sandbox) comes first.
 *
 * <pre>
 * java -cp ... org.jvif.host.ovsdb.bench.OvsdbBench [-n 200,1000] [--batch 100] [--reps 3]
 *      [--wait no|yes|both] [--no-vswitchd] [--remote tcp|unix] [--threads 16] [--warmup 1000] [--no-quiet]
 *      [--peer itests/peer/ovsdb_raw.py]   (runs the peer right before each repetition, adds ratios)
 * </pre>
 */
public final class OvsdbBench {
    private static final String BR = "br-raw";

    private final int batch;
    private final int threads;
    private final boolean unix;
    private final boolean vswitchd;

    private OvsdbBench(int batch, int threads, boolean unix, boolean vswitchd) {
        this.batch = batch;
        this.threads = threads;
        this.unix = unix;
        this.vswitchd = vswitchd;
    }

    public static void main(String[] args) throws Exception {
        List<Integer> ns = List.of(200, 1000);
        int batch = 100;
        int reps = 3;
        String wait = "both";
        String remote = "tcp";
        int threads = 16;
        int warmup = 1000;
        boolean quiet = true;
        boolean vswitchd = true;
        String peer = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-n" -> ns = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--wait" -> wait = args[++i];
                case "--remote" -> remote = args[++i];
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--no-quiet" -> quiet = false;
                case "--no-vswitchd" -> vswitchd = false;
                case "--peer" -> peer = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (!vswitchd) {
            wait = "no";
        }
        OvsdbBench b = new OvsdbBench(batch, threads, remote.equals("unix"), vswitchd);
        if (warmup > 0) {
            long t = System.nanoTime();
            b.rep(warmup, false);
            System.err.printf("warm-up N=%d done in %.1f s%n", warmup, (System.nanoTime() - t) / 1e9);
        }
        List<Boolean> waits = switch (wait) {
            case "no" -> List.of(false);
            case "yes" -> List.of(true);
            default -> List.of(false, true);
        };
        for (boolean w : waits) {
            for (int n : ns) {
                List<Map<String, Double>> results = new ArrayList<>();
                for (int r = 0; r < reps; r++) {
                    double waited = quiet ? Quiet.waitQuiet() : 0;
                    Map<String, Double> res = new LinkedHashMap<>();
                    if (peer != null) {
                        // the peer's raw client right before, in the same conditions: ratios from one run
                        res.putAll(peer(peer, n, batch, w, vswitchd));
                    }
                    Quiet.Sample busy = Quiet.sample();
                    res.putAll(b.rep(n, w));
                    res.put("machine busy %", 100 * busy.busyFraction());
                    res.put("waited for quiet s", waited);
                    if (peer != null) {
                        for (String k : List.of("insert 1/txn", "delete 1/txn", "insert " + batch + "/txn", "delete " + batch + "/txn")) {
                            res.put("ratio jvif/peer " + k, res.get(k) / res.get("peer " + k));
                        }
                    }
                    results.add(res);
                    System.err.println("  [rep " + (r + 1) + "] " + format(res, null));
                }
                System.out.println("jvif OVSDB N=" + n + " reps=" + reps + " " + remote + (!vswitchd ? " ovsdb-server only"
                        : w ? " ovsdb-server+ovs-vswitchd, WAITING for vswitchd (cur_cfg)" : " ovsdb-server+ovs-vswitchd, not waiting for vswitchd")
                        + " | ms/port, median (min-max) over reps | " + format(results.get(0), results));
            }
        }
    }

    /** Runs itests/peer/ovsdb_raw.py once (its own fresh sandbox) and returns its ms/port figures. */
    private static Map<String, Double> peer(String script, int n, int batch, boolean wait, boolean vswitchd) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script, "-n", String.valueOf(n), "--batch",
                String.valueOf(batch), "--reps", "1", "--no-wait-quiet", "--json", "/dev/null", "--port", "17690"));
        if (wait) {
            cmd.add("--wait-vswitchd");
        }
        if (!vswitchd) {
            cmd.add("--no-vswitchd");
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("peer failed: " + out);
        }
        Map<String, Double> res = new LinkedHashMap<>();
        for (String k : List.of("insert 1/txn", "delete 1/txn", "insert " + batch + "/txn", "delete " + batch + "/txn")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(k) + " ([0-9.]+) ").matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("no '" + k + "' in peer output: " + out);
            }
            res.put("peer " + k, Double.parseDouble(m.group(1)));
        }
        return res;
    }

    private static String format(Map<String, Double> first, List<Map<String, Double>> all) {
        StringBuilder sb = new StringBuilder();
        for (String k : first.keySet()) {
            if (sb.length() > 0) {
                sb.append(" | ");
            }
            sb.append(k).append(' ');
            if (all == null) {
                sb.append(String.format(Locale.ROOT, "%.4f", first.get(k)));
            } else {
                List<Double> v = new ArrayList<>();
                for (Map<String, Double> m : all) {
                    v.add(m.get(k));
                }
                Collections.sort(v);
                sb.append(String.format(Locale.ROOT, "%.4f (%.4f-%.4f)", median(v), v.get(0), v.get(v.size() - 1)));
            }
        }
        return sb.toString();
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** CPU seconds (user+system) of a process so far, from /proc. */
    static double cpu(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Records CPU ms per port of ovsdb-server, ovs-vswitchd and this JVM over a phase. */
    private static final class Cpu {
        private final long server;
        private final long vswitchd;
        private final long self = ProcessHandle.current().pid();
        private double s0;
        private double v0;
        private double c0;

        Cpu(OvsSandbox ovs) {
            server = ovs.pid("ovsdb-server").orElse(-1L);
            vswitchd = ovs.pid("ovs-vswitchd").orElse(-1L);
        }

        void start() {
            s0 = cpu(server);
            v0 = cpu(vswitchd);
            c0 = cpu(self);
        }

        void stop(Map<String, Double> out, String phase, int n) {
            out.put(phase + " cpu ovsdb-server", (cpu(server) - s0) * 1000 / n);
            if (vswitchd > 0) {
                out.put(phase + " cpu vswitchd", (cpu(vswitchd) - v0) * 1000 / n);
            }
            out.put(phase + " cpu client", (cpu(self) - c0) * 1000 / n);
        }
    }

    /** One repetition in a fresh sandbox. */
    private Map<String, Double> rep(int n, boolean wait) throws Exception {
        Map<String, Double> out = new LinkedHashMap<>();
        try (OvsSandbox ovs = OvsSandbox.builder().tcp(true).vswitchd(vswitchd).start()) {
            String remote = unix ? ovs.unixRemote() : ovs.tcpRemote();
            Cpu cpu = new Cpu(ovs);
            Map<String, Double> cpuOut = new LinkedHashMap<>();
            long t0 = System.nanoTime();
            OvsdbOptions.Builder opts = OvsdbOptions.builder(remote).timeout(Duration.ofSeconds(120));
            try (OvsdbClient c = OvsdbClient.connect(opts.build());
                 OvsdbClient batched = OvsdbClient.connect(opts.batching(true).build())) {
                out.put("connect+get_schema ms", (System.nanoTime() - t0) / 1e6 / 2);
                Transaction br = c.transaction();
                NamedUuid bi = br.insert("Interface").set("name", BR).set("type", "internal").uuid();
                NamedUuid bp = br.insert("Port").set("name", BR).set("interfaces", bi).uuid();
                Transaction.Insert bb = br.insert("Bridge").set("name", BR).set("ports", bp).set("datapath_type", "netdev");
                br.mutate("Open_vSwitch").insert("bridges", bb.uuid());
                if (wait) {
                    br.waitForVswitchd();
                }
                UUID bridge = br.commit().get().uuid(bb);

                List<Double> times = new ArrayList<>();
                cpu.start();
                List<UUID> ports = insert(c, bridge, "rawa", n, 1, wait, times);
                cpu.stop(cpuOut, "insert 1/txn", n);
                out.put("insert 1/txn", median(times));
                check(c, n + 1);
                cpu.start();
                out.put("delete 1/txn", median(delete(c, bridge, ports, 1, wait)));
                cpu.stop(cpuOut, "delete 1/txn", n);
                check(c, 1);
                times.clear();
                cpu.start();
                ports = insert(c, bridge, "rawb", n, batch, wait, times);
                cpu.stop(cpuOut, "insert " + batch + "/txn", n);
                out.put("insert " + batch + "/txn", median(times) / batch);
                check(c, n + 1);
                cpu.start();
                out.put("delete " + batch + "/txn", median(delete(c, bridge, ports, batch, wait)) / batch);
                cpu.stop(cpuOut, "delete " + batch + "/txn", n);
                check(c, 1);

                cpu.start();
                long t = System.nanoTime();
                ConcurrentLinkedQueue<UUID> made = concurrentInsert(batched, bridge, n, wait);
                out.put("insert " + threads + " threads batched", (System.nanoTime() - t) / 1e6 / n);
                cpu.stop(cpuOut, "insert " + threads + " threads batched", n);
                check(c, n + 1);
                cpu.start();
                t = System.nanoTime();
                concurrentDelete(batched, bridge, new ArrayList<>(made), wait);
                out.put("delete " + threads + " threads batched", (System.nanoTime() - t) / 1e6 / n);
                cpu.stop(cpuOut, "delete " + threads + " threads batched", n);
                check(c, 1);

                cpu.start();
                t = System.nanoTime();
                List<CompletableFuture<TransactionResult>> fs = new ArrayList<>();
                List<Transaction.Insert> inserts = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Transaction txn = batched.transaction();
                    inserts.add(portOps(txn, bridge, List.of("rawd" + i)).get(0));
                    fs.add(commit(txn, wait));
                }
                List<UUID> async = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    async.add(fs.get(i).get().uuid(inserts.get(i)));
                }
                out.put("insert async batched", (System.nanoTime() - t) / 1e6 / n);
                cpu.stop(cpuOut, "insert async batched", n);
                check(c, n + 1);
                cpu.start();
                t = System.nanoTime();
                fs.clear();
                for (UUID u : async) {
                    Transaction txn = batched.transaction();
                    txn.mutate("Bridge").whereUuid(bridge).delete("ports", u);
                    fs.add(commit(txn, wait));
                }
                for (CompletableFuture<TransactionResult> f : fs) {
                    f.get();
                }
                out.put("delete async batched", (System.nanoTime() - t) / 1e6 / n);
                cpu.stop(cpuOut, "delete async batched", n);
                check(c, 1);
                System.err.println("  " + batched);
            }
            out.putAll(cpuOut);
        }
        return out;
    }

    private static CompletableFuture<TransactionResult> commit(Transaction txn, boolean wait) {
        return (wait ? txn.waitForVswitchd() : txn).commit();
    }

    /** The peer's port_ops: B Interface + B Port inserts, one mutate inserting B named-uuids into Bridge.ports. */
    private static List<Transaction.Insert> portOps(Transaction txn, UUID bridge, List<String> names) {
        List<Transaction.Insert> ports = new ArrayList<>();
        List<NamedUuid> refs = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            String name = names.get(k);
            NamedUuid iface = txn.insert("Interface").set("name", name).set("external_ids", Map.of(
                    "attached-mac", "fa:16:3e:" + hex(k >> 16) + ":" + hex(k >> 8) + ":" + hex(k),
                    "iface-id", UUID.randomUUID().toString(), "iface-status", "active",
                    "vm-uuid", UUID.randomUUID().toString())).uuid();
            Transaction.Insert port = txn.insert("Port").set("name", name).set("interfaces", iface);
            ports.add(port);
            refs.add(port.uuid());
        }
        txn.mutate("Bridge").whereUuid(bridge).insert("ports", refs);
        return ports;
    }

    private static String hex(int b) {
        String h = Integer.toHexString(b & 255);
        return h.length() == 1 ? "0" + h : h;
    }

    private static List<UUID> insert(OvsdbClient c, UUID bridge, String prefix, int n, int b, boolean wait,
            List<Double> times) throws Exception {
        List<UUID> uuids = new ArrayList<>();
        for (int start = 0; start < n; start += b) {
            List<String> names = new ArrayList<>();
            for (int i = start; i < Math.min(n, start + b); i++) {
                String num = Integer.toString(i);
                names.add(prefix + "00000".substring(Math.min(5, num.length())) + num);
            }
            long t = System.nanoTime();
            Transaction txn = c.transaction();
            List<Transaction.Insert> ports = portOps(txn, bridge, names);
            TransactionResult r = commit(txn, wait).get();
            times.add((System.nanoTime() - t) / 1e6);
            for (Transaction.Insert p : ports) {
                uuids.add(r.uuid(p));
            }
        }
        return uuids;
    }

    private static List<Double> delete(OvsdbClient c, UUID bridge, List<UUID> ports, int b, boolean wait) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int start = 0; start < ports.size(); start += b) {
            long t = System.nanoTime();
            Transaction txn = c.transaction();
            txn.mutate("Bridge").whereUuid(bridge).delete("ports", ports.subList(start, Math.min(ports.size(), start + b)));
            commit(txn, wait).get();
            times.add((System.nanoTime() - t) / 1e6);
        }
        return times;
    }

    private ConcurrentLinkedQueue<UUID> concurrentInsert(OvsdbClient c, UUID bridge, int n, boolean wait) throws Exception {
        ConcurrentLinkedQueue<UUID> made = new ConcurrentLinkedQueue<>();
        runThreads(n, i -> {
            Transaction txn = c.transaction();
            Transaction.Insert p = portOps(txn, bridge, List.of("rawc" + i)).get(0);
            made.add(commit(txn, wait).get().uuid(p));
        });
        return made;
    }

    private void concurrentDelete(OvsdbClient c, UUID bridge, List<UUID> ports, boolean wait) throws Exception {
        runThreads(ports.size(), i -> {
            Transaction txn = c.transaction();
            txn.mutate("Bridge").whereUuid(bridge).delete("ports", ports.get(i));
            commit(txn, wait).get();
        });
    }

    interface Work {
        void run(int i) throws Exception;
    }

    /** Items 0..n-1 spread over the threads; each thread does its items one after the other. */
    private void runThreads(int n, Work work) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                    for (int i = id; i < n; i += threads) {
                        work.run(i);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            th.start();
            ts.add(th);
        }
        go.countDown();
        for (Thread th : ts) {
            th.join();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("worker failed", errors.peek());
        }
    }

    private static void check(OvsdbClient c, int ports) throws Exception {
        Transaction txn = c.transaction();
        Transaction.Select s = txn.select("Port").columns("name");
        int got = txn.commit().get().rows(s).size();
        if (got != ports) {
            throw new IllegalStateException("expected " + ports + " Port rows, found " + got);
        }
    }

    /** Like the peer's quiet.py: wait for an idle machine, and report how busy it was. */
    static final class Quiet {
        record Sample(long busy, long total) {
            double busyFraction() {
                Sample now = read();
                return (double) (now.busy - busy) / Math.max(1, now.total - total);
            }
        }

        static Sample sample() {
            return read();
        }

        private static Sample read() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < f.length; i++) {
                    total += Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                return new Sample(total - idle, total);
            } catch (IOException e) {
                return new Sample(0, 1);
            }
        }

        /** Seconds waited until 3 consecutive 1 s windows were under 20 % busy (gives up after 180 s, negative). */
        static double waitQuiet() throws InterruptedException {
            long t0 = System.nanoTime();
            int ok = 0;
            Sample s = read();
            while (ok < 3) {
                if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(180)) {
                    return -(System.nanoTime() - t0) / 1e9;
                }
                Thread.sleep(1000);
                double f = s.busyFraction();
                s = read();
                ok = f < 0.20 ? ok + 1 : 0;
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }
}
