package org.jvif.itests.objects;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jvif.api.OsVif;
import org.jvif.api.object.Json;
import org.jvif.api.object.VersionedObject;
import org.jvif.console.internal.VifConsole;
import org.jvif.corpus.Corpus;

/**
 * The console's {@code vif:objects} over a file of 60,000 lines, each the 19-object VIFOpenVSwitch tree's
 * primitive as os-vif 3.0.0 writes it (bench-tree.json, BenchTree's objects; its port profile at 1.3, which both
 * read and write back unchanged), beside os-vif doing the same to the same file in the same run
 * (itests/peer/osvif_objects_lines.py: json.loads, obj_from_primitive, obj_to_primitive, json.dumps per line,
 * one thread). jvif: one warm-up pass, then {@code bench.rounds} passes, each the whole file from disk to a
 * discarding stream; os-vif: one pass, timed per 10,000 lines. Both print the median lines/s.
 *
 * <pre>
 * mvn -q -B -o -pl itests/objects -am -Pbench -DskipTests verify [-Dbench.rounds=5 -Dbench.python=false]
 * </pre>
 */
public final class ConsoleObjectsBench {
    private static final int LINES = 60_000;

    private ConsoleObjectsBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(System.getProperty("bench.rounds", "5"));
        boolean python = Boolean.parseBoolean(System.getProperty("bench.python", "true"));
        Path dir = Files.createTempDirectory("jvif-objects-lines");
        Path file = dir.resolve("tree.jsonl");
        try {
            String tree;
            try (InputStream in = ConsoleObjectsBench.class.getResourceAsStream("/bench-tree.json")) {
                tree = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            try (PrintStream w = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
                for (int i = 0; i < LINES; i++) {
                    w.append(tree).append('\n');
                }
            }
            VifConsole console = new VifConsole(osVif(), null);
            check(console, tree, file);
            double[] rates = new double[rounds];
            for (int r = -1; r < rounds; r++) {
                long t0 = System.nanoTime();
                int failed;
                try (InputStream in = Files.newInputStream(file);
                        PrintStream out = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8)) {
                    failed = console.objects(in, out);
                }
                double rate = LINES / ((System.nanoTime() - t0) / 1e9);
                if (failed != 0) {
                    throw new IllegalStateException(failed + " lines failed");
                }
                if (r >= 0) {
                    rates[r] = rate;
                }
            }
            double jvif = ObjectsBench.median(rates);
            System.out.printf("vif:objects, %d lines of the 19-object tree (%d bytes each), %d CPUs: median %.0f"
                    + " (%.0f-%.0f) lines/s over %d passes%n", LINES, tree.length(),
                    Runtime.getRuntime().availableProcessors(), jvif, ObjectsBench.min(rates), ObjectsBench.max(rates),
                    rounds);
            Double osvif = python ? python(file, dir) : null;
            if (osvif != null) {
                System.out.printf("os-vif, same file, same run: median %.0f lines/s; jvif %.1fx (goal 45x)%n", osvif,
                        jvif / osvif);
            }
        } finally {
            Files.deleteIfExists(dir.resolve("osvif.json"));
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * The output is what it should be: the tree's primitive (os-vif's, up to the order of its changes list,
     * a Python set's), in an envelope, once a line.
     */
    private static void check(VifConsole console, String tree, Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(file)) {
            console.objects(in, new PrintStream(out, false, StandardCharsets.UTF_8));
        }
        String back = VersionedObject.fromJson(tree, AllTypes.RESOLVER).toJson();
        if (!Corpus.canonical(Json.parse(back)).equals(Corpus.canonical(Json.parse(tree)))) {
            throw new IllegalStateException("jvif does not write the tree back as os-vif wrote it");
        }
        String expected = "{\"primitive\": " + back + "}\n";
        if (!out.toString(StandardCharsets.UTF_8).equals(expected.repeat(LINES))) {
            throw new IllegalStateException("vif:objects did not answer each line with its primitive");
        }
    }

    /** An OsVif over every object class, without a registry: all vif:objects asks of it. */
    private static OsVif osVif() {
        return (OsVif) Proxy.newProxyInstance(OsVif.class.getClassLoader(), new Class<?>[] {OsVif.class},
                (proxy, m, a) -> {
                    switch (m.getName()) {
                        case "fromJson":
                            return VersionedObject.fromJson((String) a[0], AllTypes.RESOLVER);
                        case "fromPrimitive":
                            return VersionedObject.fromPrimitive(a[0], AllTypes.RESOLVER);
                        case "toPrimitive":
                            VersionedObject o = (VersionedObject) a[0];
                            return a[1] == null ? o.toPrimitive() : o.toPrimitive((String) a[1]);
                        default:
                            throw new UnsupportedOperationException(m.getName());
                    }
                });
    }

    /** os-vif's median lines/s over the same file, or null when os-vif is not installed. */
    @SuppressWarnings("unchecked")
    private static Double python(Path file, Path dir) throws IOException, InterruptedException {
        Path script = ObjectsBench.peerScript("osvif_objects_lines.py");
        if (script == null) {
            return null;
        }
        Path json = dir.resolve("osvif.json");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), file.toString(), "--json",
                json.toString()).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            System.out.println("(the Python script failed)");
            return null;
        }
        Map<String, Object> result = (Map<String, Object>) Json.parse(Files.readString(json));
        if (((Number) result.get("errors")).intValue() != 0) {
            throw new IllegalStateException("os-vif failed on lines of the file: " + result);
        }
        List<Object> r = (List<Object>) result.get("rates_per_s");
        return ObjectsBench.median(r.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray());
    }
}
