package org.jvif.host.ovsdb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A clustered (Raft) OVSDB database for tests: N ovsdb-server members on loopback, all state in a temp dir,
 * made with {@code ovsdb-tool create-cluster} / {@code join-cluster}. Members talk to each other over SSL, and
 * each listens for clients on {@code pssl:PORT:127.0.0.1} (a fixed port per member, kept across restarts)
 * and on a unix socket (for witnesses such as {@code ovsdb-client}); certificates come from a {@link TestPki}
 * of the cluster's own ({@link #pki()}). Members can be killed, stopped and started again. {@code close()}
 * stops every member and deletes the directory, on failure too (a shutdown hook does it as well). Needs
 * {@code openvswitch-common}.
 *
 * <pre>{@code
 * try (OvsdbCluster db = OvsdbCluster.builder(schema).members(3).start()) {
 *     TestPki.Identity me = db.pki().issue("ctl", "controller");
 *     OvsdbOptions o = OvsdbOptions.builder(db.remotes()).database(db.database())
 *             .ssl(me.privateKey(), me.certificate(), db.pki().caCertificate()).build();
 *     db.kill(db.leader());
 * }
 * }</pre>
 */
public final class OvsdbCluster implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("\\|INFO\\|(\\S+): listening on port (\\d+)");

    private final Path dir;
    private final String database;
    private final TestPki pki;
    private final List<String> extraRemotes;
    private final int[] raftPorts;
    private final int[] clientPorts;
    private final long[] logOffsets;
    private final Thread cleanup = new Thread(this::stopAll, "ovsdb-cluster cleanup");
    private boolean stopped;

    /** How to start a cluster. */
    public static final class Builder {
        private final Path schema;
        private int members = 3;
        private int electionTimerMs = 1000;
        private final List<String> remotes = new ArrayList<>();

        private Builder(Path schema) {
            this.schema = schema;
        }

        /** Number of members (default 3). */
        public Builder members(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("a cluster needs a member: " + n);
            }
            this.members = n;
            return this;
        }

        /** Raft election timer (default 1000 ms, ovsdb-server's own default). */
        public Builder electionTimer(Duration d) {
            this.electionTimerMs = (int) d.toMillis();
            return this;
        }

        /** One more {@code --remote=} of every member, e.g. {@code db:DB,TABLE,COLUMN} for remotes with RBAC roles. */
        public Builder remote(String remote) {
            this.remotes.add(remote);
            return this;
        }

        public OvsdbCluster start() {
            return new OvsdbCluster(this);
        }
    }

    /** @param schema the .ovsschema file the database is created from */
    public static Builder builder(Path schema) {
        return new Builder(schema);
    }

    private OvsdbCluster(Builder b) {
        try {
            this.dir = Files.createTempDirectory("jvif-cluster");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(cleanup);
        this.extraRemotes = List.copyOf(b.remotes);
        this.raftPorts = new int[b.members];
        this.clientPorts = new int[b.members];
        this.logOffsets = new long[b.members];
        try {
            this.database = OvsProcesses.run(dir, "ovsdb-tool", "schema-name", b.schema.toString()).trim();
            this.pki = TestPki.create(dir.resolve("pki"));
            for (int i = 0; i < b.members; i++) {
                raftPorts[i] = OvsProcesses.freePort();
                clientPorts[i] = OvsProcesses.freePort();
                pki.issue(member(i), member(i));
            }
            OvsProcesses.run(dir, "ovsdb-tool", "--election-timer=" + b.electionTimerMs, "create-cluster",
                    db(0).toString(), b.schema.toString(), raftAddress(0));
            for (int i = 1; i < b.members; i++) {
                OvsProcesses.run(dir, "ovsdb-tool", "join-cluster", db(i).toString(), database, raftAddress(i), raftAddress(0));
            }
            for (int i = 0; i < b.members; i++) {
                start(i);
            }
            for (int i = 0; i < b.members; i++) {
                awaitConnected(i);
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private static String member(int i) {
        return "member" + i;
    }

    private Path db(int i) {
        return dir.resolve(member(i) + ".db");
    }

    private String raftAddress(int i) {
        return "ssl:127.0.0.1:" + raftPorts[i];
    }

    public Path dir() {
        return dir;
    }

    /** The database's name, from the schema. */
    public String database() {
        return database;
    }

    public int size() {
        return raftPorts.length;
    }

    /** The CA every member's and client's certificate is signed by; issue client identities here. */
    public TestPki pki() {
        return pki;
    }

    /** The member's client remote, {@code ssl:127.0.0.1:PORT} (no RBAC role). */
    public String remote(int i) {
        return "ssl:127.0.0.1:" + clientPorts[i];
    }

    /** All members' client remotes, comma-separated as Open vSwitch writes a list of remotes. */
    public String remotes() {
        return Arrays.stream(clientPorts).mapToObj(p -> "ssl:127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    public String unixRemote(int i) {
        return "unix:" + dir.resolve(member(i) + ".sock");
    }

    /** Starts member i on its database file (also after {@link #kill} or {@link #stop}): it rejoins the cluster. */
    public void start(int i) {
        Path pk = pki.issue(member(i), member(i)).privateKey();
        List<String> cmd = new ArrayList<>(List.of("ovsdb-server", db(i).toString(),
                "--remote=punix:" + dir.resolve(member(i) + ".sock"), "--remote=pssl:" + clientPorts[i] + ":127.0.0.1",
                "--private-key=" + pk, "--certificate=" + dir.resolve("pki/" + member(i) + ".crt"),
                "--ca-cert=" + pki.caCertificate()));
        for (String r : extraRemotes) {
            cmd.add("--remote=" + r);
        }
        cmd.addAll(OvsProcesses.daemonArgs(dir, member(i)));
        try {
            Path log = dir.resolve(member(i) + ".log");
            logOffsets[i] = Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OvsProcesses.run(dir, cmd.toArray(new String[0]));
    }

    /** Waits (at most 30 s) until member i has joined the cluster and knows its state. */
    public void awaitConnected(int i) {
        OvsProcesses.run(dir, "ovsdb-client", "--timeout=30", "wait", unixRemote(i), database, "connected");
    }

    /** SIGKILLs member i: its clients' connections drop without a goodbye. */
    public void kill(int i) {
        OvsProcesses.kill(dir, member(i));
    }

    /** Asks member i to exit. */
    public void stop(int i) {
        OvsProcesses.stop(dir, member(i));
    }

    public boolean running(int i) {
        return OvsProcesses.pid(dir, member(i)).map(OvsProcesses::alive).orElse(false);
    }

    /** {@code ovs-appctl cluster/status} of member i. */
    public String clusterStatus(int i) {
        return OvsProcesses.run(dir, "ovs-appctl", "-t", dir.resolve(member(i) + ".ctl").toString(), "cluster/status", database);
    }

    /** The member that is leader now, as a running member says (waits at most 10 s for an election). */
    public int leader() {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            for (int i = 0; i < size(); i++) {
                if (running(i) && OvsProcesses.exec(dir, List.of("ovs-appctl", "-t", dir.resolve(member(i) + ".ctl").toString(),
                        "cluster/status", database))[1].contains("Role: leader")) {
                    return i;
                }
            }
            sleep(50);
        } while (System.nanoTime() < end);
        throw new IllegalStateException("no leader among running members within 10 s");
    }

    /**
     * The port member i listens on for a remote added with {@link Builder#remote} or configured in the database
     * (e.g. {@code pssl:0:127.0.0.1}, an ephemeral port), from its log since it was last started; waits at most 10 s.
     *
     * @param name the remote as ovsdb-server names it in its log, e.g. {@code 0:127.0.0.1} for {@code pssl:0:127.0.0.1}
     */
    public int listeningPort(int i, String name) {
        Path log = dir.resolve(member(i) + ".log");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            try {
                byte[] all = Files.readAllBytes(log);
                String text = new String(all, (int) Math.min(logOffsets[i], all.length),
                        (int) Math.max(0, all.length - logOffsets[i]), StandardCharsets.UTF_8);
                Matcher m = LISTENING.matcher(text);
                int port = 0;
                while (m.find()) {
                    if (m.group(1).equals(name)) {
                        port = Integer.parseInt(m.group(2));
                    }
                }
                if (port != 0) {
                    return port;
                }
            } catch (IOException e) {
                // not yet written
            }
            sleep(50);
        } while (System.nanoTime() < end);
        throw new IllegalStateException(member(i) + " did not log listening on " + name + " within 10 s (log " + log + ")");
    }

    /** Runs {@code ovsdb-client ARGS} (an independent witness) and returns its stdout. */
    public String ovsdbClient(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ovsdb-client", "--timeout=30"));
        cmd.addAll(Arrays.asList(args));
        return OvsProcesses.run(dir, cmd.toArray(new String[0]));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops every member and deletes the directory. */
    @Override
    public void close() {
        stopAll();
        OvsProcesses.removeShutdownHook(cleanup);
    }

    private synchronized void stopAll() {
        if (stopped) {
            return;
        }
        stopped = true;
        // SIGKILL: a clean exit of one member waits on the others' Raft messages, and the data goes anyway
        for (int i = 0; i < raftPorts.length; i++) {
            OvsProcesses.kill(dir, member(i));
        }
        OvsProcesses.deleteTree(dir);
    }

    @Override
    public String toString() {
        return "OVSDB cluster " + database + " of " + size() + " in " + dir;
    }
}
