package org.jvif.registry.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jvif.api.object.Json;

/** os-vif's own primitives, from the project's corpus (itests/corpus, made by its make_corpus.py). */
final class Corpus {
    private static Map<String, Map<String, Object>> cases;

    private Corpus() {
    }

    /** The primitive of the visible case named {@code name}. */
    @SuppressWarnings("unchecked")
    static synchronized Map<String, Object> primitive(String name) {
        if (cases == null) {
            Path visible = dir().resolve("visible.jsonl");
            assertTrue(Files.isReadable(visible), "os-vif corpus not found at " + visible);
            Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
            try {
                for (String line : Files.readAllLines(visible)) {
                    Map<String, Object> c = (Map<String, Object>) Json.parse(line);
                    byName.put((String) c.get("name"), (Map<String, Object>) c.get("primitive"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            cases = byName;
        }
        Map<String, Object> p = cases.get(name);
        assertTrue(p != null, "no corpus case " + name);
        return p;
    }

    /** {@code -Djvif.corpus=DIR}, else the project's {@code itests/corpus} above the working directory. */
    static Path dir() {
        String given = System.getProperty("jvif.corpus");
        if (given != null && !given.isEmpty()) {
            return Path.of(given);
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isReadable(p.resolve("itests/corpus/visible.jsonl"))) {
                return p.resolve("itests/corpus");
            }
        }
        throw new AssertionError("os-vif corpus not found: no itests/corpus above " + start + "; set -Djvif.corpus=DIR");
    }

    /** A primitive with every {@code versioned_object.changes} list made a set: os-vif writes them in hash order. */
    static Object changesAsSets(Object primitive) {
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
}
