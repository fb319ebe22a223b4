package org.jvif.itests.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvif.host.netlink.testing.IpWitness;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The built bundles in Felix with SCR and Config Admin: the three backends register as VifPlugin
 * services without configuration; a configuration of {@code org.jvif.backend.tap} reaches the running
 * backend through {@code @Modified}, a bad one is refused; a VIF decoded and plugged through the OsVif
 * service lands in the configured private namespace. The framework's classes are not the test's, so
 * services are driven by reflection and VIFs go in as os-vif primitives.
 */
class LinuxBackendsOsgiIT {
    private static final String TAP_PID = "org.jvif.backend.tap";

    @Test
    void backendsRunInFelixAndFollowConfigAdmin(@TempDir Path storage) throws Exception {
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        try (Sandbox sandbox = Sandbox.create("osgi")) {
            BundleContext context = framework.getBundleContext();
            List<Bundle> bundles = new ArrayList<>();
            try (Stream<Path> jars = Files.list(Path.of(System.getProperty("jvif.bundles")))) {
                for (Path jar : jars.sorted().toList()) {
                    bundles.add(context.installBundle(jar.toUri().toString()));
                }
            }
            // fragments (slf4j-jdk14) attach, they do not start
            bundles.removeIf(b -> b.getHeaders().get(Constants.FRAGMENT_HOST) != null);
            for (Bundle bundle : bundles) {
                bundle.start();
            }
            for (Bundle bundle : bundles) {
                assertEquals(Bundle.ACTIVE, bundle.getState(), bundle.getSymbolicName());
            }
            for (String plugin : List.of("linux_bridge", "tap", "macvtap")) {
                await(() -> !references(context, "org.jvif.api.VifPlugin", "(vif.plugin=" + plugin + ")").isEmpty(),
                        "VifPlugin " + plugin);
            }

            Object configAdmin = service(context, "org.osgi.service.cm.ConfigurationAdmin", null);
            Object configuration = call(configAdmin, "getConfiguration", TAP_PID, "?");
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("network_namespace", sandbox.name);
            properties.put("network_device_mtu", 1400);
            call(configuration, "update", properties);
            await(() -> references(context, "org.jvif.api.VifPlugin",
                    "(&(vif.plugin=tap)(network_namespace=" + sandbox.name + "))").size() == 1, "tap configured");

            Object osVif = service(context, "org.jvif.api.OsVif", null);
            Object instance = call(osVif, "fromPrimitive", primitive("InstanceInfo", "1.0",
                    Map.of("uuid", "5b2bbd4e-0f0c-4f5e-9d0b-6c2b3d1c2a10", "name", "vm1", "project_id", "p1")));
            Object tap1 = call(osVif, "fromPrimitive", tap("tap-osgi1"));
            call(osVif, "plug", tap1, instance);
            JsonNode tap = IpWitness.require(sandbox.name, "tap-osgi1");
            assertEquals("tun", IpWitness.kind(tap));
            assertEquals(1400, tap.path("mtu").asInt(), "network_device_mtu from Config Admin");

            // refused while running: the service shows the new properties, the backend keeps the old ones
            properties.put("network_device_mtu", "huge");
            call(configuration, "update", properties);
            await(() -> references(context, "org.jvif.api.VifPlugin", "(&(vif.plugin=tap)(network_device_mtu=huge))")
                    .size() == 1, "bad update delivered");
            Object tap2 = call(osVif, "fromPrimitive", tap("tap-osgi2"));
            call(osVif, "plug", tap2, instance);
            assertEquals(1400, IpWitness.require(sandbox.name, "tap-osgi2").path("mtu").asInt());

            // restarted with the refused configuration: out of service, saying why, never the defaults
            Bundle tapBundle = bundles.stream().filter(b -> b.getSymbolicName().equals("org.jvif.backend.tap"))
                    .findFirst().orElseThrow();
            tapBundle.stop();
            tapBundle.start();
            await(() -> !references(context, "org.jvif.api.VifPlugin", "(vif.plugin=tap)").isEmpty(), "tap again");
            String why = TAP_PID + ": invalid network_device_mtu \"huge\": not an integer";
            await(() -> Map.of("tap", why).equals(call(osVif, "outOfService")), "tap out of service");
            Object tap3 = call(osVif, "fromPrimitive", tap("tap-osgi3"));
            Exception refused = assertThrows(Exception.class, () -> call(osVif, "plug", tap3, instance));
            assertTrue(refused.getMessage().endsWith("Got error: out of service: " + why), refused.getMessage());
            assertFalse(IpWitness.link(sandbox.name, "tap-osgi3").isPresent());

            // a misspelt key is refused too; a good configuration brings it back
            properties.remove("network_device_mtu");
            properties.put("network_namspace", sandbox.name);
            call(configuration, "update", properties);
            await(() -> String.valueOf(call(osVif, "outOfService")).contains("unknown network_namspace"),
                    "the misspelt key named");
            properties.remove("network_namspace");
            call(configuration, "update", properties);
            await(() -> Map.of().equals(call(osVif, "outOfService")), "tap in service");

            call(osVif, "unplug", tap1, instance);
            call(osVif, "unplug", tap2, instance);
            assertFalse(IpWitness.link(sandbox.name, "tap-osgi1").isPresent());
            assertFalse(IpWitness.link(sandbox.name, "tap-osgi2").isPresent());
            call(configuration, "delete");
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    private static Map<String, Object> tap(String name) {
        return primitive("VIFGeneric", "1.0", Map.of("id", "9f0b1e7a-4a8b-4f3c-8d6e-1a2b3c4d5e6f",
                "address", "fa:16:3e:00:00:01", "plugin", "tap", "vif_name", name));
    }

    private static Map<String, Object> primitive(String name, String version, Map<String, Object> data) {
        return Map.of("versioned_object.name", name, "versioned_object.namespace", "os_vif",
                "versioned_object.version", version, "versioned_object.data", data);
    }

    private static List<ServiceReference<?>> references(BundleContext context, String type, String filter) {
        try {
            ServiceReference<?>[] found = context.getAllServiceReferences(type, filter);
            return found == null ? List.of() : List.of(found);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Object service(BundleContext context, String type, String filter) throws Exception {
        await(() -> !references(context, type, filter).isEmpty(), type);
        Object service = context.getService(references(context, type, filter).get(0));
        assertNotNull(service, type);
        return service;
    }

    /** A condition that may throw, as a reflective call does. */
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.holds()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    /** Calls the public method of that name and arity; what it throws is rethrown as is. */
    private static Object call(Object target, String method, Object... args) throws Exception {
        for (Class<?> type : target.getClass().getInterfaces()) {
            for (Method m : type.getMethods()) {
                if (m.getName().equals(method) && m.getParameterCount() == args.length && accepts(m, args)) {
                    try {
                        return m.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause() instanceof Exception cause ? cause : e;
                    }
                }
            }
        }
        throw new IOException("no method " + method + "/" + args.length + " on " + target.getClass());
    }

    private static boolean accepts(Method m, Object[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!m.getParameterTypes()[i].isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }
}
