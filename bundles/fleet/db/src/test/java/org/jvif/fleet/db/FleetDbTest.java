package org.jvif.fleet.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jvif.fleet.db.FleetDb.Host;
import org.jvif.fleet.db.FleetDb.Vif;
import org.jvif.fleet.db.FleetDb.VifStatus;
import org.jvif.host.ovsdb.OvsdbClient;
import org.jvif.host.ovsdb.OvsdbOperationException;
import org.jvif.host.ovsdb.OvsdbOptions;
import org.jvif.host.ovsdb.Transaction;
import org.jvif.host.ovsdb.testing.OvsdbCluster;
import org.jvif.host.ovsdb.testing.TestPki;

/**
 * The shipped schema served by a 3-member SSL cluster, bootstrapped as a controller does, and RBAC as agents
 * meet it: an agent writes only its own Host row and its host's Vif_Status rows, and no Vif row.
 */
class FleetDbTest {
    static final String AGENT_TARGET = "pssl:0:127.0.0.1";
    static Path schema;
    static OvsdbCluster db;
    static OvsdbClient controller;

    @BeforeAll
    static void start() throws Exception {
        schema = FleetDb.writeSchema(Files.createTempFile("jvif-fleet", ".ovsschema"));
        db = OvsdbCluster.builder(schema).remote("db:" + FleetDb.DATABASE + "," + FleetDb.FLEET_GLOBAL + ",connections").start();
        controller = connect(db.remote(0), db.pki().issue("controller", "controller"));
        get(FleetDb.bootstrap(controller, AGENT_TARGET));
    }

    @AfterAll
    static void stop() throws Exception {
        if (controller != null) {
            controller.close();
        }
        if (db != null) {
            db.close();
        }
        Files.deleteIfExists(schema);
    }

