package org.jvif.backend.ovs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jvif.host.ovsdb.Row;
import org.junit.jupiter.api.Test;

class ReplicaTest {
    /**
     * ovs-vswitchd writes cur_cfg and the Interface columns of that configuration in one commit, whose rows reach the
     * replica one by one, tables in no particular order: those waiting for cur_cfg read them only once all are in.
     */
    @Test
    void curCfgCountsOnceItsWholeUpdateIsIn() {
        Replica replica = new ReplicaRows().replica();
        CompletableFuture<Void> reached = replica.cfgReached(5);
        replica.rowChanged("Open_vSwitch", null, new Row("Open_vSwitch", UUID.randomUUID(), Map.of("cur_cfg", 5L)));
        assertFalse(reached.isDone(), "cur_cfg told before the rest of its update");
        replica.rowChanged("Interface", null, new Row("Interface", UUID.randomUUID(),
                Map.of("name", "tap1", "ofport", 7L, "error", Set.of(), "external_ids", Map.of())));
        replica.updated();
        assertTrue(reached.isDone());
        assertEquals(7L, replica.iface("tap1").get("ofport"));
        assertTrue(replica.cfgReached(4).isDone());
    }
}
