package org.jvif.host.ovsdb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A private Open vSwitch for tests: {@code ovsdb-server} (and optionally {@code ovs-vswitchd}) with all state in
 * a temp dir, reached by unix socket (optionally tcp/ssl on 127.0.0.1). ovs-vswitchd runs inside a network
 * namespace the sandbox creates, so the devices it makes (userspace datapath, {@code datapath_type=netdev})
 * never appear on the machine. Nothing touches the system's own Open vSwitch. Needs root and the
 * {@code openvswitch-switch} package.
 *
 * <pre>{@code
 * try (OvsSandbox ovs = OvsSandbox.builder().start()) {
 *     OvsdbClient c = OvsdbClient.connect(OvsdbOptions.builder(ovs.unixRemote()).build());
 *     ...
 *     ovs.vsctl("list-ports", "br0");   // independent witness
 * }
 * }</pre>
 *
 * Other modules reuse it by depending on this module's test-jar:
 * {@code <dependency><groupId>org.jvif</groupId><artifactId>org.jvif.host.ovsdb</artifactId>
 * <version>${project.version}</version><type>test-jar</type><scope>test</scope></dependency>}.
 */
public final class OvsSandbox implements AutoCloseable {
    public static final Path SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");

    private final Builder cfg;
    private final Path dir;
    private final String netns;
    private final boolean ownNetns;
    private final int tcpPort;
    private final int sslPort;
    private final Thread cleanup = new Thread(this::stopAll, "ovs-sandbox cleanup");
    private boolean stopped;

    /** How to start a sandbox. */
    public static final class Builder {
        private boolean vswitchd = true;
        private boolean tcp;
        private boolean ssl;
        private String vswitchdLog = "info";
        private String netns;

        private Builder() {
        }

        /** Start ovs-vswitchd too (default true). */
        public Builder vswitchd(boolean on) {
            this.vswitchd = on;
            return this;
        }

        /** Also listen on ptcp:PORT:127.0.0.1 with a free port (default false). */
        public Builder tcp(boolean on) {
            this.tcp = on;
            return this;
        }

        /** Also listen on pssl:PORT:127.0.0.1, with a throw-away CA and certificates made by openssl (default false). */
        public Builder ssl(boolean on) {
            this.ssl = on;
            return this;
        }

        /** ovs-vswitchd file log level: "info" (default), "warn", "off"... */
        public Builder vswitchdLog(String level) {
            this.vswitchdLog = level;
            return this;
        }

        /** Run ovs-vswitchd in this existing named network namespace instead of a new one (it is not deleted). */
        public Builder netns(String name) {
            this.netns = name;
            return this;
        }

