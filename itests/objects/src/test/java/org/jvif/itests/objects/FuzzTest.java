package org.jvif.itests.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jvif.api.object.Field;
import org.jvif.api.object.Json;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;
import org.jvif.api.object.VersionedObjectException;
import org.jvif.corpus.Corpus;

/**
 * Hostile input: primitives derived from the os-vif corpus by seeded random mutation (dropped keys, values of
 * the wrong JSON kind, odd and huge strings, huge and odd numbers, other names, versions and namespaces,
 * spliced subtrees, 10,000-level nesting), as parsed values and as JSON text. Each must read as an object or
 * fail with a {@link VersionedObjectException}: no other exception, no StackOverflowError, no hang. What
 * reads must write and read back to the same object. Deterministic: the seed is fixed.
 */
class FuzzTest {
    private static final long SEED = 0x6a766966L;
    private static final int CASES = 100_000;
    private static final int DEEP = 10_000;

    private static final List<Map<String, Object>> SEEDS = new ArrayList<>();
    private static final List<Object> SUBTREES = new ArrayList<>();

    private final Map<String, Integer> outcomes = new TreeMap<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void loadCorpus() throws IOException {
        for (Map<String, Object> c : Corpus.lines("visible.jsonl")) {
            SEEDS.add((Map<String, Object>) c.get("primitive"));
            for (Object d : ((Map<String, Object>) c.get("downgrades")).values()) {
                if (!((Map<String, Object>) d).containsKey("error")) {
                    SEEDS.add((Map<String, Object>) d);
                }
            }
        }
        for (String file : new String[] {"invalid.jsonl", "accepted.jsonl"}) {
            for (Map<String, Object> c : Corpus.lines(file)) {
                if (c.get("primitive") instanceof Map) {
                    SEEDS.add((Map<String, Object>) c.get("primitive"));
                }
            }
        }
        for (Map<String, Object> s : SEEDS) {
            collect(s, (container, key) -> SUBTREES.add(get(container, key)));
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void mutatedPrimitives() {
        Random r = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            Map<String, Object> p = copy(SEEDS.get(r.nextInt(SEEDS.size())));
            int n = 1 + r.nextInt(3);
            for (int k = 0; k < n; k++) {
                mutate(p, r);
            }
            boolean deep = false;
            if (i % 997 == 0) {
                // rare and costly: a 1 MB string, or 10,000 levels of lists or maps, somewhere
                deep = i % 2 != 0;
                set(p, r, deep ? (r.nextBoolean() ? deepList(DEEP) : deepMap(DEEP)) : huge(r));
            }
            String text = null;
            if (!deep && r.nextInt(10) == 0) {
                try {
                    text = textOf(p, r);
                } catch (VersionedObjectException e) {
                    // an integer Python would not print either: read it as parsed values
                }
            }
            if (text != null) {
                check("case " + i + " as text", text, true);
            } else {
                check("case " + i, p, false);
            }
        }
        report("mutated primitives");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void deepNestingEverywhere() {
        Random r = new Random(SEED + 1);
        Object[] deep = {deepList(DEEP), deepMap(DEEP), deepMixed(DEEP)};
        for (Map<String, Object> seed : SEEDS.subList(0, Math.min(200, SEEDS.size()))) {
            List<Object[]> slots = new ArrayList<>();
            Map<String, Object> probe = copy(seed);
            collect(probe, (container, key) -> slots.add(new Object[] {container, key}));
            for (int s = 0; s < slots.size(); s++) {
                Object d = deep[r.nextInt(deep.length)];
                Map<String, Object> p = copy(seed);
                List<Object[]> mine = new ArrayList<>();
                collect(p, (container, key) -> mine.add(new Object[] {container, key}));
                put(mine.get(s)[0], mine.get(s)[1], d);
                check("deep value at slot " + s, p, false);
            }
        }
        report("10,000-level values at every position");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void deepNestingAsJsonText() {
        String lists = "[".repeat(DEEP) + "]".repeat(DEEP);
        String maps = "{\"a\": ".repeat(DEEP) + "1" + "}".repeat(DEEP);
        String mixed = "[{\"a\": ".repeat(DEEP / 2) + "[]" + "}]".repeat(DEEP / 2);
        String unclosed = "[".repeat(DEEP);
        for (String deep : new String[] {lists, maps, mixed, unclosed}) {
            checkText("deep text alone", deep);
            for (Map<String, Object> seed : SEEDS.subList(0, 100)) {
                String text = Json.write(seed);
                int at = text.indexOf("\"versioned_object.data\": {") + "\"versioned_object.data\": {".length();
                checkText("deep text in data", text.substring(0, at) + "\"x\": " + deep + ", "
                        + text.substring(at));
                checkText("deep text as data", text.replaceFirst("\"versioned_object.data\": \\{",
                        "\"versioned_object.data\": " + java.util.regex.Matcher.quoteReplacement(deep)
                                + ", \"versioned_object.datax\": {"));
            }
        }
        report("10,000-level JSON text");
        assertEquals(outcomes.get("refused: RecursionError"), outcomes.values().stream().mapToInt(i -> i).sum(),
                "JSON text nested that deep is refused before it is read");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void hugeStrings() {
        Random r = new Random(SEED + 2);
        String[] odd = {huge(r), "\u0000".repeat(1 << 20), "\ud800".repeat(1 << 20), "1".repeat(1 << 20),
            "fa:16:3e:00:00:01" + " ".repeat(1 << 20), "1.2.3.4 " + "\ud83d\ude00".repeat(1 << 19),
            "10.0.0.0/" + "0".repeat(1 << 20), "::" + ":".repeat(1 << 20)};
        for (int i = 0; i < 400; i++) {
            Map<String, Object> p = copy(SEEDS.get(r.nextInt(SEEDS.size())));
            set(p, r, odd[r.nextInt(odd.length)]);
            check("huge string " + i, p, false);
        }
        report("1 MB strings");
    }

    // --- the check ---

    private void check(String label, Object primitive, boolean isText) {
        String asText = isText ? (String) primitive : null;
        if (asText == null) {
            try {
                asText = Json.write(primitive);
            } catch (VersionedObjectException e) {
                // too deep or too big an integer to write: only readable as parsed values
            }
        }
        if (asText != null) {
            try {
                // reading the text in one pass gives what the step-by-step path gives
                JsonTwinsTest.same(label, asText);
            } catch (StackOverflowError e) {
                throw new AssertionError(label + ": stack overflow for " + describe(primitive), e);
            }
        }
        VersionedObject obj;
        try {
            Object parsed = isText ? Json.parse((String) primitive) : primitive;
            obj = VersionedObject.fromPrimitive(parsed, AllTypes.RESOLVER);
        } catch (VersionedObjectException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty(), label);
            count("refused: " + e.type());
            return;
        } catch (Throwable t) {
            throw new AssertionError(label + " threw " + t + " for " + describe(primitive), t);
        }
        count("read");
        try {
            String text = obj.toJson();
            assertEquals(Json.write(obj.toPrimitive()), text, label + ": toJson differs from the primitive's text");
            obj.toString();
            VersionedObject first = VersionedObject.fromPrimitive(Json.parse(text), AllTypes.RESOLVER);
            assertEquals(text, first.toJson(), label + ": written again differently");
            if (lossless(obj)) {
                assertEquals(obj, first, label + ": read back differently");
            }
            VersionedObject second = VersionedObject.fromPrimitive(first.toPrimitive(), AllTypes.RESOLVER);
            assertEquals(first, second, label + ": read back differently the second time");
        } catch (Throwable t) {
            throw new AssertionError(label + ": what was read does not round-trip: " + t + " for "
                    + describe(primitive), t);
        }
    }

    private void checkText(String label, String text) {
        check(label, text, true);
    }

    /**
     * False when an object records a change to a field that is not set: os-vif (and jvif) drop that from the
     * primitive, so the object read back lacks it.
     */
    private static boolean lossless(VersionedObject obj) {
        for (String name : obj.whatChanged()) {
            if (!obj.isSet(name)) {
                return false;
            }
        }
        for (Field<?> f : obj.schema().fields()) {
            Object v = obj.get(f);
            if (v instanceof VersionedObject && !lossless((VersionedObject) v)) {
                return false;
            } else if (v instanceof List) {
                for (Object item : (List<?>) v) {
                    if (item instanceof VersionedObject && !lossless((VersionedObject) item)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private void count(String outcome) {
        outcomes.merge(outcome, 1, Integer::sum);
    }

    private void report(String what) {
        System.out.println("fuzz, " + what + ": " + outcomes);
    }

    private static String describe(Object primitive) {
        try {
            String s = primitive instanceof String ? (String) primitive : Json.write(primitive);
            return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
        } catch (VersionedObjectException e) {
            return "(too deep to print)";
        }
    }

    // --- mutations ---

    private static final String[] NAMES = AllTypes.SCHEMAS.stream().map(ObjectSchema::name).toArray(String[]::new);
    private static final String[] KEYS = {"versioned_object.name", "versioned_object.namespace",
        "versioned_object.version", "versioned_object.data", "versioned_object.changes"};

    @SuppressWarnings("unchecked")
    private static void mutate(Map<String, Object> p, Random r) {
        int op = r.nextInt(100);
        if (op < 12) {
            // drop a key or a list element
            List<Object[]> slots = slots(p);
            Object[] s = slots.get(r.nextInt(slots.size()));
            if (s[0] instanceof Map) {
                ((Map<String, Object>) s[0]).remove(s[1]);
            } else {
                ((List<Object>) s[0]).remove((int) (Integer) s[1]);
            }
        } else if (op < 45) {
            set(p, r, randomValue(r, 0));
        } else if (op < 55) {
            envelope(p, r).put("versioned_object.name", r.nextInt(4) == 0 ? randomValue(r, 0) : r.nextInt(5) == 0
                    ? "VIFNoSuchThing" : NAMES[r.nextInt(NAMES.length)]);
        } else if (op < 65) {
            envelope(p, r).put("versioned_object.version", r.nextInt(4) == 0 ? randomValue(r, 0) : version(r));
        } else if (op < 68) {
            envelope(p, r).put("versioned_object.namespace", r.nextBoolean() ? "nova" : randomValue(r, 0));
        } else if (op < 76) {
            Map<String, Object> m = envelope(p, r);
            Object data = m.get("versioned_object.data");
            Map<String, Object> target = data instanceof Map && r.nextBoolean() ? (Map<String, Object>) data : m;
            target.put(r.nextBoolean() ? "unknown_" + r.nextInt(5) : fieldName(r), randomValue(r, 0));
        } else if (op < 82) {
            // wrap a value in a list or a map
            List<Object[]> slots = slots(p);
            Object[] s = slots.get(r.nextInt(slots.size()));
            Object v = get(s[0], s[1]);
            Object wrapped;
            if (r.nextBoolean()) {
                wrapped = new ArrayList<>(List.of(v == null ? "null" : v));
            } else {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(fieldName(r), v);
                wrapped = m;
            }
            put(s[0], s[1], wrapped);
        } else if (op < 88) {
            List<Object> changes = new ArrayList<>();
            for (int k = r.nextInt(4); k > 0; k--) {
                changes.add(r.nextInt(3) == 0 ? randomValue(r, 1) : fieldName(r));
            }
            envelope(p, r).put("versioned_object.changes", r.nextInt(6) == 0 ? randomValue(r, 0) : changes);
        } else if (op < 96) {
            // splice a subtree of another case here (a Network where a Subnet goes, and so on)
            set(p, r, copy(SUBTREES.get(r.nextInt(SUBTREES.size()))));
        } else {
            Object[] notData = {null, "data", new ArrayList<>(), new ArrayList<>(List.of("cidr")), 42L, "id", true};
            envelope(p, r).put("versioned_object.data", notData[r.nextInt(notData.length)]);
        }
    }

    /** Any map of the primitive that has a name key (an object's envelope), else the top. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> envelope(Map<String, Object> p, Random r) {
        List<Map<String, Object>> envelopes = new ArrayList<>();
        collect(p, (container, key) -> {
            Object v = get(container, key);
            if (v instanceof Map && ((Map<?, ?>) v).containsKey("versioned_object.name")) {
                envelopes.add((Map<String, Object>) v);
            }
        });
        return envelopes.isEmpty() || r.nextInt(3) == 0 ? p : envelopes.get(r.nextInt(envelopes.size()));
    }

    private static void set(Map<String, Object> p, Random r, Object value) {
        List<Object[]> slots = slots(p);
        Object[] s = slots.get(r.nextInt(slots.size()));
        put(s[0], s[1], value);
    }

    private static List<Object[]> slots(Map<String, Object> p) {
        List<Object[]> slots = new ArrayList<>();
        collect(p, (container, key) -> slots.add(new Object[] {container, key}));
        if (slots.isEmpty()) {
            slots.add(new Object[] {p, "versioned_object.name"});
        }
        return slots;
    }

    private static String textOf(Map<String, Object> p, Random r) {
        String text = Json.write(p);
        if (text.isEmpty() || r.nextBoolean()) {
            return text;
        }
        int i = r.nextInt(text.length());
        switch (r.nextInt(4)) {
            case 0:
                return text.substring(0, i);
            case 1:
                return text.substring(0, i) + "{}[]\",:\\ 0-eE.tnfNI\u0000\u00e9\ud800".charAt(r.nextInt(21))
                        + text.substring(i);
            case 2:
                return text.substring(0, i) + text.substring(Math.min(text.length(), i + 1 + r.nextInt(20)));
            default:
                return text.substring(0, i) + "[".repeat(DEEP) + text.substring(i);
        }
    }

    private static String version(Random r) {
        String[] v = {"1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "2.0", "0.9", "1", "1.0.0", "v1.0", " 1.0 ", "",
            "abc", "1.a", "1..0", "1.0.", "99999999999999999999.0", "1.99999999999999999999", "1.00000000000001",
            "\u0661.0", "1.0\u0000", "-1.0", "1e0"};
        return v[r.nextInt(v.length)];
    }

    private static String fieldName(Random r) {
        String[] f = {"id", "address", "network", "plugin", "active", "port_profile", "vif_name", "bridge_name",
            "subnets", "objects", "cidr", "dns", "gateway", "ips", "routes", "mtu", "vlan", "label",
            "datapath_offload", "interface_id", "profile_id", "create_port", "mode", "path", "dev_address",
            "representor_name", "representor_address", "floating_ips", "interface", "uuid", "name"};
        return f[r.nextInt(f.length)];
    }

    private static Object randomValue(Random r, int depth) {
        switch (r.nextInt(12)) {
            case 0:
                return null;
            case 1:
                return r.nextBoolean();
            case 2:
            case 3:
                return number(r);
            case 4:
            case 5:
                return oddString(r);
            case 6:
            case 7:
                return plausibleString(r);
            case 8:
                List<Object> l = new ArrayList<>();
                for (int k = depth > 2 ? 0 : r.nextInt(4); k > 0; k--) {
                    l.add(randomValue(r, depth + 1));
                }
                return l;
            case 9:
                Map<String, Object> m = new LinkedHashMap<>();
                for (int k = depth > 2 ? 0 : r.nextInt(4); k > 0; k--) {
                    m.put(r.nextBoolean() ? fieldName(r) : KEYS[r.nextInt(KEYS.length)], randomValue(r, depth + 1));
                }
                return m;
            default:
                return copy(SUBTREES.get(r.nextInt(SUBTREES.size())));
        }
    }

    private static final Object[] NUMBERS = {0L, 1L, -1L, 42L, 1500L, 4294967295L, 4294967296L, Long.MAX_VALUE,
        Long.MIN_VALUE, BigInteger.ONE.shiftLeft(64), BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE),
        BigInteger.ONE.shiftLeft(128), BigInteger.ONE.shiftLeft(200).negate(), BigInteger.TEN.pow(4301),
        BigInteger.ONE.shiftLeft(1 << 20), 0.0, -0.0, 0.5, -1.5, 1e300, Double.MIN_VALUE, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 9.3e18};

    private static Object number(Random r) {
        if (r.nextBoolean()) {
            return NUMBERS[r.nextInt(NUMBERS.length)];
        }
        return r.nextBoolean() ? (Object) (long) r.nextInt()
                : (Object) (r.nextGaussian() * Math.pow(10, r.nextInt(40)));
    }

    private static String oddString(Random r) {
        String[] s = {"", " ", "\u0000", "a\u0000b", "\ud800", "\udfff", "x\ud800y", "\udc00\ud800",
            "\u202eevil\u202c", "\u05e9\u05dc\u05d5\u05dd", "\u0627\u0644\u0633\u0644\u0627\u0645", "\ud83d\ude00",
            "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67", "\u200b", "\ufeff", "e\u0301", "\u0130", "\u03a3",
            "\n", "\r\n", "\t", "\u0085", "\u2028", "None", "null", "True", "'\"\\", "%s%n", "${x}", "os_vif",
            "versioned_object.name", "x".repeat(300), "\u00ff".repeat(1000)};
        if (r.nextInt(3) > 0) {
            return s[r.nextInt(s.length)];
        }
        StringBuilder b = new StringBuilder();
        for (int k = r.nextInt(12); k > 0; k--) {
            int kind = r.nextInt(4);
            int cp = kind == 0 ? r.nextInt(0x80) : kind == 1 ? r.nextInt(0x800) : kind == 2 ? r.nextInt(0x10000)
                    : 0x10000 + r.nextInt(0x100000);
            b.appendCodePoint(cp);
        }
        return b.toString();
    }

    private static String plausibleString(Random r) {
        String[] s = {"10.0.0.1", "10.0.0.0/24", "010.000.000.001", "0x0a000001", "1.2.3", "2001:db8::1",
            "2001:db8::/64", "::ffff:1.2.3.4", "fe80::1%eth0", "10.0.0.0/33", "10.0.0.0/255.255.255.0", "10/8",
            "fa:16:3e:00:00:01", "FA-16-3E-00-00-01", "fa:16:3e:00:00:01\n", "0000:81:00.7", "0000:81:00:7",
            "5d2c4a1e-7b8f-4c3d-9e2a-1f0b3c4d5e6f", "not-a-uuid", "vepa", "passthrough", "bridge", "client",
            "server", "ethernet", "generic", "system", "netdev", "1.0", "1.1", "42", " 1500 ", "1_000", "0x5dc",
            "true", "false", "ovs", "br-int", "tap0"};
        String v = s[r.nextInt(s.length)];
        return r.nextInt(8) == 0 ? v.toUpperCase() : v;
    }

    /** A few 1 MB strings of address characters, NUL, é and lone surrogates (made once: they are costly). */
    private static final String[] HUGE = new String[4];

    private static String huge(Random r) {
        int k = r.nextInt(HUGE.length);
        if (HUGE[k] == null) {
            Random g = new Random(k);
            char[] c = new char[1 << 20];
            for (int i = 0; i < c.length; i++) {
                c[i] = "0123456789abcdef.:/- \u0000\u00e9\ud800".charAt(g.nextInt(20));
            }
            HUGE[k] = new String(c);
        }
        return HUGE[k];
    }

    private static Object deepList(int depth) {
        Object v = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            List<Object> l = new ArrayList<>();
            l.add(v);
            v = l;
        }
        return v;
    }

    private static Object deepMap(int depth) {
        Object v = "10.0.0.1";
        for (int i = 0; i < depth; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(i % 2 == 0 ? "versioned_object.data" : "cidr", v);
            v = m;
        }
        return v;
    }

    private static Object deepMixed(int depth) {
        Object v = null;
        for (int i = 0; i < depth; i++) {
            if (i % 2 == 0) {
                List<Object> l = new ArrayList<>();
                l.add(v);
                v = l;
            } else {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("objects", v);
                v = m;
            }
        }
        return v;
    }

    // --- plumbing over parsed JSON ---

    private interface SlotVisitor {
        void visit(Object container, Object key);
    }

    /** Visits every map entry and list element, parents first. */
    private static void collect(Object v, SlotVisitor visitor) {
        if (v instanceof Map) {
            for (Object key : new ArrayList<>(((Map<?, ?>) v).keySet())) {
                visitor.visit(v, key);
                collect(((Map<?, ?>) v).get(key), visitor);
            }
        } else if (v instanceof List) {
            List<?> l = (List<?>) v;
            for (int i = 0; i < l.size(); i++) {
                visitor.visit(v, i);
                collect(l.get(i), visitor);
            }
        }
    }

    private static Object get(Object container, Object key) {
        return container instanceof Map ? ((Map<?, ?>) container).get(key) : ((List<?>) container).get((Integer) key);
    }

    @SuppressWarnings("unchecked")
    private static void put(Object container, Object key, Object value) {
        if (container instanceof Map) {
            ((Map<Object, Object>) container).put(key, value);
        } else {
            ((List<Object>) container).set((Integer) key, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T copy(T v) {
        if (v instanceof Map) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                m.put((String) e.getKey(), copy(e.getValue()));
            }
            return (T) m;
        } else if (v instanceof List) {
            List<Object> l = new ArrayList<>(((List<?>) v).size());
            for (Object item : (List<?>) v) {
                l.add(copy(item));
            }
            return (T) l;
        }
        return v;
    }
}
