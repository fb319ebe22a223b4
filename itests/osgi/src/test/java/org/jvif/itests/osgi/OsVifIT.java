package org.jvif.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.jvif.api.NoMatchingPlugin;
import org.jvif.api.OsVif;
import org.jvif.api.model.HostInfo;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.api.object.Json;
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
import java.util.Hashtable;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jvif.api.PluggedVifs;
import org.jvif.api.VifState;

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
        List<Option> options = new ArrayList<>(Arrays.asList(
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.eventadmin").versionAsInProject(),
                junitBundles()));
        // the reactor's own jars, as just built (mavenBundle would want them installed in ~/.m2)
        File[] jars = new File(System.getProperty("jvif.bundles")).listFiles((d, n) -> n.endsWith(".jar"));
        Arrays.sort(jars);
        for (File jar : jars) {
            options.add(bundle(jar.toURI().toString()));
        }
        return options(options.toArray(new Option[0]));
    }

    @Test
    public void decodesAPrimitiveOfEveryType() throws IOException {
        Map<String, Map<String, Object>> corpus = corpus();
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

        Bundle vhostUser = installed("org.jvif.vif.vhostuser");
        String vhostUserLocation = vhostUser.getLocation();
        vhostUser.uninstall();
        eventually("VIFVHostUser leaves", () -> osVif.schema("VIFVHostUser") == null);
        assertTrue(noopVifs().isEmpty());
        try {
            osVif.fromPrimitive(vhostUserPrimitive);
            fail("decoded a VIFVHostUser without its bundle");
        } catch (UnsupportedObjectError e) {
            assertEquals("Unsupported object type VIFVHostUser", e.getMessage());
        }
        osVif.plug(vif, instance()); // noop routes by plugin name: the VIF class is not needed

        Bundle noop = installed("org.jvif.backend.noop");
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

    private Bundle installed(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError(symbolicName + " is not installed"));
    }

    /** SCR reacts to bundle events on the thread that sends them; this only guards against a slower SCR. */
    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + ": not within 5 s");
            }
            Thread.sleep(10);
        }
    }

    private VIFBase vhostUser() throws IOException {
        VIFBase vif = (VIFBase) osVif.fromPrimitive(corpus().get("VIFVHostUser/full-ipv4"));
        vif.setPlugin("noop");
        return vif;
    }

    private InstanceInfo instance() throws IOException {
        return (InstanceInfo) osVif.fromPrimitive(corpus().get("InstanceInfo/full"));
    }

    private static Map<String, Map<String, Object>> corpus;

    /** os-vif's visible corpus: case name to primitive. */
    @SuppressWarnings("unchecked")
    private static synchronized Map<String, Map<String, Object>> corpus() throws IOException {
        if (corpus != null) {
            return corpus;
        }
        Path visible = corpusDir().resolve("visible.jsonl");
        assertTrue("os-vif corpus not found at " + visible, Files.isReadable(visible));
        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        for (String line : Files.readAllLines(visible)) {
            Map<String, Object> c = (Map<String, Object>) Json.parse(line);
            cases.put((String) c.get("name"), (Map<String, Object>) c.get("primitive"));
        }
        assertNotNull(cases.get("VIFVHostUser/full-ipv4"));
        corpus = cases;
        return cases;
    }

    /** {@code -Djvif.corpus=DIR}, else the nearest {@code shared/corpus} above the build (CI lays shared/ beside the checkout). */
    private static Path corpusDir() {
        String given = System.getProperty("jvif.corpus");
        if (given != null && !given.isEmpty()) {
            return Path.of(given);
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isReadable(p.resolve("shared/corpus/visible.jsonl"))) {
                return p.resolve("shared/corpus");
            }
        }
        throw new AssertionError("os-vif corpus not found: no shared/corpus above " + start + "; set -Djvif.corpus=DIR");
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
