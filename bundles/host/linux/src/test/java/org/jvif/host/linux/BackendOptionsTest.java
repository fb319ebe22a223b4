package org.jvif.host.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BackendOptionsTest {
    private static BackendOptions options(Object... keyValues) {
        Map<String, Object> properties = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new BackendOptions("org.jvif.backend.test", properties);
    }

    @Test
    void absentKeysGiveDefaults() {
        BackendOptions o = new BackendOptions("pid", null);
        assertEquals(1500, o.integer("network_device_mtu", 1500, 68, 65535));
        assertFalse(o.bool("multiqueue", false));
        assertEquals("", o.interfaceName("flat_interface"));
        assertEquals("", o.networkNamespace());
        assertEquals(Path.of("/sys"), o.absolutePath("sysfs_root", "/sys"));
        assertTrue(o.isValid());
    }

    @Test
    void readsTypedValuesAndText() {
        BackendOptions o = options("a", 9000, "b", 9000L, "c", " 1450 ", "d", true, "e", "TRUE",
                "flat_interface", "eth1", "network_namespace", "sandbox", "sysfs_root", "/tmp/x/../sys");
        assertEquals(9000, o.integer("a", 1500, 68, 65535));
        assertEquals(9000, o.integer("b", 1500, 68, 65535));
        assertEquals(1450, o.integer("c", 1500, 68, 65535));
        assertTrue(o.bool("d", false));
        assertTrue(o.bool("e", false));
        assertEquals("eth1", o.interfaceName("flat_interface"));
        assertEquals("sandbox", o.networkNamespace());
        assertEquals(Path.of("/tmp/sys"), o.absolutePath("sysfs_root", "/sys"));
        assertTrue(o.isValid(), o.problems().toString());
    }

    @Test
    void badValuesGiveDefaultsAndProblemsNamingTheKey() {
        BackendOptions o = options("network_device_mtu", "abc", "mtu2", 67, "multiqueue", "yes",
                "flat_interface", "abcdefghijklmnop", "vlan_interface", 5, "network_namespace", "a/b",
                "sysfs_root", "sys");
        assertEquals(1500, o.integer("network_device_mtu", 1500, 68, 65535));
        assertEquals(1500, o.integer("mtu2", 1500, 68, 65535));
        assertFalse(o.bool("multiqueue", false));
        assertEquals("", o.interfaceName("flat_interface"));
        assertEquals("", o.interfaceName("vlan_interface"));
        // never the platform's own namespace instead: the bad name stays, and plugs fail naming the key
        String namespace = o.networkNamespace();
        assertEquals("a/b", namespace);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new PlugNamespace(namespace).call(links -> null));
        assertTrue(e.getMessage().startsWith("network_namespace \"a/b\": cannot open it"), e.getMessage());
        assertEquals(Path.of("/sys"), o.absolutePath("sysfs_root", "/sys"));
        assertEquals(List.of(
                "invalid network_device_mtu \"abc\": not an integer",
                "invalid mtu2 67: must be 68..65535",
                "invalid multiqueue \"yes\": not true or false",
                "invalid flat_interface \"abcdefghijklmnop\": must be 1..15 bytes, is 16",
                "invalid vlan_interface 5: not text",
                "invalid network_namespace \"a/b\": must not contain '/'",
                "invalid sysfs_root \"sys\": not an absolute path"), o.problems());
    }

    @Test
    void reportsNameThePidAndWhatHappensInstead() {
        BackendOptions o = options("network_device_mtu", "abc");
        o.integer("network_device_mtu", 1500, 68, 65535);
        RecordingLogger log = new RecordingLogger();
        o.reportFallbacks(log);
        o.reportRefusal(log);
        assertEquals(List.of(
                "WARNING org.jvif.backend.test: invalid network_device_mtu \"abc\": not an integer; "
                        + "using the default 1500",
                "WARNING org.jvif.backend.test: invalid network_device_mtu \"abc\": not an integer; "
                        + "keeping the previous configuration"),
                log.messages);
    }
}
