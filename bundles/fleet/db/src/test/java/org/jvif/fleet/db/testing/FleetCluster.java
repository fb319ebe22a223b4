package org.jvif.fleet.db.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.jvif.fleet.db.FleetDb;
import org.jvif.host.ovsdb.OvsdbClient;
import org.jvif.host.ovsdb.OvsdbOptions;
import org.jvif.host.ovsdb.testing.OvsdbCluster;
import org.jvif.host.ovsdb.testing.TestPki;

/**
 * The fleet database for other modules' tests: the shipped schema on a 3-member SSL cluster on loopback
 * ({@link OvsdbCluster}), bootstrapped as a controller does (agents' remotes {@code pssl:0:127.0.0.1} with RBAC),
 * and its clients; {@link #close} closes every client it made, the cluster, and the schema file.
 */
public final class FleetCluster implements AutoCloseable {
    private final Path schema;
    private final OvsdbCluster db;
    private final List<AutoCloseable> open = new ArrayList<>();

    private FleetCluster(Path schema, OvsdbCluster db) {
        this.schema = schema;
        this.db = db;
    }

    /** @param electionTimer Raft's election timer (ovsdb-server's default is 1 s) */
    public static FleetCluster start(Duration electionTimer) throws Exception {
        Path schema = FleetDb.writeSchema(Files.createTempFile("jvif-fleet", ".ovsschema"));
        FleetCluster c = new FleetCluster(schema, OvsdbCluster.builder(schema).electionTimer(electionTimer)
                .remote("db:" + FleetDb.DATABASE + "," + FleetDb.FLEET_GLOBAL + ",connections").start());
        try {
            get(FleetDb.bootstrap(c.client(c.db.remotes(), c.identity("controller"), true, Duration.ofSeconds(20), false),
                    "pssl:0:127.0.0.1"));
        } catch (Exception e) {
            c.close();
            throw e;
        }
        return c;
    }

    public OvsdbCluster db() {
        return db;
    }

    /** A certificate of the cluster's CA whose common name is {@code cn}. */
    public TestPki.Identity identity(String cn) {
        return db.pki().issue(cn, cn);
    }

    /** Member i's agents' remote (RBAC role jvif-agent), as it listens since it was last started. */
    public String agentRemote(int i) {
        return "ssl:127.0.0.1:" + db.listeningPort(i, "0:127.0.0.1");
    }

    /**
     * A client of the fleet database, closed with the cluster; quick to move on when a member goes.
     *
     * @param batching merge concurrent transactions (thousands of calls at once)
     */
    public OvsdbClient client(String remotes, TestPki.Identity who, boolean leaderOnly, Duration timeout, boolean batching) {
        OvsdbClient c = OvsdbClient.connect(OvsdbOptions.builder(remotes).database(FleetDb.DATABASE).timeout(timeout)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(400)).leaderOnly(leaderOnly).batching(batching)
                .ssl(who.privateKey(), who.certificate(), db.pki().caCertificate()).build());
        closeLast(c);
        return c;
    }

    /** Closed with the cluster, before the clients made so far (in reverse order of registration). */
    public <T extends AutoCloseable> T closeLast(T resource) {
        synchronized (open) {
            open.add(resource);
        }
        return resource;
    }

    public static <T> T get(CompletionStage<T> f) throws Exception {
        try {
            return f.toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    @Override
    public void close() throws Exception {
        List<AutoCloseable> all;
        synchronized (open) {
            all = new ArrayList<>(open);
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            all.get(i).close();
        }
        db.close();
        try {
            Files.deleteIfExists(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
