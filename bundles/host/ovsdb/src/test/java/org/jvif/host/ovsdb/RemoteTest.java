package org.jvif.host.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class RemoteTest {
    @Test
    void parsesOvsConnectionStrings() {
        Remote t = Remote.parse("tcp:192.0.2.1:6641");
        assertEquals(Remote.Kind.TCP, t.kind());
        assertEquals("192.0.2.1", t.host());
        assertEquals(6641, t.port());
        assertEquals("tcp:192.0.2.1:6641", t.toString());
        assertEquals(6640, Remote.parse("ssl:192.0.2.1").port());
        Remote v6 = Remote.parse("tcp:[::1]:6640");
        assertEquals("::1", v6.host());
        assertEquals("tcp:[::1]:6640", v6.toString());
        Remote u = Remote.parse("unix:/var/run/openvswitch/db.sock");
        assertEquals(Path.of("/var/run/openvswitch/db.sock"), u.path());
        assertEquals(u, Remote.parse(u.toString()));
    }

    @Test
    void rejectsBadOnesNamingThem() {
        for (String bad : new String[] {"", "ptcp:6640", "tcp:", "tcp:1.2.3.4:0", "tcp:1.2.3.4:70000", "tcp:1.2.3.4:x",
            "tcp:::1:6640", "tcp:[::1", "unix:", "tcp:a b:1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Remote.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("bad OVSDB connection string '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void listsAreCommaSeparatedAndEachElementChecked() {
        assertEquals(java.util.List.of(Remote.parse("ssl:192.0.2.1:6641"), Remote.parse("ssl:[2001:db8::2]:6641"),
                Remote.parse("unix:/run/db.sock")), Remote.parseList("ssl:192.0.2.1:6641, ssl:[2001:db8::2]:6641,unix:/run/db.sock"));
        OvsdbOptions o = OvsdbOptions.builder("tcp:192.0.2.1:6641,tcp:192.0.2.2:6641").build();
        assertEquals(2, o.remotes().size());
        assertEquals(o.remotes().get(0), o.remote());
        assertTrue(o.leaderOnly());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Remote.parseList("tcp:192.0.2.1:6641,,tcp:x:1"));
        assertTrue(e.getMessage().startsWith("bad OVSDB connection string ''"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OvsdbOptions.builder("tcp:192.0.2.1:6641,ssl:192.0.2.2:6641").build());
        assertTrue(e.getMessage().startsWith("ssl:192.0.2.2:6641: ssl remotes need"), e.getMessage());
    }
}
