package org.jvif.itests.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvif.api.CheckReport;
import org.jvif.api.VifRecord;
import org.jvif.api.VifState;
import org.jvif.backend.tap.internal.TapPlugin;
import org.jvif.registry.internal.LinuxRegistry;
import org.jvif.registry.internal.OsVifRegistry;
import org.jvif.registry.internal.RecordedRegistry;
import org.jvif.vif.generic.VIFGeneric;

/**
 * The platform killed with SIGKILL at random instants while it plugs and unplugs tap VIFs (issue 9): a
 * child JVM runs the registry with its durable record and the tap backend in a private namespace, plugging
 * and unplugging 8 VIFs at random; it is killed, and a new registry on the same record and namespace
 * reconciles at start. Then {@code check} is clean, the namespace holds exactly the taps of the VIFs the
 * record holds as plugged, and each VIF is as its last answered call left it, or as the call in flight at
 * the kill asked (calls in flight are completed).
 */
class SigkillTest {
    static final int VIFS = 8;
    static final int KILLS = 20;

    @TempDir
    Path dir;

    static VIFGeneric vif(int i) {
        VIFGeneric vif = new VIFGeneric();
        vif.setId(UUID.nameUUIDFromBytes(("sigkill" + i).getBytes(StandardCharsets.UTF_8)).toString());
        vif.setAddress(String.format("fa:16:3e:00:01:%02x", i));
        vif.setPlugin("tap");
        vif.setVifName("tapk" + i);
        return vif;
    }

    /** The child: {@code <record file> <namespace> <seed>}; says "begin OP i" and "ok|failed OP i" per call. */
    public static void main(String[] args) {
        TapPlugin backend = new TapPlugin(Map.of("network_namespace", args[1]));
        OsVifRegistry registry = RecordedRegistry.open(LinuxRegistry.of(Map.of("tap", backend)), Path.of(args[0]));
        Random random = new Random(Long.parseLong(args[2]));
        while (true) {
            int i = random.nextInt(VIFS);
            boolean plug = random.nextBoolean();
            String op = (plug ? "plug " : "unplug ") + i;
            System.out.println("begin " + op);
            System.out.flush();
            try {
                if (plug) {
                    registry.plug(vif(i), null);
                } else {
                    registry.unplug(vif(i), null);
                }
                System.out.println("ok " + op);
            } catch (RuntimeException e) {
                System.out.println("failed " + op + " " + e.getMessage().replace('\n', ' '));
            }
            System.out.flush();
        }
    }

    /** Books one line of the child's: a call begun, or its answer. */
    private static void seen(String line, Map<Integer, VifState> answered, Map<Integer, VifState> inFlight) {
        String[] w = line.split(" ");
        if (w.length < 3) {
            return; // cut short by the kill
        }
        int i = Integer.parseInt(w[2]);
        VifState wanted = w[1].equals("plug") ? VifState.PLUGGED : VifState.UNPLUGGED;
        if (w[0].equals("begin")) {
            inFlight.put(i, wanted);
        } else if (w[0].equals("ok")) {
            inFlight.remove(i);
            answered.put(i, wanted);
        } else {
            throw new AssertionError("a call failed: " + line);
        }
    }

    @Test
    void afterEachKillTheRestartedPlatformAgreesWithTheHost() throws Exception {
        Path record = dir.resolve("record.mv.db");
        Random random = new Random(9);
        // per VIF: the state its last answered call left, and the call begun after it, if any
        Map<Integer, VifState> answered = new HashMap<>();
        Map<Integer, VifState> inFlight = new HashMap<>();
        try (Sandbox sandbox = Sandbox.create("kill")) {
            for (int kill = 0; kill < KILLS; kill++) {
                Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), SigkillTest.class.getName(), record.toString(),
                        sandbox.name, Integer.toString(kill)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                int lines = 2 + random.nextInt(60);
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
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

                TapPlugin backend = new TapPlugin(Map.of("network_namespace", sandbox.name));
                OsVifRegistry registry = RecordedRegistry.open(LinuxRegistry.of(Map.of("tap", backend)), record);
                try {
                    long deadline = System.nanoTime() + 20_000_000_000L;
                    while (registry.vifs().stream().anyMatch(r -> r.state() == VifState.PLUGGING
                            || r.state() == VifState.UNPLUGGING)) {
                        assertTrue(System.nanoTime() < deadline, "start-up reconcile did not finish");
                        Thread.sleep(20);
                    }
                    CheckReport report = registry.check(List.of());
                    assertTrue(report.clean(), "kill " + kill + ": " + report);
                    Set<String> plugged = registry.vifs().stream().filter(r -> r.state() == VifState.PLUGGED)
                            .map(VifRecord::vifName).collect(Collectors.toCollection(TreeSet::new));
                    Set<String> taps = Ip.links(sandbox.name).stream().map(l -> l.get("ifname").asText())
                            .filter(n -> !n.equals("lo")).collect(Collectors.toCollection(TreeSet::new));
                    assertEquals(plugged, taps, "kill " + kill + ": the host holds exactly what the record holds");
                    for (int i = 0; i < VIFS; i++) {
                        VifRecord r = registry.vif(vif(i).getId()).orElse(null);
                        VifState now = r == null ? VifState.UNPLUGGED : r.state();
                        VifState last = answered.getOrDefault(i, VifState.UNPLUGGED);
                        VifState flying = inFlight.get(i);
                        assertTrue(now == last || now == flying, "kill " + kill + ", VIF " + i + ": " + now
                                + ", last answered " + last + ", in flight " + flying);
                        answered.put(i, now);
                    }
                    inFlight.clear();
                } finally {
                    RecordedRegistry.close(registry);
                    backend.close();
                }
            }
        }
    }
}
