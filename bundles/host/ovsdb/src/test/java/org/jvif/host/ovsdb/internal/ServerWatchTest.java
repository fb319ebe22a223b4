package org.jvif.host.ovsdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Which members a client uses, from their _Server rows (as ovsdb-idl decides). */
class ServerWatchTest {
    static Object update(String name, String model, boolean connected, boolean leader, Object index) {
        Map<String, Object> row = new HashMap<>(Map.of("name", name, "model", model, "connected", connected, "leader", leader));
        row.put("index", index);
        return Map.of("Database", Map.of("8c4d3c4b-1a7e-4d55-9d2a-0c7f0b8f2f01", Map.of("new", row)));
    }

    @Test
    void standaloneServersAlwaysDo() {
        ServerWatch w = new ServerWatch("Open_vSwitch", true);
        assertNull(w.verdict(update("Open_vSwitch", "standalone", true, true, java.util.List.of("set", java.util.List.of())), true));
        assertEquals("does not serve database Nope", new ServerWatch("Nope", true).verdict(update("Open_vSwitch", "standalone",
                true, true, 0L), true));
    }

    @Test
    void leaderOnlyWantsTheConnectedLeader() {
        ServerWatch w = new ServerWatch("DB", true);
        assertEquals("is not connected to the cluster of DB", w.verdict(update("DB", "clustered", false, true, 5L), true));
        assertEquals("is not the leader of DB", w.verdict(update("DB", "clustered", true, false, 5L), true));
        assertNull(w.verdict(update("DB", "clustered", true, true, 5L), true));
        ServerWatch any = new ServerWatch("DB", false);
        assertNull(any.verdict(update("DB", "clustered", true, false, 5L), true));
    }

    @Test
    void aMemberBehindWhatWasSeenIsLeft() {
        ServerWatch w = new ServerWatch("DB", false);
        assertNull(w.verdict(update("DB", "clustered", true, false, 40L), true));
        assertNull(w.verdict(update("DB", "clustered", true, false, 41L), false));
        assertEquals("is behind: its DB is at index 12, this client has seen 41", w.verdict(update("DB", "clustered", true, true, 12L), true));
        assertNull(w.verdict(update("DB", "clustered", true, true, 41L), true));
        // updates of other databases say nothing about ours
        assertNull(w.verdict(update("Other", "clustered", false, false, 1L), false));
    }
}
