package org.jvif.host.ovsdb;

import static org.jvif.host.ovsdb.OvsdbClientTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jvif.host.ovsdb.testing.OvsSandbox;
import org.jvif.host.ovsdb.testing.OvsdbCluster;
import org.jvif.host.ovsdb.testing.TestPki;

/**
 * The client on a 3-member clustered database (Open_vSwitch's schema; QoS rows are roots with a string
 * column to tell them apart): leader-only and any-member modes, the leader killed during a run of
 * transactions, the member under a monitoring client killed; monitors resume without losing or repeating.
 */
class ClusterTest {
    static OvsdbCluster db;
    static TestPki.Identity me;

    @BeforeAll
    static void start() {
        db = OvsdbCluster.builder(OvsSandbox.SCHEMA).members(3).start();
        me = db.pki().issue("client", "client");
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    /** Every member runs again and is in the cluster, for the next test. */
    @AfterEach
    void heal() {
        for (int i = 0; i < db.size(); i++) {
            if (!db.running(i)) {
                db.start(i);
            }
        }
        for (int i = 0; i < db.size(); i++) {
            db.awaitConnected(i);
        }
    }

    static OvsdbOptions.Builder options(String remotes) {
        return OvsdbOptions.builder(remotes).timeout(Duration.ofSeconds(10)).backoff(Duration.ofMillis(50), Duration.ofMillis(400))
                .inactivityProbe(Duration.ofSeconds(2)).ssl(me.privateKey(), me.certificate(), db.pki().caCertificate());
    }

    /** The members' remotes, those given first, then the others. */
    static String remotes(int... first) {
        List<String> r = new ArrayList<>();
        for (int i : first) {
            r.add(db.remote(i));
        }
        for (int i = 0; i < db.size(); i++) {
            if (!r.contains(db.remote(i))) {
                r.add(db.remote(i));
            }
        }
        return String.join(",", r);
    }

    static int follower() {
        return (db.leader() + 1) % db.size();
    }

    /**
     * Inserts the QoS row of this type exactly once: a commit that lost its reply (the member died) is tried
     * again, guarded by the row's absence, so a try that finds it there means an earlier one committed.
     */
    static void insertOnce(OvsdbClient c, String type) throws Exception {
        for (int attempt = 1;; attempt++) {
            Transaction t = c.transaction();
            t.assertAbsent("QoS", "type", type);
            t.insert("QoS").set("type", type);
            try {
                get(t.commit());
                return;
            } catch (OvsdbOperationException e) {
                if (attempt > 1 && e.operationIndex() == 0) {
                    return;
                }
                if (attempt > 1 && attempt < 40 && e.operationIndex() < 0) {
                    continue; // the commit failed in the cluster (e.g. the leader stepped down): try again
                }
                throw e;
            } catch (OvsdbConnectionException | OvsdbTimeoutException e) {
                if (attempt >= 40) {
                    throw e;
                }
            }
        }
    }

    /** QoS types as member i's replica holds them (ovsdb-client on its unix socket), each as often as it is there. */
    static List<String> witness(int i, String prefix) {
        String out = db.ovsdbClient("transact", db.unixRemote(i),
                "[\"Open_vSwitch\",{\"op\":\"select\",\"table\":\"QoS\",\"where\":[],\"columns\":[\"type\"]}]");
        List<String> types = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"type\":\"(" + prefix + "[^\"]*)\"").matcher(out);
        while (m.find()) {
            types.add(m.group(1));
        }
        return types;
    }

    /** Counts, per QoS type, the inserts and deletes a monitor's listener was told of. */
    static final class Seen implements RowListener {
        final Map<String, AtomicInteger> inserted = new ConcurrentHashMap<>();
        final List<String> other = new CopyOnWriteArrayList<>();

        @Override
        public void rowChanged(String table, Row oldRow, Row newRow) {
            if (oldRow == null) {
                inserted.computeIfAbsent(newRow.getString("type"), k -> new AtomicInteger()).incrementAndGet();
            } else {
                other.add(oldRow + " -> " + newRow);
            }
        }

