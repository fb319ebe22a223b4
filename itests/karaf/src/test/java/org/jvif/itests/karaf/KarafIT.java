package org.jvif.itests.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an OpenDaylight user does: a real Apache Karaf (minimal, its default settings), the jvif features
 * installed with Karaf's default auto-refresh, Karaf restarted once, the vif: commands run through Karaf's
 * own client.
 */
class KarafIT {
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static Path home;
    private static Process karaf;
    private static int sshPort;

    @BeforeAll
    static void boot() throws Exception {
        home = Path.of(System.getProperty("karaf.home"));
        // a fresh instance: no state of an earlier run
        deleteTree(home.resolve("data"));
        deleteTree(home.resolve("instances"));
        // Karaf minimal ships its karaf user commented out; ports of our own so nothing else clashes
        Path users = home.resolve("etc/users.properties");
        Files.writeString(users, Files.readString(users)
                .replace("#karaf = karaf,_g_:admingroup", "karaf = karaf,_g_:admingroup")
                .replace("#_g_\\:admingroup", "_g_\\:admingroup"));
        sshPort = freePort();
        set(home.resolve("etc/org.apache.karaf.shell.cfg"), Map.of("sshPort", Integer.toString(sshPort)));
        Path management = home.resolve("etc/org.apache.karaf.management.cfg");
        if (Files.exists(management)) {
            set(management, Map.of("rmiRegistryPort", Integer.toString(freePort()),
                    "rmiServerPort", Integer.toString(freePort())));
        }
        // the archive's repository/ into Karaf's own system/ repository, as an offline KAR deployment
        // does, without the KAR deployer's feature auto-install (which restarts the shell as it goes)
        try (ZipFile kar = new ZipFile(System.getProperty("jvif.kar"))) {
            for (ZipEntry e : java.util.Collections.list(kar.entries())) {
                String name = e.getName();
                if (e.isDirectory() || !name.startsWith("repository/") || name.endsWith("maven-metadata-local.xml")) {
                    continue;
                }
                Path target = home.resolve("system").resolve(name.substring("repository/".length()));
                Files.createDirectories(target.getParent());
                try (InputStream in = kar.getInputStream(e)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        start();
        String version = System.getProperty("jvif.version");
        awaitOutput("feature:repo-list", "jvif-" + version,
                () -> client("feature:repo-add mvn:org.jvif/jvif-features/" + version + "/xml/features"));
        // once, with the default auto-refresh: it must neither need nor do a refresh of what runs (a refresh
        // of Karaf's logging, shell and ssh would drop this very session mid-install)
        String installed = client("feature:install jvif");
        assertFalse(installed.contains("Error") || installed.contains("Exception"), installed);
        assertTrue(client("feature:list -i").contains("\njvif "), "jvif is not installed: " + installed);
        String log = Files.readString(home.resolve("data/log/karaf.log"));
        assertFalse(log.contains("Refreshing bundles"), "the install refreshed bundles; see " + home.resolve("data/log/karaf.log"));
        awaitOutput("vif:types", "VIFPortProfileOpenVSwitch", () -> "");
        // and it all comes back after a restart of Karaf
        stopKaraf();
        start();
    }

    private static void start() throws Exception {
        ProcessBuilder server = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server");
        // an earlier run's instance record must not stop this one
        server.environment().put("CHECK_ROOT_INSTANCE_RUNNING", "false");
        karaf = server.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("karaf.out").toFile())).start();
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (!client("bundle:list -t 0").contains("Active")) {
            assertTrue(System.nanoTime() < deadline, "Karaf did not come up; see " + home.resolve("data/log/karaf.log"));
            assertTrue(karaf.isAlive(), "Karaf died; see " + home.resolve("karaf.out"));
            Thread.sleep(1000);
        }
    }

    /** SIGTERM: Karaf shuts down in order, as bin/stop does. */
    @AfterAll
    static void stopKaraf() throws Exception {
        if (karaf != null) {
            karaf.destroy();
            if (!karaf.waitFor(60, TimeUnit.SECONDS)) {
                karaf.destroyForcibly();
                karaf.waitFor();
            }
        }
    }

    /** After the restart: every bundle Active (a fragment is Resolved, attached to its host). */
    @Test
    void everyBundleIsActive() throws Exception {
        String out = awaitOutput("bundle:list -t 0", "jvif vif-types", () -> "");
        List<String> notActive = out.lines().filter(l -> l.matches("\\s*\\d+ \\|.*"))
                .filter(l -> !l.contains("| Active ") && !l.contains("Hosts:")).toList();
        assertTrue(notActive.isEmpty(), "not Active: " + notActive + "\n" + out);
        long bundles;
        try (ZipFile kar = new ZipFile(System.getProperty("jvif.kar"))) {
            bundles = kar.stream().filter(e -> e.getName().matches("repository/org/jvif/org\\.jvif\\..*\\.jar")).count();
        }
        assertEquals(bundles, out.lines().filter(l -> l.contains("| jvif ")).count(), out);
    }

    @Test
    void hostInfoShowsTheBackends() throws Exception {
        String out = awaitOutput("vif:host-info", "VIFVHostUser", () -> "");
        assertTrue(out.contains("noop"), out);
        for (String backend : List.of("linux_bridge", "tap", "macvtap")) {
            assertTrue(out.contains(backend), backend + " in " + out);
        }
        String json = client("vif:host-info --json");
        assertTrue(json.contains("\"versioned_object.name\": \"HostInfo\""), json);
    }

    @Test
    void everyObjectTypeIsInstalled() throws Exception {
        String out = awaitOutput("vif:types", "VIFPortProfileOpenVSwitch", () -> "");
        long rows = out.lines().filter(l -> l.contains("|") && !l.startsWith("TYPE")).count();
        assertEquals(31, rows, out);
    }

    @FunctionalInterface
    interface Step {
        String run() throws Exception;
    }

    /** Runs {@code command} until its output holds {@code expected}, doing {@code step} while it does not. */
    private static String awaitOutput(String command, String expected, Step step) throws Exception {
        long deadline = System.nanoTime() + BOOT.toNanos();
        String out = client(command);
        while (!out.contains(expected)) {
            assertTrue(System.nanoTime() < deadline, "no '" + expected + "' in the output of " + command + ": " + out);
            step.run();
            Thread.sleep(1000);
            out = client(command);
        }
        return out;
    }

    /** One command through bin/client (batch mode, commands on stdin). */
    private static String client(String command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/client").toString(), "-a", Integer.toString(sshPort),
                "-u", "karaf", "-p", "karaf", "-r", "3", "-d", "1", "-b"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out.replaceAll("\u001B\\[[;\\d]*m", "");
    }

    private static void set(Path cfg, Map<String, String> values) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(cfg));
        values.forEach((k, v) -> {
            lines.removeIf(l -> l.trim().startsWith(k + " ") || l.trim().startsWith(k + "="));
            lines.add(k + " = " + v);
        });
        Files.write(cfg, lines);
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (java.util.stream.Stream<Path> s = Files.walk(root)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
