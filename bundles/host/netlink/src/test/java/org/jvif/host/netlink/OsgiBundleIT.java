package org.jvif.host.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvif.host.netlink.testing.IpWitness;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleReference;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The built jar in a real Felix: it resolves with only the JRE beside it, exports just its API, and its
 * embedded jnr-ffi reaches the kernel (creates a namespace and finds its loopback link).
 */
class OsgiBundleIT {

    @Test
    void builtBundleWorksInsideFelix(@TempDir Path storage) throws Exception {
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        try {
            Path jar = Path.of(System.getProperty("bundle.jar"));
            Bundle bundle = framework.getBundleContext().installBundle(jar.toUri().toString());
            bundle.start();
            assertEquals(Bundle.ACTIVE, bundle.getState());
            assertEquals("org.jvif.host.netlink", bundle.getSymbolicName());

            List<String> exported = bundle.adapt(BundleWiring.class).getCapabilities("osgi.wiring.package").stream()
                    .map(BundleCapability::getAttributes).map(a -> (String) a.get("osgi.wiring.package")).toList();
            assertEquals(List.of("org.jvif.host.netlink"), exported, "jnr-ffi and friends stay private");

            Class<?> namespaceType = bundle.loadClass("org.jvif.host.netlink.NetNamespace");
            Class<?> managerType = bundle.loadClass("org.jvif.host.netlink.LinkManager");
            assertTrue(namespaceType.getClassLoader() instanceof BundleReference, "loaded by the bundle");
            assertTrue(bundle.loadClass("jnr.ffi.LibraryLoader").getClassLoader() instanceof BundleReference,
                    "jnr-ffi comes from inside the bundle, not the class path");

            String name = TestNamespaces.uniqueName("osgi");
            AutoCloseable namespace = (AutoCloseable) namespaceType.getMethod("create", String.class).invoke(null, name);
            try {
                Object links = namespaceType.getMethod("links").invoke(namespace);
                Method link = managerType.getMethod("link", String.class);
                Optional<?> loopback = (Optional<?>) link.invoke(links, "lo");
                assertTrue(loopback.isPresent(), "loopback found through jnr-ffi inside the framework");
                assertEquals(1, loopback.get().getClass().getMethod("index").invoke(loopback.get()));
            } finally {
                namespace.close();
                namespaceType.getMethod("delete", String.class).invoke(null, name);
            }
            assertTrue(IpWitness.link(null, "lo").isPresent());
            assertTrue(!IpWitness.namespaces().contains(name), "namespace removed");
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }
}
