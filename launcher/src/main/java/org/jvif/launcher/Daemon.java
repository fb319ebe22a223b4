package org.jvif.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.ProcessBuilder.Redirect;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The platform served from this folder: in the background ({@code start}, {@code stop},
 * {@code status}) or in the foreground with the shell. Either way it holds data/jvif.pid and
 * answers on the control socket, so {@code bin/jvif COMMAND} runs inside it.
 */
final class Daemon {

    /** Extra time {@code start} allows beyond the readiness timeout (JVM start, framework boot). */
    private static final Duration START_GRACE = Duration.ofSeconds(60);
    private static final long POLL_MS = 10;
    /** data/ entries starting so are the caches of earlier runs, deleted once the platform is ready. */
    private static final String STALE_CACHE_PREFIX = "felix-cache.old-";
    /** System property: the pid of the platform bin/jvif start started itself (as {@link #daemonCommand}). */
    static final String SPAWNED = "jvif.spawned";
    /** The command the daemon runs once when it is ready, to warm its command path up. */
    private static final String WARM_UP = "vif:host-info";
    /**
     * How long after ready the bundles left for then ({@link Platform#AFTER_READY}) start: off the path of the
     * first command, which usually comes at once (bin/jvif start, then a command); starting them right after
     * the warm-up made that command 50 ms slower (interleaved A/B, load 3).
     */
    private static final long AFTER_READY_MILLIS = 1000;

    private final Home home;
    private final PidFile pidFile;
    private final PrintStream out;
    private final PrintStream err;

    Daemon(Home home, PrintStream out, PrintStream err) {
        this.home = home;
        this.pidFile = new PidFile(home);
        this.out = out;
        this.err = err;
    }

    /**
     * Exit status 0 when running, 3 when not (the LSB convention), 4 when it cannot be told: a
     * platform of this folder runs but cannot be reached, or this user may not look.
     */
    int status() throws IOException {
        Optional<ProcessHandle> pid = pidFile.live();
        if (pid.isEmpty() && pidFile.held()) {
            out.println("jvif is starting");
            return 0;
        }
        if (pid.isEmpty()) {
            Optional<ProcessHandle> lost = pidFile.unreachable();
            if (lost.isPresent()) {
                out.println("jvif is running (pid " + lost.get().pid() + ") but cannot be reached: " + home.pidFile()
                        + " is gone; bin/jvif stop stops it");
                return 4;
            }
            out.println("jvif is not running");
            return 3;
        }
        Optional<SocketChannel> ch = ControlClient.connect(home.socket());
        if (ch.isPresent()) {
            ch.get().close();
            out.println("jvif is running (pid " + pid.get().pid() + ")");
        } else {
            out.println("jvif is starting (pid " + pid.get().pid() + ")");
        }
        return 0;
    }

    /** Spawns the platform in the background and returns once it answers on its control socket. */
    int start(Settings settings) throws IOException, InterruptedException {
        // bin/jvif start may have started it already (jvif.spawned), while this JVM came up
        String spawnedProperty = System.getProperty(SPAWNED, "");
        long spawned = spawnedProperty.matches("\\d{1,18}") ? Long.parseLong(spawnedProperty) : -1;
        Optional<ProcessHandle> running = pidFile.live().filter(p -> p.pid() != spawned);
        if (running.isPresent()) {
            out.println("jvif is already running (pid " + running.get().pid() + ")");
            return 0;
        }
        Optional<ProcessHandle> lost = pidFile.unreachable();
        if (lost.isPresent()) {
            err.println("jvif: a platform of " + home.root() + " runs (pid " + lost.get().pid() + ") but cannot be reached ("
                    + home.pidFile() + " is gone); stop it first (bin/jvif stop)");
            return 1;
        }
        home.prepare();
        Path log = home.log().resolve("jvif.log");
        long pid = spawned >= 0 ? spawned : spawn(daemonCommand(), log);
        // while the platform boots: the socket's set-up, which the first connect below would otherwise pay for
        ControlClient.prepare();
        // empty when it is gone already (it failed at once); not this JVM's child: no exit status
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        long deadline = System.nanoTime() + settings.readyTimeout().plus(START_GRACE).toNanos();
        boolean beaten = false;
        while (System.nanoTime() < deadline) {
            Optional<SocketChannel> ch = ControlClient.connect(home.socket());
            if (ch.isPresent()) {
                ch.get().close();
                // the platform that answers may be one a start at the same moment made
                long serving = pidFile.live().map(ProcessHandle::pid).orElse(pid);
                out.println(serving == pid ? "jvif started (pid " + serving + ")" : "jvif is already running (pid " + serving + ")");
                return 0;
            }
            if (!beaten && !p.map(Daemon::running).orElse(false)) {
                if (!pidFile.held()) {
                    err.println("jvif: the platform did not start; see " + log);
                    return 1;
                }
                // a start at the same moment won the folder's lock: that one is the platform
                beaten = true;
            }
            Thread.sleep(POLL_MS);
        }
        p.ifPresent(ProcessHandle::destroy);
        err.println("jvif: the platform did not come up in time; stopped it; see " + log);
        return 1;
    }

