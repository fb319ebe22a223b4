package org.jvif.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.jvif.itests.osgi.Platform.eventually;
import static org.jvif.itests.osgi.Platform.installed;

import java.io.IOException;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.jvif.api.NoMatchingPlugin;
import org.jvif.api.OsVif;
import org.jvif.api.PluggedVifs;
import org.jvif.api.VifState;
import org.jvif.api.model.HostInfo;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.UnsupportedObjectError;
import org.jvif.api.object.VersionedObject;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The platform in Felix with SCR: the API, the registry, all 16 type bundles and noop, found by the
 * registry as services, and types and backends coming and going at runtime.
 */
@RunWith(PaxExam.class)
public class OsVifIT {
    @Inject
    private BundleContext context;

    @Inject
    private OsVif osVif;

    @Configuration
    public Option[] config() {
        return Platform.options();
    }

    @Test
    public void decodesAPrimitiveOfEveryType() throws IOException {
        Map<String, Map<String, Object>> corpus = Platform.corpus();
        List<String> names = osVif.types().stream().map(ObjectSchema::name).collect(Collectors.toList());
        assertEquals("os-vif's 31 classes: " + names, 31, names.size());
        for (String name : names) {
            Map<String, Object> primitive = corpus.entrySet().stream().filter(e -> e.getKey().startsWith(name + "/full"))
                    .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError("no case for " + name));
            VersionedObject decoded = osVif.fromPrimitive(primitive);
            assertEquals(name, decoded.objName());
            assertEquals(name, changesAsSets(primitive), changesAsSets(osVif.toPrimitive(decoded, null)));
        }
    }

    @Inject
    private PluggedVifs pluggedVifs;

    @Test
    public void plugsAVhostUserVifThroughNoop() throws Exception {
        assertEquals(List.of("noop"), List.copyOf(osVif.plugins()));
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, events::add,
                new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, PluggedVifs.TOPIC_ALL)));
        VIFBase vif = vhostUser();
        try {
            osVif.plug(vif, instance());
            Event plugged = events.poll(10, TimeUnit.SECONDS);
            assertEquals("org/jvif/vif/PLUGGED", plugged.getTopic());
            assertEquals(vif.getId(), plugged.getProperty(PluggedVifs.PROP_VIF_ID));
            assertEquals("noop", plugged.getProperty(PluggedVifs.PROP_PLUGIN));
            assertEquals(VifState.PLUGGED, pluggedVifs.vif(vif.getId()).orElseThrow().state());
            osVif.unplug(vif, instance());
            assertEquals("org/jvif/vif/UNPLUGGED", events.poll(10, TimeUnit.SECONDS).getTopic());
            assertEquals(VifState.UNPLUGGED, pluggedVifs.vif(vif.getId()).orElseThrow().state());
        } finally {
            handler.unregister();
        }
        HostInfo info = osVif.hostInfo();
        assertEquals("VIFVHostUser", info.plugin("noop").orElseThrow().getVifInfo().get(0).getVifObjectName());
    }

    @Test
    public void typesAndBackendsComeAndGoAtRuntime() throws Exception {
        VIFBase vif = vhostUser();
        Map<String, Object> vhostUserPrimitive = vif.toPrimitive();
        Object fullHostInfo = changesAsSets(osVif.hostInfo().toPrimitive());

        Bundle vhostUser = installed(context, "org.jvif.vif.vhostuser");
        String vhostUserLocation = vhostUser.getLocation();
        vhostUser.uninstall();
        eventually("VIFVHostUser leaves", () -> osVif.schema("VIFVHostUser") == null);
        assertTrue(noopVifs().isEmpty());
        try {
            osVif.fromPrimitive(vhostUserPrimitive);
            fail("decoded a VIFVHostUser without its bundle");
        } catch (UnsupportedObjectError e) {
            assertEquals("Unsupported object type VIFVHostUser", e.reason());
        }
        osVif.plug(vif, instance()); // noop routes by plugin name: the VIF class is not needed

        Bundle noop = installed(context, "org.jvif.backend.noop");
        String noopLocation = noop.getLocation();
        noop.uninstall();
        eventually("noop leaves", () -> osVif.plugins().isEmpty());
        assertTrue(osVif.hostInfo().getPluginInfo().isEmpty());
        try {
            osVif.plug(vif, instance());
            fail("plugged without a backend");
        } catch (NoMatchingPlugin e) {
            assertEquals("No VIF plugin was found with the name noop", e.getMessage());
        }

        context.installBundle(vhostUserLocation).start();
        context.installBundle(noopLocation).start();
        eventually("both are back", () -> osVif.schema("VIFVHostUser") != null && !osVif.plugins().isEmpty());
        assertEquals(fullHostInfo, changesAsSets(osVif.hostInfo().toPrimitive()));
        VIFBase again = (VIFBase) osVif.fromPrimitive(vhostUserPrimitive);
        assertEquals(changesAsSets(vhostUserPrimitive), changesAsSets(again.toPrimitive()));
        osVif.plug(again, instance());
        assertEquals(31, osVif.types().size());
    }

    private List<HostVIFInfo> noopVifs() {
        HostPluginInfo noop = osVif.hostInfo().plugin("noop").orElseThrow();
        return noop.getVifInfo();
    }

    private VIFBase vhostUser() throws IOException {
        VIFBase vif = (VIFBase) osVif.fromPrimitive(Platform.corpus().get("VIFVHostUser/full-ipv4"));
        vif.setPlugin("noop");
        return vif;
    }

    private InstanceInfo instance() throws IOException {
        return (InstanceInfo) osVif.fromPrimitive(Platform.corpus().get("InstanceInfo/full"));
    }

    /** os-vif writes {@code versioned_object.changes} in hash order: compare them as sets. */
    private static Object changesAsSets(Object primitive) {
        if (primitive instanceof Map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) primitive).forEach((k, v) -> out.put(k,
                    "versioned_object.changes".equals(k) ? new HashSet<>((List<?>) v) : changesAsSets(v)));
            return out;
        } else if (primitive instanceof List) {
            return ((List<?>) primitive).stream().map(OsVifIT::changesAsSets).collect(Collectors.toList());
        }
        return primitive;
    }
}
