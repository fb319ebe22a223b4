package org.jvif.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which process serves the platform of this folder (background daemon or interactive shell). Its
 * identity is the folder, the pid and the process's start time: data/jvif.pid holds pid and start
 * time, and a process only counts when it is alive, started then, and is bin/jvif serving this very
 * folder (its {@code -Djvif.home}); so a copy of the folder, or a reused pid, is never taken for it.
 * The serving process holds a lock on data/jvif.lock for its lifetime, which keeps a second one off
 * the folder; leftovers are removed only while nobody holds that lock.
 */
final class PidFile {

    private final Home home;
    private final Path path;
    private final Path lockPath;
    private FileChannel lockChannel;
    private FileLock lock;

    PidFile(Home home) {
        this.home = home;
        this.path = home.pidFile();
        this.lockPath = home.data().resolve("jvif.lock");
    }

    /** The live platform of this folder as its pid file names it; removes stale leftovers when there is none. */
    Optional<ProcessHandle> live() throws IOException {
        Optional<ProcessHandle> serving = read().filter(this::isLive);
        if (serving.isEmpty() && Files.exists(path)) {
            removeLeftovers();
        }
        return serving;
    }

    /** Still the process the pid file named: alive, and serving this folder (its start time was checked when read). */
    boolean isLive(ProcessHandle p) {
        return p.isAlive() && serves(p, home);
    }

    /**
     * A process serving this folder that cannot be reached: it still holds the lock of a data/ that
     * was removed under it (its lock file is open as "(deleted)"). One that is booting holds no lock
     * yet, and one that holds the current lock is reached through its pid file.
     */
    Optional<ProcessHandle> unreachable() {
        long me = ProcessHandle.current().pid();
        Path root;
        try {
            root = home.root().toRealPath(); // /proc names files by their real path
        } catch (IOException e) {
            root = home.root();
        }
        String lostLock = root.resolve(home.root().relativize(lockPath)) + " (deleted)";
        return ProcessHandle.allProcesses().filter(p -> p.pid() != me && serves(p, home) && holds(p, lostLock)).findFirst();
    }

    /** Whether the process has this file open (a link in /proc/PID/fd names it). */
    private static boolean holds(ProcessHandle p, String file) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + p.pid() + "/fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(file);
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return false; // gone, or another user's: cannot tell
        }
    }

    /** Takes the folder for this process: its lock, then the pid file; fails when another platform serves it. */
    void claim() throws IOException {
        lockChannel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("jvif is already running from " + home.root()
                    + read().map(p -> " (pid " + p.pid() + ")").orElse(""));
        }
        Optional<ProcessHandle> other = unreachable();
        if (other.isPresent()) {
            release();
            throw new IllegalStateException("jvif is already running from " + home.root() + " (pid " + other.get().pid()
                    + "), though " + path + " does not say so; stop it first (bin/jvif stop)");
        }
        ProcessHandle me = ProcessHandle.current();
        Path tmp = path.resolveSibling(path.getFileName() + ".new");
        Files.writeString(tmp, me.pid() + "\n" + me.info().startInstant().map(Instant::toEpochMilli).orElse(0L) + "\n",
                StandardCharsets.US_ASCII);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the pid file if it is still this process's, and lets go of the folder. */
    void release() throws IOException {
        try {
            if (read().map(p -> p.pid() == ProcessHandle.current().pid()).orElse(false)) {
                Files.deleteIfExists(path);
            }
        } finally {
            if (lockChannel != null) {
                lockChannel.close(); // releases the lock
                lockChannel = null;
                lock = null;
            }
        }
    }

    /** The process the pid file names, if it is alive and started when the file says. */
    private Optional<ProcessHandle> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).strip());
            long started = Long.parseLong(lines.get(1).strip());
            return ProcessHandle.of(pid).filter(p -> p.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == started);
        } catch (RuntimeException e) {
            return Optional.empty(); // garbage: never a live process, so stale
        }
    }

    /** Whether some process holds the folder (its lock). */
    boolean held() throws IOException {
        if (!Files.isDirectory(home.data())) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock free = ch.tryLock()) {
            return free == null;
        } catch (OverlappingFileLockException e) {
            return true; // this very process
        }
    }

    /** The platform that holds the folder's lock and is writing its pid file right now, once it has; empty if it gave up. */
    Optional<ProcessHandle> awaitLive(Duration patience) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline && held()) {
            Optional<ProcessHandle> p = read().filter(this::isLive);
            if (p.isPresent()) {
                return p;
            }
            Thread.sleep(20);
        }
        return live();
    }

    /** A stale pid file and the socket it would have owned go, but only while no platform holds the folder. */
    private void removeLeftovers() throws IOException {
        if (!Files.isDirectory(home.data())) {
            return;
        }
        try (FileChannel ch = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = ch.tryLock()) {
            if (held != null) {
                Files.deleteIfExists(path);
                Files.deleteIfExists(home.socket());
            }
        } catch (OverlappingFileLockException e) {
            // this very process holds the folder: nothing of it is stale
        }
    }

    /**
     * Whether the process is bin/jvif serving the platform of this folder: the launcher in daemon or
     * shell mode, with this folder as its {@code -Djvif.home}. A zombie has no arguments any more.
     */
    static boolean serves(ProcessHandle p, Home home) {
        List<String> args = p.info().arguments().map(Arrays::asList).orElse(List.of());
        int main = args.indexOf(Main.class.getName());
        if (main < 0 || !args.subList(0, main).contains("-Djvif.home=" + home.root())) {
            return false;
        }
        try {
            Invocation.Mode mode = Invocation.parse(args.subList(main + 1, args.size())).mode();
            return mode == Invocation.Mode.DAEMON || mode == Invocation.Mode.SHELL;
        } catch (UsageException e) {
            return false;
        }
    }
}
