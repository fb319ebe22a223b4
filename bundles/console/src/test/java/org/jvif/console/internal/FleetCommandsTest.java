package org.jvif.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.fleet.Fleet;
import org.jvif.fleet.FleetException;
import org.jvif.fleet.FleetHost;
import org.jvif.fleet.FleetVif;
import org.jvif.fleet.VifReport;

/** vif:hosts and vif:plug|unplug|list --host H in a real Gogo shell, over FleetConsole and a Fleet of two hosts. */
class FleetCommandsTest {
    private static final String ID = "0e5b5c3a-0000-4000-8000-000000000001";
    private GogoShell shell;
    private final TwoHosts fleet = new TwoHosts();

    /** compute-1 alive and plugging everything, compute-2 silent; what was asked is recorded. */
    static final class TwoHosts implements Fleet {
        final List<String> asked = new ArrayList<>();
        final Instant seen = Instant.parse("2026-12-06T03:00:00Z");

        @Override
        public Collection<FleetHost> hosts() {
            return List.of(new FleetHost("compute-1", "{}", "0.1.0", seen, true), new FleetHost("compute-2", "{}", "0.1.0", seen, false));
        }

        @Override
        public Optional<FleetHost> host(String name) {
            return hosts().stream().filter(h -> h.name().equals(name)).findFirst();
        }

        @Override
        public CompletionStage<VifReport> plug(String host, VIFBase vif, InstanceInfo instanceInfo) {
            return call("plug", host, vif, instanceInfo, VifReport.State.PLUGGED);
        }

        @Override
        public CompletionStage<VifReport> unplug(String host, VIFBase vif, InstanceInfo instanceInfo) {
            return call("unplug", host, vif, instanceInfo, VifReport.State.UNPLUGGED);
        }

        private CompletionStage<VifReport> call(String what, String host, VIFBase vif, InstanceInfo ii, VifReport.State s) {
            asked.add(what + " " + host + " " + vif.getId() + (ii == null || ii.getName() == null ? "" : " " + ii.getName()));
            if (!host.equals("compute-1")) {
                return CompletableFuture.failedFuture(new FleetException(host, vif.getId(), null, "the host's agent is gone"));
            }
            return CompletableFuture.completedFuture(new VifReport(host, vif.getId(), s, 3, null, null, Duration.ofMillis(12), seen));
        }

        @Override
        public List<FleetVif> vifs(String host) {
            VifReport failed = new VifReport(host, ID, VifReport.State.FAILED, 2, "no bridge br-none\nmore", "PlugException",
                    Duration.ofMillis(5), seen);
            return host.equals("compute-1") ? List.of(new FleetVif(host, ID, VifReport.State.PLUGGED, 2, "{}", Optional.of(failed)))
                    : List.of();
        }

        @Override
        public Optional<FleetVif> vif(String host, String vifId) {
            return vifs(host).stream().filter(v -> v.vifId().equals(vifId)).findFirst();
        }
    }

    @BeforeEach
    void shell() {
        shell = new GogoShell(GogoCommands.functions(new VifConsole(new BareOsVif(), null), new FleetConsole(fleet)));
    }

    @AfterEach
    void close() {
        shell.close();
    }

    private String run(String line) throws Exception {
        return shell.run(line);
    }

    private static Path vifFile(Path dir) throws Exception {
        VIFBase vif = new VIFBase();
        vif.setId(ID);
        return Files.writeString(dir.resolve("vif.json"), vif.toJson());
    }

    @Test
    void hostsShowsEachHostAndWhetherItsAgentIsAlive() throws Exception {
        String out = run("vif:hosts");
        assertTrue(out.contains("HOST") && out.contains("ALIVE"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("compute-1") && l.contains(" yes ") && l.contains("0.1.0")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("compute-2") && l.contains(" no ")), out);
    }

    @Test
    void plugAndUnplugWithHostGoThroughTheFleet(@TempDir Path dir) throws Exception {
        Path vif = vifFile(dir);
        assertEquals("plugged VIF " + ID + " on compute-1 (generation 3, 12 ms there)",
                run("vif:plug " + vif + " --instance-name vm-1 --host compute-1"));
        shell.terminal.reset();
        assertEquals("unplugged VIF " + ID + " on compute-1 (generation 3, 12 ms there)", run("vif:unplug --host compute-1 " + vif));
        assertEquals(List.of("plug compute-1 " + ID + " vm-1", "unplug compute-1 " + ID), fleet.asked);
        Exception e = assertThrows(Exception.class, () -> run("vif:plug " + vif + " --host compute-2"));
        assertEquals("host compute-2, VIF " + ID + ": the host's agent is gone", e.getMessage());
    }

    @Test
    void listWithHostShowsDesiredAndReported() throws Exception {
        String out = run("vif:list --host compute-1");
        assertTrue(out.contains("DESIRED") && out.contains("REPORTED"), out);
        String row = out.lines().filter(l -> l.startsWith(ID)).findFirst().orElseThrow();
        assertTrue(row.contains("plugged") && row.contains("failed") && row.contains("no bridge br-none ...")
                && !row.contains("more"), row);
        Exception e = assertThrows(Exception.class, () -> run("vif:list --host compute-9"));
        assertEquals("vif:list --host compute-9: no agent registered for that host", e.getMessage());
    }

    @Test
    void withoutAFleetHostIsRefusedAndNoHostsCommand() throws Exception {
        Map<String, org.apache.felix.service.command.Function> plain = GogoCommands.functions(new VifConsole(new BareOsVif(), null));
        assertFalse(plain.containsKey("hosts"));
        Exception e = assertThrows(Exception.class, () -> plain.get("list").execute(shell.session, List.of("--host", "compute-1")));
        assertEquals("vif:list: no fleet here (the Fleet service, PID org.jvif.fleet, is not running)", e.getMessage());
    }
}
