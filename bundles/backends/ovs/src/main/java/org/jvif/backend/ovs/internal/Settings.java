package org.jvif.backend.ovs.internal;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jvif.host.ovsdb.OvsdbOptions;
import org.jvif.host.ovsdb.Remote;

/**
 * The checked configuration: every {@link OvsConfig} key read from the Config Admin properties, or its
 * default when absent. A bad value is refused as a whole with {@link InvalidSetting} naming the key.
 */
record Settings(int networkDeviceMtu, Duration timeout, Remote ovsdbConnection, boolean isolateVif,
        boolean perPortBridge, String defaultQosType, boolean waitForVswitchd, boolean batching,
        String networkNamespace, Path sysfsRoot, Path sslKeyFile, Path sslCertFile, Path sslCaCertFile) {

    /** os-vif's choices for {@code default_qos_type}. */
    static final List<String> QOS_TYPES = List.of("linux-htb", "linux-hfsc", "linux-sfq", "linux-codel",
            "linux-fq_codel", "linux-noop");
    /** What {@code ovs_vsctl_timeout = 0} ("wait forever") becomes: far beyond any plug. */
    static final Duration FOREVER = Duration.ofDays(3650);

    /** A configuration value that cannot be used; the message names the key and the value. */
    static final class InvalidSetting extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String key;

        InvalidSetting(String key, Object value, String reason) {
            super(OvsPlugin.PID + ": " + key + " = " + (value instanceof String ? "\"" + value + "\"" : value)
                    + " refused: " + reason);
            this.key = key;
        }

        String key() {
            return key;
        }
    }

    /** The defaults alone. */
    static Settings defaults() {
        return parse(Map.of());
    }

    /** Reads every key of {@link OvsConfig}, taking the annotation's default for absent ones. */
    static Settings parse(Map<String, ?> properties) {
        Map<String, Object> v = new LinkedHashMap<>();
        Method[] methods = OvsConfig.class.getDeclaredMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName));
        for (Method m : methods) {
            String key = key(m);
            Object raw = properties.get(key);
            v.put(key, raw == null ? m.getDefaultValue() : coerce(key, raw, m.getReturnType()));
        }
        int mtu = (Integer) v.get("network_device_mtu");
        if (mtu < Names.MIN_MTU || mtu > Names.MAX_MTU) {
            throw new InvalidSetting("network_device_mtu", mtu, "must be " + Names.MIN_MTU + ".." + Names.MAX_MTU);
        }
        int seconds = (Integer) v.get("ovs_vsctl_timeout");
        if (seconds < 0) {
            throw new InvalidSetting("ovs_vsctl_timeout", seconds, "must be 0 (wait forever) or more seconds");
        }
        String connection = ((String) v.get("ovsdb_connection")).trim();
        Remote remote;
        try {
            remote = Remote.parse(connection);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("ovsdb_connection", connection, e.getMessage());
        }
        String qos = (String) v.get("default_qos_type");
        if (!QOS_TYPES.contains(qos)) {
            throw new InvalidSetting("default_qos_type", qos, "must be one of " + QOS_TYPES);
        }
        String namespace = ((String) v.get("network_namespace")).trim();
        if (!namespace.isEmpty()) {
            try {
                Names.namespace(namespace);
            } catch (IllegalArgumentException e) {
                throw new InvalidSetting("network_namespace", namespace, e.getMessage());
            }
        }
        Path sysfs = absolute("sysfs_root", (String) v.get("sysfs_root"), true);
        Path key = absolute("ssl_key_file", (String) v.get("ssl_key_file"), false);
        Path cert = absolute("ssl_cert_file", (String) v.get("ssl_cert_file"), false);
        Path ca = absolute("ssl_ca_cert_file", (String) v.get("ssl_ca_cert_file"), false);
        if (remote.kind() == Remote.Kind.SSL) {
            readable("ssl_key_file", key);
            readable("ssl_cert_file", cert);
            readable("ssl_ca_cert_file", ca);
        }
        return new Settings(mtu, seconds == 0 ? FOREVER : Duration.ofSeconds(seconds), remote,
                (Boolean) v.get("isolate_vif"), (Boolean) v.get("per_port_bridge"), qos,
                (Boolean) v.get("wait_for_vswitchd"), (Boolean) v.get("ovsdb_batching"), namespace, sysfs, key, cert, ca);
    }

    /** DS's mapping of a method name to a property name; OvsConfig only uses "__" for "_". */
    static String key(Method m) {
        return m.getName().replace("__", "_");
    }

    private static Object coerce(String key, Object raw, Class<?> type) {
        if (type == int.class) {
            if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
                long l = ((Number) raw).longValue();
                if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                    return (int) l;
                }
            } else if (raw instanceof String s) {
                try {
                    return Integer.parseInt(s.trim());
                } catch (NumberFormatException e) {
                    // refused below
                }
            }
            throw new InvalidSetting(key, raw, "not an integer");
        }
        if (type == boolean.class) {
            if (raw instanceof Boolean b) {
                return b;
            }
            if (raw instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
                return Boolean.parseBoolean(s.trim());
            }
            throw new InvalidSetting(key, raw, "not a boolean (true or false)");
        }
        if (raw instanceof String) {
            return raw;
        }
        throw new InvalidSetting(key, raw, "not a string");
    }

    private static Path absolute(String key, String value, boolean required) {
        String s = value.trim();
        if (s.isEmpty()) {
            if (required) {
                throw new InvalidSetting(key, value, "a path is required");
            }
            return null;
        }
        if (s.indexOf('\0') >= 0) {
            throw new InvalidSetting(key, value, "contains a NUL character");
        }
        Path p = Path.of(s);
        if (!p.isAbsolute()) {
            throw new InvalidSetting(key, value, "must be an absolute path");
        }
        return p.normalize();
    }

    private static void readable(String key, Path file) {
        if (file == null) {
            throw new InvalidSetting(key, "", "ssl: connections need a private key, a certificate and a CA certificate");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidSetting(key, file.toString(), "not a readable file; ssl: is never downgraded to plaintext");
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
