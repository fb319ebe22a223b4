package org.jvif.launcher;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;

/**
 * {@code bin/jvif}: the jvif platform (Apache Felix with SCR, Config Admin, FileInstall, Event
 * Admin, Metatype, Gogo and every jvif bundle) in the foreground with a shell, in the background,
 * or just long enough for one console command. See {@link Invocation#USAGE}.
 */
public final class Main {

    /** How long a one-shot run waits for a command that is not registered yet. */
    private static final Duration COMMAND_WAIT = Duration.ofSeconds(1);
    private static final long POLL_MS = 20;
    /** System property set by {@code bin/jvif --archive-classes}. */
    static final String ARCHIVING = "jvif.archiving";

    /**
     * Commands (scope vif) that touch no device (they describe the platform, read the record, or convert
     * objects): their one-shot run leaves the netlink library's binding of the C library (jnr-ffi's glue, about
     * 140 ms of CPU beside the boot on two cores) to a first use, which does not come ({@value #NETLINK_BIND} =
     * on_first_use). Not while the class-data-sharing archive is made, which is to hold those classes for the
     * runs that plug.
     */
    private static final Set<String> DESCRIBING = Set.of("host-info", "plugins", "types", "list", "show", "objects");
    private static final String NETLINK_BIND = "org.jvif.host.netlink.bind";

    /** Set when the JVM shuts down on a signal (SIGTERM, Ctrl-C) while a one-shot command runs. */
    private static final AtomicBoolean INTERRUPTED = new AtomicBoolean();

