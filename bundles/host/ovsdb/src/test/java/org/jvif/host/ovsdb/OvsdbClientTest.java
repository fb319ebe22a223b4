package org.jvif.host.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.jvif.host.ovsdb.testing.OvsSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a private ovsdb-server + ovs-vswitchd; ovs-vsctl serves as the independent witness. */
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

    /** Creates a netdev bridge through the client, as the ovs backend would. */
    static UUID addBridge(OvsdbClient c, String name) throws Exception {
        Transaction txn = c.transaction();
        txn.assertAbsent("Bridge", "name", name);
        NamedUuid iface = txn.insert("Interface").set("name", name).set("type", "internal").uuid();
        NamedUuid port = txn.insert("Port").set("name", name).set("interfaces", iface).uuid();
        Transaction.Insert br = txn.insert("Bridge").set("name", name).set("ports", port).set("datapath_type", "netdev");
        txn.mutate("Open_vSwitch").insert("bridges", br.uuid());
        return get(txn.commit()).uuid(br);
    }

    /** One port transaction like os-vif's: Interface + Port by named-uuid, Bridge.ports mutated. */
    static Transaction.Insert addPort(Transaction txn, String bridge, String name) {
        txn.assertAbsent("Port", "name", name);
        NamedUuid iface = txn.insert("Interface").set("name", name)
                .set("external_ids", Map.of("iface-id", UUID.randomUUID().toString(), "iface-status", "active"))
                .uuid();
        Transaction.Insert port = txn.insert("Port").set("name", name).set("interfaces", iface);
        txn.mutate("Bridge").where("name", bridge).insert("ports", port.uuid());
        return port;
    }

    static Set<String> listPorts(String bridge) {
        return Arrays.stream(ovs.vsctl("list-ports", bridge).split("\n")).filter(s -> !s.isBlank())
                .collect(Collectors.toCollection(TreeSet::new));
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
        assertTrue(s.table("Bridge").column("ports").type().isSet());
        assertTrue(s.table("Bridge").column("external_ids").type().isMap());
        assertEquals(s.version(), client.schema().version());
        get(client.echo());
        OvsdbException e = assertThrows(OvsdbException.class, () -> get(client.getSchema("NoSuchDb")));
        assertTrue(e.getMessage().contains("unknown database"), e.getMessage());
    }

    @Test
    void plugPortSeenByMonitorAndVsctl() throws Exception {
        UUID br = addBridge(client, "br-plug");
        try (Monitor m = get(client.monitor(Map.of("Bridge", List.of("name", "ports"),
                "Port", List.of("name", "interfaces"), "Interface", List.of("name", "mtu_request", "external_ids"))))) {
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            m.addListener((table, o, n) -> events.add(table + (o == null ? "+" : n == null ? "-" : "~")));

            Transaction txn = client.transaction();
            Transaction.Insert port = addPort(txn, "br-plug", "tap-plug0");
            TransactionResult r = get(txn.commit());
            UUID portUuid = r.uuid(port);
            // updates precede the reply, so the replica already has the port
            Row bridge = m.row("Bridge", br).orElseThrow();
            assertTrue(bridge.<UUID>getSet("ports").contains(portUuid));
            assertEquals("tap-plug0", m.row("Port", portUuid).orElseThrow().getString("name"));
            Row iface = m.find("Interface", "name", "tap-plug0").orElseThrow();
            assertEquals("active", iface.<String, String>getMap("external_ids").get("iface-status"));
            assertTrue(iface.getOptional("mtu_request").isEmpty());
            assertEquals(Set.of("tap-plug0"), listPorts("br-plug"));
            assertTrue(events.containsAll(List.of("Interface+", "Port+", "Bridge~")), events.toString());

            // optional column: set, then clear
            Transaction mtu = client.transaction();
            Transaction.Update up = mtu.update("Interface").where("name", "tap-plug0").set("mtu_request", 1450);
            assertEquals(1, get(mtu.commit()).count(up));
            assertEquals(1450L, m.find("Interface", "name", "tap-plug0").orElseThrow().getOptional("mtu_request").orElseThrow());
            assertEquals("1450", ovs.vsctl("get", "Interface", "tap-plug0", "mtu_request").trim());

            // unplug: Bridge.ports mutated (never rewritten); Port and Interface are garbage-collected
            Transaction del = client.transaction();
            Transaction.Mutate mut = del.mutate("Bridge").whereUuid(br).delete("ports", portUuid);
            assertEquals(1, get(del.commit()).count(mut));
            assertTrue(m.row("Port", portUuid).isEmpty());
            assertTrue(m.find("Interface", "name", "tap-plug0").isEmpty());
            assertEquals(Set.of(), listPorts("br-plug"));
            assertEquals(Set.of(br), m.rows("Bridge").stream().filter(b -> b.getString("name").equals("br-plug"))
                    .map(Row::uuid).collect(Collectors.toSet()));
        }
    }

    @Test
    void waitMakesAddAndDeleteIdempotent() throws Exception {
        addBridge(client, "br-idem");
        Transaction first = client.transaction();
        Transaction.Insert p = addPort(first, "br-idem", "tap-idem");
        UUID port = get(first.commit()).uuid(p);

        // "may exist" caught by the server: the wait is operation 0
        Transaction again = client.transaction();
        addPort(again, "br-idem", "tap-idem");
        OvsdbOperationException e = assertThrows(OvsdbOperationException.class, () -> get(again.commit()));
        assertEquals(0, e.operationIndex());
        assertEquals("timed out", e.error());
        assertTrue(e.getMessage().contains("wait Port where name == \"tap-idem\""), e.getMessage());
        assertEquals(Set.of("tap-idem"), listPorts("br-idem"));

        // "if exists" delete
        Transaction del = client.transaction();
        del.assertPresent("Port", "name", "tap-idem");
        del.mutate("Bridge").where("name", "br-idem").delete("ports", port);
        get(del.commit());
        Transaction delAgain = client.transaction();
        delAgain.assertPresent("Port", "name", "tap-idem");
        delAgain.mutate("Bridge").where("name", "br-idem").delete("ports", port);
        e = assertThrows(OvsdbOperationException.class, () -> get(delAgain.commit()));
        assertEquals(0, e.operationIndex());
        assertEquals(Set.of(), listPorts("br-idem"));

        // a duplicate slipping past the wait (no wait) is still refused, at commit, by the name index
        Transaction dup = client.transaction();
        NamedUuid i = dup.insert("Interface").set("name", "br-idem").uuid();
        NamedUuid p2 = dup.insert("Port").set("name", "dup").set("interfaces", i).uuid();
        dup.mutate("Bridge").where("name", "br-idem").insert("ports", p2);
        e = assertThrows(OvsdbOperationException.class, () -> get(dup.commit()));
        assertEquals(-1, e.operationIndex());
        assertEquals("constraint violation", e.error());
    }

    @Test
    void schemaErrorsBeforeSending() {
        Transaction t = client.transaction();
        assertSchemaError("no table 'Interfaces'", () -> t.insert("Interfaces"));
        assertSchemaError("table Interface has no column 'mtu_requst'", () -> t.insert("Interface").set("mtu_requst", 1500));
        assertSchemaError("Interface.mtu_request: value 0 is below the minimum 1", () -> t.insert("Interface").set("mtu_request", 0));
        assertSchemaError("Interface.mtu_request: expected an integer, got String", () -> t.insert("Interface").set("mtu_request", "1500"));
        assertSchemaError("Interface.mtu_request: holds at most 1 value(s), got 2", () -> t.insert("Interface").set("mtu_request", List.of(1500, 9000)));
        assertSchemaError("Port.tag: value 4096 is above the maximum 4095", () -> t.update("Port").set("tag", 4096));
        assertSchemaError("Port.vlan_mode: \"bogus\" is not one of", () -> t.update("Port").set("vlan_mode", "bogus"));
        assertSchemaError("Interface.name is immutable", () -> t.update("Interface").set("name", "x"));
        assertSchemaError("Bridge.name is immutable", () -> t.mutate("Bridge").insert("name", "x"));
        assertSchemaError("Bridge.datapath_type holds a single string, not a set or map", () -> t.mutate("Bridge").insert("datapath_type", "x"));
        assertSchemaError("Interface.name: \"a\u0000b\" contains a NUL", () -> t.insert("Interface").set("name", "a\u0000b"));
        assertSchemaError("Bridge.ports: expected a java.util.UUID or a NamedUuid", () -> t.insert("Bridge").set("ports", "x"));
        NamedUuid bridge = t.insert("Bridge").set("name", "br-x").uuid();
        assertSchemaError("Port.interfaces: named-uuid row", () -> t.insert("Port").set("interfaces", bridge));
        NamedUuid foreign = client.transaction().insert("Interface").uuid();
        assertSchemaError("belongs to another transaction", () -> t.insert("Port").set("interfaces", foreign));
        assertSchemaError("Port.name: < only applies", () -> t.select("Port").where("name", Comparison.LT, "x"));
        assertSchemaError("Port.interfaces: needs at least 1 value(s), got 0", () -> t.insert("Port").set("interfaces", List.of()));
        assertSchemaError("Open_vSwitch.next_cfg (+=): expected an integer", () -> t.mutate("Open_vSwitch").mutation("next_cfg", Mutator.ADD, "1"));
        // what was accepted before an error is never sent on its own
        OvsdbSchemaException e = assertThrows(OvsdbSchemaException.class, () -> get(t.commit()));
        assertTrue(e.getMessage().startsWith("transaction not sent, one of its operations was rejected: database "
                + "Open_vSwitch has no table 'Interfaces'"), e.getMessage());
        assertFalse(ovs.vsctl("list-br").contains("br-x"));
    }

    private static void assertSchemaError(String expected, Runnable r) {
        OvsdbSchemaException e = assertThrows(OvsdbSchemaException.class, r::run);
        assertTrue(e.getMessage().contains(expected),
                () -> "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void callsTimeOutClearlyAndServerIsToldToCancel() throws Exception {
        Transaction t = client.transaction().timeout(Duration.ofMillis(300));
        t.waitFor("Bridge").where("name", "never-there").untilNotEqual(List.of()).timeout(Duration.ofSeconds(30));
        long start = System.nanoTime();
        OvsdbTimeoutException e = assertThrows(OvsdbTimeoutException.class, () -> get(t.commit()));
        assertTrue(e.getMessage().contains("transact timed out after 300 ms"), e.getMessage());
        assertFalse(e instanceof OvsdbNotSentException, "it was sent: the server may have committed it");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        get(client.echo());
        assertTrue(client.isConnected());
    }

    @Test
    void waitForVswitchd() throws Exception {
        addBridge(client, "br-cfg");
        Transaction txn = client.transaction();
        addPort(txn, "br-cfg", "tap-cfg");
        TransactionResult r = get(txn.waitForVswitchd().commit());
        assertTrue(r.nextCfg() > 0);
        long cur = Long.parseLong(ovs.vsctl("get", "Open_vSwitch", ".", "cur_cfg").trim());
        assertTrue(cur >= r.nextCfg(), cur + " < " + r.nextCfg());
        // vswitchd created the port: it got an ofport
        String ofport = ovs.vsctl("get", "Interface", "tap-cfg", "ofport").trim();
        assertFalse(ofport.isEmpty());
    }

    /**
     * A caller's own monitor of cur_cfg (the ovs backend's replica) ends vswitchd waits, in place of a monitor
     * of the client's own, as soon as each of its updates is applied: a wait ends with that monitor showing
     * cur_cfg at the transaction's next_cfg, its listeners told. Once it is closed, waits still end.
     */
    @Test
    void aCallersMonitorOfCurCfgEndsVswitchdWaits() throws Exception {
        try (OvsdbClient c = OvsdbClient.connect(OvsdbOptions.builder(ovs.unixRemote()).timeout(Duration.ofSeconds(20)).build())) {
            addBridge(c, "br-seen");
            Monitor m = get(c.monitor(Map.of("Open_vSwitch", List.of("cur_cfg"), "Port", List.of("name"))));
            AtomicLong told = new AtomicLong(-1);
            m.addListener((table, old, row) -> {
                if (row != null && row.get("cur_cfg") instanceof Long cur) {
                    told.set(cur);
                }
            });
            for (int i = 0; i < 5; i++) {
                Transaction txn = c.transaction();
                addPort(txn, "br-seen", "tap-seen" + i);
                CompletableFuture<Long> seenAtEnd = txn.waitForVswitchd().commit().thenApply(r -> {
                    long shown = (Long) m.rows("Open_vSwitch").iterator().next().get("cur_cfg");
                    assertTrue(shown >= r.nextCfg() && told.get() >= r.nextCfg(), shown + ", " + told + " < " + r.nextCfg());
                    return shown;
                });
                assertTrue(get(seenAtEnd) > 0);
            }
            // closed, it tells no more: the client watches cur_cfg itself
            m.close();
            Transaction txn = c.transaction();
            addPort(txn, "br-seen", "tap-seen-after");
            long next = get(txn.waitForVswitchd().commit()).nextCfg();
            assertTrue(Long.parseLong(ovs.vsctl("get", "Open_vSwitch", ".", "cur_cfg").trim()) >= next);
        }
    }

    @Test
    void concurrentBatchedTransactionsKeepEveryCallersResult() throws Exception {
        int threads = 16;
        int perThread = 40;
        try (OvsdbClient batched = OvsdbClient.connect(OvsdbOptions.builder(ovs.unixRemote())
                .timeout(Duration.ofSeconds(60)).batching(true).build())) {
            UUID br = addBridge(batched, "br-conc");
            // a port that exists: thread 0's "may exist" violations must fail alone
            Transaction pre = batched.transaction();
            addPort(pre, "br-conc", "conc-exists");
            get(pre.commit());

            Map<String, UUID> created = new ConcurrentHashMap<>();
            AtomicInteger failures = new AtomicInteger();
            AtomicInteger unexpected = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < perThread; i++) {
                            String name = "conc" + id + "-" + i;
                            Transaction txn = batched.transaction();
                            boolean bad = id == 0 && i % 10 == 3;
                            Transaction.Insert port = addPort(txn, "br-conc", bad ? "conc-exists" : name);
                            if (i % 8 == 0) {
                                txn.waitForVswitchd();
                            }
                            try {
                                UUID u = txn.commit().get(60, TimeUnit.SECONDS).uuid(port);
                                if (bad) {
                                    unexpected.incrementAndGet();
                                }
                                created.put(name, u);
                            } catch (ExecutionException e) {
                                if (bad && e.getCause() instanceof OvsdbOperationException oe && oe.operationIndex() == 0) {
                                    failures.incrementAndGet();
                                } else {
                                    e.printStackTrace();
                                    unexpected.incrementAndGet();
                                }
                            }
                        }
                    } catch (Exception e) {
                        e.printStackTrace();
                        unexpected.incrementAndGet();
                    }
                });
                th.start();
                ts.add(th);
            }
            go.countDown();
            for (Thread th : ts) {
                th.join();
            }
            assertEquals(0, unexpected.get());
            assertEquals(4, failures.get());
            int expected = threads * perThread - 4;
            assertEquals(expected, created.size());
            Set<String> want = new TreeSet<>(created.keySet());
            want.add("conc-exists");
            assertEquals(want, listPorts("br-conc"));

            // and all deleted again, concurrently
            List<CompletableFuture<TransactionResult>> dels = new ArrayList<>();
            for (UUID u : created.values()) {
                Transaction d = batched.transaction();
                d.mutate("Bridge").whereUuid(br).delete("ports", u);
                dels.add(d.commit());
            }
            for (CompletableFuture<TransactionResult> f : dels) {
                get(f);
            }
            assertEquals(Set.of("conc-exists"), listPorts("br-conc"));
        }
    }

    /**
     * Transactions committed while the client is held go nowhere until it is let go, then merged, shared out
     * over the two transacts that may be in flight (the first is not sent alone ahead of the rest); each caller
     * still gets its own result, and one caller's failed operation fails it alone.
     */
    @Test
    void transactionsCommittedWhileHeldGoMerged() throws Exception {
        try (OvsdbClient batched = OvsdbClient.connect(OvsdbOptions.builder(ovs.unixRemote())
                .timeout(Duration.ofSeconds(60)).batching(true).build())) {
            addBridge(batched, "br-held");
            Transaction pre = batched.transaction();
            addPort(pre, "br-held", "held-exists");
            get(pre.commit());
            String before = batched.toString();
            List<CompletableFuture<TransactionResult>> commits = new ArrayList<>();
            List<Transaction.Insert> ports = new ArrayList<>();
            batched.holding(() -> {
                for (int i = 0; i < 30; i++) {
                    Transaction txn = batched.transaction();
                    ports.add(addPort(txn, "br-held", i == 7 ? "held-exists" : "held" + i));
                    commits.add(txn.waitForVswitchd().commit());
                }
                assertTrue(commits.stream().noneMatch(CompletableFuture::isDone), "nothing sent while held");
            });
            for (int i = 0; i < commits.size(); i++) {
                if (i == 7) {
                    ExecutionException e = assertThrows(ExecutionException.class, () -> commits.get(7).get(60, TimeUnit.SECONDS));
                    assertInstanceOf(OvsdbOperationException.class, e.getCause());
                } else {
                    assertNotNull(get(commits.get(i)).uuid(ports.get(i)));
                }
            }
            Set<String> want = new TreeSet<>();
            for (int i = 0; i < 30; i++) {
                want.add(i == 7 ? "held-exists" : "held" + i);
            }
            assertEquals(want, listPorts("br-held"));
            java.util.regex.Matcher was = java.util.regex.Pattern.compile("(\\d+) merged").matcher(before);
            java.util.regex.Matcher now = java.util.regex.Pattern.compile("(\\d+) merged").matcher(batched.toString());
            assertTrue(was.find() && now.find(), before + " / " + batched);
            // two merged transacts of 15; the first fails by its 8th, which goes alone (direct, not counted), and
            // its other 14 merged again
            assertEquals(3, Long.parseLong(now.group(1)) - Long.parseLong(was.group(1)), batched.toString());
        }
    }

    @Test
    void monitorAllColumnsAndRemoval() throws Exception {
        Monitor m = get(client.monitor(Map.of("Open_vSwitch", List.of())));
        Row ovsRow = m.rows("Open_vSwitch").iterator().next();
        assertTrue(ovsRow.columns().containsKey("next_cfg"));
        assertInstanceOf(Long.class, ovsRow.get("cur_cfg"));
        m.close();
        assertThrows(IllegalArgumentException.class, () -> m.rows("Bridge"));
    }
}