    /**
     * Alive and no zombie: the platform bin/jvif start started is a child of this process (bash exec'd
     * this JVM), which does not reap it, and a dead child stays a zombie, which counts as alive.
     */
    static boolean running(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"), StandardCharsets.US_ASCII);
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        } catch (IOException e) {
            return false; // gone meanwhile
        }
    }

    /**
     * Starts {@code command} in the background with {@code log} as its stdout and stderr, as a
     * grandchild of this process: bash starts it and exits at once. (While a child of this JVM runs,
     * a thread waits for it in native code, and the JVM's exit waits 0.3 s for such threads.) The
     * subshell gives the command the default SIGINT and SIGQUIT, which a shell's background job
     * would otherwise ignore.
     *
     * @return its pid
     */
    private static long spawn(List<String> command, Path log) throws IOException, InterruptedException {
        List<String> sh = new ArrayList<>(List.of(Files.isExecutable(Path.of("/bin/bash")) ? "/bin/bash" : "bash", "-c",
                "log=$1; shift; (trap - INT QUIT; exec \"$@\") </dev/null >>\"$log\" 2>&1 & echo $!", "jvif-start", log.toString()));
        sh.addAll(command);
        Process shell = new ProcessBuilder(sh).redirectInput(Redirect.from(new File("/dev/null")))
                .redirectError(Redirect.appendTo(log.toFile())).start();
        String pid = new String(shell.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        int status = shell.waitFor();
        if (status != 0 || !pid.matches("\\d{1,18}")) {
            throw new IOException("could not start the platform (bash exit status " + status + "); see " + log);
        }
        return Long.parseLong(pid);
    }

    /**
     * The daemon's command line: this JVM's java with the same class path, under setsid so that
     * the terminal's hang-up or Ctrl-C does not reach it, with bin/jvif's class-data-sharing
     * archive (JVIF_CDS_OPTS), the daemon's JVM options (JVIF_DAEMON_JVM_OPTS: the full JIT by
     * default) and JAVA_OPTS. bin/jvif start starts the same (see {@link #SPAWNED}).
     */
    private List<String> daemonCommand() {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String variable : List.of("JVIF_CDS_OPTS", "JVIF_DAEMON_JVM_OPTS", "JAVA_OPTS")) {
            String options = System.getenv(variable);
            if (options != null && !options.isBlank()) {
                cmd.addAll(Arrays.asList(options.trim().split("\\s+")));
            }
        }
        cmd.add("-Djvif.home=" + home.root());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("--daemon");
        return cmd;
    }

    /**
     * Stops the platform: asks it over the control socket (SIGTERM when the socket does not
     * answer, e.g. while it boots), waits, and kills it only when it does not stop in time.
     */
    int stop(Settings settings) throws IOException, InterruptedException {
        // the process is identified (folder, pid, start time) before anything is sent to it
        Optional<ProcessHandle> process = pidFile.live();
        if (process.isEmpty() && pidFile.held()) {
            process = pidFile.awaitLive(Duration.ofSeconds(5)); // taking the folder right now
        }
        if (process.isEmpty()) {
            process = pidFile.unreachable();
        }
        if (process.isEmpty()) {
            out.println("jvif is not running");
            return 0;
        }
        long pid = process.get().pid();
        boolean asked = false;
        Optional<SocketChannel> ch = ControlClient.connect(home.socket());
        if (ch.isPresent()) {
            try (SocketChannel c = ch.get()) {
                ControlClient.stop(c);
                asked = true;
            } catch (IOException e) {
                // it may be going down already; SIGTERM below makes sure
            }
        }
        if (!asked && pidFile.isLive(process.get())) {
            process.get().destroy(); // SIGTERM; the handle checks the start time again
        }
        Duration patience = settings.stopTimeout().plusSeconds(5);
        if (!exited(process.get(), patience)) {
            process.get().destroyForcibly();
            exited(process.get(), Duration.ofSeconds(5));
            pidFile.live();
            err.println("jvif: the platform (pid " + pid + ") did not stop within "
                    + Settings.seconds(patience) + "; killed it");
            return 1;
        }
        pidFile.live();
        out.println("jvif stopped");
        return 0;
    }

    private static boolean exited(ProcessHandle p, Duration patience) throws InterruptedException {
        try {
            p.onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !p.isAlive();
        }
    }

    /**
     * Runs the platform in this process until it stops: {@code --daemon} in the background, or
     * the interactive shell in the foreground.
     */
    int serve(Settings settings, boolean interactive) throws Exception {
        // the framework's and the logging's set-up on the other core, while the folder is claimed
        Main.prepareBeside(() -> { });
        home.prepare();
        long t0 = System.nanoTime();
        AtomicReference<Platform> running = new AtomicReference<>();
        AtomicReference<ControlServer> serving = new AtomicReference<>();
        AtomicBoolean cleaned = new AtomicBoolean();
        // whoever comes second waits until the first is done: the JVM halts once the shutdown hook
        // returns, and must not cut the main thread's clean-up short (a pid file left behind)
        Runnable cleanup = () -> {
            synchronized (cleaned) {
                if (!cleaned.compareAndSet(false, true)) {
                    return;
                }
                try {
                    if (serving.get() != null) {
                        serving.get().close();
                    }
                    pidFile.release();
                } catch (IOException e) {
                    err.println("jvif: warning: cleaning up: " + Outcome.oneLine(e));
                }
            }
        };
        // SIGTERM (kill, or bin/jvif stop while the socket is not up yet) and Ctrl-C, from the
        // moment the pid file is ours: a graceful stop, then clean up
        Thread hook = new Thread(() -> {
            Platform p = running.get();
            if (p != null && !p.stop(settings.stopTimeout())) {
                err.println("jvif: the framework did not stop within " + Settings.seconds(settings.stopTimeout()));
            }
            cleanup.run();
        }, "jvif-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            pidFile.claim();
            // the last run's cache is kept when it was built from the same (FelixCache); else it is
            // moved aside and deleted once the platform is ready: deleting it first held the start up
            // for as long as copying the bundles in again
            if (Files.exists(home.cache()) && !Platform.reusable(home, settings, home.cache(), interactive, false)) {
                Files.move(home.cache(), home.data().resolve(STALE_CACHE_PREFIX + System.nanoTime()));
            }
            Platform platform = Platform.start(home, settings, home.cache(), interactive, false, err);
            running.set(platform);
            Main.warnNotReady(platform.awaitReady(settings.readyTimeout()), settings, err);
            sweepStaleCaches();
            GogoConsole console = new GogoConsole(platform.context(), Duration.ZERO, settings.commands());
            ControlServer server = new ControlServer(home.socket(), console,
                    () -> stopInBackground(platform, settings, serving.get()), err, settings.controlConnections(), settings.controlTimeout());
            serving.set(server);
            server.open();
            if (interactive) {
                platform.startShell();
                platform.startAfterReady(err);
            } else {
                long bootMillis = (System.nanoTime() - t0) / 1_000_000;
                long readyAt = System.currentTimeMillis();
                long cpuMillis = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
                warmUp(() -> out.printf("jvif: platform ready in %d ms (%d ms after the process started, %d ms CPU) (pid %d)%n",
                        bootMillis,
                        // the JVM's own start time (the process's from /proc is counted from a boot time in whole
                        // seconds); the management classes load off the path of the first command
                        readyAt - ManagementFactory.getRuntimeMXBean().getStartTime(), cpuMillis, ProcessHandle.current().pid()),
                        console, () -> platform.startAfterReady(err));
            }
            platform.awaitStopped();
        } finally {
            cleanup.run();
        }
        Main.unhook(hook);
        return 0;
    }

    /**
     * On a thread of its own: {@code first}, then {@value #WARM_UP} once, its output discarded, so that the
     * command path (Gogo's parser, the console, the registry's host info) is loaded and run while the first
     * caller's JVM starts, rather than by that caller's command; then, {@value #AFTER_READY_MILLIS} ms after
     * ready, {@code last}.
     */
    private static void warmUp(Runnable first, GogoConsole console, Runnable last) {
        long ready = System.nanoTime();
        Thread t = new Thread(() -> {
            first.run();
            console.run(List.of(WARM_UP), Path.of("/"), InputStream.nullInputStream(), OutputStream.nullOutputStream(),
                    OutputStream.nullOutputStream());
            try {
                Thread.sleep(Math.max(0, AFTER_READY_MILLIS - (System.nanoTime() - ready) / 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
            last.run();
        }, "jvif-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Deletes, in the background, the caches of earlier runs moved aside (also those a killed run left). */
    private void sweepStaleCaches() throws IOException {
        List<Path> stale;
        try (Stream<Path> s = Files.list(home.data())) {
            stale = s.filter(p -> p.getFileName().toString().startsWith(STALE_CACHE_PREFIX)).toList();
        }
        if (!stale.isEmpty()) {
            Thread t = new Thread(() -> stale.forEach(Main::deleteTree), "jvif-sweep");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Answers a STOP request: stop in the background, and never hang about it. */
    private void stopInBackground(Platform platform, Settings settings, ControlServer server) {
        Thread t = new Thread(() -> {
            if (!platform.stop(settings.stopTimeout())) {
                err.println("jvif: the framework did not stop within " + Settings.seconds(settings.stopTimeout()) + "; halting");
                try {
                    server.close();
                    pidFile.release();
                } catch (IOException e) {
                    // halting anyway; the next start treats the leftovers as stale
                }
                Runtime.getRuntime().halt(1);
            }
        }, "jvif-stop");
        t.start();
    }
}
