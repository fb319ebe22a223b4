package org.jvif.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/ and etc/ as sshd's StrictModes has it (the tests run as root: root's files are the platform's own). */
class StrictModesTest {

    @TempDir
    Path dir;

    private Home home;

    @BeforeEach
    void layout() throws Exception {
        home = new Home(dir);
        Files.createDirectories(home.deploy());
        Files.createDirectories(home.etc());
        Files.writeString(home.etc().resolve("org.jvif.backend.tap.cfg"), "multiqueue = true\n");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path p : new Path[] {home.deploy(), home.etc()}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private String refusal() {
        return assertThrows(IOException.class, () -> StrictModes.check(home)).getMessage();
    }

    @Test
    void ownFoldersPass() throws Exception {
        StrictModes.check(home);
        Files.delete(home.etc().resolve("org.jvif.backend.tap.cfg"));
        Files.delete(home.etc());
        StrictModes.check(home); // a folder that is not there loads nothing
    }

    @Test
    void aDeployFolderWritableByOthersIsRefused() throws Exception {
        Files.setPosixFilePermissions(home.deploy(), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals("refusing to load bundles and configuration from " + dir
                + ": deploy is writable by others (rwxrwxrwx); chmod go-w", refusal());
    }

    @Test
    void aConfigurationFileWritableByItsGroupIsRefused() throws Exception {
        Files.setPosixFilePermissions(home.etc().resolve("org.jvif.backend.tap.cfg"), PosixFilePermissions.fromString("rw-rw-r--"));
        assertEquals("refusing to load bundles and configuration from " + dir
                + ": etc/org.jvif.backend.tap.cfg is writable by its group (rw-rw-r--); chmod go-w", refusal());
    }

    @Test
    void aFolderHoldingThemWritableByOthersIsRefused() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals("refusing to load bundles and configuration from " + dir + ": " + dir
                + " is writable by others (rwxrwxrwx); chmod go-w", refusal());
    }

    @Test
    void aJarOfAnotherUserIsRefused() throws Exception {
        Path jar = home.deploy().resolve("evil.jar");
        Files.writeString(jar, "");
        Files.setAttribute(jar, "unix:uid", 65534);
        String refusal = refusal();
        assertEquals(true, refusal.startsWith("refusing to load bundles and configuration from " + dir + ": deploy/evil.jar belongs to "), refusal);
        assertEquals(true, refusal.endsWith(", not to the platform's user (uid 0) or root"), refusal);
    }
}
