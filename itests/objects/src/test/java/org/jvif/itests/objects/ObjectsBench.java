package org.jvif.itests.objects;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jvif.api.object.Json;
import org.jvif.api.object.VersionedObject;
import org.jvif.portprofile.openvswitch.VIFPortProfileOpenVSwitch;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.jvif.vif.vhostuser.VIFVHostUser;

/**
 * Object serialisation on one thread, measured as itests/peer/osvif_objects.py measures os-vif: the
 * same 19-object VIFOpenVSwitch tree (BenchTree), the same operations, each timed in rounds of at least
 * {@code bench.seconds} after a warm-up, printed as the median (min-max) of {@code bench.rounds} rounds in
 * ops/s, beside Python's figures from the peer README and, when os-vif is installed, from a run of the
 * Python script right after. Each operation runs in a JVM of its own. The round trip is Python's {@code obj_from_primitive(json.loads(json.dumps(
 * obj.obj_to_primitive())))}: in jvif {@code fromJson(toJson())}, which writes the primitive's JSON text
 * straight from the objects and reads it straight back into objects; "roundtrip (maps)" is the same through
 * the primitive's maps, step by step as Python does it. {@code to_json} and {@code from_json} are set beside
 * Python's two steps together (to_primitive then dumps; loads then from_primitive).
 *
 * <pre>
 * mvn -q -B -o -pl itests/objects -am -Pbench -DskipTests verify \
 *     [-Dbench.seconds=1 -Dbench.rounds=5 -Dbench.python=false]
 * </pre>
 */
public final class ObjectsBench {
    /** Python os-vif 3.0.0's figures (peer README, section 3: median ops/s on this kind of machine). */
    private static final Map<String, Double> PYTHON_README = new LinkedHashMap<>();

    static {
        PYTHON_README.put("to_primitive", 3253.0);
        PYTHON_README.put("json_dumps", 41889.0);
        PYTHON_README.put("json_loads", 67828.0);
        PYTHON_README.put("from_primitive", 2550.0);
        PYTHON_README.put("roundtrip (maps)", 1121.0);
        PYTHON_README.put("to_json", 3253.0 * 41889.0 / (3253.0 + 41889.0));
        PYTHON_README.put("from_json", 67828.0 * 2550.0 / (67828.0 + 2550.0));
        PYTHON_README.put("roundtrip", 1121.0);
        PYTHON_README.put("vif->1.0 manifest", 2717.0);
        PYTHON_README.put("profile->1.2", 35899.0);
        PYTHON_README.put("profile->1.1", 36533.0);
        PYTHON_README.put("profile->1.0", 37005.0);
        PYTHON_README.put("vhu(flat)->1.0", 43419.0);
        PYTHON_README.put("vhu(tree)->1.0 manifest", 2749.0);
    }

    /** Keeps results alive so the JIT cannot drop the work. */
    static volatile Object sink;

