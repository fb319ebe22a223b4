package org.jvif.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {

    @TempDir
    Path dir;

    @Test
    void stalePidFileAndSocketAreRemoved() throws Exception {
        Home home = new Home(dir);
        home.prepare();
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Files.writeString(home.pidFile(), dead.pid() + "\n");
        Files.writeString(home.socket(), "");
        assertTrue(new PidFile(home).live().isEmpty());
        assertFalse(Files.exists(home.pidFile()));
        assertFalse(Files.exists(home.socket()));
    }

    @Test
    void aLiveProcessThatIsNoJvifIsStale() throws Exception {
        Home home = new Home(dir);
        home.prepare();
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(home.pidFile(), sleeper.pid() + "\n");
            assertTrue(new PidFile(home).live().isEmpty());
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void claimOverStaleLeftoversAndRelease() throws Exception {
        Home home = new Home(dir);
        home.prepare();
        Files.writeString(home.pidFile(), "garbage");
        PidFile pid = new PidFile(home);
        pid.claim();
        // pid and start time: the identity checked before the process is trusted or signalled
        assertEquals(List.of(Long.toString(ProcessHandle.current().pid()),
                Long.toString(ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli())), Files.readAllLines(home.pidFile()));
        pid.release();
        assertFalse(Files.exists(home.pidFile()));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home.data())));
    }
}
