package org.jvif.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jvif.api.object.Json;

/**
 * What Python os-vif 3.0.0 wrote and refused (see README.md beside the files, and make_corpus.py which
 * makes them), read from the class path: the one loader the tests share.
 */
public final class Corpus {
    private static Map<String, Map<String, Object>> visible;

    private Corpus() {
    }

    /** A corpus file's text: {@code visible.jsonl}, {@code invalid.jsonl}, {@code accepted.jsonl}, {@code fingerprints.json}. */
    public static String text(String file) {
        try (InputStream in = Corpus.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new AssertionError("no corpus file " + file + " on the class path (org/jvif/corpus/)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each case of a {@code .jsonl} file. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> lines(String file) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : text(file).split("\n")) {
            if (!line.isBlank()) {
                out.add((Map<String, Object>) Json.parse(line));
            }
        }
        return out;
    }

    /** Every visible case: its name to its primitive, in the file's order. */
    @SuppressWarnings("unchecked")
    public static synchronized Map<String, Map<String, Object>> visible() {
        if (visible == null) {
            Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
            for (Map<String, Object> c : lines("visible.jsonl")) {
                byName.put((String) c.get("name"), (Map<String, Object>) c.get("primitive"));
            }
            visible = Collections.unmodifiableMap(byName);
        }
        return visible;
    }

    /** The primitive of the visible case named {@code name}. */
    public static Map<String, Object> primitive(String name) {
        Map<String, Object> p = visible().get(name);
        if (p == null) {
            throw new AssertionError("no corpus case " + name);
        }
        return p;
    }

    /** A primitive with every {@code versioned_object.changes} list made a set: os-vif writes them in hash order. */
    public static Object changesAsSets(Object primitive) {
        if (primitive instanceof Map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) primitive).forEach((k, v) -> out.put(k,
                    "versioned_object.changes".equals(k) ? new HashSet<>((List<?>) v) : changesAsSets(v)));
            return out;
        } else if (primitive instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object item : (List<?>) primitive) {
                out.add(changesAsSets(item));
            }
            return out;
        }
        return primitive;
    }

    /** JSON text of a primitive with every {@code versioned_object.changes} sorted: os-vif writes a set. */
    public static String canonical(Object primitive) {
        return Json.write(sortChanges(primitive));
    }

    private static Object sortChanges(Object v) {
        if (v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                Object value = e.getValue();
                if ("versioned_object.changes".equals(e.getKey()) && value instanceof List) {
                    TreeSet<String> sorted = new TreeSet<>();
                    for (Object c : (List<?>) value) {
                        sorted.add(String.valueOf(c));
                    }
                    out.put((String) e.getKey(), new ArrayList<>(sorted));
                } else {
                    out.put(String.valueOf(e.getKey()), sortChanges(value));
                }
            }
            return out;
        } else if (v instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object item : (List<?>) v) {
                out.add(sortChanges(item));
            }
            return out;
        }
        return v;
    }
}
