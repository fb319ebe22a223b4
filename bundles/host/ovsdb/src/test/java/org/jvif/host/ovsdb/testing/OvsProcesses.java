package org.jvif.host.ovsdb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Running Open vSwitch commands and daemons with all their state in one directory: what the fixtures share. */
final class OvsProcesses {
    private OvsProcesses() {
    }

    /** Runs a command and returns its stdout; fails naming the command, its exit status and stderr. */
    static String run(Path dir, String... cmd) {
        String[] out = exec(dir, List.of(cmd));
        if (!out[0].equals("0")) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + out[0] + "): " + out[2].trim()
                    + (out[1].isBlank() ? "" : " / " + out[1].trim()));
        }
        return out[1];
    }

    /** Runs a command (at most 60 s) with OVS_RUNDIR/DBDIR/LOGDIR/SYSCONFDIR at dir; returns {exit code, stdout, stderr}. */
    static String[] exec(Path dir, List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        for (String v : new String[] {"OVS_RUNDIR", "OVS_DBDIR", "OVS_LOGDIR", "OVS_SYSCONFDIR"}) {
            env.put(v, dir.toString());
        }
        try {
            Path err = Files.createTempFile(dir, "cmd", ".err");
            pb.redirectError(err.toFile());
            Process proc = pb.start();
            proc.getOutputStream().close();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!proc.waitFor(60, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                return new String[] {"timeout", out, ""};
            }
            String e = Files.readString(err);
            Files.deleteIfExists(err);
            return new String[] {String.valueOf(proc.exitValue()), out, e};
        } catch (IOException e) {
            return new String[] {"io", "", e.toString()};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new String[] {"interrupted", "", ""};
        }
    }

    /** --pidfile, --unixctl and --log-file named after the daemon in dir, detached. */
    static List<String> daemonArgs(Path dir, String daemon) {
        return List.of("--pidfile=" + dir.resolve(daemon + ".pid"), "--unixctl=" + dir.resolve(daemon + ".ctl"),
                "--log-file=" + dir.resolve(daemon + ".log"), "-vconsole:off", "--detach");
    }

    /** The pid of a daemon started with {@link #daemonArgs}, from its pidfile. */
    static Optional<Long> pid(Path dir, String daemon) {
        try {
            return Optional.of(Long.parseLong(Files.readString(dir.resolve(daemon + ".pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Alive and not a zombie: detached daemons are reaped by init, which may take its time. */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    /** Asks the daemon to exit (ovs-appctl exit), SIGKILLs it if it has not within 5 s. */
    static void stop(Path dir, String daemon) {
        Optional<Long> pid = pid(dir, daemon);
        if (pid.isEmpty() || !alive(pid.get())) {
            return;
        }
        exec(dir, List.of("ovs-appctl", "-t", dir.resolve(daemon + ".ctl").toString(), "exit"));
        if (!waitGone(pid.get())) {
            kill(dir, daemon);
        }
    }

    /** SIGKILLs the daemon and waits until it is gone. */
    static void kill(Path dir, String daemon) {
        pid(dir, daemon).ifPresent(pid -> {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            waitGone(pid);
        });
    }

    static boolean waitGone(long pid) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (alive(pid) && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !alive(pid);
    }

    static void deleteTree(Path dir) {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort
            }
        }
    }

    /** Drops a cleanup hook once its fixture is closed (unless the JVM is already running it). */
    static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