    private final Home home;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    Main(Home home, InputStream in, PrintStream out, PrintStream err) {
        this.home = home;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        Invocation invocation;
        try {
            invocation = Invocation.parse(List.of(args));
        } catch (UsageException e) {
            System.err.println("jvif: " + e.getMessage());
            System.err.println(Invocation.USAGE);
            System.exit(2);
            return;
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        int status;
        try {
            status = new Main(Home.fromSystemProperties(), System.in, out, err).run(invocation);
        } catch (UsageException e) {
            err.println("jvif: " + e.getMessage());
            status = 2;
        } catch (Throwable t) {
            if (INTERRUPTED.get()) {
                status = 130; // the shutdown hook says so
            } else {
                Outcome.failed(t).report(err, invocation.verbose());
                status = 1;
            }
        }
        if (Boolean.getBoolean(ARCHIVING)) {
            useControlSocket(Home.fromSystemProperties());
        }
        out.flush();
        err.flush();
        System.exit(status);
    }

    int run(Invocation invocation) throws Exception {
        Daemon daemon = new Daemon(home, out, err);
        if (invocation.mode() == Invocation.Mode.STATUS || invocation.mode() == Invocation.Mode.STOP
                || (invocation.mode() == Invocation.Mode.COMMAND && !invocation.sandbox())) {
            try {
                home.checkAccess();
            } catch (Home.NoAccess e) {
                err.println("jvif: " + e.getMessage());
                return invocation.mode() == Invocation.Mode.STATUS ? 4 : 1;
            }
        }
        return switch (invocation.mode()) {
            case HELP -> {
                out.println(Invocation.USAGE);
                yield 0;
            }
            case STATUS -> daemon.status();
            case START -> daemon.start(Settings.load(home));
            case STOP -> daemon.stop(Settings.load(home));
            case DAEMON -> daemon.serve(Settings.load(home), false);
            case SHELL -> {
                Settings settings = Settings.load(home);
                yield Sandbox.of(invocation.sandbox(), home, err).run(settings, s -> daemon.serve(s, true));
            }
            case COMMAND -> command(invocation);
        };
    }

    /** One console command: inside the platform served from this folder if there is one, else in a platform of its own. */
    private int command(Invocation invocation) throws Exception {
        if (invocation.sandbox()) {
            Settings settings = Settings.load(home);
            return Sandbox.of(true, home, err).run(settings, s -> oneShot(invocation, s));
        }
        PidFile pidFile = new PidFile(home);
        if (Files.exists(home.pidFile())) {
            // most likely a platform to run the command in: the socket's set-up meanwhile, on the other core
            ControlClient.prepareBeside();
        }
        Optional<ProcessHandle> serving = pidFile.live();
        // nobody serves the folder: most likely a platform of its own, so meanwhile, on the other core, the scan
        // for a platform that cannot be reached and then the framework's static set-up
        CompletableFuture<Optional<ProcessHandle>> unreachable = serving.isEmpty() ? lookOut(pidFile) : null;
        Settings settings = Settings.load(home);
        if (serving.isEmpty() && pidFile.held()) {
            // a platform is taking the folder right now: the command is for it
            serving = pidFile.awaitLive(Duration.ofSeconds(5));
        }
        if (serving.isPresent()) {
            Optional<Integer> status = inside(pidFile, serving.get(), invocation, settings);
            if (status.isPresent()) {
                return status.get();
            }
        } else {
            // a platform of this folder that cannot be reached: a one-shot platform beside it would
            // change the host behind its back
            Optional<ProcessHandle> lost = unreachable != null ? awaitScan(unreachable) : pidFile.unreachable();
            if (lost.isPresent()) {
                throw new IOException("the platform of " + home.root() + " runs (pid " + lost.get().pid()
                        + ") but cannot be reached (" + home.pidFile() + " is gone); stop it (bin/jvif stop) and start it again");
            }
        }
        return oneShot(invocation, settings);
    }

    /** {@link PidFile#unreachable} in {@link #prepareBeside}. */
    private static CompletableFuture<Optional<ProcessHandle>> lookOut(PidFile pidFile) {
        CompletableFuture<Optional<ProcessHandle>> unreachable = new CompletableFuture<>();
        prepareBeside(() -> {
            try {
                unreachable.complete(pidFile.unreachable());
            } catch (RuntimeException | Error e) {
                unreachable.completeExceptionally(e);
            }
        });
        return unreachable;
    }

    /**
     * On a thread of its own, beside what the launcher does meanwhile: {@code first}, then the set-up that a platform
     * in this process needs before anything else ({@link Platform#initializeFramework}, {@link #initializeLogging}),
     * each 10-25 ms of a one-shot run's main thread before.
     */
    static void prepareBeside(Runnable first) {
        Thread t = new Thread(() -> {
            first.run();
            Platform.initializeFramework();
            initializeLogging();
        }, "jvif-prepare");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The one-time set-up of the JDK's logging, which the bundles log through (SLF4J onto java.util.logging): its
     * configuration, and the default format's first use (the time zone, the level names, the first string
     * concatenation of the JDK's logging code) on a record that is formatted and dropped. No handler is made, so
     * nothing is written, and the platform's output streams are not taken yet.
     */
    static void initializeLogging() {
        LogRecord warmUp = new LogRecord(Level.INFO, "");
        warmUp.setSourceClassName(Main.class.getName());
        warmUp.setSourceMethodName("main");
        new SimpleFormatter().format(warmUp);
    }

    private static Optional<ProcessHandle> awaitScan(CompletableFuture<Optional<ProcessHandle>> scan) throws InterruptedException {
        try {
            return scan.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) e.getCause();
        }
    }

    /** Runs the command in the served platform once its socket answers; empty if that platform died meanwhile. */
    private Optional<Integer> inside(PidFile pidFile, ProcessHandle serving, Invocation invocation, Settings settings)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + settings.readyTimeout().plusSeconds(30).toNanos();
        while (true) {
            Optional<SocketChannel> ch = ControlClient.connect(home.socket());
            if (ch.isPresent()) {
                try (SocketChannel c = ch.get()) {
                    Outcome outcome = ControlClient.run(c, cwd(), invocation.command(), in == System.in ? interruptibleStdin() : in, out, err);
                    out.flush();
                    outcome.report(err, invocation.verbose());
                    return Optional.of(outcome.status());
                }
            }
            if (!pidFile.isLive(serving)) {
                return Optional.empty();
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the platform (pid " + serving.pid() + ") runs but does not answer on " + home.socket());
            }
            Thread.sleep(POLL_MS);
        }
    }

    /**
     * This process's stdin as a channel, whose blocking read an interrupt ends (closing it): the
     * client's stdin pump must not outlive its command (see {@link ControlClient#run}).
     */
    private static InputStream interruptibleStdin() {
        return Channels.newInputStream(new FileInputStream(FileDescriptor.in).getChannel());
    }

