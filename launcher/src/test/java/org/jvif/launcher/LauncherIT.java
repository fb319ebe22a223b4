package org.jvif.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Drives the built platform (a copy of target/jvif/) through bin/jvif: one-shot commands, then the
 * background platform with commands over its control socket, hot deploy, and stop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherIT {

    record Run(int status, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }
    }

    private Path home;
    private Path bundle;

    @BeforeAll
    void copyPlatform() throws Exception {
        Path dist = Path.of(System.getProperty("jvif.dist", "target/jvif"));
        assertTrue(Files.isExecutable(dist.resolve("bin/jvif")), "build the platform first: " + dist);
        // under target/, not /tmp: short enough for a unix socket path, and cleaned with the build
        home = Files.createTempDirectory(dist.getParent(), "it-");
        try (Stream<Path> s = Files.walk(dist)) {
            for (Path p : s.toList()) {
                Path to = home.resolve(dist.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        bundle = home.resolve("deploy/itbundle.jar");
        // the test bundle's commands may run through bin/jvif, beside the default allow-list
        Files.writeString(home.resolve("etc/jvif.properties"), "\njvif.commands = " + AllowedCommands.DEFAULT
                + ", ittest:*, aaa:it-which\n", java.nio.file.StandardOpenOption.APPEND);
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (home == null) {
            return;
        }
        // whatever happened above: no platform may outlive the test
        Path pid = home.resolve("data/jvif.pid");
        if (Files.exists(pid)) {
            jvif("", "stop");
            ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0))).ifPresent(ProcessHandle::destroyForcibly);
        }
        try (Stream<Path> s = Files.walk(home)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * A one-shot run leaves Event Admin and Metatype resolved unless deploy/ brings a bundle of its own; a
     * served platform starts them once it is ready.
     */
    @Test
    @Order(0)
    void oneShotStartsWhatCommandsNeed() throws Exception {
        List<String> afterReady = List.of("org.apache.felix.eventadmin", "org.apache.felix.metatype");
        String lb = jvif("", "felix:lb", "-s").out();
        for (String name : afterReady) {
            assertTrue(lb.lines().anyMatch(l -> l.contains(name) && l.contains("Resolved")), lb);
        }
        assertTrue(lb.lines().anyMatch(l -> l.contains("org.jvif.registry") && l.contains("Active")), lb);

        assertEquals(0, jvif("", "start").status());
        awaitRun(r -> r.out().lines().filter(l -> afterReady.stream().anyMatch(l::contains) && l.contains("Active")).count() == 2,
                "felix:lb", "-s");
        assertEquals(0, jvif("", "stop").status());
    }

    @Test
    @Order(1)
    void oneShotCommandWithoutRunningPlatform() throws Exception {
        TestBundles.build("1.0.0", bundle);
        String lb = jvif("", "felix:lb", "-s").out();
        assertTrue(lb.lines().anyMatch(l -> l.contains("org.apache.felix.eventadmin") && l.contains("Active")), lb);
        Run status = jvif("", "status");
        assertEquals(3, status.status(), status.toString());

        Run hello = jvif("", "ittest:hello", "world");
        assertEquals(new Run(0, "hello world\n", ""), hello);
        // a bare name: scope vif first, then any scope
        assertEquals("hello again\n", jvif("", "hello", "again").out());
        assertEquals("vif:it-which [--json, x y]\n", jvif("", "it-which", "--json", "x y").out());
        assertEquals("aaa:it-which []\n", jvif("", "aaa:it-which").out());
        // stdin reaches a one-shot command too
        assertEquals(new Run(0, "ONE-SHOT\n\n", ""), jvif("one-shot\n", "ittest:upper"));
        // nothing is left running, and the throw-away cache is gone
        assertFalse(Files.exists(home.resolve("data/jvif.pid")));
        assertNoThrowAwayCaches();
    }

    /** The README's main job: the real vif: commands, in a sandbox, on every example. */
    @Test
    @Order(1)
    void sandboxPlugsEveryExampleWithTheRealCommands() throws Exception {
        Run hostInfo = jvif("", "host-info", "--json");
        assertEquals(0, hostInfo.status(), hostInfo.toString());
        assertTrue(hostInfo.out().startsWith("{\"versioned_object.name\": \"HostInfo\""), hostInfo.out());

        Run examples = jvif("", "--sandbox", "examples");
        assertEquals(0, examples.status(), examples.toString());
        assertTrue(examples.out().contains("examples plugged and unplugged"), examples.out());
        assertFalse(examples.out().contains("FAILED"), examples.out());
        // nothing of the sandbox is left on the host
        try (Stream<Path> ns = Files.exists(Path.of("/run/netns")) ? Files.list(Path.of("/run/netns")) : Stream.empty()) {
            assertTrue(ns.noneMatch(n -> n.getFileName().toString().startsWith("jvif-sandbox-")));
        }
    }

    @Test
    @Order(2)
    void oneShotFailureIsOneLineAndNonZero() throws Exception {
        Run failed = jvif("", "ittest:fail", "now");
        assertEquals(1, failed.status());
        assertEquals("", failed.out());
        assertEquals(List.of("jvif: failed on purpose: now"), failed.errLines());

        Run unknown = jvif("", "no-such-command");
        assertEquals(1, unknown.status());
        assertEquals(1, unknown.errLines().size(), unknown.err());

        Run usage = jvif("", "--no-such-option");
        assertEquals(2, usage.status());
    }

    /**
     * The copy's lib/jvif.jsa was made for target/jvif/ (another path): ignored without a word, as the
     * runs above show (stderr empty). --archive-classes makes one for this folder, which the next
     * runs map; a damaged archive is ignored without a word too.
     */
    @Test
    @Order(2)
    void classDataSharingArchiveForThisFolderIsUsedAndABadOneIgnored() throws Exception {
        Path archive = home.resolve("lib/jvif.jsa");
        Run made = jvif("", "--archive-classes", "ittest:hello", "x");
        assertEquals(new Run(0, "", ""), made);
        assertTrue(Files.size(archive) > 0);
        assertFalse(Files.exists(home.resolve("lib/jvif.jsa.tmp")));

        Path classes = home.resolve("log/classes.txt");
        Run mapped = jvif(Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + classes), "", "ittest:hello", "cds");
        assertEquals(new Run(0, "hello cds\n", ""), mapped);
        // the framework's classes and a bundle's come from the archive
        List<String> loaded = Files.readAllLines(classes);
        assertTrue(loaded.stream().anyMatch(l -> l.contains("org.apache.felix.framework.Felix source: shared objects file")), "Felix not shared");
        assertTrue(loaded.stream().anyMatch(l -> l.contains("org.jvif.api.OsVif source: shared objects file")), "bundle classes not shared");

        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-r--r--"));
        Files.write(archive, new byte[4096]);
        assertEquals(new Run(0, "hello damaged\n", ""), jvif("", "ittest:hello", "damaged"));
        Files.delete(archive);
        assertEquals(new Run(0, "hello none\n", ""), jvif("", "ittest:hello", "none"));
    }

    @Test
    @Order(3)
    void configurationInEtcReachesConfigAdminAndIsNeverRewritten() throws Exception {
        Path cfg = home.resolve("etc/org.jvif.ittest.cfg");
        Files.writeString(cfg, "greeting = hi\n");
        for (int i = 0; i < 2; i++) {
            Run r = jvif("", "cm:getConfiguration", "org.jvif.ittest");
            assertEquals(0, r.status(), r.toString());
            assertTrue(r.out().contains("greeting=hi"), r.out());
            assertEquals("greeting = hi\n", Files.readString(cfg));
        }
    }

    @Test
    @Order(4)
    void readinessWaitsForExistingServiceClassesOnlyAndNeverHangs() throws Exception {
        Path settings = home.resolve("etc/jvif.properties");
        String original = Files.readString(settings);
        try {
            // a class the test bundle has but never registers, and one that no bundle has
            Files.writeString(settings, original
                    + "\njvif.ready.services = org.jvif.launcher.itbundle.Activator, org.example.Missing\njvif.ready.timeout = 1\n");
            Run r = jvif("", "ittest:hello", "anyway");
            assertEquals(0, r.status(), r.toString());
            assertEquals("hello anyway\n", r.out());
            assertEquals(List.of("jvif: warning: not ready after 1 s, going on without: service org.jvif.launcher.itbundle.Activator"),
                    r.errLines());
        } finally {
            Files.writeString(settings, original);
        }
    }

    @Test
    @Order(4)
    void deployOrEtcWritableByOthersIsRefusedOneShotAndInTheBackground() throws Exception {
        Path deploy = home.resolve("deploy");
        Files.setPosixFilePermissions(deploy, PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            Run r = jvif("", "ittest:hello", "x");
            assertEquals(new Run(1, "", "jvif: refusing to load bundles and configuration from " + home
                    + ": deploy is writable by others (rwxrwxrwx); chmod go-w\n"), r);
            Run start = jvif("", "start");
            assertEquals(1, start.status(), start.toString());
            assertTrue(Files.readString(home.resolve("log/jvif.log")).contains("jvif: refusing to load bundles and configuration from "
                    + home + ": deploy is writable by others"));
            assertEquals(3, jvif("", "status").status());
        } finally {
            Files.setPosixFilePermissions(deploy, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path cfg = home.resolve("etc/org.jvif.backend.tap.cfg");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-rw-rw-"));
        try {
            assertTrue(jvif("", "ittest:hello", "x").err().endsWith(": etc/org.jvif.backend.tap.cfg is writable by others (rw-rw-rw-); chmod go-w\n"));
        } finally {
            Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-r--r--"));
        }
        assertEquals(new Run(0, "hello x\n", ""), jvif("", "ittest:hello", "x"));
    }

    @Test
    @Order(5)
    void sigtermOnAOneShotCommandSaysInterrupted() throws Exception {
        Process p = new ProcessBuilder(home.resolve("bin/jvif").toString(), "ittest:upper").directory(home.toFile()).start();
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        // stdin stays open: the command waits in the platform until the signal
        awaitHeld(home.resolve("data/oneshot-cache.lock"));
        Thread.sleep(2500); // booted and reading stdin
        p.toHandle().destroy(); // SIGTERM (Process.destroy would close our ends of its pipes too)
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("jvif: interrupted\n", new String(err.get(), StandardCharsets.UTF_8));
        assertEquals("", new String(out.get(), StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertNoThrowAwayCaches();
    }

    /**
     * One-shot runs keep their Felix cache (data/oneshot-cache) from one to the next, and it holds
     * nothing of the last run: not a configuration gone from etc/, a bundle gone from deploy/ or one
     * a command stopped. Another bundles/ or a damaged cache makes it anew, and a run beside the one
     * that has it gets a throw-away cache of its own.
     */
    @Test
    @Order(5)
    void theKeptCacheCarriesNothingOfTheLastRun() throws Exception {
        Path key = home.resolve("data/oneshot-cache/" + FelixCache.KEY_FILE);
        assertEquals(new Run(0, "hello kept\n", ""), jvif("", "ittest:hello", "kept"));
        FileTime built = Files.getLastModifiedTime(key);

        Path cfg = home.resolve("etc/org.jvif.ittest.cfg");
        String original = Files.readString(cfg);
        Files.writeString(cfg, "greeting = kept\n");
        assertTrue(jvif("", "cm:getConfiguration", "org.jvif.ittest").out().contains("greeting=kept"));
        Files.delete(cfg);
        Run gone = jvif("", "cm:getConfiguration", "org.jvif.ittest");
        assertTrue(gone.out().startsWith("Properties           null\n"), gone.toString());
        Files.writeString(cfg, original);

        String id = jvif("", "felix:lb", "-s").out().lines().filter(l -> l.contains(TestBundles.SYMBOLIC_NAME))
                .findFirst().orElseThrow().split("\\|")[0].strip();
        Run stop = jvif("", "felix:stop", id);
        assertEquals(0, stop.status(), stop.toString());
        assertEquals(new Run(0, "hello again\n", ""), jvif("", "ittest:hello", "again"));
        Path away = home.resolve("itbundle.jar.away");
        Files.move(bundle, away);
        assertEquals(1, jvif("", "ittest:hello", "gone").status());
        Files.move(away, bundle);
        assertEquals(new Run(0, "hello back\n", ""), jvif("", "ittest:hello", "back"));
        assertEquals(built, Files.getLastModifiedTime(key));

        Path jar;
        try (Stream<Path> jars = Files.list(home.resolve("bundles"))) {
            jar = jars.filter(p -> p.getFileName().toString().startsWith("org.jvif.backend.noop")).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));
        assertEquals(new Run(0, "hello anew\n", ""), jvif("", "ittest:hello", "anew"));
        FileTime rebuilt = Files.getLastModifiedTime(key);
        assertTrue(rebuilt.compareTo(built) > 0, built + " then " + rebuilt);

        try (Stream<Path> infos = Files.walk(home.resolve("data/oneshot-cache"))) {
            for (Path info : infos.filter(p -> p.getFileName().toString().equals("bundle.info")).toList()) {
                Files.writeString(info, "damaged\n");
            }
        }
        assertEquals(new Run(0, "hello repaired\n", ""), jvif("", "ittest:hello", "repaired"));
        assertTrue(jvif("", "felix:lb", "-s").out().lines().filter(l -> l.contains(TestBundles.SYMBOLIC_NAME))
                .allMatch(l -> l.contains("Active")));

        Process holder = new ProcessBuilder(home.resolve("bin/jvif").toString(), "ittest:upper").directory(home.toFile()).start();
        CompletableFuture<byte[]> held = drain(holder.getInputStream());
        drain(holder.getErrorStream());
        awaitHeld(home.resolve("data/oneshot-cache.lock"));
        assertEquals(new Run(0, "hello beside\n", ""), jvif("", "ittest:hello", "beside"));
        try (OutputStream in = holder.getOutputStream()) {
            in.write("held\n".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
        assertEquals("HELD\n\n", new String(held.get(), StandardCharsets.UTF_8));
        assertNoThrowAwayCaches();
    }

    /** No one-shot run left a throw-away cache in data/oneshot/ (made only beside the run that has the kept one). */
    private void assertNoThrowAwayCaches() throws IOException {
        Path caches = home.resolve("data/oneshot");
        if (Files.exists(caches)) {
            try (Stream<Path> s = Files.list(caches)) {
                assertEquals(List.of(), s.toList());
            }
        }
    }

    /** Waits until some process holds a lock on the file (as /proc/locks tells: looking takes no lock). */
    private static void awaitHeld(Path lockFile) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(lockFile)) {
                String inode = ":" + Files.getAttribute(lockFile, "unix:ino") + " ";
                if (Files.readAllLines(Path.of("/proc/locks")).stream().anyMatch(l -> l.contains(inode))) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        fail(lockFile + " was not locked within 30 s");
    }

    @Test
    @Order(10)
    void startInBackground() throws Exception {
        Run start = jvif("", "start");
        assertEquals(0, start.status(), start.toString());
        Run status = jvif("", "status");
        assertEquals(0, status.status(), status.toString());
        assertTrue(status.out().startsWith("jvif is running (pid "), status.out());

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("data"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("data/jvif.sock"))));
        // a second start finds the first
        assertEquals(0, jvif("", "start").status());
    }

    @Test
    @Order(11)
    void commandsRunInsideTheRunningPlatform() throws Exception {
        String pid = Files.readAllLines(home.resolve("data/jvif.pid")).get(0);
        assertEquals(new Run(0, pid + "\n", ""), jvif("", "ittest:pid"));
        assertEquals(new Run(0, "hello socket\n", ""), jvif("", "hello", "socket"));
        // arguments arrive exactly as given: no re-parsing, globbing or $ expansion
        assertEquals(new Run(0, "a  b|*|$HOME|{\"a\": [1, 2]}|it's|--json|\n", ""),
                jvif("", "ittest:args", "a  b", "*", "$HOME", "{\"a\": [1, 2]}", "it's", "--json", ""));
        // stdin is forwarded, stdout written by the command comes back
        assertEquals(new Run(0, "LINE ONE\nLINE TWO\n\n", ""), jvif("line one\nline two\n", "ittest:upper"));
        assertEquals(new Run(0, "printed\n", ""), jvif("", "ittest:print", "printed"));
    }

    @Test
    @Order(12)
    void failureInsideThePlatform() throws Exception {
        Run failed = jvif("", "ittest:fail", "inside");
        assertEquals(1, failed.status());
        assertEquals(List.of("jvif: failed on purpose: inside"), failed.errLines());

        Run verbose = jvif("", "--verbose", "ittest:fail", "inside");
        assertEquals(1, verbose.status());
        assertEquals("jvif: failed on purpose: inside", verbose.errLines().get(0));
        assertTrue(verbose.err().contains("at org.jvif.launcher.itbundle.Commands.fail"), verbose.err());
    }

    @Test
    @Order(13)
    void hotDeployRemoveAddUpgrade() throws Exception {
        Files.delete(bundle);
        awaitRun(r -> r.status() != 0, "ittest:version");

        TestBundles.build("1.0.0", bundle);
        awaitRun(r -> r.equals(new Run(0, "1.0.0\n", "")), "ittest:version");

        TestBundles.build("2.0.0", bundle);
        awaitRun(r -> r.equals(new Run(0, "2.0.0\n", "")), "ittest:version");
        Run lb = jvif("", "felix:lb", "-s");
        assertTrue(lb.out().lines().filter(l -> l.contains(TestBundles.SYMBOLIC_NAME)).allMatch(l -> l.contains("Active")), lb.out());
        assertEquals(1, lb.out().lines().filter(l -> l.contains(TestBundles.SYMBOLIC_NAME)).count(), lb.out());
    }

    @Test
    @Order(14)
    void configurationChangesAreAppliedWhileRunning() throws Exception {
        Files.writeString(home.resolve("etc/org.jvif.ittest.cfg"), "greeting = hello\n");
        awaitRun(r -> r.out().contains("greeting=hello"), "cm:getConfiguration", "org.jvif.ittest");
    }

    @Test
    @Order(15)
    void onlyAllowedCommandsRunAndNonStringArgumentsWork() throws Exception {
        Run ls = jvif("", "felix:ls");
        assertEquals(1, ls.status(), ls.toString());
        assertTrue(ls.err().startsWith("jvif: command felix:ls is not allowed through bin/jvif (jvif.commands in etc/jvif.properties: vif:*, "),
                ls.err());
        // a bare name is checked on the scope it resolves to
        assertTrue(jvif("", "ls").err().startsWith("jvif: command felix:ls is not allowed"));
        // felix:stop 15: a bundle id reaches a Bundle parameter
        String id = jvif("", "felix:lb", "-s").out().lines().filter(l -> l.contains(TestBundles.SYMBOLIC_NAME))
                .findFirst().orElseThrow().split("\\|")[0].strip();
        Run stop = jvif("", "felix:stop", id);
        assertEquals(0, stop.status(), stop.toString());
        assertEquals(1, jvif("", "ittest:version").status());
        Run start = jvif("", "felix:start", id);
        assertEquals(0, start.status(), start.toString());
        assertEquals(new Run(0, "2.0.0\n", ""), jvif("", "ittest:version"));
    }

    @Test
    @Order(16)
    void aCopyOfTheFolderNeverTakesTheOriginalsDaemonForItsOwn() throws Exception {
        long pid = Long.parseLong(Files.readAllLines(home.resolve("data/jvif.pid")).get(0));
        Path copy = Files.createTempDirectory(home.getParent(), "copy-");
        try {
            assertEquals(0, new ProcessBuilder("cp", "-a", home + "/.", copy.toString()).inheritIO().start().waitFor());
            Run status = jvif(copy, "", "status");
            assertEquals(new Run(3, "jvif is not running\n", ""), status);
            assertEquals(new Run(0, "jvif is not running\n", ""), jvif(copy, "", "stop"));
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the copy's stop signalled the original");
            // a command there runs in a platform of the copy's own
            Run other = jvif(copy, "", "ittest:pid");
            assertEquals(0, other.status(), other.toString());
            assertFalse(other.out().equals(pid + "\n"), other.out());
        } finally {
            Main.deleteTree(copy);
        }
        assertEquals(0, jvif("", "status").status());
    }

    @Test
    @Order(17)
    void aDaemonWhoseDataIsRemovedIsStillKnownAndStoppable() throws Exception {
        long pid = Long.parseLong(Files.readAllLines(home.resolve("data/jvif.pid")).get(0));
        Main.deleteTree(home.resolve("data"));
        Run status = jvif("", "status");
        assertEquals(4, status.status(), status.toString());
        assertTrue(status.out().startsWith("jvif is running (pid " + pid + ") but cannot be reached"), status.out());
        // no one-shot platform beside it, and no second daemon on the same folder
        Run command = jvif("", "ittest:pid");
        assertEquals(1, command.status(), command.toString());
        assertTrue(command.err().startsWith("jvif: the platform of " + home + " runs (pid " + pid + ") but cannot be reached"), command.err());
        Run start = jvif("", "start");
        assertEquals(1, start.status(), start.toString());
        assertEquals(new Run(0, "jvif stopped\n", ""), jvif("", "stop"));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(0, jvif("", "start").status());
    }

    @Test
    @Order(18)
    void sigtermOnTheDaemonRemovesItsFiles() throws Exception {
        long pid = Long.parseLong(Files.readAllLines(home.resolve("data/jvif.pid")).get(0));
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
        daemon.destroy();
        daemon.onExit().get(30, TimeUnit.SECONDS);
        assertFalse(Files.exists(home.resolve("data/jvif.pid")));
        assertFalse(Files.exists(home.resolve("data/jvif.sock")));
        assertEquals(0, jvif("", "start").status());
    }

    @Test
    @Order(19)
    void startsAtTheSameMomentMakeOneDaemon() throws Exception {
        assertEquals(0, jvif("", "stop").status());
        List<CompletableFuture<Run>> starts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            starts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return jvif("", "start");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<Run> start : starts) {
            Run r = start.get();
            assertEquals(0, r.status(), r.toString());
        }
        long pid = Long.parseLong(Files.readAllLines(home.resolve("data/jvif.pid")).get(0));
        String home0 = "-Djvif.home=" + home;
        List<Long> serving = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(home0) && List.of(a).contains("--daemon")).orElse(false))
                .map(ProcessHandle::pid).toList();
        assertEquals(List.of(pid), serving);
    }

    @Test
    @Order(20)
    void stopLeavesNothingBehind() throws Exception {
        long pid = Long.parseLong(Files.readAllLines(home.resolve("data/jvif.pid")).get(0));
        Run stop = jvif("", "stop");
        assertEquals(0, stop.status(), stop.toString());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(3, jvif("", "status").status());
        assertFalse(Files.exists(home.resolve("data/jvif.pid")));
        assertFalse(Files.exists(home.resolve("data/jvif.sock")));
        assertEquals(0, jvif("", "stop").status());
    }

    @Test
    @Order(21)
    void staleLeftoversAreIgnored() throws Exception {
        // a pid file of a dead process and a socket file nobody listens on
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Files.writeString(home.resolve("data/jvif.pid"), dead.pid() + "\n");
        Files.writeString(home.resolve("data/jvif.sock"), "");
        assertEquals(3, jvif("", "status").status());
        assertFalse(Files.exists(home.resolve("data/jvif.sock")));
        Files.writeString(home.resolve("data/jvif.pid"), dead.pid() + "\n");
        assertEquals(new Run(0, "2.0.0\n", ""), jvif("", "ittest:version"));
    }

    @Test
    @Order(22)
    void aKilledPlatformLeavesOnlyStaleFilesThatAreIgnored() throws Exception {
        // the last run's cache is kept, and deploy/ is applied again
        Path key = home.resolve("data/felix-cache/" + FelixCache.KEY_FILE);
        FileTime built = Files.getLastModifiedTime(key);
        assertEquals(0, jvif("", "start").status());
        assertEquals(built, Files.getLastModifiedTime(key));
        assertEquals(new Run(0, "2.0.0\n", ""), jvif("", "ittest:version"));
        long pid = Long.parseLong(Files.readAllLines(home.resolve("data/jvif.pid")).get(0));
        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL: no shutdown hook runs
        awaitRun(r -> r.status() == 3, "status");
        assertFalse(Files.exists(home.resolve("data/jvif.pid")));
        assertFalse(Files.exists(home.resolve("data/jvif.sock")));
        assertEquals(new Run(0, "2.0.0\n", ""), jvif("", "ittest:version"));
    }

    /** Polls a command until its result satisfies the condition (hot deploy is seen within about a second). */
    private void awaitRun(Predicate<Run> condition, String... args) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Run last;
        do {
            last = jvif("", args);
            if (condition.test(last)) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        fail("condition not met in 10 s; last run of " + List.of(args) + ": " + last);
    }

    private Run jvif(String stdin, String... args) throws Exception {
        return jvif(home, stdin, args);
    }

    private Run jvif(Path home, String stdin, String... args) throws Exception {
        return jvif(home, Map.of(), stdin, args);
    }

    private Run jvif(Map<String, String> env, String stdin, String... args) throws Exception {
        return jvif(home, env, stdin, args);
    }

    static Run jvif(Path home, Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/jvif").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("bin/jvif " + List.of(args) + " did not finish in 60 s");
        }
        return new Run(p.exitValue(), new String(out.get(), StandardCharsets.UTF_8), new String(err.get(), StandardCharsets.UTF_8));
    }

    static CompletableFuture<byte[]> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                s.transferTo(b);
                return b.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
