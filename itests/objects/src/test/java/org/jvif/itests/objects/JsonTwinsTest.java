package org.jvif.itests.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.jvif.api.object.Json;
import org.jvif.api.object.VersionedObject;
import org.jvif.api.object.VersionedObjectException;
import org.jvif.corpus.Corpus;

/**
 * {@code VersionedObject.fromJson(text)} reads text straight into objects and {@code toJson()} writes it straight
 * from them: both must agree exactly with the step-by-step path through the primitive's maps ({@code Json.parse}
 * then {@code fromPrimitive}; {@code toPrimitive} then {@code Json.write}), result for result and error for error,
 * on every corpus case and on the same cases written differently (other white space, keys in another order,
 * repeated keys, escaped characters), the shapes the one-pass reader leaves to the general path.
 */
class JsonTwinsTest {
    private static final int VARIANTS = 40;

    @Test
    void corpusCasesReadTheSameBothWays() throws Exception {
        Random r = new Random(42);
        int cases = 0;
        int fast = 0;
        for (String file : List.of("visible.jsonl", "invalid.jsonl", "accepted.jsonl")) {
            for (Map<String, Object> c : Corpus.lines(file)) {
                Object primitive = c.get("primitive");
                String text = Json.write(primitive);
                fast += same(file + " " + c.get("name"), text) ? 1 : 0;
                cases++;
                for (int i = 0; i < VARIANTS; i++) {
                    same(file + " " + c.get("name") + " variant " + i, variant(primitive, r));
                }
            }
        }
        // the canonical texts of valid cases are what the one-pass reader exists for
        assertTrue(fast > cases / 3, "read in one pass: " + fast + " of " + cases);
    }

    @Test
    void writtenTheSameBothWays() throws Exception {
        for (Map<String, Object> c : Corpus.lines("visible.jsonl")) {
            VersionedObject obj = VersionedObject.fromPrimitive(c.get("primitive"), AllTypes.RESOLVER);
            assertEquals(Json.write(obj.toPrimitive()), obj.toJson(), (String) c.get("name"));
            assertEquals(Json.write(List.of(obj.toPrimitive())), Json.write(List.of(obj)), (String) c.get("name"));
        }
        VersionedObject tree = BenchTree.vif();
        assertEquals(Json.write(tree.toPrimitive()), tree.toJson());
    }

    /**
     * Asserts that both paths give equal objects (written equally) or the same error; true when the text read
     * as an object.
     */
    static boolean same(String label, String text) {
        Object slow;
        try {
            slow = VersionedObject.fromPrimitive(Json.parse(text), AllTypes.RESOLVER);
        } catch (VersionedObjectException e) {
            slow = e;
        }
        Object fast;
        try {
            fast = VersionedObject.fromJson(text, AllTypes.RESOLVER);
        } catch (VersionedObjectException e) {
            fast = e;
        }
        if (slow instanceof VersionedObjectException) {
            assertTrue(fast instanceof VersionedObjectException, label + ": fromJson read " + fast + " from " + text);
            assertEquals(((VersionedObjectException) slow).type(), ((VersionedObjectException) fast).type(), label);
            assertEquals(((VersionedObjectException) slow).getMessage(), ((VersionedObjectException) fast).getMessage(),
                    label);
            return false;
        }
        assertTrue(fast instanceof VersionedObject, label + ": fromJson refused " + fast + " for " + text);
        assertEquals(slow, fast, label);
        assertEquals(((VersionedObject) slow).toJson(), ((VersionedObject) fast).toJson(), label);
        assertEquals(((VersionedObject) slow).whatChanged(), ((VersionedObject) fast).whatChanged(), label);
        return true;
    }

    /** The JSON text of {@code v} written another way that Python's json.loads reads as the same value. */
    static String variant(Object v, Random r) {
        StringBuilder b = new StringBuilder();
        write(b, v, r);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v, Random r) {
        if (v instanceof Map) {
            List<Map.Entry<?, ?>> entries = new ArrayList<>(((Map<?, ?>) v).entrySet());
            if (r.nextInt(8) == 0) {
                Collections.shuffle(entries, r);
            }
            b.append('{').append(space(r));
            for (int i = 0; i < entries.size(); i++) {
                if (i > 0) {
                    b.append(',').append(space(r));
                }
                if (r.nextInt(40) == 0) {
                    // a repeated key: the last one counts
                    key(b, String.valueOf(entries.get(i).getKey()), r);
                    b.append(':').append(space(r)).append("\"an earlier value\"").append(',').append(space(r));
                }
                key(b, String.valueOf(entries.get(i).getKey()), r);
                b.append(':').append(space(r));
                write(b, entries.get(i).getValue(), r);
                b.append(space(r));
            }
            b.append('}');
        } else if (v instanceof List) {
            List<?> l = (List<?>) v;
            b.append('[').append(space(r));
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    b.append(space(r)).append(',').append(space(r));
                }
                write(b, l.get(i), r);
            }
            b.append(space(r)).append(']');
        } else if (v instanceof String) {
            key(b, (String) v, r);
        } else {
            b.append(Json.write(v));
        }
    }

    private static void key(StringBuilder b, String s, Random r) {
        if (r.nextInt(30) != 0 || s.isEmpty()) {
            b.append(Json.write(s));
            return;
        }
        // one character escaped as \\uXXXX, which json.loads reads as the character itself
        String text = Json.write(s);
        int i = 1 + r.nextInt(s.length());
        char c = text.charAt(i);
        if (c == '\\' || c == '"' || i >= text.length() - 1) {
            b.append(text);
            return;
        }
        b.append(text, 0, i).append(String.format("\\u%04x", (int) c)).append(text, i + 1, text.length());
    }

    private static String space(Random r) {
        switch (r.nextInt(12)) {
            case 0:
                return " ";
            case 1:
                return "\n  ";
            case 2:
                return "\t";
            default:
                return "";
        }
    }
}
