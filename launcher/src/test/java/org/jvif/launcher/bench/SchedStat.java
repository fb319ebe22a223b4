package org.jvif.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where a run's time went, thread by thread: each watched process's threads' time on a CPU and waiting
 * for one ({@code /proc/PID/task/TID/schedstat}), and the whole machine's busy time ({@code /proc/stat}),
 * summed over the runs of each kind and printed per call. Threads are grouped by name with digits
 * dropped ({@code session-12-thread-2} and {@code session-3-thread-2} together).
 */
final class SchedStat {
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ 100
    private final Map<String, Long> pids = new LinkedHashMap<>();
    /** kind to (process/thread group to {cpu ns, wait ns, slices}). */
    private final Map<String, Map<String, long[]>> sums = new LinkedHashMap<>();
    private final Map<String, Long> calls = new HashMap<>();

    void watch(String label, long pid) {
        pids.put(label, pid);
    }

    /** Per thread (label/group/tid): {cpu ns, wait ns, slices}; "machine": {busy ns, idle ns, 0}. */
    Map<String, long[]> snapshot() throws IOException {
        Map<String, long[]> out = new HashMap<>();
        for (Map.Entry<String, Long> p : pids.entrySet()) {
            Path tasks = Path.of("/proc", String.valueOf(p.getValue()), "task");
            List<Path> tids;
            String[] stat;
            try (Stream<Path> s = Files.list(tasks)) {
                tids = s.toList();
                String line = Files.readString(Path.of("/proc", String.valueOf(p.getValue()), "stat"));
                stat = line.substring(line.lastIndexOf(')') + 2).split(" ");
            } catch (NoSuchFileException e) {
                continue;
            }
            // utime and stime of every thread the process had, ended ones too (a session's caller thread)
            out.put(p.getKey() + "/(all threads)/", new long[] {(Long.parseLong(stat[11]) + Long.parseLong(stat[12])) * TICK_NANOS, 0, 0});
            for (Path t : tids) {
                try {
                    String comm = Files.readString(t.resolve("comm")).trim().replaceAll("[0-9]+", "#");
                    String[] f = Files.readString(t.resolve("schedstat")).trim().split(" ");
                    out.put(p.getKey() + "/" + comm + "/" + t.getFileName(),
                            new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])});
                } catch (NoSuchFileException e) {
                    // the thread ended meanwhile
                }
            }
        }
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split(" +");
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7}) {
            busy += Long.parseLong(cpu[i]);
        }
        out.put("machine", new long[] {busy * TICK_NANOS, Long.parseLong(cpu[4]) * TICK_NANOS, 0});
        return out;
    }

    /** Adds what happened between two snapshots to {@code kind}, which made {@code n} calls meanwhile. */
    void add(String kind, Map<String, long[]> before, Map<String, long[]> after, long n) {
        Map<String, long[]> s = sums.computeIfAbsent(kind, k -> new TreeMap<>());
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[3]);
            String group = e.getKey().contains("/") ? e.getKey().substring(0, e.getKey().lastIndexOf('/')) : e.getKey();
            long[] into = s.computeIfAbsent(group, g -> new long[3]);
            for (int i = 0; i < 3; i++) {
                into[i] += e.getValue()[i] - b[i];
            }
        }
        calls.merge(kind, n, Long::sum);
    }

    /** Per call, by kind: each group's CPU and wait for a CPU (us) and time slices, busiest first. */
    List<String> report() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, long[]>> k : sums.entrySet()) {
            double n = calls.get(k.getKey());
            long[] m = k.getValue().getOrDefault("machine", new long[3]);
            out.add(String.format(Locale.ROOT, "%s: per call (%d calls), machine busy %.0f us, idle %.0f us (ticks of 10 ms)",
                    k.getKey(), (long) n, m[0] / n / 1e3, m[1] / n / 1e3));
            k.getValue().entrySet().stream().filter(e -> !e.getKey().equals("machine"))
                    .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                    .filter(e -> e.getValue()[0] / n >= 1_000 || e.getValue()[1] / n >= 1_000)
                    .forEach(e -> out.add(String.format(Locale.ROOT, "  %-40s cpu %7.1f us  wait %7.1f us  slices %5.2f",
                            e.getKey(), e.getValue()[0] / n / 1e3, e.getValue()[1] / n / 1e3, e.getValue()[2] / n)));
        }
        return out;
    }
}
