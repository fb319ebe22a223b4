package org.jvif.host.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jvif.host.netlink.NamespaceManager;
import org.junit.jupiter.api.Test;

class BackendOptionsTest {
    /** The options of the test PID, as a backend's @ObjectClassDefinition declares them. */
    @interface TestConfig {
        int network__device__mtu() default 1500;

        int mtu2() default 1500;

        int a() default 1500;

        int b() default 1500;

        int c() default 1500;

        boolean d() default false;

        boolean e() default false;

        boolean multiqueue() default false;

        String flat__interface() default "";

        String vlan__interface() default "";

        String network__namespace() default "";

        String sysfs__root() default "/sys";
    }

    private static BackendOptions options(Object... keyValues) {
        Map<String, Object> properties = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new BackendOptions("org.jvif.backend.test", TestConfig.class, properties);
    }

    @Test
    void absentKeysGiveTheAnnotationsDefaults() {
        BackendOptions o = new BackendOptions("pid", TestConfig.class, null);
        assertEquals(1500, o.networkDeviceMtu());
        assertFalse(o.bool("multiqueue"));
        assertEquals("", o.interfaceName("flat_interface"));
        assertEquals("", o.networkNamespace());
        assertEquals(Path.of("/sys"), o.absolutePath("sysfs_root", true));
        assertTrue(o.isValid());
    }

    @Test
    void readsTypedValuesAndText() {
        BackendOptions o = options("a", 9000, "b", 9000L, "c", " 1450 ", "d", true, "e", "TRUE",
                "flat_interface", "eth1", "network_namespace", "sandbox", "sysfs_root", "/tmp/x/../sys");
        assertEquals(9000, o.integer("a", 68, 65535));
        assertEquals(9000, o.integer("b", 68, 65535));
        assertEquals(1450, o.integer("c", 68, 65535));
        assertTrue(o.bool("d"));
        assertTrue(o.bool("e"));
        assertEquals("eth1", o.interfaceName("flat_interface"));
        assertEquals("sandbox", o.networkNamespace());
        assertEquals(Path.of("/tmp/sys"), o.absolutePath("sysfs_root", true));
        assertTrue(o.isValid(), o.problems().toString());
    }

    @Test
    void badValuesGiveDefaultsAndProblemsNamingTheKey() {
        BackendOptions o = options("network_device_mtu", "abc", "mtu2", 67, "multiqueue", "yes",
                "flat_interface", "abcdefghijklmnop", "vlan_interface", 5, "network_namespace", "a/b",
                "sysfs_root", "sys");
        assertEquals(1500, o.networkDeviceMtu());
        assertEquals(1500, o.integer("mtu2", 68, 65535));
        assertFalse(o.bool("multiqueue"));
        assertEquals("", o.interfaceName("flat_interface"));
        assertEquals("", o.interfaceName("vlan_interface"));
        // never the platform's own namespace instead: the bad name stays, and plugs fail naming the key
        String namespace = o.networkNamespace();
        assertEquals("a/b", namespace);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new PlugNamespace(namespace, NamespaceManager.standard()).call(links -> null));
        assertTrue(e.getMessage().startsWith("network_namespace \"a/b\": cannot open it"), e.getMessage());
        assertEquals(Path.of("/sys"), o.absolutePath("sysfs_root", true));
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
    void aKeyThatIsNoOptionIsAProblemButTheFrameworksOwnAreNot() {
        BackendOptions o = options("network_namspace", "sp-tenant", "service.pid", "org.jvif.backend.test",
                "component.name", "x", "component.id", 3L, "felix.fileinstall.filename", "file:/etc/x.cfg",
                "service.bundleLocation", "?", "org.apache.karaf.features.configKey", "org.jvif.backend.test");
        assertEquals(List.of("unknown network_namspace \"sp-tenant\": not an option of org.jvif.backend.test "
                + "(options: a, b, c, d, e, flat_interface, mtu2, multiqueue, network_device_mtu, network_namespace, "
                + "sysfs_root, vlan_interface)"), o.problems());
    }

    @Test
    void optionNamesAreTheAnnotationsAsDsMapsThem() throws Exception {
        assertEquals("network_device_mtu", BackendOptions.key(TestConfig.class.getDeclaredMethod("network__device__mtu")));
        assertEquals("mtu2", BackendOptions.key(TestConfig.class.getDeclaredMethod("mtu2")));
        assertThrows(IllegalArgumentException.class, () -> options().bool("no_such_option"));
    }
}
