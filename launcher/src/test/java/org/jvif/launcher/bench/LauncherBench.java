package org.jvif.launcher.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jvif.launcher.LauncherAccess;
import org.jvif.launcher.TestBundles;
import org.osgi.framework.AllServiceListener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;


/**
 * Launcher benchmark on a copy of the built platform (its class-data-sharing archive made for the
 * copy with {@code bin/jvif --archive-classes}, as after unpacking elsewhere); prints medians of
 * (a) platform start to ready: {@code bin/jvif start} until it answers, until a command is answered,
 * and the daemon's own boot-to-ready time from its log; (b) a bundle jar moved into deploy/ until the
 * service it registers is visible (platform in this JVM, FileInstall polling as configured); (c) one
 * console command ({@code host-info}) run one-shot and through the running platform. (a) and the
 * one-shot run are measured with the archive and without it ({@code JVIF_CDS_ARCHIVE=}), each with the
 * Felix cache kept from the run before and built anew.
 *
 * <p>{@code mvn -q -B -pl launcher -am verify -DskipTests -Pbench-start} (rounds: -Dbench.rounds=N).
 */
public final class LauncherBench {

    private static final Pattern READY = Pattern.compile("platform ready in (\\d+) ms \\((-?\\d+) ms after the process started, (-?\\d+) ms CPU");

