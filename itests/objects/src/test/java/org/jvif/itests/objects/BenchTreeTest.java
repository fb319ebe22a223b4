package org.jvif.itests.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jvif.api.object.Json;
import org.jvif.api.object.ObjectActionError;
import org.jvif.api.object.VersionedObject;
import org.jvif.corpus.Corpus;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.jvif.vif.vhostuser.VIFVHostUser;

/** The benchmark's tree is the one os-vif's peer script measures (bench-tree.json, from bench_tree.py). */
class BenchTreeTest {

    @Test
    @SuppressWarnings("unchecked")
    void theTreeIsOsVifs() throws IOException {
        String python;
        try (InputStream in = BenchTreeTest.class.getResourceAsStream("/bench-tree.json")) {
            python = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        Map<String, Object> jvif = BenchTree.vif().toPrimitive();
        // os-vif 3.0.0's VIFPortProfileOpenVSwitch is 1.3, jvif's 1.4 (create_tap, multiqueue: unset here)
        Map<String, Object> profile = (Map<String, Object>) ((Map<String, Object>) jvif.get("versioned_object.data"))
                .get("port_profile");
        assertEquals("1.4", profile.get("versioned_object.version"));
        profile.put("versioned_object.version", "1.3");
        assertEquals(Corpus.canonical(Json.parse(python)), Corpus.canonical(jvif));
        assertEquals(python.length(), Json.write(jvif).length());
        assertEquals(19, python.split("\"versioned_object.name\"", -1).length - 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDowngradesWorkAsThePythonScriptChecks() {
        VIFOpenVSwitch vif = BenchTree.vif();
        Map<String, Object> down = vif.toPrimitive("1.0", BenchTree.manifest(VIFOpenVSwitch.SCHEMA, "1.0"));
        Map<String, Object> profile = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) down
                .get("versioned_object.data")).get("port_profile")).get("versioned_object.data");
        assertFalse(profile.containsKey("create_port"));
        VIFVHostUser vhu = BenchTree.vhostUserTree(vif);
        assertEquals("Object action obj_make_compatible failed because: No rule for network",
                assertThrows(ObjectActionError.class, () -> vhu.toPrimitive("1.0")).getMessage());
        Map<String, Object> vdown = vhu.toPrimitive("1.0", BenchTree.manifest(VIFVHostUser.SCHEMA, "1.0"));
        assertFalse(((Map<String, Object>) vdown.get("versioned_object.data")).containsKey("vif_name"));
        assertEquals(vif, VersionedObject.fromPrimitive(Json.parse(vif.toJson()), AllTypes.RESOLVER));
    }
}