    private ObjectsBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "1"));
        int rounds = Integer.parseInt(System.getProperty("bench.rounds", "5"));
        boolean python = Boolean.parseBoolean(System.getProperty("bench.python", "true"));

        VIFOpenVSwitch vif = BenchTree.vif();
        Map<String, Object> prim = vif.toPrimitive();
        String text = Json.write(prim);
        VersionedObject back = VersionedObject.fromPrimitive(Json.parse(text), AllTypes.RESOLVER);
        if (!back.equals(vif) || !back.toJson().equals(text) || !vif.toJson().equals(text)
                || !VersionedObject.fromJson(text, AllTypes.RESOLVER).equals(vif)) {
            throw new IllegalStateException("round trip mismatch");
        }
        int objects = text.split("\"versioned_object.name\"", -1).length - 1;
        Map<String, String> manifest = BenchTree.manifest(VIFOpenVSwitch.SCHEMA, "1.0");
        VIFPortProfileOpenVSwitch prof = (VIFPortProfileOpenVSwitch) vif.getPortProfile();
        VIFVHostUser vhuFlat = BenchTree.vhostUserFlat();
        VIFVHostUser vhu = BenchTree.vhostUserTree(vif);
        Map<String, String> vmanifest = BenchTree.manifest(VIFVHostUser.SCHEMA, "1.0");

        Map<String, Supplier<Object>> ops = new LinkedHashMap<>();
        ops.put("to_primitive", vif::toPrimitive);
        ops.put("json_dumps", () -> Json.write(prim));
        ops.put("json_loads", () -> Json.parse(text));
        ops.put("from_primitive", () -> VersionedObject.fromPrimitive(Json.parse(text), AllTypes.RESOLVER));
        ops.put("roundtrip (maps)", () -> VersionedObject.fromPrimitive(Json.parse(Json.write(vif.toPrimitive())),
                AllTypes.RESOLVER));
        ops.put("to_json", vif::toJson);
        ops.put("from_json", () -> VersionedObject.fromJson(text, AllTypes.RESOLVER));
        // the round trip: the primitive's JSON text written straight from the objects, read straight into them
        ops.put("roundtrip", () -> VersionedObject.fromJson(vif.toJson(), AllTypes.RESOLVER));
        ops.put("vif->1.0 manifest", () -> vif.toPrimitive("1.0", manifest));
        ops.put("profile->1.2", () -> prof.toPrimitive("1.2"));
        ops.put("profile->1.1", () -> prof.toPrimitive("1.1"));
        ops.put("profile->1.0", () -> prof.toPrimitive("1.0"));
        ops.put("vhu(flat)->1.0", () -> vhuFlat.toPrimitive("1.0"));
        ops.put("vhu(tree)->1.0 manifest", () -> vhu.toPrimitive("1.0", vmanifest));

        String only = System.getProperty("bench.only");
        if (only != null) {
            // a forked run: one operation, its rates on one line for the parent
            double[] rates = measure(ops.get(only), seconds, rounds);
            StringBuilder line = new StringBuilder(RATES);
            for (double rate : rates) {
                line.append(' ').append(rate);
            }
            System.out.println(line);
            return;
        }
        System.out.printf("jvif objects: VIFOpenVSwitch tree of %d objects, %d JSON bytes, one thread, %s; "
                + "%d rounds of >= %.1f s after a warm-up, each operation in a JVM of its own; %s%n", objects,
                text.length(), Runtime.version(), rounds, seconds, load());
        Map<String, double[]> jvif = new LinkedHashMap<>();
        for (String op : ops.keySet()) {
            double[] rates = forked(op, seconds, rounds);
            jvif.put(op, rates);
            System.out.printf("  %-24s %10.0f /s  (min %.0f, max %.0f)%n", op, median(rates), min(rates), max(rates));
        }

        Map<String, Double> live = python ? runPython(seconds, rounds) : Map.of();
        System.out.println();
        System.out.printf("%-24s %12s %12s %8s%s%n", "operation (ops/s)", "jvif", "os-vif README", "ratio",
                live.isEmpty() ? "" : String.format(" %12s %8s", "os-vif now", "ratio"));
        for (Map.Entry<String, double[]> e : jvif.entrySet()) {
            double j = median(e.getValue());
            double readme = PYTHON_README.get(e.getKey());
            String now = "";
            if (live.containsKey(e.getKey())) {
                now = String.format(" %12.0f %7.1fx", live.get(e.getKey()), j / live.get(e.getKey()));
            }
            System.out.printf("%-24s %12.0f %12.0f %7.1fx%s%n", e.getKey(), j, readme, j / readme, now);
        }
        System.out.printf("%n%s%n", load());
        System.out.printf("jvif round trip (object to its primitive's JSON text and back, toJson/fromJson): %.0f ops/s; "
                + "through the primitive's maps (toPrimitive, Json.write, Json.parse, fromPrimitive): %.0f ops/s "
                + "(medians of %d rounds; os-vif 3.0.0: %.0f in the README%s)%n", median(jvif.get("roundtrip")),
                median(jvif.get("roundtrip (maps)")), rounds, PYTHON_README.get("roundtrip"),
                live.containsKey("roundtrip") ? String.format(", %.0f now", live.get("roundtrip")) : "");
    }

    private static final String RATES = "rates:";

    /**
     * Measures one operation in a JVM of its own (as JMH forks each benchmark), so that what the JIT learnt from
     * the operations before it does not shape its code.
     */
    private static double[] forked(String op, double seconds, int rounds) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Dbench.only=" + op);
        command.add("-Dbench.seconds=" + seconds);
        command.add("-Dbench.rounds=" + rounds);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ObjectsBench.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || !out.contains(RATES)) {
            throw new IllegalStateException("the run of " + op + " failed: " + out);
        }
        String[] fields = out.substring(out.lastIndexOf(RATES) + RATES.length()).trim().split("\\s+");
        double[] rates = new double[fields.length];
        for (int i = 0; i < fields.length; i++) {
            rates[i] = Double.parseDouble(fields[i]);
        }
        return rates;
    }

    /** Warm up, calibrate so one round lasts about {@code seconds}, then time {@code rounds} rounds. */
    static double[] measure(Supplier<Object> op, double seconds, int rounds) {
        long warmUntil = System.nanoTime() + (long) (Math.max(1.0, seconds) * 1e9);
        while (System.nanoTime() < warmUntil) {
            for (int i = 0; i < 1000; i++) {
                sink = op.get();
            }
        }
        long n = 1;
        double t;
        while (true) {
            long t0 = System.nanoTime();
            for (long i = 0; i < n; i++) {
                sink = op.get();
            }
            t = (System.nanoTime() - t0) / 1e9;
            if (t >= 0.2) {
                break;
            }
            n *= 2;
        }
        n = Math.max(1, (long) (n * seconds / t));
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (long i = 0; i < n; i++) {
                sink = op.get();
            }
            rates[r] = n / ((System.nanoTime() - t0) / 1e9);
        }
        return rates;
    }

    /** Runs the Python peer script, if os-vif is installed: its median ops/s by operation, else empty. */
    @SuppressWarnings("unchecked")
    private static Map<String, Double> runPython(double seconds, int rounds) throws IOException, InterruptedException {
        Path script = peerScript("osvif_objects.py");
        if (script == null) {
            return Map.of();
        }
        Path json = Files.createTempFile("osvif-objects", ".json");
        try {
            System.out.println();
            System.out.println("os-vif, same machine, now: " + script + " (its own output follows)");
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), "--seconds", String.valueOf(seconds),
                    "--rounds", String.valueOf(rounds), "--no-wait-quiet", "--json", json.toString()).inheritIO()
                    .start();
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                System.out.println("(the Python script failed)");
                return Map.of();
            }
            Map<String, Object> results = (Map<String, Object>) ((Map<String, Object>) Json.parse(
                    Files.readString(json))).get("results");
            Map<String, Double> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : results.entrySet()) {
                List<Object> rates = (List<Object>) ((Map<String, Object>) e.getValue()).get("rates_per_s");
                double[] r = new double[rates.size()];
                for (int i = 0; i < r.length; i++) {
                    r[i] = ((Number) rates.get(i)).doubleValue();
                }
                out.put(e.getKey(), median(r));
            }
            return out;
        } finally {
            Files.deleteIfExists(json);
        }
    }

    /** A script of itests/peer when os-vif is installed to run it, else null (said on stdout). */
    static Path peerScript(String name) throws IOException, InterruptedException {
        Path script = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null && script == null; d = d.getParent()) {
            Path s = d.resolve("itests/peer/" + name);
            script = Files.isRegularFile(s) ? s : null;
        }
        if (script == null || new ProcessBuilder("/usr/bin/python3", "-c", "import os_vif").inheritIO().start()
                .waitFor() != 0) {
            System.out.println("(os-vif or the peer script is not here: Python is not run)");
            return null;
        }
        return script;
    }

    /** The machine's load average: the figures are only comparable on an idle machine, or as ratios. */
    private static String load() {
        try {
            String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "load average " + l[0] + " " + l[1] + " " + l[2] + " on " + Runtime.getRuntime()
                    .availableProcessors() + " CPUs";
        } catch (IOException e) {
            return "load average unknown";
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
