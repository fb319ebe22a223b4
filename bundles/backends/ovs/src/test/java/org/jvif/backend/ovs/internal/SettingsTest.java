package org.jvif.backend.ovs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jvif.backend.ovs.internal.Settings.InvalidSetting;
import org.jvif.host.ovsdb.Remote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration keys, their os-vif defaults, and refusals naming the key. */
class SettingsTest {
    @Test
    void osVifDefaults() {
        Settings s = Settings.defaults();
        assertEquals(1500, s.networkDeviceMtu());
        assertEquals(Duration.ofSeconds(120), s.timeout());
        assertEquals(Remote.parse(Settings.defaultConnection(Settings.OVS_VSCTL_SOCKET)), s.ovsdbConnection());
        assertFalse(s.isolateVif());
        assertFalse(s.perPortBridge());
        assertEquals("linux-noop", s.defaultQosType());
        assertTrue(s.waitForVswitchd());
        assertTrue(s.batching());
        assertEquals("", s.networkNamespace());
        assertEquals(Path.of("/sys"), s.sysfsRoot());
        assertNull(s.sslKeyFile());
    }

    @Test
    void keysAreOsVifNames() {
        Settings s = Settings.parse(Map.of("network_device_mtu", "9000", "ovs_vsctl_timeout", 0,
                "ovsdb_connection", "unix:/run/openvswitch/db.sock", "isolate_vif", "true", "per_port_bridge", true,
                "default_qos_type", "linux-htb", "wait_for_vswitchd", false, "ovsdb_batching", "false",
                "network_namespace", "ovs", "sysfs_root", "/tmp/sys/"));
        assertEquals(9000, s.networkDeviceMtu());
        assertEquals(Settings.FOREVER, s.timeout());
        assertEquals(Remote.Kind.UNIX, s.ovsdbConnection().kind());
        assertTrue(s.isolateVif());
        assertTrue(s.perPortBridge());
        assertEquals("linux-htb", s.defaultQosType());
        assertFalse(s.waitForVswitchd());
        assertFalse(s.batching());
        assertEquals("ovs", s.networkNamespace());
        assertEquals(Path.of("/tmp/sys"), s.sysfsRoot());
    }

    static void refused(String key, Object value) {
        InvalidSetting e = assertThrows(InvalidSetting.class, () -> Settings.parse(Map.of(key, value)));
        assertEquals(key, e.key());
        assertTrue(e.getMessage().startsWith("org.jvif.backend.ovs: " + key + " = "), e.getMessage());
    }

    @Test
    void badValuesNameTheirKey() {
        refused("network_device_mtu", 20);
        refused("network_device_mtu", "big");
        refused("ovs_vsctl_timeout", -1);
        refused("ovsdb_connection", "http://localhost");
        refused("ovsdb_connection", "tcp:[::1");
        refused("default_qos_type", "linux-tbf");
        refused("isolate_vif", "yes");
        refused("network_namespace", "../etc");
        refused("sysfs_root", "sys");
        refused("ssl_key_file", "key.pem");
        refused("per_port_bridge", List.of(true));
    }

    @Test
    void aKeyThatIsNoOptionIsRefusedTheFrameworksOwnAreNot() {
        refused("network_namspace", "ovs");
        InvalidSetting e = assertThrows(InvalidSetting.class, () -> Settings.parse(Map.of("ovs_vsctl_timout", 5)));
        assertEquals("org.jvif.backend.ovs: ovs_vsctl_timout = 5 refused: unknown key, not an option of "
                + "org.jvif.backend.ovs (options: default_qos_type, isolate_vif, network_device_mtu, network_namespace, "
                + "ovs_vsctl_timeout, ovsdb_batching, ovsdb_connection, per_port_bridge, ssl_ca_cert_file, ssl_cert_file, "
                + "ssl_key_file, sysfs_root, wait_for_vswitchd)", e.getMessage());
        assertEquals(1400, Settings.parse(Map.of("network_device_mtu", 1400, "service.pid", "org.jvif.backend.ovs",
                "felix.fileinstall.filename", "file:/etc/org.jvif.backend.ovs.cfg", "component.name", "ovs",
                "vif.plugin", "ovs")).networkDeviceMtu());
    }

    @Test
    void sslNeedsItsFiles() {
        InvalidSetting e = assertThrows(InvalidSetting.class,
                () -> Settings.parse(Map.of("ovsdb_connection", "ssl:127.0.0.1:6640")));
        assertEquals("ssl_key_file", e.key());
        e = assertThrows(InvalidSetting.class, () -> Settings.parse(Map.of("ovsdb_connection", "ssl:127.0.0.1:6640",
                "ssl_key_file", "/nonexistent/key.pem", "ssl_cert_file", "/etc/hostname", "ssl_ca_cert_file", "/etc/hostname")));
        assertEquals("ssl_key_file", e.key());
    }

    @Test
    void connectionChanges() {
        Settings a = Settings.defaults();
        assertTrue(a.sameConnection(Settings.parse(Map.of("isolate_vif", true, "network_device_mtu", 9000))));
        assertFalse(a.sameConnection(Settings.parse(Map.of("ovsdb_connection", "tcp:127.0.0.1:6641"))));
        assertFalse(a.sameConnection(Settings.parse(Map.of("ovsdb_batching", false))));
        assertFalse(a.sameConnection(Settings.parse(Map.of("ovs_vsctl_timeout", 5))));
    }

    @Test
    void namesAsOsVifMakesThem() {
        String id = "1ce6394f-cfdb-4c77-818f-ccee8a1dcdef";
        assertEquals("qvb1ce6394f-cf", Names.vethPair(id)[0]);
        assertEquals("qvo1ce6394f-cf", Names.vethPair(id)[1]);
        assertEquals("pb1ce6394f-cfd", Names.portName("pb", id));
        assertEquals("pbp" + id, Names.portName("pbp", id, 64));
        assertEquals("vfr1ce6394f-cf", Names.dpdkRepresentor(id));
        // python3 -c 'import uuid; print(uuid.uuid5(uuid.UUID("68da264a-847f-42a8-8ab0-5e774aee3d95"), NAME))'
        assertEquals("9a7d973b-9fb2-515a-be37-1e32c339e50a", OvsdbPlan.qosId("qos-port-native"));
        assertEquals("f03d82cd-c18d-547c-ba14-0758481e3843", OvsdbPlan.qosId("qvo1ce6394f-cf"));
    }

    /** Unset: ovs-vsctl's socket when it is there (not OpenDaylight's port 6640), else os-vif's default. */
    @Test
    void unsetConnectionIsOvsVsctlsSocketIfThere(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("db.sock");
        assertEquals("tcp:127.0.0.1:6640", Settings.defaultConnection(socket));
        Files.createFile(socket);
        assertEquals("unix:" + socket, Settings.defaultConnection(socket));
        assertEquals(Remote.parse("tcp:10.0.0.1:6641"),
                Settings.parse(Map.of("ovsdb_connection", "tcp:10.0.0.1:6641")).ovsdbConnection());
    }
}