    static OvsdbClient connect(String remote, TestPki.Identity who) {
        return OvsdbClient.connect(OvsdbOptions.builder(remote).database(FleetDb.DATABASE).timeout(Duration.ofSeconds(20))
                .ssl(who.privateKey(), who.certificate(), db.pki().caCertificate()).build());
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    /** Rows of a table as member i's own replica holds them (ovsdb-client on its unix socket). */
    static String witness(int i, String table) {
        return db.ovsdbClient("transact", db.unixRemote(i), "[\"" + FleetDb.DATABASE + "\",{\"op\":\"select\",\"table\":\""
                + table + "\",\"where\":[]}]");
    }

    @Test
    void membersTalkSslAndAgreeOnOneLeader() {
        int leaders = 0;
        for (int i = 0; i < db.size(); i++) {
            String s = db.clusterStatus(i);
            assertTrue(s.contains("Address: ssl:127.0.0.1:") && s.contains("Status: cluster member"), s);
            leaders += s.contains("Role: leader") ? 1 : 0;
        }
        assertEquals(1, leaders);
        assertTrue(controller.schema().table(Vif.TABLE).hasColumn(Vif.GENERATION));
    }

    @Test
    void bootstrapTwiceAddsNothing() throws Exception {
        get(FleetDb.bootstrap(controller, AGENT_TARGET));
        try (OvsdbClient other = connect(db.remote(2), db.pki().issue("controller", "controller"))) {
            get(FleetDb.bootstrap(other, AGENT_TARGET));
        }
        for (String table : List.of(FleetDb.RBAC_ROLE, FleetDb.CONNECTION, FleetDb.FLEET_GLOBAL)) {
            String rows = witness(1, table);
            assertEquals(1, rows.split("\"_uuid\"").length - 1, table + ": " + rows);
        }
        assertEquals(2, witness(1, FleetDb.RBAC_PERMISSION).split("\"_uuid\"").length - 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FleetDb.bootstrap(controller, "ptcp:6642"));
        assertTrue(e.getMessage().contains("'ptcp:6642'") && e.getMessage().contains("pssl:"), e.getMessage());
    }

    @Test
    void agentWritesOnlyItsOwnRows() throws Exception {
        // the controller's rows an agent must not touch
        Transaction t = controller.transaction();
        t.insert(Host.TABLE).set(Host.NAME, "rbac-b");
        t.insert(Vif.TABLE).set(Vif.HOST, "rbac-a").set(Vif.VIF_ID, "v1").set(Vif.DESIRED, Vif.PLUGGED).set(Vif.GENERATION, 1);
        t.insert(VifStatus.TABLE).set(VifStatus.HOST, "rbac-b").set(VifStatus.VIF_ID, "v2").set(VifStatus.STATE, Vif.PLUGGED);
        get(t.commit());

        // an agent on every member's agent remote (the port each member took for pssl:0)
        for (int i = 0; i < db.size(); i++) {
            int port = db.listeningPort(i, "0:127.0.0.1");
            String name = "rbac-a";
            try (OvsdbClient agent = connect("ssl:127.0.0.1:" + port, db.pki().issue(name, name))) {
                Transaction own = agent.transaction();
                if (i == 0) {
                    own.insert(Host.TABLE).set(Host.NAME, name).set(Host.AGENT_VERSION, "0.1");
                    own.insert(VifStatus.TABLE).set(VifStatus.HOST, name).set(VifStatus.VIF_ID, "v1")
                            .set(VifStatus.STATE, Vif.PLUGGED).set(VifStatus.GENERATION, 1);
                }
                own.update(Host.TABLE).where(Host.NAME, name).set(Host.LAST_SEEN, 1000L + i);
                own.update(VifStatus.TABLE).where(VifStatus.HOST, name).set(VifStatus.UPDATED, 1000L + i);
                get(own.commit());

                denied(agent, x -> x.insert(Host.TABLE).set(Host.NAME, "rbac-b"), "insertion into table \"Host\"");
                denied(agent, x -> x.update(Host.TABLE).where(Host.NAME, "rbac-b").set(Host.LAST_SEEN, 1L), "modification of table \"Host\"");
                denied(agent, x -> x.update(Host.TABLE).where(Host.NAME, name).set(Host.NAME, "rbac-c"), "modification of table \"Host\"");
                denied(agent, x -> x.delete(Host.TABLE).where(Host.NAME, "rbac-b"), "deletion from table \"Host\"");
                denied(agent, x -> x.insert(Vif.TABLE).set(Vif.HOST, name).set(Vif.VIF_ID, "v9").set(Vif.DESIRED, Vif.PLUGGED),
                        "insertion into table \"Vif\"");
                denied(agent, x -> x.update(Vif.TABLE).where(Vif.HOST, name).set(Vif.DESIRED, Vif.UNPLUGGED), "modification of table \"Vif\"");
                denied(agent, x -> x.insert(VifStatus.TABLE).set(VifStatus.HOST, "rbac-b").set(VifStatus.VIF_ID, "v9")
                        .set(VifStatus.STATE, Vif.PLUGGED), "insertion into table \"Vif_Status\"");
                denied(agent, x -> x.update(VifStatus.TABLE).where(VifStatus.HOST, "rbac-b").set(VifStatus.STATE, VifStatus.FAILED),
                        "modification of table \"Vif_Status\"");
                denied(agent, x -> x.mutate(FleetDb.RBAC_ROLE).where("name", FleetDb.AGENT_ROLE)
                        .delete("permissions", List.of(Host.TABLE)), "mutate operation on table \"RBAC_Role\"");
            }
        }
        // every member's replica: the agent's own writes, nothing of the refused ones
        for (int i = 0; i < db.size(); i++) {
            String hosts = witness(i, Host.TABLE);
            assertTrue(hosts.contains("\"last_seen\":1002") && !hosts.contains("rbac-c"), hosts);
            String status = witness(i, VifStatus.TABLE);
            assertTrue(status.contains("\"updated\":1002") && !status.contains("failed") && !status.contains("v9"), status);
            assertTrue(witness(i, Vif.TABLE).contains("\"desired\":\"plugged\""));
        }
    }

    @Test
    void agentRemoteAsksForACertificate() {
        int port = db.listeningPort(1, "0:127.0.0.1");
        TestPki.Identity stranger = TestPki.create(db.dir().resolve("other-pki")).issue("rbac-a", "rbac-a");
        Exception e = assertThrows(Exception.class, () -> OvsdbClient.connect(OvsdbOptions.builder("ssl:127.0.0.1:" + port)
                .database(FleetDb.DATABASE).timeout(Duration.ofSeconds(2))
                .ssl(stranger.privateKey(), stranger.certificate(), db.pki().caCertificate()).build()));
        assertTrue(e.getMessage().contains("could not connect"), e.getMessage());
    }

    /** The agent's transaction is refused by RBAC, with ovsdb-server's words for what it tried. */
    private static void denied(OvsdbClient agent, java.util.function.Consumer<Transaction> ops, String what) throws Exception {
        Transaction t = agent.transaction();
        ops.accept(t);
        OvsdbOperationException e = assertThrows(OvsdbOperationException.class, () -> get(t.commit()));
        assertEquals("permission error", e.error(), e.getMessage());
        assertTrue(e.details().contains("client \"rbac-a\" role \"" + FleetDb.AGENT_ROLE + "\"") && e.details().contains(what),
                e.details());
    }
}
