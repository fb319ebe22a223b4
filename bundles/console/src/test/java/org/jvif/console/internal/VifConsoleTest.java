package org.jvif.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jvif.api.NoMatchingPlugin;
import org.jvif.api.OsVif;
import org.jvif.api.model.HostInfo;
import org.jvif.api.model.HostPortProfileInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.Network;
import org.jvif.api.model.Subnet;
import org.jvif.api.model.SubnetList;
import org.jvif.api.model.VIFBase;
import org.jvif.api.object.ObjectResolver;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;

class VifConsoleTest {
    /** An OsVif with the base model types and no backend. */
    static final class BareOsVif implements OsVif {
        private final ObjectResolver types = ObjectResolver.of(Network.SCHEMA, SubnetList.SCHEMA, Subnet.SCHEMA,
                InstanceInfo.SCHEMA, VIFBase.SCHEMA, HostInfo.SCHEMA);

        @Override
        public ObjectSchema schema(String name) {
            return types.schema(name);
        }

        @Override
        public void plug(VIFBase vif, InstanceInfo instanceInfo) {
            throw new NoMatchingPlugin(vif.getPlugin());
        }

        @Override
        public void unplug(VIFBase vif, InstanceInfo instanceInfo) {
            throw new NoMatchingPlugin(vif.getPlugin());
        }

        @Override
        public HostInfo hostInfo() {
            HostInfo h = new HostInfo();
            h.setPluginInfo(List.of());
            return h;
        }

        @Override
        public HostInfo hostInfo(Collection<String> permittedVifTypeNames) {
            return hostInfo();
        }

        @Override
        public VersionedObject fromPrimitive(Object primitive) {
            return VersionedObject.fromPrimitive(primitive, this);
        }

        @Override
        public VersionedObject fromJson(String text) {
            return VersionedObject.fromJson(text, this);
        }

        @Override
        public Map<String, Object> toPrimitive(VersionedObject object, String targetVersion) {
            return targetVersion == null ? object.toPrimitive() : object.toPrimitive(targetVersion);
        }

        @Override
        public Collection<ObjectSchema> types() {
            return List.of(Network.SCHEMA, InstanceInfo.SCHEMA, VIFBase.SCHEMA);
        }

        @Override
        public Collection<String> plugins() {
            return List.of();
        }

        @Override
        public String commonVersion(HostVIFInfo info) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String commonVersion(HostPortProfileInfo info) {
            throw new UnsupportedOperationException();
        }
    }

    private final VifConsole console = new VifConsole(new BareOsVif(), null);

    @Test
    void objectsConvertsEveryLineAndSurvivesBadOnes() throws Exception {
        String network = new Network().toJson();
        String input = network + "\n"
                + "{\"primitive\": " + network + ", \"target_version\": \"1.0\"}\n"
                + "not json\n"
                + "{\"versioned_object.name\": \"VIFFoo\", \"versioned_object.namespace\": \"os_vif\","
                + " \"versioned_object.version\": \"1.0\", \"versioned_object.data\": {}}\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int failed = console.objects(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(4, lines.length);
        assertEquals("{\"primitive\": " + network + "}", lines[0]);
        // Network -> 1.0 is refused by os-vif (no rule for subnets)
        assertTrue(lines[1].startsWith("{\"error\": {\"type\": \"ObjectActionError\""), lines[1]);
        assertTrue(lines[2].startsWith("{\"error\": {\"type\": \"JSONDecodeError\""), lines[2]);
        assertTrue(lines[3].startsWith("{\"error\": {\"type\": \"UnsupportedObjectError\""), lines[3]);
        assertEquals(3, failed);
    }

    @Test
    void plugThroughAMissingBackendFailsInOneLine() {
        VIFBase vif = new VIFBase();
        vif.setId("8b2c8a3e-5a6b-4b0e-9a55-0f0c2c1f0a11");
        vif.setPlugin("nothing");
        CommandFailure f = assertThrows(CommandFailure.class, () -> console.plug("-", null,
                new ByteArrayInputStream(vif.toJson().getBytes(StandardCharsets.UTF_8)), new InstanceInfo()));
        assertEquals("NoMatchingPlugin: No VIF plugin was found with the name nothing", f.toString());
    }

    @Test
    void tablesAlign() {
        String t = new Table("A", "LONGER").row("xyz", 1).row(null, "two").toString();
        assertEquals("A   | LONGER\n----+-------\nxyz | 1\n    | two\n", t);
    }
}
