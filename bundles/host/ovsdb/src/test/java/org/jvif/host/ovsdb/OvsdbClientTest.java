package org.jvif.host.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.jvif.host.ovsdb.testing.OvsSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a private ovsdb-server + ovs-vswitchd. */
class OvsdbClientTest {
    static OvsSandbox ovs;
    static OvsdbClient client;

    @BeforeAll
    static void start() {
        ovs = OvsSandbox.builder().start();
        client = OvsdbClient.connect(OvsdbOptions.builder(ovs.unixRemote()).timeout(Duration.ofSeconds(20)).build());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (ovs != null) {
            ovs.close();
        }
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    /** Creates a netdev bridge through this client, as the ovs backend would. */
    static UUID addBridge(OvsdbClient c, String name) throws Exception {
        Transaction txn = c.transaction();
        NamedUuid iface = txn.insert("Interface").set("name", name).set("type", "internal").uuid();
        NamedUuid port = txn.insert("Port").set("name", name).set("interfaces", iface).uuid();
        Transaction.Insert br = txn.insert("Bridge").set("name", name).set("ports", port).set("datapath_type", "netdev");
        txn.mutate("Open_vSwitch").insert("bridges", br.uuid());
        return get(txn.commit()).uuid(br);
    }

    @Test
    void listDbsAndSchema() throws Exception {
        assertTrue(get(client.listDbs()).contains("Open_vSwitch"));
        DatabaseSchema s = get(client.getSchema("Open_vSwitch"));
        assertEquals("Open_vSwitch", s.name());
        assertTrue(s.hasColumn("Interface", "mtu_request"));
        ColumnType mtu = s.table("Interface").column("mtu_request").type();
        assertTrue(mtu.isOptional());
        assertEquals(1, mtu.key().minInteger());
        assertEquals(s.version(), client.schema().version());
        get(client.echo());
    }
}
