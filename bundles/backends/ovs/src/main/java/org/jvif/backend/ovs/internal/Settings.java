package org.jvif.backend.ovs.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.jvif.host.linux.BackendOptions;
import org.jvif.host.ovsdb.OvsdbOptions;
import org.jvif.host.ovsdb.Remote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checked configuration: every {@link OvsConfig} key read from the Config Admin properties, or its
 * default when absent. A bad value or a key that is no option is refused as a whole with
 * {@link InvalidSetting} naming the key.
 */
record Settings(int networkDeviceMtu, Duration timeout, Remote ovsdbConnection, boolean isolateVif,
        boolean perPortBridge, String defaultQosType, boolean waitForVswitchd, boolean batching,
        String networkNamespace, Path sysfsRoot, Path sslKeyFile, Path sslCertFile, Path sslCaCertFile) {

    /** os-vif's choices for {@code default_qos_type}. */
    static final List<String> QOS_TYPES = List.of("linux-htb", "linux-hfsc", "linux-sfq", "linux-codel",
            "linux-fq_codel", "linux-noop");
    /** ovs-vsctl's default database socket. */
    static final Path OVS_VSCTL_SOCKET = Path.of("/var/run/openvswitch/db.sock");
    /** os-vif's default {@code ovsdb_connection}: also where OpenDaylight's OVSDB southbound listens. */
    static final String OS_VIF_CONNECTION = "tcp:127.0.0.1:6640";
    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);

    /** What an unset {@code ovsdb_connection} means: ovs-vsctl's socket if {@code socket} exists, else os-vif's. */
    static String defaultConnection(Path socket) {
        boolean local = Files.exists(socket);
        String connection = local ? "unix:" + socket : OS_VIF_CONNECTION;
        LOG.info(OvsPlugin.PID + ": ovsdb_connection unset: " + connection
                + (local ? " (ovs-vsctl's default socket is there)" : " (os-vif's default; no " + socket + ")"));
        return connection;
    }

    /** What {@code ovs_vsctl_timeout = 0} ("wait forever") becomes: far beyond any plug. */
    static final Duration FOREVER = Duration.ofDays(3650);

    /** A configuration value that cannot be used; the message names each key and value. */
    static final class InvalidSetting extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String key;

        InvalidSetting(String key, Object value, String reason) {
            this(List.of(new BackendOptions.Problem(key, value, reason, false)));
        }

        InvalidSetting(List<BackendOptions.Problem> problems) {
            super(OvsPlugin.PID + ": " + problems.stream().map(p -> p.key() + " = " + (p.value() instanceof String
                    ? "\"" + p.value() + "\"" : p.value()) + (p.unknown() ? " refused: unknown key, " : " refused: ")
                    + p.reason()).collect(Collectors.joining("; ")));
            this.key = problems.get(0).key();
        }

        /** The (first) key refused. */
        String key() {
            return key;
        }
    }

    /** The defaults alone. */
    static Settings defaults() {
        return parse(Map.of());
    }

    /**
     * Reads every key of {@link OvsConfig} through the backends' one reader (host/linux's
     * {@link BackendOptions}): the annotation's default for absent ones, a key that is no option refused.
     */
    static Settings parse(Map<String, ?> properties) {
        BackendOptions o = new BackendOptions(OvsPlugin.PID, OvsConfig.class, properties);
        int mtu = o.networkDeviceMtu();
        int seconds = o.integer("ovs_vsctl_timeout", 0, Integer.MAX_VALUE);
        String connection = o.text("ovsdb_connection");
        if (connection.isEmpty()) {
            connection = defaultConnection(OVS_VSCTL_SOCKET);
        }
        Remote remote = null;
        try {
            remote = Remote.parse(connection);
        } catch (IllegalArgumentException e) {
            o.refuse("ovsdb_connection", connection, e.getMessage(), null);
        }
        String qos = o.oneOf("default_qos_type", QOS_TYPES);
        String namespace = o.networkNamespace();
        Path sysfs = o.absolutePath("sysfs_root", true);
        Path key = o.absolutePath("ssl_key_file", false);
        Path cert = o.absolutePath("ssl_cert_file", false);
        Path ca = o.absolutePath("ssl_ca_cert_file", false);
        if (remote != null && remote.kind() == Remote.Kind.SSL) {
            readable(o, "ssl_key_file", key);
            readable(o, "ssl_cert_file", cert);
            readable(o, "ssl_ca_cert_file", ca);
        }
        Settings settings = new Settings(mtu, seconds == 0 ? FOREVER : Duration.ofSeconds(seconds), remote,
                o.bool("isolate_vif"), o.bool("per_port_bridge"), qos, o.bool("wait_for_vswitchd"),
                o.bool("ovsdb_batching"), namespace, sysfs, key, cert, ca);
        if (!o.isValid()) {
            throw new InvalidSetting(o.problemsByKey());
        }
        return settings;
    }

    private static void readable(BackendOptions o, String key, Path file) {
        if (file == null) {
            o.refuse(key, "", "ssl: connections need a private key, a certificate and a CA certificate", null);
        } else if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            o.refuse(key, file.toString(), "not a readable file; ssl: is never downgraded to plaintext", null);
        }
    }

    /** The OVSDB client options these settings ask for. */
    OvsdbOptions ovsdbOptions() {
        OvsdbOptions.Builder b = OvsdbOptions.builder(ovsdbConnection).timeout(timeout).batching(batching);
        if (ovsdbConnection.kind() == Remote.Kind.SSL) {
            b.ssl(sslKeyFile, sslCertFile, sslCaCertFile);
        }
        return b.build();
    }

    /** Whether both talk to OVSDB the same way, so an open connection serves both. */
    boolean sameConnection(Settings o) {
        return ovsdbConnection.equals(o.ovsdbConnection) && timeout.equals(o.timeout) && batching == o.batching
                && Objects.equals(sslKeyFile, o.sslKeyFile) && Objects.equals(sslCertFile, o.sslCertFile)
                && Objects.equals(sslCaCertFile, o.sslCaCertFile);
    }
}
