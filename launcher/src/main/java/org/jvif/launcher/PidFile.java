package org.jvif.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * data/jvif.pid: the process that serves the platform of this folder (background daemon or
 * interactive shell). A pid file whose process is gone, or is no jvif, is stale: it is removed
 * together with the control socket it would have owned.
 */
final class PidFile {

    private final Path path;
    private final Path socket;

    PidFile(Home home) {
        this.path = home.pidFile();
        this.socket = home.socket();
    }

    /** The pid of the live platform of this folder; removes stale leftovers when there is none. */
    OptionalLong live() throws IOException {
        OptionalLong pid = read();
        if (pid.isPresent() && isJvif(pid.getAsLong())) {
            return pid;
        }
        Files.deleteIfExists(path);
        Files.deleteIfExists(socket);
        return OptionalLong.empty();
    }

    /** Takes the pid file for this process; fails when another live platform holds it. */
    void claim() throws IOException {
        String me = Long.toString(ProcessHandle.current().pid());
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Files.writeString(path, me + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return;
            } catch (FileAlreadyExistsException e) {
                OptionalLong other = live();
                if (other.isPresent()) {
                    throw new IllegalStateException("jvif is already running from " + path.getParent().getParent()
                            + " (pid " + other.getAsLong() + ")");
                }
            }
        }
        throw new IOException("could not take the pid file " + path);
    }

    /** Removes the pid file if it is this process's. */
    void release() throws IOException {
        OptionalLong pid = read();
        if (pid.isPresent() && pid.getAsLong() == ProcessHandle.current().pid()) {
            Files.deleteIfExists(path);
        }
    }

    private OptionalLong read() throws IOException {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(path, StandardCharsets.US_ASCII).strip()));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.of(-1); // garbage: never a live process, so stale
        }
    }

    /**
     * Alive and running the launcher. A reused pid is some other program; a killed platform that
     * is not reaped yet (a zombie) still "exists" but has no command line any more.
     */
    static boolean isJvif(long pid) {
        return pid > 0 && ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .flatMap(p -> p.info().commandLine())
                .map(c -> c.contains(Main.class.getName()))
                .orElse(false);
    }
}
