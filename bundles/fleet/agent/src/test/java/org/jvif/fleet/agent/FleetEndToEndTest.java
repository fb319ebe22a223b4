package org.jvif.fleet.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jvif.api.model.InstanceInfo;
import org.jvif.fleet.FleetException;
import org.jvif.fleet.FleetHost;
import org.jvif.fleet.FleetVif;
import org.jvif.fleet.VifReport;
import org.jvif.fleet.db.FleetDb;
import org.jvif.fleet.internal.FleetImpl;
import org.jvif.host.ovsdb.OvsdbClient;
import org.jvif.host.ovsdb.OvsdbOptions;
import org.jvif.host.ovsdb.testing.OvsdbCluster;
import org.jvif.host.ovsdb.testing.TestPki;
import org.jvif.vif.generic.VIFGeneric;

/**
 * The controller's Fleet and host agents through a 3-member SSL cluster with RBAC: agents on the agents'
 * remotes (any member), controllers on the leader; plugs reach the right host and come back with its outcome.
 */
class FleetEndToEndTest {
    static Path schema;
    static OvsdbCluster db;
    static final ExecutorService pool = Executors.newFixedThreadPool(4);
    static final List<AutoCloseable> open = new ArrayList<>();
    static FleetImpl fleet;
    static final Map<String, HostOsVif> hosts = new java.util.concurrent.ConcurrentHashMap<>();
    static final Map<String, FleetAgent> agents = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        schema = FleetDb.writeSchema(Files.createTempFile("jvif-fleet", ".ovsschema"));
        db = OvsdbCluster.builder(schema).remote("db:" + FleetDb.DATABASE + "," + FleetDb.FLEET_GLOBAL + ",connections").start();
        OvsdbClient c = client(db.remotes(), "controller", true);
        get(FleetDb.bootstrap(c, "pssl:0:127.0.0.1"));
        fleet = get(FleetImpl.open(c, Duration.ofSeconds(20), Duration.ofSeconds(2), pool));
        for (String h : List.of("host-a", "host-b")) {
            agent(h, new HostOsVif());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        pool.shutdownNow();
        if (db != null) {
            db.close();
        }
        Files.deleteIfExists(schema);
    }

