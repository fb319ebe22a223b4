package org.jvif.host.ovsdb;

import static org.jvif.host.ovsdb.OvsdbClientTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jvif.host.ovsdb.testing.OvsSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ovsdb-server alone (no ovs-vswitchd): server restarts, reconnection, vswitchd wait failing. */
class ReconnectTest {
    static OvsSandbox ovs;
    static OvsdbClient client;

    @BeforeAll
    static void start() {
        ovs = OvsSandbox.builder().vswitchd(false).start();
        client = OvsdbClient.connect(OvsdbOptions.builder(ovs.unixRemote()).timeout(Duration.ofSeconds(10))
                .backoff(Duration.ofMillis(100), Duration.ofMillis(400)).build());
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

    @AfterEach
    void serverBackUp() {
        if (!ovs.running("ovsdb-server")) {
            ovs.startOvsdbServer();
        }
    }

    static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    static Transaction bridge(OvsdbClient c, String name) {
        Transaction txn = c.transaction();
        Transaction.Insert br = txn.insert("Bridge").set("name", name).set("datapath_type", "netdev");
        txn.mutate("Open_vSwitch").insert("bridges", br.uuid());
        return txn;
    }

    @Test
    void vswitchdNotRunningFailsAtTheTimeoutButCommits() throws Exception {
        Transaction txn = bridge(client, "br-novswitchd").timeout(Duration.ofMillis(1500)).waitForVswitchd();
        long start = System.nanoTime();
        VswitchdTimeoutException e = assertThrows(VswitchdTimeoutException.class, () -> get(txn.commit()));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms >= 1400 && ms < 5000, ms + " ms");
        assertTrue(e.getMessage().startsWith("ovs-vswitchd did not apply the change within 1500 ms"), e.getMessage());
        assertTrue(e.getMessage().contains("the transaction was committed"), e.getMessage());
        assertTrue(e.getMessage().contains("Is ovs-vswitchd running"), e.getMessage());
        assertTrue(e.nextCfg() > e.curCfg());
        assertTrue(ovs.vsctl("list-br").contains("br-novswitchd"));
    }

