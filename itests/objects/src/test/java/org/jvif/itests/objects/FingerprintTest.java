package org.jvif.itests.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jvif.api.object.Json;
import org.jvif.api.object.ObjectSchema;
import org.jvif.corpus.Corpus;

/**
 * Each class's fields, types, nullability and defaults hash to os-vif's own fingerprint: the table of
 * os-vif 3.0.0 (itests/corpus), and os-vif master's for the three OVS profiles it moved to 1.4.
 */
class FingerprintTest {
    /** From os-vif master's os_vif/tests/unit/test_objects.py. */
    private static final Map<String, String> MASTER = Map.of(
            "VIFPortProfileOpenVSwitch", "1.4-54fb321f2b70c37d392fadc226c889e7",
            "VIFPortProfileFPOpenVSwitch", "1.4-20904c1dcdac0641cabf7b02525973bd",
            "VIFPortProfileOVSRepresentor", "1.4-82b7292ee4cd6f808b724d2f5648932b");

    @Test
    @SuppressWarnings("unchecked")
    void everyClassHasOsVifsFingerprint() throws Exception {
        Map<String, String> expected = new HashMap<>(
                (Map<String, String>) Json.parse(Corpus.text("fingerprints.json")));
        expected.putAll(MASTER);
        assertEquals(expected.size(), AllTypes.SCHEMAS.size());
        Map<String, String> actual = new HashMap<>();
        for (ObjectSchema s : AllTypes.SCHEMAS) {
            actual.put(s.name(), s.fingerprint());
        }
        assertEquals(new java.util.TreeMap<>(expected), new java.util.TreeMap<>(actual));
    }
}
