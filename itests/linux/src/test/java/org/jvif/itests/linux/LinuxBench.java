package org.jvif.itests.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jvif.api.OsVif;
import org.jvif.api.VifPlugin;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.backend.linuxbridge.internal.LinuxBridgePlugin;
import org.jvif.backend.macvtap.internal.MacvtapPlugin;
import org.jvif.backend.tap.internal.TapPlugin;
import org.jvif.host.netlink.Link;
import org.jvif.host.netlink.LinkKind;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.registry.internal.LinuxRegistry;

/**
 * Plug and unplug ms/VIF of the Linux backends, N VIFs each, through the registry, each layout in a
 * fresh private namespace; then os-vif's own linux_bridge measured the same way by the Python peer
 * ({@code itests/peer/osvif_linuxbridge.py}) in the same run, when python3-os-vif is installed.
 * Figures as the peer gives them: first plug apart, median and mean over VIFs 2..N.
 *
 * <pre>mvn -q -B -pl itests/linux -am verify -DskipTests -Pbench [-Dbench.n=200] [-Dbench.peer=false]</pre>
 */
public final class LinuxBench {
    /** The Python peer's scripts: the project's itests/peer, or -Djvif.peer. */
    private static final Path PEER = Path.of(System.getProperty("jvif.peer", "../peer"), "osvif_linuxbridge.py");
    private static final Path OS_VIF_LINUX_BRIDGE = Path.of("/usr/lib/python3/dist-packages/vif_plug_linux_bridge");
    private static final String PCI = "0000:81:00.1";

    private LinuxBench() {
    }

    /** One layout's timings, in seconds per VIF. */
    record Run(String backend, String layout, double[] plug, double[] unplug) {
        String row() {
            return String.format(Locale.ROOT, "%-13s %-8s %10.2f %12.3f %10.3f %14.3f %12.3f", backend, layout,
                    plug[0] * 1e3, median(plug) * 1e3, mean(plug) * 1e3,
                    unplug.length == 0 ? Double.NaN : median(unplug) * 1e3,
                    unplug.length == 0 ? Double.NaN : mean(unplug) * 1e3);
        }
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("bench.n", 200);
        boolean peer = Boolean.parseBoolean(System.getProperty("bench.peer", "true"));
        List<Run> runs = new ArrayList<>();
        quiet();
        runs.add(linuxBridge(n, false));
        quiet();
        runs.add(linuxBridge(n, true));
        quiet();
        runs.add(tap(n));
        quiet();
        runs.add(macvtap(n));

        System.out.println();
        System.out.println("jvif Linux backends, N=" + n + ", through the registry, each layout in a fresh private "
                + "namespace; ms/VIF over VIFs 2..N");
        System.out.println("backend       layout   first plug  plug median  plug mean  unplug median  unplug mean");
        runs.forEach(r -> System.out.println(r.row()));
        if (!peer) {
            return;
        }
        if (!Files.isRegularFile(PEER) || !Files.isDirectory(OS_VIF_LINUX_BRIDGE)) {
            System.out.println("python peer: not run (" + PEER + " or python3-os-vif missing)");
            return;
        }
        Map<String, double[]> python = pythonPeer(n);
        System.out.println("os-vif 3.0.0 linux_bridge (Python peer, same run, N=" + n + ", --reps 1):");
        for (String layout : List.of("per-vif", "shared")) {
            double[] plug = python.get(layout);
            Run ours = runs.stream().filter(r -> r.backend().equals("linux_bridge") && r.layout().equals(layout))
                    .findFirst().orElseThrow();
            System.out.println(new Run("os-vif", layout, plug, new double[0]).row().replace("NaN", "   "));
            System.out.printf(Locale.ROOT, "  linux_bridge %s plug: os-vif/jvif = %.0fx by median, %.0fx by mean%n",
                    layout, median(plug) / median(ours.plug()), mean(plug) / mean(ours.plug()));
        }
    }