    private LauncherBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dist = Path.of(args.length > 0 ? args[0] : "target/jvif");
        int rounds = Integer.getInteger("bench.rounds", 7);
        Path home = Files.createTempDirectory(dist.toAbsolutePath().getParent(), "bench-");
        try {
            copy(dist, home);
            Path bundleJar = TestBundles.build("1.0.0", home.resolve("itbundle.jar"));
            System.out.printf("jvif launcher bench: %d rounds, %s, %d cores, load average %.1f%n", rounds,
                    System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

            jvif(home, Map.of(), "--archive-classes");
            Run cds = new Run();
            Run plain = new Run();
            for (int i = 0; i < rounds; i++) { // interleaved: a change of the machine's load hits both alike
                round(home, Map.of(), cds);
                round(home, Map.of("JVIF_CDS_ARCHIVE", ""), plain);
            }
            List<Long> deploy = deployToService(home, bundleJar, rounds);

            for (Run r : List.of(cds, plain)) {
                String with = r == cds ? "with the class-data-sharing archive" : "without an archive";
                System.out.println(with + ":");
                report("(a) bin/jvif start until ready and answering (wall)", r.startWall);
                report("(a) bin/jvif start, then bin/jvif host-info answered (wall)", r.startToAnswer);
                report("(a) daemon: boot to ready (framework start .. all active + readiness services)", r.bootToReady);
                report("(a) daemon: process start to ready", r.processToReady);
                report("(a) daemon: CPU time used until ready (all threads)", r.cpuToReady);
                report("(c) one command, one-shot platform: bin/jvif host-info (wall)", r.oneShot);
                report("(c) one command, running platform: bin/jvif host-info (wall)", r.viaSocket);
                report("(a) as above, the daemon's Felix cache built anew: start, host-info answered (wall)", r.startToAnswerAnew);
                report("(c) as above, the one-shot's Felix cache built anew: host-info (wall)", r.oneShotAnew);
            }
            report("(b) jar moved into deploy/ until its service is registered", deploy);
            System.out.printf("load average at the end %.1f%n", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            delete(home);
        }
    }

    /** Wall and CPU times (ms) of a series of rounds. */
    private record Run(List<Long> startWall, List<Long> startToAnswer, List<Long> bootToReady, List<Long> processToReady,
            List<Long> cpuToReady, List<Long> viaSocket, List<Long> oneShot, List<Long> startToAnswerAnew, List<Long> oneShotAnew) {
        Run() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    /**
     * One round: start, a command through the daemon, stop; then a one-shot command; then both again
     * with their Felix caches to be built anew (as after a change of bundles/); {@code env} on every bin/jvif.
     */
    private static void round(Path home, Map<String, String> env, Run r) throws Exception {
        long t0 = System.nanoTime();
        jvif(home, env, "start");
        r.startWall.add(ms(t0));
        long t1 = System.nanoTime();
        jvif(home, env, "host-info");
        r.viaSocket.add(ms(t1));
        r.startToAnswer.add(ms(t0));
        long[] ready = lastReady(home);
        r.bootToReady.add(ready[0]);
        r.processToReady.add(ready[1]);
        r.cpuToReady.add(ready[2]);
        jvif(home, env, "stop");
        long t2 = System.nanoTime();
        jvif(home, env, "host-info");
        r.oneShot.add(ms(t2));

        Files.deleteIfExists(home.resolve("data/felix-cache/" + LauncherAccess.CACHE_KEY_FILE));
        long t3 = System.nanoTime();
        jvif(home, env, "start");
        jvif(home, env, "host-info");
        r.startToAnswerAnew.add(ms(t3));
        jvif(home, env, "stop");
        Files.deleteIfExists(home.resolve("data/oneshot-cache/" + LauncherAccess.CACHE_KEY_FILE));
        long t4 = System.nanoTime();
        jvif(home, env, "host-info");
        r.oneShotAnew.add(ms(t4));
    }

    /** In this JVM: boots the platform once, then measures deploy/ to service registration, round after round. */
    private static List<Long> deployToService(Path home, Path bundleJar, int rounds) throws Exception {
        LauncherAccess platform = LauncherAccess.start(home);
        List<Long> times = new ArrayList<>();
        try {
            BundleContext ctx = platform.context();
            Path target = home.resolve("deploy/itbundle.jar");
            for (int i = 0; i < rounds + 1; i++) {
                CountDownLatch registered = new CountDownLatch(1);
                CountDownLatch unregistered = new CountDownLatch(1);
                // AllServiceListener: the bench's class path holds another copy of the service class
                AllServiceListener l = e -> {
                    if (e.getType() == ServiceEvent.REGISTERED) {
                        registered.countDown();
                    } else if (e.getType() == ServiceEvent.UNREGISTERING) {
                        unregistered.countDown();
                    }
                };
                ctx.addServiceListener(l, "(objectClass=" + TestBundles.SERVICE + ")");
                try {
                    Path tmp = home.resolve("deploy/.itbundle.tmp");
                    Files.copy(bundleJar, tmp, StandardCopyOption.REPLACE_EXISTING);
                    long t0 = System.nanoTime();
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    if (!registered.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the deployed bundle's service did not show up in 30 s");
                    }
                    if (i > 0) { // the first round warms the JIT up
                        times.add(ms(t0));
                    }
                    Files.delete(target);
                    if (!unregistered.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the removed bundle's service did not go away in 30 s");
                    }
                } finally {
                    ctx.removeServiceListener(l);
                }
            }
        } finally {
            platform.stop();
        }
        return times;
    }

    private static void jvif(Path home, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/jvif").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/jvif " + String.join(" ", args) + " failed");
        }
    }

    /** The daemon's last "ready" line: boot to ready, process start to ready, CPU until ready (ms). */
    private static long[] lastReady(Path home) throws IOException {
        long[] last = null;
        for (String line : Files.readAllLines(home.resolve("log/jvif.log"))) {
            Matcher m = READY.matcher(line);
            if (m.find()) {
                last = new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
            }
        }
        if (last == null) {
            throw new IllegalStateException("no 'platform ready' line in log/jvif.log");
        }
        return last;
    }

    private static long ms(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0).toMillis();
    }

    private static void report(String what, List<Long> times) {
        List<Long> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        long median = sorted.get(sorted.size() / 2);
        PrintStream out = System.out;
        out.printf("%-84s median %5d ms  (min %d, max %d, n=%d)%n", what, median, sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
