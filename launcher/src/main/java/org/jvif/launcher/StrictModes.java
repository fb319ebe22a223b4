package org.jvif.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the platform loads code and configuration from must be the platform's own, as sshd's
 * StrictModes has it: deploy/ and etc/, everything in them, and the folder that holds them belong
 * to the platform's user or root and are writable by nobody else. Otherwise anyone who can write
 * there could run a bundle, or change a backend's configuration, with the platform's privileges.
 */
final class StrictModes {

    private StrictModes() {
    }

    /** Refuses, naming the file, its owner and its mode, when deploy/ or etc/ is not the platform's own. */
    static void check(Home home) throws IOException {
        int me = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"); // the effective uid
        check(home.root(), me, home);
        for (Path dir : List.of(home.deploy(), home.etc())) {
            if (!Files.exists(dir)) {
                continue;
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.toList()) {
                    check(p, me, home);
                }
            }
        }
    }

    private static void check(Path p, int me, Home home) throws IOException {
        int owner = (Integer) Files.getAttribute(p, "unix:uid");
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p);
        String problem = null;
        if (owner != me && owner != 0) {
            problem = "belongs to " + Files.getOwner(p).getName() + ", not to the platform's user (uid " + me + ") or root";
        } else if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            problem = "is writable by " + (mode.contains(PosixFilePermission.OTHERS_WRITE) ? "others" : "its group")
                    + " (" + PosixFilePermissions.toString(mode) + "); chmod go-w";
        }
        if (problem != null) {
            String where = p.equals(home.root()) ? p.toString() : home.root().relativize(p).toString();
            throw new IOException("refusing to load bundles and configuration from " + home.root() + ": " + where + " " + problem);
        }
    }
}
