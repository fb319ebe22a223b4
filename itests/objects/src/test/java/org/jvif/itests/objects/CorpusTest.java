package org.jvif.itests.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.jvif.api.object.Json;
import org.jvif.api.object.VersionedObject;
import org.jvif.api.object.VersionedObjectException;
import org.jvif.corpus.Corpus;

/** jvif reads and writes exactly what Python os-vif reads and writes (itests/corpus). */
class CorpusTest {

    /** Every case round-trips to os-vif's own primitive, and every downgrade matches os-vif's. */
    @TestFactory
    Stream<DynamicTest> visible() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : Corpus.lines("visible.jsonl")) {
            String name = (String) c.get("name");
            tests.add(DynamicTest.dynamicTest(name, () -> {
                Object primitive = c.get("primitive");
                VersionedObject obj = VersionedObject.fromPrimitive(primitive, AllTypes.RESOLVER);
                assertEquals(Corpus.canonical(primitive), Corpus.canonical(obj.toPrimitive()), "round trip");
                // and through JSON text, as it travels
                VersionedObject again = VersionedObject.fromPrimitive(Json.parse(obj.toJson()), AllTypes.RESOLVER);
                assertEquals(obj, again, "equal after a JSON round trip");
                @SuppressWarnings("unchecked")
                Map<String, Object> downgrades = (Map<String, Object>) c.get("downgrades");
                for (Map.Entry<String, Object> d : downgrades.entrySet()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> expected = (Map<String, Object>) d.getValue();
                    if ("ObjectActionError".equals(expected.get("error"))) {
                        VersionedObjectException e = assertThrows(VersionedObjectException.class,
                                () -> obj.toPrimitive(d.getKey()), "downgrade to " + d.getKey() + " must be refused");
                        assertEquals("ObjectActionError", e.type());
                        assertEquals(expected.get("message"), e.reason());
                    } else {
                        assertEquals(Corpus.canonical(expected), Corpus.canonical(obj.toPrimitive(d.getKey())),
                                "downgrade to " + d.getKey());
                    }
                }
            }));
        }
        return tests.stream();
    }

    /** Every primitive os-vif rejects is rejected, with os-vif's exception type. */
    @TestFactory
    Stream<DynamicTest> invalid() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : Corpus.lines("invalid.jsonl")) {
            tests.add(DynamicTest.dynamicTest((String) c.get("name"), () -> {
                Object primitive = c.get("primitive");
                if (newerThanOsVif300(primitive)) {
                    // os-vif 3.0.0 stops at 1.3 where master (and jvif) went on to 1.4: read, not refused
                    VersionedObject.fromPrimitive(primitive, AllTypes.RESOLVER);
                    return;
                }
                try {
                    VersionedObject obj = VersionedObject.fromPrimitive(primitive, AllTypes.RESOLVER);
                    fail("accepted: " + obj.toJson());
                } catch (VersionedObjectException e) {
                    assertEquals(c.get("exception"), e.type(), e.getMessage());
                }
            }));
        }
        return tests.stream();
    }

    private static boolean newerThanOsVif300(Object primitive) {
        if (!(primitive instanceof Map)) {
            return false;
        }
        Map<?, ?> p = (Map<?, ?>) primitive;
        Object name = p.get("versioned_object.name");
        Object version = p.get("versioned_object.version");
        return "1.4".equals(version) && name instanceof String
                && AllTypes.RESOLVER.schema((String) name) != null
                && AllTypes.RESOLVER.schema((String) name).version().text().equals("1.4");
    }

    /** What os-vif accepts only through a quirk: os-vif's result, or a clear error; never a third value. */
    @TestFactory
    Stream<DynamicTest> accepted() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : Corpus.lines("accepted.jsonl")) {
            tests.add(DynamicTest.dynamicTest((String) c.get("name"), () -> {
                VersionedObject obj;
                try {
                    obj = VersionedObject.fromPrimitive(c.get("primitive"), AllTypes.RESOLVER);
                } catch (VersionedObjectException e) {
                    return; // refused, with a clear error
                }
                assertEquals(Corpus.canonical(c.get("result")), Corpus.canonical(obj.toPrimitive()));
            }));
        }
        return tests.stream();
    }
}
