package org.jvif.itests.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One real Apache Karaf as unpacked by the build: made fresh and offline (no remote Maven repository, an
 * empty local one: what the stock distribution lacks must come from jvif's KAR), started as
 * {@code bin/karaf server}, driven through {@code bin/client}.
 */
final class Karaf {
    static final Duration BOOT = Duration.ofSeconds(120);
    static final String VERSION = System.getProperty("jvif.version");
    static final Path KAR = Path.of(System.getProperty("jvif.kar"));

    final Path home;
    private final int sshPort;
    private Process process;

    /** An offline instance in {@code home} (the build unpacks it afresh each run), not started. */
    Karaf(Path home) throws IOException {
        this.home = home;
        deleteTree(home.resolve("data"));
        deleteTree(home.resolve("instances"));
        // Karaf ships its karaf user commented out; ports of our own so nothing else clashes
        Path users = home.resolve("etc/users.properties");
        Files.writeString(users, Files.readString(users)
                .replace("#karaf = karaf,_g_:admingroup", "karaf = karaf,_g_:admingroup")
                .replace("#_g_\\:admingroup", "_g_\\:admingroup"));
        sshPort = freePort();
        set("org.apache.karaf.shell", Map.of("sshPort", Integer.toString(sshPort)));
        if (Files.exists(home.resolve("etc/org.apache.karaf.management.cfg"))) {
            set("org.apache.karaf.management", Map.of("rmiRegistryPort", Integer.toString(freePort()),
                    "rmiServerPort", Integer.toString(freePort())));
        }
        Path emptyRepository = home.resolveSibling(home.getFileName() + "-empty-m2");
        deleteTree(emptyRepository);
        Files.createDirectories(emptyRepository);
        set("org.ops4j.pax.url.mvn", Map.of("org.ops4j.pax.url.mvn.repositories", "",
                "org.ops4j.pax.url.mvn.localRepository", emptyRepository.toString(),
                "org.ops4j.pax.url.mvn.useFallbackRepositories", "false"));
        // the ovs backend's OVSDB: a port nobody listens on, so it keeps reconnecting (and never meets the
        // machine's own Open vSwitch); the feature's configfile leaves an existing file as it is
        Files.writeString(home.resolve("etc/org.jvif.backend.ovs.cfg"),
                "ovsdb_connection = tcp:127.0.0.1:" + freePort() + "\n");
    }

    /** The KAR's repository/ into system/, as the KAR deployer does, without installing anything. */
    void copyKarRepository() throws IOException {
        try (ZipFile kar = new ZipFile(KAR.toFile())) {
            for (ZipEntry e : Collections.list(kar.entries())) {
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
    }

    /** The KAR into deploy/, whole once it appears there. */
    void deployKar() throws IOException {
        Path deploy = home.resolve("deploy");
        Files.copy(KAR, deploy.resolve("jvif.kar.part"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(deploy.resolve("jvif.kar.part"), deploy.resolve("jvif.kar"), StandardCopyOption.ATOMIC_MOVE);
    }

    void start() throws Exception {
        ProcessBuilder server = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server");
        // an earlier run's instance record must not stop this one
        server.environment().put("CHECK_ROOT_INSTANCE_RUNNING", "false");
        process = server.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("karaf.out").toFile())).start();
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (!client("bundle:list -t 0").contains("Active")) {
            assertTrue(System.nanoTime() < deadline, "Karaf did not come up; see " + home.resolve("data/log/karaf.log"));
            assertTrue(process.isAlive(), "Karaf died; see " + home.resolve("karaf.out"));
            Thread.sleep(1000);
        }
    }

    /**
     * SIGTERM to Karaf's JVM too (bin/karaf runs it as a child, which outlives a signal to the script):
     * Karaf shuts down in order, as bin/stop has it do; the lock is free once it returns.
     */
    void stop() throws Exception {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(60, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                p.destroyForcibly();
                p.onExit().get(10, TimeUnit.SECONDS);
            }
        }
        process = null;
    }

    String log() throws IOException {
        return Files.readString(home.resolve("data/log/karaf.log"));
    }

    @FunctionalInterface
    interface Step {
        String run() throws Exception;
    }

    /** Runs {@code command} until its output holds {@code expected}, doing {@code step} while it does not. */
    String awaitOutput(String command, String expected, Step step) throws Exception {
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

    /** One command through bin/client (batch mode, commands on stdin), Karaf's colours taken out. */
    String client(String command) throws IOException, InterruptedException {
        return rawClient(command).replaceAll("\u001B\\[[;\\d]*m", "");
    }

    /** One command through bin/client, its output as the terminal would get it. */
    String rawClient(String command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(clientCommand());
        cmd.add("-b");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    private List<String> clientCommand() {
        return List.of(home.resolve("bin/client").toString(), "-a", Integer.toString(sshPort),
                "-u", "karaf", "-p", "karaf", "-r", "3", "-d", "1");
    }

    /**
     * Karaf's console as a person at a terminal has it: bin/client in a pseudo-terminal (script(1)), so
     * the remote shell's line editor reads keys. Types {@code keys} at the prompt and returns what the
     * terminal shows once it holds {@code expected} (or after 30 s).
     */
    String typeAtTerminal(String keys, String expected) throws Exception {
        String client = String.join(" ", clientCommand());
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", client, "/dev/null").redirectErrorStream(true);
        pb.environment().put("TERM", "xterm");
        Process p = pb.start();
        StringBuffer shown = new StringBuffer();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[4096];
            try (InputStream in = p.getInputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    shown.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the terminal closed
            }
        });
        reader.start();
        try {
            awaitShown(shown, "karaf@", p);
            p.getOutputStream().write(keys.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
            awaitShown(shown, expected, p);
            // Ctrl-U drops the line typed, then leave
            p.getOutputStream().write("\u0015logout\r".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
            p.waitFor(10, TimeUnit.SECONDS);
        } finally {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            reader.join(5000);
        }
        return shown.toString();
    }

    private static void awaitShown(StringBuffer shown, String expected, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!shown.toString().replaceAll("\u001B\\[[;?\\d]*[A-Za-z]", "").contains(expected)
                && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(100);
        }
    }

    /**
     * Every bundle Active (a fragment is Resolved, attached to its host), every jvif bundle of the KAR there
     * but the fleet's (its features are installed by hand: a controller or agent needs configuring).
     */
    void assertEveryBundleActive() throws Exception {
        String out = awaitOutput("bundle:list -t 0", "jvif vif-types", () -> "");
        List<String> notActive = out.lines().filter(l -> l.matches("\\s*\\d+ \\|.*"))
                .filter(l -> !l.contains("| Active ") && !l.contains("Hosts:")).toList();
        assertTrue(notActive.isEmpty(), "not Active: " + notActive + "\n" + out);
        long bundles;
        try (ZipFile kar = new ZipFile(KAR.toFile())) {
            bundles = kar.stream().filter(e -> e.getName().matches("repository/org/jvif/org\\.jvif\\..*\\.jar")
                    && !e.getName().startsWith("repository/org/jvif/org.jvif.fleet")).count();
        }
        assertEquals(bundles, out.lines().filter(l -> l.contains("| jvif ")).count(), out);
    }

    /** All 31 os-vif object types, through the console. */
    void assertEveryObjectType() throws Exception {
        String out = awaitOutput("vif:types", "VIFPortProfileOpenVSwitch", () -> "");
        long rows = out.lines().filter(l -> l.contains("|") && !l.startsWith("TYPE")).count();
        assertEquals(31, rows, out);
    }

    /** Waits until the JVM's jvif threads (ovsdb-*, jvif-*), as shell:threads lists them, satisfy {@code check}. */
    void awaitThreads(String what, Predicate<List<String>> check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> threads;
        while (!check.test(threads = client("shell:threads --list").lines().map(l -> l.split("\\|"))
                .filter(c -> c.length > 1).map(c -> c[1].trim())
                .filter(n -> n.startsWith("ovsdb-") || n.startsWith("jvif-")).toList())) {
            assertTrue(System.nanoTime() < deadline, what + ": threads " + threads);
            Thread.sleep(500);
        }
    }

    /** Sets properties of etc/{@code pid}.cfg, dropping their old values (continuation lines too). */
    private void set(String pid, Map<String, String> values) throws IOException {
        Path cfg = home.resolve("etc/" + pid + ".cfg");
        Predicate<String> isKey = t -> values.keySet().stream().anyMatch(k -> t.startsWith(k + " ") || t.startsWith(k + "="));
        List<String> lines = new ArrayList<>();
        boolean dropping = false;
        for (String l : Files.readAllLines(cfg)) {
            String t = l.trim();
            boolean continued = dropping;
            dropping = (continued || isKey.test(t)) && t.endsWith("\\");
            if (!continued && !isKey.test(t)) {
                lines.add(l);
            }
        }
        values.forEach((k, v) -> lines.add(k + " = " + v));
        Files.write(cfg, lines);
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
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
