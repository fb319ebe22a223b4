package org.jvif.host.ovsdb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach and talk to an OVSDB server. Defaults follow Open vSwitch and os-vif: a 120 s call timeout
 * ({@code ovs_vsctl_timeout}), a 5 s inactivity probe, reconnection backoff from 1 s doubling to 8 s.
 * Immutable; build with {@link #builder(String)}.
 */
public final class OvsdbOptions {
    private final List<Remote> remotes;
    private final boolean leaderOnly;
    private final String database;
    private final Duration timeout;
    private final Duration inactivityProbe;
    private final Duration backoffMin;
    private final Duration backoffMax;
    private final Path privateKey;
    private final Path certificate;
    private final Path caCertificate;
    private final boolean batching;
    private final int batchMaxOperations;

    private OvsdbOptions(Builder b) {
        this.remotes = b.remotes;
        this.leaderOnly = b.leaderOnly;
        this.database = b.database;
        this.timeout = b.timeout;
        this.inactivityProbe = b.inactivityProbe;
        this.backoffMin = b.backoffMin;
        this.backoffMax = b.backoffMax;
        this.privateKey = b.privateKey;
        this.certificate = b.certificate;
        this.caCertificate = b.caCertificate;
        this.batching = b.batching;
        this.batchMaxOperations = b.batchMaxOperations;
    }

    /**
     * @param connection {@code tcp:IP:PORT}, {@code ssl:IP:PORT} or {@code unix:PATH}, or several of them
     *                   comma-separated (the members of a clustered database)
     */
    public static Builder builder(String connection) {
        return new Builder(Remote.parseList(connection));
    }

    public static Builder builder(Remote remote) {
        return new Builder(List.of(Objects.requireNonNull(remote, "remote")));
    }

    /** The first of {@link #remotes()}. */
    public Remote remote() {
        return remotes.get(0);
    }

    /** Where the server is: one remote, or the members of a clustered database, tried in turn. */
    public List<Remote> remotes() {
        return remotes;
    }

    /**
     * With a clustered database, whether to stay only on the cluster's leader (default true, as ovsdb-idl's
     * leader-only mode): writes then go straight to the leader. False: any member connected to the cluster
     * (and not behind what this client has seen) will do, e.g. for clients that mostly read. With a single
     * remote there is no other member to go to: it is used whatever its role (a follower forwards writes).
     */
    public boolean leaderOnly() {
        return leaderOnly;
    }

    /** The database every transaction and monitor addresses; default {@code Open_vSwitch}. */
    public String database() {
        return database;
    }

    /** Default timeout of every call, including the wait for ovs-vswitchd. */
    public Duration timeout() {
        return timeout;
    }

    /** Idle time after which an echo is sent; twice that without any message drops the connection. Zero disables. */
    public Duration inactivityProbe() {
        return inactivityProbe;
    }

    public Duration backoffMin() {
        return backoffMin;
    }

    public Duration backoffMax() {
        return backoffMax;
    }

    /** PEM private key for {@code ssl:} remotes. */
    public Path privateKey() {
        return privateKey;
    }

    /** PEM certificate (chain) matching {@link #privateKey()}. */
    public Path certificate() {
        return certificate;
    }

    /** PEM CA certificate(s) the server's certificate must chain to. */
    public Path caCertificate() {
        return caCertificate;
    }

    /** Whether {@link OvsdbClient#transaction()} merges concurrent transactions into one {@code transact}. */
    public boolean batching() {
        return batching;
    }

    /** Upper bound of operations in one merged transaction. */
    public int batchMaxOperations() {
        return batchMaxOperations;
    }

    public static final class Builder {
        private final List<Remote> remotes;
        private boolean leaderOnly = true;
        private String database = "Open_vSwitch";
        private Duration timeout = Duration.ofSeconds(120);
        private Duration inactivityProbe = Duration.ofSeconds(5);
        private Duration backoffMin = Duration.ofSeconds(1);
        private Duration backoffMax = Duration.ofSeconds(8);
        private Path privateKey;
        private Path certificate;
        private Path caCertificate;
        private boolean batching;
        private int batchMaxOperations = 5000;

        private Builder(List<Remote> remotes) {
            this.remotes = remotes;
        }

        public Builder leaderOnly(boolean leaderOnly) {
            this.leaderOnly = leaderOnly;
            return this;
        }

        public Builder database(String database) {
            if (database == null || database.isEmpty()) {
                throw new IllegalArgumentException("database name must not be empty");
            }
            this.database = database;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = positive("timeout", timeout);
            return this;
        }

        /** {@link Duration#ZERO} disables the probe. */
        public Builder inactivityProbe(Duration probe) {
            Objects.requireNonNull(probe, "inactivityProbe");
            if (probe.isNegative()) {
                throw new IllegalArgumentException("inactivityProbe must not be negative: " + probe);
            }
            this.inactivityProbe = probe;
            return this;
        }

        public Builder backoff(Duration min, Duration max) {
            positive("backoff min", min);
            positive("backoff max", max);
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("backoff max " + max + " is below min " + min);
            }
            this.backoffMin = min;
            this.backoffMax = max;
            return this;
        }

        /** Private key, certificate and CA certificate PEM files, all required for {@code ssl:} remotes. */
        public Builder ssl(Path privateKey, Path certificate, Path caCertificate) {
            this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
            this.certificate = Objects.requireNonNull(certificate, "certificate");
            this.caCertificate = Objects.requireNonNull(caCertificate, "caCertificate");
            return this;
        }

        public Builder batching(boolean batching) {
            this.batching = batching;
            return this;
        }

        public Builder batchMaxOperations(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("batchMaxOperations must be at least 1: " + max);
            }
            this.batchMaxOperations = max;
            return this;
        }

        public OvsdbOptions build() {
            Remote ssl = remotes.stream().filter(r -> r.kind() == Remote.Kind.SSL).findFirst().orElse(null);
            if (ssl != null && (privateKey == null || certificate == null || caCertificate == null)) {
                throw new IllegalArgumentException(ssl + ": ssl remotes need a private key, a certificate and a CA certificate");
            }
            return new OvsdbOptions(this);
        }

        private static Duration positive(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }
    }
}
