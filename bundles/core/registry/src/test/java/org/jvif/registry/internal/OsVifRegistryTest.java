package org.jvif.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.jvif.api.NoMatchingPlugin;
import org.jvif.api.NoMatchingPortProfileClass;
import org.jvif.api.NoMatchingVIFClass;
import org.jvif.api.NoSupportedPortProfileVersion;
import org.jvif.api.NoSupportedVIFVersion;
import org.jvif.api.PlugException;
import org.jvif.api.UnplugException;
import org.jvif.api.VifPlugin;
import org.jvif.api.model.HostInfo;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.HostPortProfileInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.api.object.IncompatibleObjectVersion;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.UnsupportedObjectError;
import org.jvif.api.object.VersionedObject;
import org.jvif.api.object.VersionedObjectType;
import org.jvif.backend.noop.internal.NoOpPlugin;
import org.jvif.corpus.Corpus;
import org.jvif.offload.representor.DatapathOffloadRepresentor;
import org.jvif.portprofile.openvswitch.VIFPortProfileOpenVSwitch;
import org.jvif.portprofile.ovsrepresentor.VIFPortProfileOVSRepresentor;
import org.jvif.vif.bridge.VIFBridge;
import org.jvif.vif.hostdevice.VIFHostDevice;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.jvif.vif.vhostuser.VIFVHostUser;
import org.osgi.framework.Constants;

/** The registry without OSGi: services bound by hand as SCR would bind them. */
class OsVifRegistryTest {
    private static final AtomicLong SERVICE_IDS = new AtomicLong();

    /** The classes os-vif's host_info() names, each as its own type service. */
    static final List<ObjectSchema> HOST_INFO_TYPES = List.of(VIFBridge.SCHEMA, VIFOpenVSwitch.SCHEMA,
            VIFVHostUser.SCHEMA, VIFHostDevice.SCHEMA, VIFPortProfileOpenVSwitch.SCHEMA,
            VIFPortProfileOVSRepresentor.SCHEMA);

    final OsVifRegistry registry = new OsVifRegistry();