    /**
     * Boots a platform on a throw-away cache, runs the command once the platform is ready, stops
     * it. The platform's own chatter goes to log/oneshot.log so stdout is the command's alone.
     */
    private int oneShot(Invocation invocation, Settings settings) throws Exception {
        String name = invocation.command().get(0);
        if (DESCRIBING.contains(name.startsWith("vif:") ? name.substring(4) : name) && !Boolean.getBoolean(ARCHIVING)) {
            // a system property: the Felix cache's key holds the framework properties, and stays the same
            System.setProperty(NETLINK_BIND, "on_first_use");
        }
        home.prepare();
        sweepOneShotCaches();
        // the kept cache, unless another one-shot run has it: then a throw-away one of its own
        FileChannel lockFile = FileChannel.open(home.oneShotCacheLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockFile.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM has it already (a sandbox run beside another)
        }
        boolean throwAway = lock == null;
        Path storage = throwAway ? home.oneShotCaches().resolve(Long.toString(ProcessHandle.current().pid())) : home.oneShotCache();
        PrintStream chatter = new PrintStream(new FileOutputStream(home.log().resolve("oneshot.log").toFile(), true), true);
        System.setOut(chatter);
        System.setErr(chatter);
        // from before the boot: a signal at any moment says "interrupted" and leaves no cache behind
        AtomicReference<Platform> booted = new AtomicReference<>();
        Thread hook = new Thread(() -> {
            INTERRUPTED.set(true);
            try {
                Platform p = booted.get();
                if (p != null) {
                    p.stop(settings.stopTimeout());
                }
                if (throwAway) {
                    deleteTree(storage);
                }
            } finally {
                // the command may be blocked on stdin for good: the hook speaks for it; whatever the
                // platform stopping under it made it throw is no error of its own
                err.println("jvif: interrupted");
                err.flush();
            }
        }, "jvif-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Platform platform;
        try {
            platform = Platform.start(home, settings, storage, false, true, err);
            booted.set(platform);
        } catch (Exception | Error e) {
            unhook(hook);
            if (throwAway) {
                deleteTree(storage);
            }
            lockFile.close();
            throw e;
        }
        try {
            warnNotReady(platform.awaitReady(settings.readyTimeout()), settings, err);
            Outcome outcome = new GogoConsole(platform.context(), COMMAND_WAIT, settings.commands())
                    .run(invocation.command(), cwd(), in, out, err);
            out.flush();
            if (INTERRUPTED.get()) {
                return 130;
            }
            outcome.report(err, invocation.verbose());
            return outcome.status();
        } finally {
            if (!platform.stop(settings.stopTimeout()) && !INTERRUPTED.get()) {
                err.println("jvif: warning: the framework did not stop within " + Settings.seconds(settings.stopTimeout()));
            }
            if (throwAway) {
                deleteTree(storage);
            }
            lockFile.close();
            unhook(hook);
        }
    }

    /**
     * While {@code bin/jvif --archive-classes} makes the class-data-sharing archive from a one-shot run:
     * one command through a control socket of its own (a stand-in command), so that the classes of
     * both ends (a command's client, the daemon's server) are in the archive too.
     */
    private static void useControlSocket(Home home) {
        Path socket = home.data().resolve("archiving-" + ProcessHandle.current().pid() + ".sock");
        CommandRunner echo = (command, cwd, in, out, err) -> {
            try {
                out.write(in.readAllBytes());
            } catch (IOException e) {
                return Outcome.failed(e);
            }
            return Outcome.OK;
        };
        try (ControlServer server = new ControlServer(socket, echo, () -> { }, System.err, 1, Duration.ofSeconds(10))) {
            server.open();
            try (SocketChannel ch = ControlClient.connect(socket).orElseThrow()) {
                ControlClient.run(ch, cwd(), List.of("vif:host-info"), new java.io.ByteArrayInputStream(new byte[1]),
                        OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("jvif: warning: the control socket's classes are not in the archive: " + Outcome.oneLine(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Removes a shutdown hook, unless the JVM is already running it. */
    static void unhook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook does the work
        }
    }

    /** Removes the caches of one-shot runs that died without cleaning up. */
    private void sweepOneShotCaches() throws IOException {
        if (!Files.isDirectory(home.oneShotCaches())) {
            return;
        }
        try (Stream<Path> dirs = Files.list(home.oneShotCaches())) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                boolean alive = name.matches("\\d{1,18}") && ProcessHandle.of(Long.parseLong(name)).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    deleteTree(dir);
                }
            }
        }
    }

    static void warnNotReady(List<String> missing, Settings settings, PrintStream err) {
        if (!missing.isEmpty()) {
            err.println("jvif: warning: not ready after " + Settings.seconds(settings.readyTimeout())
                    + ", going on without: " + String.join(", ", missing));
        }
    }

    private static Path cwd() {
        return Path.of("").toAbsolutePath();
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a leftover cache is swept by the next one-shot run; a walk meets files another thread
            // (the shutdown hook, or the main thread beside it) deletes at the same time
        }
    }
}
