package org.jvif.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.jvif.itests.osgi.Platform.eventually;
import static org.jvif.itests.osgi.Platform.installed;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.jvif.api.CheckReport;
import org.jvif.api.Finding;
import org.jvif.api.HostObject;
import org.jvif.api.MarkedObject;
import org.jvif.api.OsVif;
import org.jvif.api.PluggedVifs;
import org.jvif.api.VifCheck;
import org.jvif.api.VifHostState;
import org.jvif.api.VifPlugin;
import org.jvif.api.VifState;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * The durable record and the host held to it, in Felix: the record outlives a restart of the registry
 * bundle, and a backend that comes back finds its VIFs plugged again by the start-up reconcile.
 */
@RunWith(PaxExam.class)
public class HostStateIT {
    static final String NAME = "maphost";
    static final String A = "0b6f1e2a-9c1d-4e53-a0c2-3b1f0d7c9a0a";

    @Inject
    private BundleContext context;

    @Inject
    private org.osgi.service.cm.ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return Platform.options(org.ops4j.pax.exam.CoreOptions.mavenBundle("org.apache.felix",
                "org.apache.felix.configadmin").versionAsInProject());
    }

    /** The registry's PID: a mode change applies while running; a bad value is refused, the registry stays. */
    @Test
    public void aBadReconcileModeIsRefusedAndTheRegistryStays() throws Exception {
        ServiceReference<OsVif> before = context.getServiceReference(OsVif.class);
        org.osgi.service.cm.Configuration c = configurationAdmin.getConfiguration("org.jvif.registry", null);
        try {
            // each applied once the registry's service shows it (SCR publishes a component's configuration)
            for (String mode : new String[] {"report", "fix"}) {
                c.update(new Hashtable<>(Map.of("reconcile_on_start", mode)));
                eventually("reconcile_on_start " + mode + " applied", 10, () -> mode.equals(
                        context.getServiceReference(OsVif.class).getProperty("reconcile_on_start")));
            }
            ServiceReference<OsVif> after = context.getServiceReference(OsVif.class);
            assertEquals("the same registry, never deactivated", before.getProperty("service.id"),
                    after.getProperty("service.id"));
        } finally {
            c.delete();
        }
    }

    /** A backend whose host is a map from device name to the VIF id marking it. */
    static final class MapHost implements VifPlugin {
        final Map<String, String> host = new ConcurrentHashMap<>();

        @Override
        public HostPluginInfo describe() {
            return HostPluginInfo.of(NAME, HostVIFInfo.of("VIFGeneric", "1.0", "1.0"));
        }

        @Override
        public void plug(VIFBase vif, InstanceInfo instanceInfo) {
            host.put((String) vif.get("vif_name"), vif.getId());
        }

        @Override
        public void unplug(VIFBase vif, InstanceInfo instanceInfo) {
            host.remove((String) vif.get("vif_name"), vif.getId());
        }

        @Override
        public List<Finding> inspect(VIFBase vif, InstanceInfo instanceInfo) {
            HostObject dev = HostObject.device((String) vif.get("vif_name"));
            String owner = host.get(dev.name());
            return List.of(owner == null ? Finding.missing(dev) : Finding.compare(dev, "owner", vif.getId(), owner));
        }

        @Override
        public List<MarkedObject> marked() {
            List<MarkedObject> out = new ArrayList<>();
            host.forEach((name, owner) -> out.add(new MarkedObject(HostObject.device(name), owner)));
            return out;
        }

        @Override
        public void remove(MarkedObject marked) {
            host.remove(marked.object().name(), marked.vifId());
        }
    }

    private <T> T service(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            ServiceReference<T> ref = context.getServiceReference(type);
            T s = ref == null ? null : context.getService(ref);
            if (s != null) {
                return s;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(type.getName() + " never came");
    }

    private ServiceRegistration<VifPlugin> register(MapHost backend) {
        return context.registerService(VifPlugin.class, backend, new Hashtable<>(Map.of(VifPlugin.PLUGIN_NAME, NAME)));
    }

    private static String primitive(String id, String vifName) {
        return "{\"versioned_object.name\": \"VIFGeneric\", \"versioned_object.namespace\": \"os_vif\", "
                + "\"versioned_object.version\": \"1.0\", \"versioned_object.data\": {\"id\": \"" + id
                + "\", \"plugin\": \"" + NAME + "\", \"vif_name\": \"" + vifName + "\"}, "
                + "\"versioned_object.changes\": [\"id\", \"plugin\", \"vif_name\"]}";
    }

    @Test
    public void theRecordOutlivesTheRegistryAndTheHostIsMendedWhenTheBackendReturns() throws Exception {
        MapHost backend = new MapHost();
        ServiceRegistration<VifPlugin> registration = register(backend);
        OsVif osVif = service(OsVif.class);
        eventually("the backend is bound", () -> osVif.plugins().contains(NAME));
        osVif.plug((VIFBase) osVif.fromJson(primitive(A, "tapA")), null);
        VifHostState state = service(VifHostState.class);
        assertTrue(state.check(List.of()).clean());

        // the backend goes, the registry restarts, the host loses the device meanwhile (a reboot)
        registration.unregister();
        Bundle registry = installed(context, "org.jvif.registry");
        registry.stop();
        backend.host.clear();
        registry.start();

        PluggedVifs record = service(PluggedVifs.class);
        assertEquals(VifState.PLUGGED, record.vif(A).orElseThrow().state());
        CheckReport before = service(VifHostState.class).check(List.of(A));
        assertEquals(VifCheck.Status.UNCHECKED, before.vifs().get(0).status());

        registration = register(backend);
        try {
            eventually("start-up reconcile plugs A again", () -> A.equals(backend.host.get("tapA")));
            assertTrue(service(VifHostState.class).check(List.of()).clean());

            // an orphan: marked as a VIF the record does not hold; gc removes it
            backend.host.put("tapZ", "0b6f1e2a-9c1d-4e53-a0c2-3b1f0d7c9a0f");
            assertEquals(1, service(VifHostState.class).check(List.of()).orphans().size());
            assertEquals(1, service(VifHostState.class).gc(false).removed().size());
            assertEquals(Map.of("tapA", A), Map.copyOf(backend.host));
            service(OsVif.class).unplug((VIFBase) service(OsVif.class).fromJson(primitive(A, "tapA")), null);
        } finally {
            registration.unregister();
        }
    }
}
