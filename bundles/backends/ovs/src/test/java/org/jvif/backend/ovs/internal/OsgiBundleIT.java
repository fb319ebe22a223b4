package org.jvif.backend.ovs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import org.jvif.portprofile.openvswitch.VIFPortProfileOpenVSwitch;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The built bundle in Felix with SCR and Config Admin, beside the bundles it imports from: configured through
 * Config Admin on its PID, it registers as plugin "ovs", plugs through the registry's OsVif service into a
 * private Open vSwitch, takes a configuration change live and refuses a bad one.
 */
class OsgiBundleIT {
    /** Bundles from the test class path, by symbolic name. */
    private static final List<String> RUNTIME = List.of("org.osgi.service.component", "org.osgi.util.function",
            "org.osgi.util.promise", "org.apache.felix.scr", "org.osgi.service.cm", "org.apache.felix.configadmin",
            "org.osgi.service.event", "com.fasterxml.jackson.core.jackson-core", "com.h2database", "org.jvif.object", "org.jvif.api", "org.jvif.registry",
            "org.jvif.vif.openvswitch", "org.jvif.vif.bridge", "org.jvif.vif.vhostuser", "org.jvif.vif.hostdevice",
            "org.jvif.portprofile.openvswitch", "org.jvif.host.netlink", "org.jvif.host.linux", "org.jvif.host.ovsdb",
            "slf4j.api", "slf4j.jdk14");

    private static String symbolicName(String jar) {
        try (JarFile j = new JarFile(jar)) {
            String bsn = j.getManifest() == null ? null : j.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
            return bsn == null ? null : bsn.split(";")[0].trim();
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void configuredThroughConfigAdminPlugsThroughTheRegistry(@TempDir Path storage) throws Exception {
        try (Fixture fx = new Fixture()) {
            Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(Map.of(
                    Constants.FRAMEWORK_STORAGE, storage.toString(),
                    Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
            framework.start();
            try {
                BundleContext ctx = framework.getBundleContext();
                List<Bundle> bundles = new ArrayList<>();
                for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                    String bsn = entry.endsWith(".jar") ? symbolicName(entry) : null;
                    if (bsn != null && RUNTIME.contains(bsn)) {
                        bundles.add(ctx.installBundle(Path.of(entry).toUri().toString()));
                    }
                }
                Bundle ovs = ctx.installBundle(Path.of(System.getProperty("bundle.jar")).toUri().toString());
                bundles.add(ovs);
                assertEquals(RUNTIME.size() + 1, bundles.size(), "bundles found on the class path: " + bundles);
                for (Bundle b : bundles) {
                    if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                        b.start();
                    }
                }
                assertEquals(Bundle.ACTIVE, ovs.getState());
                assertEquals("org.jvif.backend.ovs", ovs.getSymbolicName());

                configure(ctx, fx.config());
                Object osvif = await(ctx, () -> {
                    Object s = service(ctx, "org.jvif.api.OsVif");
                    return s != null && ((Collection<?>) call(s, "plugins")).contains("ovs") ? s : null;
                });

                VIFOpenVSwitch first = Vifs.ovs("br-int", 1450L);
                ((VIFPortProfileOpenVSwitch) first.getPortProfile()).setCreateTap(true);
                plug(osvif, first, "plug");
                assertEquals(List.of(first.getVifName()), fx.ports("br-int"));
                assertEquals(1450, fx.requireLink(first.getVifName()).path("mtu").asInt());
                assertTrue((Long) fx.row("Interface", first.getVifName()).get("ofport") > 0);

                // a change applies live: the next new port is isolated
                configure(ctx, fx.config("isolate_vif", true));
                List<VIFOpenVSwitch> more = new ArrayList<>();
                Object isolated = await(ctx, () -> {
                    VIFOpenVSwitch v = Vifs.ovs("br-int", null);
                    more.add(v);
                    plug(osvif, v, "plug");
                    Object tag = fx.row("Port", v.getVifName()).get("tag");
                    return Long.valueOf(4095).equals(tag) ? tag : null;
                });
                assertEquals(4095L, isolated);

                // a bad value is refused whole: isolation stays on (once the backend has said it refused it)
                List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
                java.util.logging.Logger jul = java.util.logging.Logger.getLogger(OvsPlugin.class.getName());
                java.util.logging.Handler refusals = new java.util.logging.Handler() {
                    @Override
                    public void publish(java.util.logging.LogRecord r) {
                        if (r.getMessage() != null && r.getMessage().contains("network_device_mtu = 20 refused")) {
                            refused.add(r.getMessage());
                        }
                    }

                    @Override
                    public void flush() {
                    }

                    @Override
                    public void close() {
                    }
                };
                jul.addHandler(refusals);
                try {
                    configure(ctx, fx.config("isolate_vif", false, "network_device_mtu", 20));
                    await(ctx, () -> refused.isEmpty() ? null : refused.get(0));
                } finally {
                    jul.removeHandler(refusals);
                }
                VIFOpenVSwitch last = Vifs.ovs("br-int", null);
                more.add(last);
                plug(osvif, last, "plug");
                assertEquals(4095L, fx.row("Port", last.getVifName()).get("tag"));

                plug(osvif, first, "unplug");
                for (VIFOpenVSwitch v : more) {
                    plug(osvif, v, "unplug");
                }
                assertEquals(List.of(), fx.ports("br-int"));
                assertTrue(fx.link(first.getVifName()).isEmpty());
            } finally {
                framework.stop();
                framework.waitForStop(10_000);
            }
        }
    }

    /** Sets the backend's configuration through the framework's ConfigurationAdmin. */
    private static void configure(BundleContext ctx, Map<String, Object> properties) throws Exception {
        Object admin = await(ctx, () -> service(ctx, "org.osgi.service.cm.ConfigurationAdmin"));
        Object configuration = admin.getClass().getMethod("getConfiguration", String.class, String.class)
                .invoke(admin, OvsPlugin.PID, "?");
        Method update = configuration.getClass().getMethod("update", java.util.Dictionary.class);
        update.setAccessible(true);
        update.invoke(configuration, new Hashtable<>(properties));
    }

    /** Plugs or unplugs a VIF made on this side, decoded by the framework's registry from its primitive. */
    private static void plug(Object osvif, VIFOpenVSwitch vif, String what) throws Exception {
        Object inside = call(osvif, "fromPrimitive", vif.toPrimitive());
        Object instance = call(osvif, "fromPrimitive", Vifs.instance().toPrimitive());
        call(osvif, what, inside, instance);
    }

    /** Any registration: the test's own class path has these types too, so no class-space filtering. */
    private static Object service(BundleContext ctx, String type) throws Exception {
        ServiceReference<?>[] refs = ctx.getAllServiceReferences(type, null);
        return refs == null ? null : ctx.getService(refs[0]);
    }

    private static Object call(Object target, String name, Object... args) throws Exception {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                for (Method m : i.getMethods()) {
                    if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                        try {
                            return m.invoke(target, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause() instanceof Exception x ? x : e;
                        }
                    }
                }
            }
        }
        throw new NoSuchMethodException(name);
    }

    interface Probe {
        Object get() throws Exception;
    }

    private static Object await(BundleContext ctx, Probe probe) throws Exception {
        long end = System.nanoTime() + 20_000_000_000L;
        while (true) {
            Object o = probe.get();
            if (o != null) {
                return o;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("not there after 20 s; bundles: " + java.util.Arrays.toString(ctx.getBundles()));
            }
            Thread.sleep(50);
        }
    }
}