        List<String> twice() {
            return inserted.entrySet().stream().filter(e -> e.getValue().get() != 1).map(Map.Entry::getKey).sorted()
                    .collect(Collectors.toList());
        }
    }

    static void awaitRows(Monitor m, String prefix, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (count(m, prefix) < n && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertEquals(n, count(m, prefix), "rows " + prefix + "* in the replica");
    }

    static long count(Monitor m, String prefix) {
        return m.rows("QoS").stream().filter(r -> r.getString("type").startsWith(prefix)).count();
    }

    @Test
    void leaderOnlyFindsTheLeaderWhereverItIsListed() {
        int follower = follower();
        try (OvsdbClient c = OvsdbClient.connect(options(remotes(follower)).build())) {
            assertEquals(db.remote(db.leader()), c.remote().toString());
        }
        try (OvsdbClient c = OvsdbClient.connect(options(remotes(follower)).leaderOnly(false).build())) {
            assertEquals(db.remote(follower), c.remote().toString());
        }
        assertEquals(3, Remote.parseList(db.remotes()).size());
    }

    @Test
    void monitorFollowsDiffsAsTheServerSendsThem() throws Exception {
        try (OvsdbClient c = OvsdbClient.connect(options(db.remotes()).build())) {
            Monitor m = get(c.monitor(Map.of("QoS", List.of())));
            Transaction t = c.transaction();
            Transaction.Insert q = t.insert("QoS").set("type", "diff").set("external_ids", Map.of("a", "1", "b", "2"))
                    .set("other_config", Map.of("x", "1"));
            java.util.UUID uuid = get(t.commit()).uuid(q);
            List<Transaction> steps = new ArrayList<>();
            Transaction s1 = c.transaction();
            s1.mutate("QoS").whereUuid(uuid).insert("external_ids", Map.of("c", "3")).delete("external_ids", Set.of("a"));
            steps.add(s1);
            Transaction s2 = c.transaction();
            s2.update("QoS").whereUuid(uuid).set("external_ids", Map.of("b", "20", "c", "3")).set("type", "diff2");
            steps.add(s2);
            Transaction s3 = c.transaction();
            s3.update("QoS").whereUuid(uuid).set("other_config", Map.of());
            steps.add(s3);
            for (Transaction s : steps) {
                get(s.commit());
                Transaction sel = c.transaction();
                Transaction.Select all = sel.select("QoS").whereUuid(uuid);
                Row server = get(sel.commit()).rows(all).get(0);
                Row replica = m.row("QoS", uuid).orElseThrow();
                for (String col : List.of("type", "external_ids", "other_config", "queues")) {
                    assertEquals(server.get(col), replica.get(col), col);
                }
            }
            assertEquals(Map.of("b", "20", "c", "3"), m.row("QoS", uuid).orElseThrow().getMap("external_ids"));
            Transaction del = c.transaction();
            del.delete("QoS").whereUuid(uuid);
            get(del.commit());
            assertTrue(m.row("QoS", uuid).isEmpty());
        }
    }

    @Test
    void conditionalMonitorHoldsOnlyMatchingRows() throws Exception {
        try (OvsdbClient c = OvsdbClient.connect(options(db.remotes()).build())) {
            Monitor m = get(c.monitor(Map.of("QoS", List.of("type", "external_ids")),
                    Map.of("QoS", List.of(new Condition("external_ids", Comparison.INCLUDES, Map.of("host", "a"))))));
            Seen seen = new Seen();
            m.addListener(seen);
            Transaction t = c.transaction();
            Transaction.Insert a = t.insert("QoS").set("type", "cond-a").set("external_ids", Map.of("host", "a"));
            t.insert("QoS").set("type", "cond-b").set("external_ids", Map.of("host", "b"));
            java.util.UUID ua = get(t.commit()).uuid(a);
            awaitRows(m, "cond-", 1);
            assertTrue(m.row("QoS", ua).isPresent());
            Transaction move = c.transaction();
            move.update("QoS").whereUuid(ua).set("external_ids", Map.of("host", "b"));
            get(move.commit());
            awaitRows(m, "cond-", 0);
            Transaction back = c.transaction();
            back.update("QoS").where("type", "cond-b").set("external_ids", Map.of("host", "a"));
            get(back.commit());
            awaitRows(m, "cond-", 1);
            assertEquals("cond-b", m.rows("QoS").iterator().next().getString("type"));
            assertEquals(Map.of("cond-a", 1, "cond-b", 1), seen.inserted.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get())));

            OvsdbSchemaException e = org.junit.jupiter.api.Assertions.assertThrows(OvsdbSchemaException.class,
                    () -> c.monitor(Map.of("QoS", List.of("type")), Map.of("QoS", List.of(Condition.eq("type", 7L)))));
            assertTrue(e.getMessage().contains("type"), e.getMessage());
        }
    }

    @Test
    void leaderKilledDuringARunOfTransactions() throws Exception {
        int n = 120;
        int oldLeader = db.leader();
        Seen seen = new Seen();
        try (OvsdbClient c = OvsdbClient.connect(options(db.remotes()).build())) {
            assertEquals(db.remote(oldLeader), c.remote().toString());
            Monitor m = get(c.monitor(Map.of("QoS", List.of("type"))));
            m.addListener(seen);
            for (int i = 0; i < n; i++) {
                if (i == n / 3) {
                    db.kill(oldLeader);
                }
                insertOnce(c, "lead-" + i);
            }
            int newLeader = db.leader();
            assertNotEquals(oldLeader, newLeader);
            assertEquals(db.remote(newLeader), c.remote().toString(), "a leader-only client ends on the new leader");
            awaitRows(m, "lead-", n);
            assertEquals(List.of(), seen.twice(), "rows the listener was told of more than once");
            assertEquals(n, seen.inserted.size());
            assertEquals(List.of(), seen.other);
            for (int i = 0; i < db.size(); i++) {
                if (i != oldLeader) {
                    List<String> rows = witness(i, "lead-");
                    assertEquals(n, rows.size(), "member " + i + ": " + rows);
                    assertEquals(n, Set.copyOf(rows).size());
                }
            }
        }
    }

    @Test
    void memberUnderAMonitoringClientKilled() throws Exception {
        int n = 90;
        int follower = follower();
        Seen seen = new Seen();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (OvsdbClient reader = OvsdbClient.connect(options(remotes(follower)).leaderOnly(false).build());
             OvsdbClient w = OvsdbClient.connect(options(db.remotes()).build())) {
            assertEquals(db.remote(follower), reader.remote().toString());
            Monitor m = get(reader.monitor(Map.of("QoS", List.of("type"))));
            m.addListener(seen);
            AtomicInteger done = new AtomicInteger();
            Future<?> run = writer.submit(() -> {
                for (int i = 0; i < n; i++) {
                    insertOnce(w, "mon-" + i);
                    done.incrementAndGet();
                }
                return null;
            });
            while (done.get() < n / 3 && !run.isDone()) {
                Thread.sleep(5);
            }
            db.kill(follower);
            run.get(60, TimeUnit.SECONDS);
            awaitRows(m, "mon-", n);
            assertNotEquals(db.remote(follower), reader.remote().toString(), "the reader moved to another member");
            assertEquals(List.of(), seen.twice(), "rows the listener was told of more than once");
            assertEquals(n, seen.inserted.size());
            assertEquals(List.of(), seen.other);

            // the member comes back: it catches up before anyone may read from it again
            db.start(follower);
            db.awaitConnected(follower);
            insertOnce(w, "mon-" + n);
            awaitRows(m, "mon-", n + 1);
            assertEquals(List.of(), seen.twice());
        } finally {
            writer.shutdownNow();
        }
    }
}
