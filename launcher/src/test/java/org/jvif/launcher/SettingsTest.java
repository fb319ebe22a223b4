package org.jvif.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path dir;

    private Settings load(String text) throws Exception {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/jvif.properties"), text);
        return Settings.load(new Home(dir));
    }

    @Test
    void defaultsWithoutAFile() throws Exception {
        Settings s = Settings.load(new Home(dir));
        assertEquals(List.of("org.jvif.api.OsVif", "org.jvif.fleet.Fleet"), s.readyServices());
        assertEquals(Duration.ofSeconds(10), s.readyTimeout());
        assertEquals(Duration.ofSeconds(20), s.stopTimeout());
        assertTrue(s.framework().isEmpty());
    }

    @Test
    void launcherKeysAndFrameworkProperties() throws Exception {
        Settings s = load("""
                jvif.ready.services = a.B, c.D ,
                jvif.ready.timeout = 0.5
                felix.fileinstall.dir = ${jvif.home}/deploy,${jvif.home}/etc
                other = ${felix.fileinstall.dir}!
                """);
        assertEquals(List.of("a.B", "c.D"), s.readyServices());
        assertEquals(Duration.ofMillis(500), s.readyTimeout());
        assertEquals(dir + "/deploy," + dir + "/etc", s.framework().get("felix.fileinstall.dir"));
        assertEquals(dir + "/deploy," + dir + "/etc!", s.framework().get("other"));
        assertEquals(2, s.framework().size());
    }

    @Test
    void noReadinessServices() throws Exception {
        assertEquals(List.of(), load("jvif.ready.services =\n").readyServices());
    }

    @Test
    void badValuesNameTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load("jvif.stop.timeout = soon\n"));
        assertTrue(e.getMessage().contains("jvif.stop.timeout") && e.getMessage().contains("soon"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> load("jvif.ready.timeout = -1\n"));
        e = assertThrows(IllegalArgumentException.class, () -> load("x = ${nowhere.to.be.found}\n"));
        assertTrue(e.getMessage().contains("nowhere.to.be.found"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> load("a = ${b}\nb = ${a}\n"));
        // a misspelled launcher key is no silent default
        e = assertThrows(IllegalArgumentException.class, () -> load("jvif.comands = vif:*\n"));
        assertTrue(e.getMessage().startsWith("etc/jvif.properties: unknown key jvif.comands"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> load("jvif.control.connections = 0\n"));
        assertThrows(IllegalArgumentException.class, () -> load("jvif.commands = felix:*, rm -rf\n"));
    }
}
