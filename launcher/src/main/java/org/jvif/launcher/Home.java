package org.jvif.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The platform folder that bin/jvif lives in, and the places inside it. */
record Home(Path root) {

    /** bin/jvif passes its folder as -Djvif.home; without it the working directory is taken. */
    static Home fromSystemProperties() {
        return new Home(Path.of(System.getProperty("jvif.home", ".")).toAbsolutePath().normalize());
    }

    Path bundles() { return root.resolve("bundles"); }

    /** Bundles only the interactive shell needs (Gogo shell). */
    Path interactiveBundles() { return bundles().resolve("interactive"); }

    /** The fleet's bundles (controller, agent), installed as etc/ configures them. */
    Path fleetBundles() { return bundles().resolve("fleet"); }

    Path deploy() { return root.resolve("deploy"); }

    Path etc() { return root.resolve("etc"); }

    Path data() { return root.resolve("data"); }

    Path log() { return root.resolve("log"); }

    Path settingsFile() { return etc().resolve("jvif.properties"); }

    Path pidFile() { return data().resolve("jvif.pid"); }

    Path socket() { return data().resolve("jvif.sock"); }

    /** Felix cache of the served platform (shell or daemon). */
    Path cache() { return data().resolve("felix-cache"); }

    /** Parent of the throw-away caches of one-shot runs, one per process id. */
    Path oneShotCaches() { return data().resolve("oneshot"); }

    /** Felix cache of one-shot runs, kept from one to the next (FelixCache); one run at a time has it. */
    Path oneShotCache() { return data().resolve("oneshot-cache"); }

    /** Held (locked) by the one-shot run that has {@link #oneShotCache()}. */
    Path oneShotCacheLock() { return data().resolve("oneshot-cache.lock"); }

    /** This user may not use the platform of the folder. */
    static final class NoAccess extends IOException {
        private static final long serialVersionUID = 1L;

        NoAccess(String message) {
            super(message);
        }
    }

    /**
     * data/ is the platform's user's alone (0700): anyone else is told "permission denied" up front,
     * rather than "not running" or a platform of their own beside the running one.
     */
    void checkAccess() throws IOException {
        Path data = data();
        if (Files.isDirectory(data) && !(Files.isReadable(data) && Files.isWritable(data) && Files.isExecutable(data))) {
            throw new NoAccess("permission denied: " + data + " belongs to " + Files.getOwner(data).getName()
                    + "; run bin/jvif as that user");
        }
    }

    /** Creates the writable folders; data/ holds the control socket, so only its owner may enter it. */
    void prepare() throws IOException {
        Files.createDirectories(deploy());
        Files.createDirectories(log());
        Files.createDirectories(data());
        Files.setPosixFilePermissions(data(), PosixFilePermissions.fromString("rwx------"));
    }
}