    static Map<String, Object> service(Object... keyValues) {
        Map<String, Object> p = new HashMap<>();
        p.put(Constants.SERVICE_ID, SERVICE_IDS.incrementAndGet());
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put((String) keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    /** Binds a type service; returns its properties, to unbind it. */
    static Map<String, Object> install(OsVifRegistry registry, ObjectSchema schema) {
        Map<String, Object> p = service(VersionedObjectType.OBJECT_NAME, schema.name());
        registry.addType(() -> schema, p);
        return p;
    }

    static Map<String, Object> install(OsVifRegistry registry, String pluginName, VifPlugin plugin, Object... more) {
        Map<String, Object> p = service(more);
        p.put(VifPlugin.PLUGIN_NAME, pluginName);
        registry.addPlugin(plugin, p);
        return p;
    }

    static VifPlugin failing(Exception plugError, Exception unplugError) {
        return new Fake() {
            @Override
            public void plug(VIFBase vif, InstanceInfo instanceInfo) throws Exception {
                throw plugError;
            }

            @Override
            public void unplug(VIFBase vif, InstanceInfo instanceInfo) throws Exception {
                throw unplugError;
            }
        };
    }

    /** A backend that records its calls and describes a fixed primitive. */
    static class Fake implements VifPlugin {
        final AtomicLong plugs = new AtomicLong();
        final AtomicLong unplugs = new AtomicLong();
        private final Map<String, Object> description;
        private final OsVifRegistry decoder;

        Fake() {
            this(null, null);
        }

        Fake(OsVifRegistry decoder, Map<String, Object> description) {
            this.decoder = decoder;
            this.description = description;
        }

        @Override
        public HostPluginInfo describe() {
            if (description == null) {
                HostPluginInfo nothing = new HostPluginInfo();
                nothing.setPluginName("fake");
                nothing.setVifInfo(List.of());
                return nothing;
            }
            return (HostPluginInfo) decoder.fromPrimitive(description);
        }

        @Override
        public void plug(VIFBase vif, InstanceInfo instanceInfo) throws Exception {
            plugs.incrementAndGet();
        }

        @Override
        public void unplug(VIFBase vif, InstanceInfo instanceInfo) throws Exception {
            unplugs.incrementAndGet();
        }
    }

    static VIFBase vif(String pluginName) {
        VIFBase vif = new VIFBase();
        vif.setId("1ce6394f-cfdb-4c77-818f-ccee8a1dcdef");
        if (pluginName != null) {
            vif.setPlugin(pluginName);
        }
        return vif;
    }

    static final class Foo extends VIFBase {
        Foo(ObjectSchema schema) {
            super(schema);
        }
    }

    /** A VIF class of our own, at any version. */
    static ObjectSchema foo(String version) {
        ObjectSchema[] self = new ObjectSchema[1];
        self[0] = ObjectSchema.extend(VIFBase.SCHEMA, "VIFFoo", version, () -> new Foo(self[0])).build();
        return self[0];
    }

    // --- object types ---

    @Test
    void knowsTheBaseClassesWithNoTypeInstalled() {
        assertEquals(List.of("DatapathOffloadBase", "FixedIP", "FixedIPList", "HostInfo", "HostPluginInfo",
                "HostPortProfileInfo", "HostVIFInfo", "InstanceInfo", "Network", "Route", "RouteList", "Subnet",
                "SubnetList", "VIFBase", "VIFPortProfileBase"),
                registry.types().stream().map(ObjectSchema::name).collect(Collectors.toList()));
        assertEquals(Corpus.changesAsSets(Corpus.primitive("Network/full-ipv4")),
                Corpus.changesAsSets(registry.fromPrimitive(Corpus.primitive("Network/full-ipv4")).toPrimitive()));
        assertTrue(registry.plugins().isEmpty());
    }

    @Test
    void decodesATypeOnlyWhileItsServiceIsThere() {
        Map<String, Object> primitive = Corpus.primitive("VIFOpenVSwitch+VIFPortProfileOpenVSwitch");
        UnsupportedObjectError missing = assertThrows(UnsupportedObjectError.class,
                () -> registry.fromPrimitive(primitive));
        assertEquals("Unsupported object type VIFOpenVSwitch", missing.reason());

        Map<String, Object> service = install(registry, VIFOpenVSwitch.SCHEMA);
        UnsupportedObjectError nested = assertThrows(UnsupportedObjectError.class,
                () -> registry.fromPrimitive(primitive));
        assertEquals("VIFOpenVSwitch.port_profile: Unsupported object type VIFPortProfileOpenVSwitch",
                nested.getMessage());

        install(registry, VIFPortProfileOpenVSwitch.SCHEMA);
        install(registry, DatapathOffloadRepresentor.SCHEMA);
        VersionedObject vif = registry.fromPrimitive(primitive);
        assertTrue(vif instanceof VIFOpenVSwitch);
        assertEquals(Corpus.changesAsSets(primitive), Corpus.changesAsSets(registry.toPrimitive(vif, null)));
        assertSame(VIFOpenVSwitch.SCHEMA, registry.schema("VIFOpenVSwitch"));
        assertTrue(registry.types().contains(VIFOpenVSwitch.SCHEMA));

        registry.removeType(null, service);
        assertThrows(UnsupportedObjectError.class, () -> registry.fromPrimitive(primitive));
        assertNull(registry.schema("VIFOpenVSwitch"));
        assertNull(registry.schema(null));
    }

    @Test
    void writesOlderVersionsAsOsVifDoes() {
        install(registry, VIFVHostUser.SCHEMA);
        Map<String, Object> v11 = Corpus.primitive("VIFVHostUser/partial-1(mode,preserve_on_delete)");
        VersionedObject vif = registry.fromPrimitive(v11);
        Map<String, Object> v10 = registry.toPrimitive(vif, "1.0");
        assertEquals("1.0", v10.get("versioned_object.version"));
        assertEquals(Corpus.changesAsSets(v11), Corpus.changesAsSets(registry.toPrimitive(vif, null)));
    }

    @Test
    void theHighestVersionOfANameWinsAndTheNextTakesOver() {
        ObjectSchema foo10 = foo("1.0");
        ObjectSchema foo11 = foo("1.1");
        Map<String, Object> s11 = install(registry, foo11);
        Map<String, Object> s10 = install(registry, foo10);
        assertSame(foo11, registry.schema("VIFFoo"));

        Foo newer = new Foo(foo11);
        newer.setId("x");
        newer.setPlugin("noop");
        Map<String, Object> primitive = newer.toPrimitive();
        assertEquals("1.1", registry.fromPrimitive(primitive).version().text());

        registry.removeType(null, s11);
        assertSame(foo10, registry.schema("VIFFoo"));
        assertThrows(IncompatibleObjectVersion.class, () -> registry.fromPrimitive(primitive));

        registry.removeType(null, s10);
        assertNull(registry.schema("VIFFoo"));
        assertThrows(UnsupportedObjectError.class, () -> registry.fromPrimitive(primitive));
    }

    // --- plug and unplug ---

    @Test
    void plugsThroughTheBackendTheVifNames() {
        Fake noop = new Fake();
        Fake other = new Fake();
        install(registry, "noop", noop);
        install(registry, "other", other);
        registry.plug(vif("noop"), new InstanceInfo());
        registry.unplug(vif("noop"), new InstanceInfo());
        registry.unplug(vif("noop"), new InstanceInfo());
        assertEquals(1, noop.plugs.get());
        assertEquals(2, noop.unplugs.get());
        assertEquals(0, other.plugs.get() + other.unplugs.get());
        assertEquals(List.of("noop", "other"), List.copyOf(registry.plugins()));
    }

    @Test
    void aVifNamingNoInstalledBackendRaisesNoMatchingPlugin() {
        install(registry, "noop", new Fake());
        NoMatchingPlugin e = assertThrows(NoMatchingPlugin.class, () -> registry.plug(vif("ovs"), null));
        assertEquals("No VIF plugin was found with the name ovs", e.getMessage());
        assertEquals("NoMatchingPlugin", e.type());
        assertThrows(NoMatchingPlugin.class, () -> registry.unplug(vif("ovs"), null));
        assertThrows(NoMatchingPlugin.class, () -> registry.plug(vif(null), null));
    }

    @Test
    void whatABackendThrowsReachesTheCallerWrapped() {
        IOException plugError = new IOException("no such device");
        IllegalStateException unplugError = new IllegalStateException("busy");
        install(registry, "broken", failing(plugError, unplugError));
        VIFBase vif = vif("broken");

        PlugException p = assertThrows(PlugException.class, () -> registry.plug(vif, null));
        assertSame(plugError, p.getCause());
        assertEquals("Failed to plug VIF " + vif + ". Got error: no such device", p.getMessage());

        UnplugException u = assertThrows(UnplugException.class, () -> registry.unplug(vif, null));
        assertSame(unplugError, u.getCause());
        assertEquals("Failed to unplug VIF " + vif + ". Got error: busy", u.getMessage());
    }

    @Test
    void aBackendWhoseClassesLeftIsWrappedToo() {
        NoClassDefFoundError gone = new NoClassDefFoundError("org/jvif/backend/ovs/internal/Ovsdb");
        install(registry, "gone", new Fake() {
            @Override
            public void plug(VIFBase vif, InstanceInfo instanceInfo) {
                throw gone;
            }
        });
        assertSame(gone, assertThrows(PlugException.class, () -> registry.plug(vif("gone"), null)).getCause());
    }

    @Test
    void anInterruptedBackendLeavesTheInterruptFlagSet() {
        install(registry, "slow", failing(new InterruptedException(), new InterruptedException()));
        try {
            assertThrows(PlugException.class, () -> registry.plug(vif("slow"), null));
            assertTrue(Thread.interrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void ofTwoBackendsWithOneNameTheRankedThenTheOlderServes() {
        Fake first = new Fake();
        Fake second = new Fake();
        Fake ranked = new Fake();
        Map<String, Object> s1 = install(registry, "ovs", first);
        install(registry, "ovs", second);
        registry.plug(vif("ovs"), null);
        assertEquals(1, first.plugs.get());

        Map<String, Object> sr = install(registry, "ovs", ranked, Constants.SERVICE_RANKING, 10);
        registry.plug(vif("ovs"), null);
        assertEquals(1, ranked.plugs.get());

        registry.removePlugin(ranked, sr);
        registry.removePlugin(first, s1);
        registry.plug(vif("ovs"), null);
        assertEquals(1, second.plugs.get());
        assertEquals(List.of("ovs"), List.copyOf(registry.plugins()));
    }

    @Test
    void aRenamedBackendServesItsNewName() {
        Fake backend = new Fake();
        Map<String, Object> s = install(registry, "ovs", backend);
        s.put(VifPlugin.PLUGIN_NAME, "linux_bridge");
        registry.updatePlugin(backend, s);
        assertThrows(NoMatchingPlugin.class, () -> registry.plug(vif("ovs"), null));
        registry.plug(vif("linux_bridge"), null);
        assertEquals(1, backend.plugs.get());
    }

    @Test
    void aBackendWithoutAPluginNameIsLeftOut() {
        registry.addPlugin(new Fake(), service());
        registry.addPlugin(new Fake(), service(VifPlugin.PLUGIN_NAME, ""));
        registry.addPlugin(new Fake(), service(VifPlugin.PLUGIN_NAME, 42));
        assertTrue(registry.plugins().isEmpty());
    }

    // --- host info ---

    /** os-vif 3.0.0's three plugins: linux_bridge and ovs as os-vif's host_info() describes them, our noop. */
    void installOsVifPlugins() {
        List<Map<String, Object>> described = osVifPluginInfo("HostInfo/os_vif.host_info()");
        // bound out of name order: host info sorts them
        install(registry, "ovs", new Fake(registry, described.get(2)));
        install(registry, "noop", new NoOpPlugin());
        install(registry, "linux_bridge", new Fake(registry, described.get(0)));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> osVifPluginInfo(String caseName) {
        Map<String, Object> data = (Map<String, Object>) Corpus.primitive(caseName).get("versioned_object.data");
        return (List<Map<String, Object>>) data.get("plugin_info");
    }

    @Test
    void hostInfoIsOsVifsWhenItsTypesAreInstalled() {
        HOST_INFO_TYPES.forEach(t -> install(registry, t));
        installOsVifPlugins();
        assertEquals(Corpus.changesAsSets(Corpus.primitive("HostInfo/os_vif.host_info()")),
                Corpus.changesAsSets(registry.hostInfo().toPrimitive()));
        assertEquals(
                Corpus.changesAsSets(Corpus.primitive("HostInfo/os_vif.host_info(permitted=[VIFBridge,VIFOpenVSwitch])")),
                Corpus.changesAsSets(registry.hostInfo(List.of("VIFBridge", "VIFOpenVSwitch")).toPrimitive()));
    }

    @Test
    void noopDescribesWhatOsVifsNoopDoes() {
        install(registry, VIFVHostUser.SCHEMA);
        assertEquals(Corpus.changesAsSets(osVifPluginInfo("HostInfo/os_vif.host_info()").get(1)),
                Corpus.changesAsSets(new NoOpPlugin().describe().toPrimitive()));
    }

    @Test
    void hostInfoDropsTypesWhoseBundleLeftAndTakesThemBack() {
        Map<ObjectSchema, Map<String, Object>> services = new HashMap<>();
        HOST_INFO_TYPES.forEach(t -> services.put(t, install(registry, t)));
        installOsVifPlugins();
        Object full = Corpus.changesAsSets(registry.hostInfo().toPrimitive());

        registry.removeType(null, services.get(VIFVHostUser.SCHEMA));
        registry.removeType(null, services.get(VIFPortProfileOVSRepresentor.SCHEMA));
        HostInfo without = registry.hostInfo();
        assertEquals(List.of("linux_bridge", "noop", "ovs"), pluginNames(without));
        assertTrue(without.plugin("noop").orElseThrow().getVifInfo().isEmpty());
        HostPluginInfo ovs = without.plugin("ovs").orElseThrow();
        assertEquals(List.of("VIFBridge", "VIFOpenVSwitch", "VIFHostDevice"), vifNames(ovs));
        assertEquals(List.of("VIFPortProfileOpenVSwitch"), ovs.vif("VIFHostDevice").orElseThrow()
                .getSupportedPortProfiles().stream().map(HostPortProfileInfo::getProfileObjectName)
                .collect(Collectors.toList()));
        // filter_vif_types then drops the plugin left with nothing
        assertEquals(List.of("ovs"), pluginNames(registry.hostInfo(List.of("VIFOpenVSwitch", "VIFVHostUser"))));

        install(registry, VIFVHostUser.SCHEMA);
        install(registry, VIFPortProfileOVSRepresentor.SCHEMA);
        assertEquals(full, Corpus.changesAsSets(registry.hostInfo().toPrimitive()));
    }

    @Test
    void hostInfoDropsABackendThatLeft() {
        HOST_INFO_TYPES.forEach(t -> install(registry, t));
        NoOpPlugin noop = new NoOpPlugin();
        Map<String, Object> s = install(registry, "noop", noop);
        assertEquals(List.of("noop"), pluginNames(registry.hostInfo()));
        registry.removePlugin(noop, s);
        assertEquals(List.of(), pluginNames(registry.hostInfo()));
    }

    @Test
    void hostInfoKeepsAClassWhenTheInstalledVersionReadsSomeVersionInRange() {
        install(registry, VIFVHostUser.SCHEMA); // 1.1: reads 1.0 and 1.1
        String[][] ranges = {{"1.0", "1.0"}, {"1.1", "1.1"}, {"1.0", "1.5"}, {"1.0", "2.0"}, {"1.2", "1.3"},
            {"2.0", "2.1"}, {"0.1", "0.9"}, {"1.1", "1.0"}};
        List<HostVIFInfo> vifs = new ArrayList<>();
        for (String[] r : ranges) {
            vifs.add(vifInfo("VIFVHostUser", r[0], r[1]));
        }
        HostPluginInfo described = new HostPluginInfo();
        described.setPluginName("ranges");
        described.setVifInfo(vifs);
        install(registry, "ranges", new Fake() {
            @Override
            public HostPluginInfo describe() {
                return described;
            }
        });
        List<String> kept = registry.hostInfo().plugin("ranges").orElseThrow().getVifInfo().stream()
                .map(v -> v.getMinVersion() + "-" + v.getMaxVersion()).collect(Collectors.toList());
        assertEquals(List.of("1.0-1.0", "1.1-1.1", "1.0-1.5", "1.0-2.0"), kept);
    }

    @Test
    void hostInfoIsACopyTheCallerMayChange() {
        install(registry, VIFVHostUser.SCHEMA);
        HostPluginInfo cached = new NoOpPlugin().describe();
        install(registry, "noop", new Fake() {
            @Override
            public HostPluginInfo describe() {
                return cached;
            }
        });
        HostInfo first = registry.hostInfo();
        first.filterVifTypes(List.of("VIFBridge"));
        assertEquals(1, cached.getVifInfo().size());
        assertEquals(List.of("noop"), pluginNames(registry.hostInfo()));
    }

    // --- version negotiation, as os-vif's get_common_version ---

    static HostVIFInfo vifInfo(String name, String min, String max) {
        HostVIFInfo v = new HostVIFInfo();
        v.setVifObjectName(name);
        v.setMinVersion(min);
        v.setMaxVersion(max);
        v.setSupportedPortProfiles(List.of());
        return v;
    }

    static HostPortProfileInfo profileInfo(String name, String min, String max) {
        HostPortProfileInfo p = new HostPortProfileInfo();
        p.setProfileObjectName(name);
        p.setMinVersion(min);
        p.setMaxVersion(max);
        return p;
    }

    /** The answers Python os-vif 3.0.0 gives for its own host_info() (VIFVHostUser is 1.1 there too). */
    @Test
    void commonVersionIsOsVifs() {
        HOST_INFO_TYPES.forEach(t -> install(registry, t));
        assertEquals("1.0", registry.commonVersion(vifInfo("VIFBridge", "1.0", "1.0")));
        assertEquals("1.1", registry.commonVersion(vifInfo("VIFVHostUser", "1.0", "1.1")));
        NoSupportedVIFVersion old = assertThrows(NoSupportedVIFVersion.class,
                () -> registry.commonVersion(vifInfo("VIFVHostUser", "1.0", "1.0")));
        assertEquals("VIF class VIFVHostUser versions 1.1 do not satisfy min=1.0 max=1.0", old.getMessage());
        NoMatchingVIFClass none = assertThrows(NoMatchingVIFClass.class,
                () -> registry.commonVersion(vifInfo("Nope", "1.0", "1.0")));
        assertEquals("No VIF class was found with the name Nope", none.getMessage());

        assertEquals("1.4", registry.commonVersion(profileInfo("VIFPortProfileOpenVSwitch", "1.0", "1.4")));
        NoSupportedPortProfileVersion oldProfile = assertThrows(NoSupportedPortProfileVersion.class,
                () -> registry.commonVersion(profileInfo("VIFPortProfileOpenVSwitch", "1.0", "1.0")));
        assertEquals("PortProfile class VIFPortProfileOpenVSwitch versions 1.4 do not satisfy min=1.0 max=1.0",
                oldProfile.getMessage());
        assertThrows(NoMatchingPortProfileClass.class,
                () -> registry.commonVersion(profileInfo("VIFPortProfileFPTap", "1.0", "1.1")));
    }

    @Test
    void commonVersionLooksAtEveryInstalledVersion() {
        install(registry, foo("1.1"));
        install(registry, foo("1.0"));
        assertEquals("1.1", registry.commonVersion(vifInfo("VIFFoo", "1.0", "1.1")));
        assertEquals("1.0", registry.commonVersion(vifInfo("VIFFoo", "1.0", "1.0")));
        assertEquals("VIF class VIFFoo versions 1.1,1.0 do not satisfy min=1.2 max=1.3",
                assertThrows(NoSupportedVIFVersion.class,
                        () -> registry.commonVersion(vifInfo("VIFFoo", "1.2", "1.3"))).getMessage());
    }

    static List<String> pluginNames(HostInfo info) {
        return info.getPluginInfo().stream().map(HostPluginInfo::getPluginName).collect(Collectors.toList());
    }

    static List<String> vifNames(HostPluginInfo plugin) {
        return plugin.getVifInfo().stream().map(HostVIFInfo::getVifObjectName).collect(Collectors.toList());
    }

    @Test
    void aDescriptionOfNothingIsAClearError() {
        install(registry, "empty", new Fake() {
            @Override
            public HostPluginInfo describe() {
                return null;
            }
        });
        assertEquals("VIF plugin empty describes nothing",
                assertThrows(IllegalStateException.class, () -> registry.hostInfo()).getMessage());
        assertFalse(registry.plugins().isEmpty());
    }
}
