package org.jvif.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.jvif.fleet.db.testing.FleetCluster;
import org.jvif.host.ovsdb.testing.TestPki;
import org.jvif.launcher.LauncherIT.Run;

/**
 * The launcher's fleet options (issue 13): {@code etc/org.jvif.fleet.agent.cfg} makes the daemon a host's agent,
 * {@code etc/org.jvif.fleet.cfg} makes {@code bin/jvif} a controller; a VIF plugged with {@code --host} from the
 * controller's folder, through a 3-member fleet database, lands in the agent's record. Two copies of the built
 * platform, driven only through bin/jvif, as the README's quick start does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FleetIT {
    private static final String VIF_ID = "d4c4f0d4-1e0b-4e3c-9c3a-8d1b0c2a7f11";

    private FleetCluster db;
    private Path agent;
    private Path controller;

    @BeforeAll
    void start() throws Exception {
        Path dist = Path.of(System.getProperty("jvif.dist", "target/jvif"));
        assertTrue(Files.isExecutable(dist.resolve("bin/jvif")), "build the platform first: " + dist);
        agent = copy(dist, "fleet-agent-");
        controller = copy(dist, "fleet-controller-");
        db = FleetCluster.start(Duration.ofSeconds(5));
    }

    @AfterAll
    void stop() throws Exception {
        for (Path home : new Path[] {agent, controller}) {
            if (home == null) {
                continue;
            }
            Path pid = home.resolve("data/jvif.pid");
            if (Files.exists(pid)) {
                long daemon = Long.parseLong(Files.readAllLines(pid).get(0).trim().split("\\s+")[0]);
                jvif(home, "stop");
                ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroyForcibly);
            }
            try (Stream<Path> s = Files.walk(home)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theDaemonIsTheHostsAgentAndAOneShotTheController() throws Exception {
        // no fleet configured: none of bundles/fleet/ is installed
        assertFalse(jvif(agent, "felix:lb", "-s").out().contains("org.jvif.fleet"));

        TestPki.Identity node = db.identity("node-1");
        Files.writeString(agent.resolve("etc/org.jvif.fleet.agent.cfg"), String.join("\n",
                "connection = " + db.agentRemote(0) + "," + db.agentRemote(1) + "," + db.agentRemote(2),
                "ssl_key_file = " + node.privateKey(), "ssl_cert_file = " + node.certificate(),
                "ssl_ca_cert_file = " + db.db().pki().caCertificate(), "heartbeat = 1", ""));
        // a one-shot command never runs an agent of its own
        assertFalse(jvif(agent, "felix:lb", "-s").out().contains("org.jvif.fleet"));
        Run started = jvif(agent, "start");
        assertEquals(0, started.status(), started.toString());
        String bundles = jvif(agent, "felix:lb", "-s").out();
        assertTrue(bundles.contains("org.jvif.fleet.agent") && bundles.contains("org.jvif.fleet.db"), bundles);
        assertFalse(bundles.matches("(?s).*org\\.jvif\\.fleet\\s.*"), "the controller is not the agent's: " + bundles);

        TestPki.Identity me = db.identity("controller");
        Files.writeString(controller.resolve("etc/org.jvif.fleet.cfg"), String.join("\n", "connection = " + db.db().remotes(),
                "ssl_key_file = " + me.privateKey(), "ssl_cert_file = " + me.certificate(),
                "ssl_ca_cert_file = " + db.db().pki().caCertificate(), "timeout = 60", ""));
        Run hosts = await(r -> r.status() == 0 && r.out().contains("node-1"), controller, "hosts");
        assertTrue(hosts.out().contains("yes") || hosts.out().contains("true"), "node-1 alive: " + hosts);

        Path example = controller.resolve("examples/noop-vhostuser.json");
        Files.writeString(example, Files.readString(example).replaceFirst("\"id\": \"[^\"]+\"", "\"id\": \"" + VIF_ID + "\""));
        Run plug = jvif(controller, "plug", example.toString(), "--host", "node-1");
        assertEquals(0, plug.status(), plug.toString());
        Run here = jvif(agent, "list");
        assertTrue(here.out().lines().anyMatch(l -> l.contains(VIF_ID) && l.contains("PLUGGED")), here.toString());
        Run there = jvif(controller, "--verbose", "list", "--host", "node-1");
        assertTrue(there.out().contains(VIF_ID), there.toString());

        Run unplug = jvif(controller, "unplug", example.toString(), "--host", "node-1");
        assertEquals(0, unplug.status(), unplug.toString());
        here = jvif(agent, "list");
        assertTrue(here.out().lines().anyMatch(l -> l.contains(VIF_ID) && l.contains("UNPLUGGED")), here.toString());
        assertEquals(0, jvif(agent, "stop").status());
    }

    /** The built platform copied under target/ (short enough for a unix socket path). */
    private static Path copy(Path dist, String prefix) throws Exception {
        Path home = Files.createTempDirectory(dist.getParent(), prefix);
        Process p = new ProcessBuilder("cp", "-a", dist + "/.", home.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        return home;
    }

    private static Run jvif(Path home, String... args) throws Exception {
        return LauncherIT.jvif(home, Map.of(), "", args);
    }

    private static Run await(java.util.function.Predicate<Run> condition, Path home, String... args) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Run last;
        do {
            last = jvif(home, args);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        fail("not in 60 s: " + List.of(args) + ": " + last);
        return last;
    }
}