    static OvsdbClient client(String remotes, String cn, boolean leaderOnly) {
        TestPki.Identity me = db.pki().issue(cn, cn);
        OvsdbClient c = OvsdbClient.connect(OvsdbOptions.builder(remotes).database(FleetDb.DATABASE).timeout(Duration.ofSeconds(20))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(400)).leaderOnly(leaderOnly)
                .ssl(me.privateKey(), me.certificate(), db.pki().caCertificate()).build());
        open.add(c);
        return c;
    }

    /** An agent for the host on the agents' remotes of every member (member {@code first} first). */
    static FleetAgent agent(String host, HostOsVif osVif) throws Exception {
        return agent(host, osVif, 0);
    }

    static FleetAgent agent(String host, HostOsVif osVif, int first) throws Exception {
        return agent(host, osVif, first, null);
    }

    static FleetAgent agent(String host, HostOsVif osVif, int first, org.jvif.api.VifHostState hostState) throws Exception {
        String remotes = java.util.stream.IntStream.range(0, db.size()).map(i -> (i + first) % db.size())
                .mapToObj(i -> "ssl:127.0.0.1:" + db.listeningPort(i, "0:127.0.0.1")).collect(Collectors.joining(","));
        FleetAgent a = get(FleetAgent.start(client(remotes, host, false), host, osVif, hostState, "0.1-test", pool,
                Duration.ofMillis(300)));
        open.add(a);
        hosts.put(host, osVif);
        agents.put(host, a);
        // the controller's replica learns of the registration a moment after the agent's commit
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (fleet != null && fleet.host(host).map(h -> !h.agentVersion().equals("0.1-test")).orElse(true)
                && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        return a;
    }

    static <T> T get(java.util.concurrent.CompletionStage<T> f) throws Exception {
        try {
            return f.toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    static VIFGeneric vif(String id) {
        VIFGeneric v = new VIFGeneric();
        v.setId(id);
        v.setPlugin("noop");
        v.setVifName("tap-" + id.substring(0, 8));
        return v;
    }

    static InstanceInfo instance(String name) {
        InstanceInfo i = new InstanceInfo();
        i.setUuid("d7a730ca-3c28-49c3-8f26-4662b909fe8a");
        i.setName(name);
        i.setProjectId("p1");
        return i;
    }

    static String id(int n) {
        return String.format("%08d-0000-4000-8000-000000000000", n);
    }

    static List<String> calls(String host, String vifId) {
        return hosts.get(host).calls.stream().filter(c -> c.contains(vifId)).collect(Collectors.toList());
    }

    @Test
    void plugAndUnplugReachTheirHostAndComeBack() throws Exception {
        VifReport r = get(fleet.plug("host-a", vif(id(1)), instance("vm-1")));
        assertEquals(VifReport.State.PLUGGED, r.state());
        assertEquals(1, r.generation());
        assertEquals(List.of("plug " + id(1) + " vm-1"), calls("host-a", id(1)));
        assertTrue(hosts.get("host-b").calls.stream().noneMatch(c -> c.contains(id(1))));
        assertTrue(agents.get("host-a").vifIds().contains(id(1)));
        assertTrue(!agents.get("host-b").vifIds().contains(id(1)), "the server sent host-b's agent a row of host-a");
        r = get(fleet.unplug("host-a", vif(id(1)), instance("vm-1")));
        assertEquals(VifReport.State.UNPLUGGED, r.state());
        assertEquals(2, r.generation());
        FleetVif v = fleet.vif("host-a", id(1)).orElseThrow();
        assertTrue(v.converged(), v.toString());
        assertTrue(fleet.hosts().stream().map(FleetHost::name).collect(Collectors.toList()).containsAll(List.of("host-a", "host-b")));
        FleetHost a = fleet.host("host-a").orElseThrow();
        assertEquals("0.1-test", a.agentVersion());
        assertTrue(a.hostInfo().contains("\"HostInfo\""), a.hostInfo());
    }

    @Test
    void aFailureOnTheHostNamesItAndOsVifsException() throws Exception {
        hosts.get("host-b").failing.add(id(2));
        FleetException e = assertThrows(FleetException.class, () -> get(fleet.plug("host-b", vif(id(2)), null)));
        assertEquals("host-b", e.host());
        assertEquals("PlugException", e.errorType());
        assertTrue(e.getMessage().startsWith("host host-b, VIF " + id(2) + ": ") && e.getMessage().contains("no bridge br-none"),
                e.getMessage());
        assertEquals(VifReport.State.FAILED, fleet.vif("host-b", id(2)).orElseThrow().report().orElseThrow().state());
    }

    @Test
    void noAgentOrNoAnswerFailsNamingTheHost() throws Exception {
        FleetException e = assertThrows(FleetException.class, () -> get(fleet.plug("host-z", vif(id(3)), null)));
        assertEquals("host host-z, VIF " + id(3) + ": no agent registered", e.getMessage());
        // host-s registers, then its agent stops: its Host row stays, nobody answers
        agent("host-s", new HostOsVif()).close();
        try (FleetImpl impatient = get(FleetImpl.open(client(db.remotes(), "controller", true), Duration.ofMillis(700),
                Duration.ofSeconds(30), pool))) {
            long t0 = System.nanoTime();
            e = assertThrows(FleetException.class, () -> get(impatient.plug("host-s", vif(id(3)), null)));
            assertTrue(e.getMessage().startsWith("host host-s, VIF " + id(3) + ": no outcome of generation 1 reported within 700 ms"),
                    e.getMessage());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
        }
        // and once its heartbeats have stopped for longer than the fleet's host timeout (2 s), it is gone
        java.time.Instant last = fleet.host("host-s").orElseThrow().lastSeen();
        Thread.sleep(Math.max(0, 2300 - Duration.between(last, java.time.Instant.now()).toMillis()));
        e = assertThrows(FleetException.class, () -> get(fleet.plug("host-s", vif(id(4)), null)));
        assertTrue(e.getMessage().startsWith("host host-s, VIF " + id(4) + ": the host's agent is gone (last seen ")
                && e.getMessage().endsWith("ms ago, more than 2000 ms)"), e.getMessage());
    }

    @Test
    void theMemberUnderAnAgentKilledMidRun() throws Exception {
        int member = (db.leader() + 1) % db.size();
        HostOsVif d = new HostOsVif();
        FleetAgent agent = agent("host-d", d, member);
        try {
            List<CompletableFuture<VifReport>> plugs = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                plugs.add(fleet.plug("host-d", vif(id(300 + i)), null).toCompletableFuture());
                if (i == 10) {
                    db.kill(member);
                }
            }
            for (CompletableFuture<VifReport> p : plugs) {
                assertEquals(VifReport.State.PLUGGED, get(p).state());
            }
            assertEquals(30, d.calls.size(), "each VIF plugged once: " + d.calls);
            assertEquals(30, fleet.vifs("host-d").stream().filter(FleetVif::converged).count());
        } finally {
            agent.close();
            db.start(member);
            db.awaitConnected(member);
        }
    }

    @Test
    void liveAgentsSayTheyAreAlive() throws Exception {
        java.time.Instant before = fleet.host("host-a").orElseThrow().lastSeen();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!fleet.host("host-a").orElseThrow().lastSeen().isAfter(before) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertTrue(fleet.host("host-a").orElseThrow().lastSeen().isAfter(before));
    }

    @Test
    void anAgentRestartedDrivesOnlyWhatChanged() throws Exception {
        HostOsVif first = new HostOsVif();
        FleetAgent c = agent("host-c", first);
        List<CompletableFuture<VifReport>> plugs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            plugs.add(fleet.plug("host-c", vif(id(100 + i)), null).toCompletableFuture());
        }
        for (CompletableFuture<VifReport> p : plugs) {
            get(p);
        }
        assertEquals(20, first.calls.size());
        c.close();
        List<CompletableFuture<VifReport>> meanwhile = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            meanwhile.add(fleet.plug("host-c", vif(id(200 + i)), null).toCompletableFuture());
        }
        meanwhile.add(fleet.unplug("host-c", vif(id(100)), null).toCompletableFuture());
        HostOsVif second = new HostOsVif();
        agent("host-c", second);
        for (CompletableFuture<VifReport> p : meanwhile) {
            get(p);
        }
        List<String> calls = new ArrayList<>(second.calls);
        calls.sort(null);
        List<String> want = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            want.add("plug " + id(200 + i));
        }
        want.add("unplug " + id(100));
        want.sort(null);
        assertEquals(want, calls, "the restarted agent drove only what changed while it was away");
        assertEquals(25, fleet.vifs("host-c").stream().filter(FleetVif::converged).count());
    }

    @Test
    void aRestartedAgentResyncsInBulkThroughTheHostState() throws Exception {
        HostOsVif host = new HostOsVif(); // the host and its durable record outlive the agent
        FleetAgent e = agent("host-e", host, 0, host.hostState());
        List<CompletableFuture<VifReport>> plugs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            plugs.add(fleet.plug("host-e", vif(id(400 + i)), null).toCompletableFuture());
        }
        for (CompletableFuture<VifReport> p : plugs) {
            get(p);
        }
        e.close();
        host.calls.clear();
        // while the agent is away: 3 more, 2 unplugged; one plugged behind its back is not desired at all
        List<CompletableFuture<VifReport>> meanwhile = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            meanwhile.add(fleet.plug("host-e", vif(id(500 + i)), null).toCompletableFuture());
        }
        meanwhile.add(fleet.unplug("host-e", vif(id(400)), null).toCompletableFuture());
        meanwhile.add(fleet.unplug("host-e", vif(id(401)), null).toCompletableFuture());
        host.plug(vif(id(999)), null);
        host.calls.clear();
        agent("host-e", host, 1, host.hostState());
        for (CompletableFuture<VifReport> p : meanwhile) {
            get(p);
        }
        assertEquals(1, host.reconciled.size() - 1, "one bulk reconcile at the restart");
        assertEquals(31, host.reconciled.get(host.reconciled.size() - 1).size(), "the 31 VIFs desired plugged");
        List<String> calls = new ArrayList<>(host.calls);
        calls.sort(null);
        assertEquals(List.of("plug " + id(500), "plug " + id(501), "plug " + id(502), "unplug " + id(400), "unplug " + id(401),
                "unplug " + id(999)), calls, "only what was not right was touched");
        assertEquals(33, fleet.vifs("host-e").stream().filter(FleetVif::converged).count());
    }

    @Test
    void twoControllersOnOneVifEndOnTheLastCommittedWrite() throws Exception {
        FleetImpl other = get(FleetImpl.open(client(db.remotes(), "controller", true), Duration.ofSeconds(20), Duration.ofSeconds(2), pool));
        try {
            List<CompletableFuture<VifReport>> all = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                FleetImpl f = i % 2 == 0 ? fleet : other;
                all.add((i % 3 == 0 ? f.unplug("host-a", vif(id(7)), null) : f.plug("host-a", vif(id(7)), null)).toCompletableFuture());
            }
            for (CompletableFuture<VifReport> f : all) {
                get(f);
            }
            FleetVif v = fleet.vif("host-a", id(7)).orElseThrow();
            assertEquals(10, v.generation(), "each write raised the generation once");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!fleet.vif("host-a", id(7)).orElseThrow().converged() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            v = fleet.vif("host-a", id(7)).orElseThrow();
            assertTrue(v.converged(), v.toString());
            String last = hosts.get("host-a").calls.stream().filter(c -> c.contains(id(7))).reduce((a, b) -> b).orElseThrow();
            assertEquals(v.desired() == VifReport.State.PLUGGED ? "plug " + id(7) : "unplug " + id(7), last);
            assertEquals(10, other.vif("host-a", id(7)).orElseThrow().generation());
        } finally {
            other.close();
        }
    }
}
