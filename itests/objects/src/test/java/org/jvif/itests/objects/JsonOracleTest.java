package org.jvif.itests.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.jvif.api.object.Json;
import org.jvif.api.object.VersionedObjectException;

/**
 * Json.parse and Json.write against CPython's json module: json-oracle.jsonl holds what json.loads made of a
 * few hundred texts and what json.dumps wrote back (src/test/python/json_oracle.py regenerates it).
 */
class JsonOracleTest {

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> everyRow() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                JsonOracleTest.class.getResourceAsStream("/json-oracle.jsonl"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                Map<String, Object> row = (Map<String, Object>) Json.parse(line);
                String text = (String) row.get("text");
                String name = Json.write(text.length() > 60 ? text.substring(0, 57) + "..." : text);
                tests.add(DynamicTest.dynamicTest(name, () -> check(row)));
            }
        }
        return tests.stream();
    }

    private static void check(Map<String, Object> row) {
        String text = (String) row.get("text");
        Object value;
        try {
            value = Json.parse(text);
        } catch (VersionedObjectException e) {
            if (!row.containsKey("error")) {
                fail("Python reads it as " + row.get("dumps") + "; jvif: " + e.getMessage());
            }
            assertEquals(row.get("error"), e.type(), e.getMessage());
            assertEquals(row.get("message"), e.getMessage());
            return;
        }
        if (row.containsKey("error")) {
            fail("Python raises " + row.get("error") + ": " + row.get("message") + "; jvif reads " + Json.write(value));
        }
        assertEquals(row.get("dumps"), Json.write(value));
    }
}