    /**
     * As the peer's quiet.wait_quiet(): waits until three consecutive 1 s windows had under 20 % of all CPUs
     * busy, at most 180 s, so both sides are measured on an idle machine.
     */
    private static void quiet() throws IOException, InterruptedException {
        long start = System.nanoTime();
        long[] before = cpuTicks();
        int quietWindows = 0;
        while (quietWindows < 3) {
            if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(180)) {
                System.out.println("  (machine still busy after 180 s; measuring anyway)");
                return;
            }
            Thread.sleep(1000);
            long[] now = cpuTicks();
            double busy = (double) (now[0] - before[0]) / Math.max(1, now[1] - before[1]);
            before = now;
            quietWindows = busy < 0.20 ? quietWindows + 1 : 0;
        }
        System.out.printf(Locale.ROOT, "  (waited %.0f s for an idle machine)%n", (System.nanoTime() - start) / 1e9);
    }

    /** Busy and total ticks of all CPUs, from /proc/stat. */
    private static long[] cpuTicks() throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < cpu.length; i++) {
            total += Long.parseLong(cpu[i]);
        }
        long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
        return new long[] {total - idle, total};
    }

    /** As the peer: per-vif = a new bridge with its own uplink for each VIF; shared = one bridge, one uplink. */
    private static Run linuxBridge(int n, boolean shared) {
        try (Sandbox sandbox = Sandbox.create("bench-lb")) {
            LinuxBridgePlugin backend = new LinuxBridgePlugin(Map.of("network_namespace", sandbox.name));
            for (int i = 0; i < (shared ? 1 : n); i++) {
                String up = shared ? "lbu-shared" : String.format("lbu%04d", i);
                sandbox.links.createVethPair(up, LinkSettings.NONE, up.replace("lbu", "lbp"), LinkSettings.NONE);
            }
            Run run = measure("linux_bridge", shared ? "shared" : "per-vif", "linux_bridge", backend, n, i -> {
                String id = UUID.randomUUID().toString();
                String bridge = shared ? "brq-shared" : ("brq" + id).substring(0, 14);
                return LinuxBridgeTest.vif(bridge, shared ? "lbu-shared" : String.format("lbu%04d", i), 1500L);
            }, sandbox, link -> link.isKind(LinkKind.BRIDGE), shared ? 1 : n);
            backend.close();
            return run;
        }
    }

    private static Run tap(int n) {
        try (Sandbox sandbox = Sandbox.create("bench-tap")) {
            TapPlugin backend = new TapPlugin(Map.of("network_namespace", sandbox.name));
            Run run = measure("tap", "-", "tap", backend, n,
                    i -> TapTest.vif(String.format("tap%04d", i), mac(i), 1500L), sandbox,
                    link -> link.isKind(LinkKind.TUN), n);
            backend.close();
            return run;
        }
    }

    /** All macvtaps in bridge mode on one lower veth, found through a fake sysfs tree. */
    private static Run macvtap(int n) throws IOException {
        Path sysfs = Files.createTempDirectory("jvif-bench-sysfs");
        try (Sandbox sandbox = Sandbox.create("bench-mvt")) {
            Files.createDirectories(sysfs.resolve("bus/pci/devices").resolve(PCI).resolve("net/lower1"));
            sandbox.links.createVethPair("lower1", LinkSettings.NONE.withUp(true), "peer1",
                    LinkSettings.NONE.withUp(true));
            MacvtapPlugin backend = new MacvtapPlugin(Map.of("network_namespace", sandbox.name,
                    "sysfs_root", sysfs.toString()));
            Run run = measure("macvtap", "bridge", "macvtap", backend, n,
                    i -> MacvtapTest.vif(String.format("mvt%04d", i), PCI, "bridge", mac(i), 1500L), sandbox,
                    link -> link.isKind(LinkKind.MACVTAP), n);
            backend.close();
            return run;
        } finally {
            try (var paths = Files.walk(sysfs)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Plugs N VIFs one by one, checks the count of devices, unplugs them one by one. Unplug removes devices
     * for tap and macvtap; linux_bridge's unplug does nothing, as os-vif's.
     */
    private static Run measure(String backendName, String layout, String plugin, VifPlugin backend, int n,
            IntFunction<VIFBase> vifs, Sandbox sandbox, Predicate<Link> made, int expected) {
        OsVif osVif = LinuxRegistry.of(Map.of(plugin, backend));
        InstanceInfo instance = new InstanceInfo();
        instance.setUuid(UUID.randomUUID().toString());
        instance.setName("vm1");
        instance.setProjectId("p");
        List<VIFBase> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(vifs.apply(i));
        }
        double[] plug = new double[n];
        double[] unplug = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            osVif.plug(all.get(i), instance);
            plug[i] = (System.nanoTime() - start) / 1e9;
        }
        long count = sandbox.links.links().stream().filter(made).count();
        if (count != expected) {
            throw new IllegalStateException(backendName + " " + layout + ": " + count + " devices after plugging, "
                    + "expected " + expected);
        }
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            osVif.unplug(all.get(i), instance);
            unplug[i] = (System.nanoTime() - start) / 1e9;
        }
        long left = sandbox.links.links().stream().filter(made).count();
        if (!backendName.equals("linux_bridge") && left != 0) {
            throw new IllegalStateException(backendName + ": " + left + " devices left after unplugging");
        }
        return new Run(backendName, layout, plug, unplug);
    }

    /**
     * Runs the peer as documented in its README, raw timings to a temp dir; returns each layout's plug
     * seconds. Its result line is printed as it is.
     */
    private static Map<String, double[]> pythonPeer(int n) throws IOException, InterruptedException {
        Path results = Files.createTempDirectory("jvif-peer");
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", PEER.toString(), "-n", String.valueOf(n),
                "--reps", "1").redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("PEER_RESULTS", results.toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("python peer failed: " + out);
        }
        String line = out.lines().filter(l -> l.startsWith("os-vif 3.0.0 linux_bridge")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no result line from the peer: " + out));
        System.out.println("peer: " + line);
        Matcher perVif = Pattern.compile("per-vif: plug ([0-9.]+)").matcher(line);
        Matcher shared = Pattern.compile("shared: plug ([0-9.]+)").matcher(line);
        if (!perVif.find() || !shared.find()) {
            throw new IllegalStateException("cannot read the peer's result line: " + line);
        }
        JsonNode json = new ObjectMapper().readTree(results.resolve("osvif_linuxbridge.json").toFile());
        Map<String, double[]> plug = Map.of("per-vif", plugSeconds(json, "per-vif"),
                "shared", plugSeconds(json, "shared"));
        // the line and the raw timings must tell the same story
        check(Double.parseDouble(perVif.group(1)), median(plug.get("per-vif")) * 1e3);
        check(Double.parseDouble(shared.group(1)), median(plug.get("shared")) * 1e3);
        Files.deleteIfExists(results.resolve("osvif_linuxbridge.json"));
        Files.deleteIfExists(results);
        return plug;
    }

    private static double[] plugSeconds(JsonNode json, String layout) {
        JsonNode seconds = json.path(layout).path(0).path("plug_s");
        double[] plug = new double[seconds.size()];
        for (int i = 0; i < plug.length; i++) {
            plug[i] = seconds.get(i).asDouble();
        }
        return plug;
    }

    private static void check(double fromLine, double fromJson) {
        if (Math.abs(fromLine - fromJson) > 0.01) {
            throw new IllegalStateException("peer result line says " + fromLine + " ms, its raw timings " + fromJson);
        }
    }

    /** Over VIFs 2..N, as the peer: the first plug pays for the first use of everything. */
    static double median(double[] seconds) {
        double[] rest = Arrays.copyOfRange(seconds, 1, seconds.length);
        Arrays.sort(rest);
        int m = rest.length / 2;
        return rest.length % 2 == 1 ? rest[m] : (rest[m - 1] + rest[m]) / 2;
    }

    static double mean(double[] seconds) {
        return Arrays.stream(seconds, 1, seconds.length).average().orElse(Double.NaN);
    }

    private static String mac(int i) {
        return String.format("fa:16:3e:%02x:%02x:%02x", i >> 16 & 255, i >> 8 & 255, i & 255);
    }
}
