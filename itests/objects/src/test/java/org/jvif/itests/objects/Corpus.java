package org.jvif.itests.objects;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jvif.api.object.Json;

/** The cases Python os-vif 3.0.0 wrote, in itests/corpus. */
final class Corpus {
    private Corpus() {
    }

    /** {@code -Djvif.corpus}, else the project's {@code itests/corpus} above the working directory. */
    static Path dir() {
        String p = System.getProperty("jvif.corpus");
        if (p != null && Files.isDirectory(Path.of(p))) {
            return Path.of(p);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path c = d.resolve("itests/corpus");
            if (Files.isDirectory(c)) {
                return c;
            }
        }
        throw new IllegalStateException("no itests/corpus above " + Path.of("").toAbsolutePath()
                + "; set -Djvif.corpus");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> lines(String file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir().resolve(file))) {
            if (!line.isBlank()) {
                out.add((Map<String, Object>) Json.parse(line));
            }
        }
        return out;
    }

    /** JSON text of a primitive with every {@code versioned_object.changes} sorted: os-vif writes a set. */
    static String canonical(Object primitive) {
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