    /**
     * Batched: a transaction that was committed fails as vswitchd's doing, said so; one still queued behind
     * transactions waiting for vswitchd fails saying it was not sent. Either way the message points at vswitchd.
     */
    @Test
    void vswitchdNotRunningFailsAtTheTimeoutWhenBatchedToo() throws Exception {
        try (OvsdbClient batched = OvsdbClient.connect(OvsdbOptions.builder(ovs.unixRemote())
                .timeout(Duration.ofSeconds(10)).batching(true).build())) {
            // connected and warm, so the deadlines below are spent on vswitchd, not on starting up
            get(bridge(batched, "br-batched-warm").commit());
            List<CompletableFuture<TransactionResult>> commits = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                commits.add(bridge(batched, "br-batched" + i).timeout(Duration.ofMillis(1500)).waitForVswitchd()
                        .commit());
            }
            String bridges = null;
            int committed = 0;
            for (int i = 0; i < commits.size(); i++) {
                CompletableFuture<TransactionResult> commit = commits.get(i);
                OvsdbTimeoutException e = assertThrows(OvsdbTimeoutException.class, () -> get(commit));
                bridges = bridges == null ? ovs.vsctl("list-br") : bridges;
                if (e instanceof VswitchdTimeoutException) {
                    // or, sent in the last instant once another's wait had run out: cut short, saying why
                    assertTrue(e.getMessage().startsWith("ovs-vswitchd did not apply the change within 1500 ms")
                            || e.getMessage().startsWith("ovs-vswitchd did not apply the change (it has applied no "
                                    + "change since an earlier wait ran out after 1500 ms)"), e.getMessage());
                    assertTrue(bridges.contains("br-batched" + i), bridges);
                    committed++;
                } else if (e instanceof OvsdbNotSentException) {
                    assertTrue(e.getMessage().startsWith("transact not sent within 1500 ms"), e.getMessage());
                    assertTrue(e.getMessage().contains("ovs-vswitchd"), e.getMessage());
                    assertFalse(bridges.contains("br-batched" + i + "\n"), bridges);
                } else {
                    // sent in the last instant before its deadline
                    assertTrue(e.getMessage().startsWith("transact timed out after 1500 ms"), e.getMessage());
                }
            }
            assertTrue(committed > 0);
        }
    }

    @Test
    void serverKilledAndRestartedReconnectsAndRemonitors() throws Exception {
        Monitor m = get(client.monitor(Map.of("Bridge", List.of("name"))));
        get(bridge(client, "br-before").commit());
        assertTrue(m.find("Bridge", "name", "br-before").isPresent());

        ovs.killOvsdbServer();
        await(() -> !client.isConnected(), "the client notices the server is gone");
        // issued while disconnected: waits for the reconnection, within its timeout
        CompletableFuture<TransactionResult> during = bridge(client, "br-during").commit();
        Thread.sleep(300);
        assertFalse(during.isDone());
        ovs.startOvsdbServer();
        get(during);
        assertTrue(client.isConnected());
        // the monitor was re-established: it sees rows from before and changes after
        await(() -> m.find("Bridge", "name", "br-during").isPresent(), "the monitor sees br-during");
        assertTrue(m.find("Bridge", "name", "br-before").isPresent());
        get(bridge(client, "br-after").commit());
        assertTrue(m.find("Bridge", "name", "br-after").isPresent());
        // a row removed behind the client's back while it was away is gone from the replica after re-monitoring
        ovs.killOvsdbServer();
        await(() -> !client.isConnected(), "the client notices the server is gone again");
        ovs.startOvsdbServer();
        ovs.vsctl("del-br", "br-before");
        await(() -> m.find("Bridge", "name", "br-before").isEmpty(), "the monitor drops br-before");
        m.close();
    }

    @Test
    void inFlightRequestFailsClearlyWhenServerDies() throws Exception {
        Transaction blocked = client.transaction();
        blocked.waitFor("Bridge").where("name", "never").untilNotEqual(List.of()).timeout(Duration.ofSeconds(30));
        CompletableFuture<TransactionResult> f = blocked.commit();
        Thread.sleep(200);
        ovs.killOvsdbServer();
        OvsdbConnectionException e = assertThrows(OvsdbConnectionException.class, () -> get(f));
        assertTrue(e.getMessage().contains("before the reply to transact; it may or may not have been executed"), e.getMessage());
    }

    @Test
    void requestWhileDisconnectedTimesOutClearly() throws Exception {
        ovs.stopOvsdbServer();
        await(() -> !client.isConnected(), "the client notices the server is gone");
        Transaction t = bridge(client, "br-never").timeout(Duration.ofMillis(300));
        // never sent: typed so, as a caller must know nothing of it was committed
        OvsdbTimeoutException e = assertThrows(OvsdbNotSentException.class, () -> get(t.commit()));
        assertTrue(e.getMessage().startsWith("transact timed out after 300 ms: not connected to " + ovs.unixRemote()), e.getMessage());
        ovs.startOvsdbServer();
        await(client::isConnected, "reconnected");
        assertFalse(ovs.vsctl("list-br").contains("br-never"));
    }

    @Test
    void connectFailsClearlyAtItsTimeout() {
        OvsdbConnectionException e = assertThrows(OvsdbConnectionException.class, () -> OvsdbClient.connect(
                OvsdbOptions.builder("unix:" + ovs.dir().resolve("nothing.sock")).timeout(Duration.ofMillis(500))
                        .backoff(Duration.ofMillis(50), Duration.ofMillis(100)).build()));
        assertTrue(e.getMessage().startsWith("could not connect to unix:" + ovs.dir().resolve("nothing.sock")
                + " (database Open_vSwitch) within 500 ms"), e.getMessage());
        e = assertThrows(OvsdbConnectionException.class, () -> OvsdbClient.connect(
                OvsdbOptions.builder(ovs.unixRemote()).database("Nope").timeout(Duration.ofMillis(500)).build()));
        assertTrue(e.getMessage().contains("get_schema Nope failed: get_schema failed: unknown database"), e.getMessage());
        assertEquals(true, client.isConnected());
    }

    /** A caller that gives up on a connection still being tried ends it: no retry, no thread left. */
    @Test
    void cancellingAConnectionStillTriedEndsItsThreads() throws Exception {
        String remote = "unix:" + ovs.dir().resolve("nobody.sock");
        CompletableFuture<OvsdbClient> connecting = OvsdbClient.connectAsync(OvsdbOptions.builder(remote)
                .timeout(Duration.ofSeconds(60)).backoff(Duration.ofMillis(20), Duration.ofMillis(40)).build());
        BooleanSupplier threads = () -> Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().endsWith(" " + remote));
        await(threads, "the client is trying");
        assertTrue(connecting.cancel(false));
        await(() -> !threads.getAsBoolean(), "its threads ended");
    }

    /** An outage is logged when it starts and when it ends, each retry only at DEBUG. */
    @Test
    void anOutageIsLoggedOnceAndItsEndToo() throws Exception {
        java.nio.file.Path sock = ovs.dir().resolve("later.sock");
        String remote = "unix:" + sock;
        List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getMessage() != null && r.getMessage().contains(remote)) {
                    records.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(
                org.jvif.host.ovsdb.internal.OvsdbClientImpl.class.getName());
        java.util.logging.Level level = jul.getLevel();
        jul.setLevel(java.util.logging.Level.ALL);
        jul.addHandler(handler);
        try {
            CompletableFuture<OvsdbClient> connecting = OvsdbClient.connectAsync(OvsdbOptions.builder(remote)
                    .timeout(Duration.ofSeconds(30)).backoff(Duration.ofMillis(10), Duration.ofMillis(20)).build());
            await(() -> records.size() >= 10, "ten attempts");
            java.nio.file.Files.createSymbolicLink(sock, ovs.socket());
            try (OvsdbClient c = connecting.get(10, TimeUnit.SECONDS)) {
                assertTrue(c.isConnected());
            }
            List<java.util.logging.Level> levels = records.stream().map(java.util.logging.LogRecord::getLevel).toList();
            assertEquals(1, levels.stream().filter(java.util.logging.Level.WARNING::equals).count(), records.toString());
            assertEquals(java.util.logging.Level.WARNING, levels.get(0));
            java.util.logging.LogRecord back = records.stream().filter(r -> r.getLevel() == java.util.logging.Level.INFO)
                    .findFirst().orElseThrow();
            assertTrue(back.getMessage().startsWith("connected to " + remote + " again, after "), back.getMessage());
        } finally {
            jul.removeHandler(handler);
            jul.setLevel(level);
        }
    }
}