        public OvsSandbox start() {
            return new OvsSandbox(this);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private OvsSandbox(Builder cfg) {
        this.cfg = cfg;
        try {
            this.dir = Files.createTempDirectory("jvif-ovs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.ownNetns = cfg.vswitchd && cfg.netns == null;
        this.netns = cfg.netns != null ? cfg.netns
                : ownNetns ? "jvif-ovs-" + UUID.randomUUID().toString().substring(0, 8) : null;
        this.tcpPort = cfg.tcp ? OvsProcesses.freePort() : 0;
        this.sslPort = cfg.ssl ? OvsProcesses.freePort() : 0;
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            if (ownNetns) {
                run("ip", "netns", "add", netns);
                run("ip", "netns", "exec", netns, "ip", "link", "set", "lo", "up");
            }
            if (cfg.ssl) {
                TestPki pki = TestPki.create(dir.resolve("pki"));
                pki.issue("server", "jvif test server");
                pki.issue("client", "jvif test client");
                pki.pkcs1("client");
            }
            run("ovsdb-tool", "create", dir.resolve("conf.db").toString(), SCHEMA.toString());
            startOvsdbServer();
            vsctl("--no-wait", "init");
            if (cfg.vswitchd) {
                startVswitchd();
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    public Path dir() {
        return dir;
    }

    public Path socket() {
        return dir.resolve("db.sock");
    }

    public String unixRemote() {
        return "unix:" + socket();
    }

    public String tcpRemote() {
        if (tcpPort == 0) {
            throw new IllegalStateException("sandbox started without tcp");
        }
        return "tcp:127.0.0.1:" + tcpPort;
    }

    public String sslRemote() {
        if (sslPort == 0) {
            throw new IllegalStateException("sandbox started without ssl");
        }
        return "ssl:127.0.0.1:" + sslPort;
    }

    /** Client private key (PKCS#8 PEM) signed by {@link #sslCaCertificate()}. */
    public Path sslPrivateKey() {
        return dir.resolve("pki/client.key");
    }

    /** The same client key in traditional PKCS#1 form ("BEGIN RSA PRIVATE KEY"). */
    public Path sslPrivateKeyPkcs1() {
        return dir.resolve("pki/client-rsa.key");
    }

    public Path sslCertificate() {
        return dir.resolve("pki/client.crt");
    }

    public Path sslCaCertificate() {
        return dir.resolve("pki/ca.crt");
    }

    /** The network namespace ovs-vswitchd runs in, or null without vswitchd. */
    public String netns() {
        return netns;
    }

    public boolean hasVswitchd() {
        return cfg.vswitchd;
    }

    /** Runs ovs-vsctl against this sandbox (adding --no-wait when ovs-vswitchd is not running) and returns stdout. */
    public String vsctl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ovs-vsctl", "--db=" + unixRemote(), "--timeout=30"));
        if (!running("ovs-vswitchd") && !Arrays.asList(args).contains("--no-wait")) {
            cmd.add("--no-wait");
        }
        cmd.addAll(Arrays.asList(args));
        return run(cmd.toArray(new String[0]));
    }

    /** Starts ovsdb-server on the existing database (also after {@link #stopOvsdbServer()} or {@link #killOvsdbServer()}). */
    public void startOvsdbServer() {
        List<String> cmd = new ArrayList<>(List.of("ovsdb-server", dir.resolve("conf.db").toString(),
                "--remote=punix:" + socket()));
        if (tcpPort != 0) {
            cmd.add("--remote=ptcp:" + tcpPort + ":127.0.0.1");
        }
        if (sslPort != 0) {
            Path pki = dir.resolve("pki");
            cmd.addAll(List.of("--remote=pssl:" + sslPort + ":127.0.0.1",
                    "--private-key=" + pki.resolve("server.key"), "--certificate=" + pki.resolve("server.crt"),
                    "--ca-cert=" + pki.resolve("ca.crt")));
        }
        cmd.addAll(daemonArgs("ovsdb-server"));
        run(cmd.toArray(new String[0]));
    }

    /** Asks ovsdb-server to exit and waits until it has. */
    public void stopOvsdbServer() {
        stop("ovsdb-server");
    }

    /** SIGKILLs ovsdb-server: connections drop without a goodbye. */
    public void killOvsdbServer() {
        OvsProcesses.kill(dir, "ovsdb-server");
    }

    public void startVswitchd() {
        if (netns == null) {
            throw new IllegalStateException("sandbox started without ovs-vswitchd, hence without a netns for it");
        }
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns, "ovs-vswitchd", unixRemote()));
        cmd.addAll(daemonArgs("ovs-vswitchd"));
        cmd.add("-vfile:" + cfg.vswitchdLog);
        run(cmd.toArray(new String[0]));
    }

    public void stopVswitchd() {
        stop("ovs-vswitchd");
    }

    public boolean running(String daemon) {
        return pid(daemon).map(OvsProcesses::alive).orElse(false);
    }

    /** Stops the daemons, deletes the network namespace (if created here) and the directory. */
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
        stop("ovs-vswitchd");
        stop("ovsdb-server");
        if (ownNetns) {
            exec(List.of("ip", "netns", "del", netns));
        }
        OvsProcesses.deleteTree(dir);
    }

    private List<String> daemonArgs(String daemon) {
        return OvsProcesses.daemonArgs(dir, daemon);
    }

    /** The pid of "ovsdb-server" or "ovs-vswitchd", from its pidfile. */
    public Optional<Long> pid(String daemon) {
        return OvsProcesses.pid(dir, daemon);
    }

    private void stop(String daemon) {
        OvsProcesses.stop(dir, daemon);
    }

    private String run(String... cmd) {
        return OvsProcesses.run(dir, cmd);
    }

    private String[] exec(List<String> cmd) {
        return OvsProcesses.exec(dir, cmd);
    }

    @Override
    public String toString() {
        return "OVS sandbox " + dir + (netns == null ? "" : " netns " + netns);
    }
}
