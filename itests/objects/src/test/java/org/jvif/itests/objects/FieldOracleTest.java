package org.jvif.itests.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.jvif.api.object.Json;
import org.jvif.api.object.VersionedObject;
import org.jvif.api.object.VersionedObjectException;

/**
 * Every field type against Python os-vif's own answers: field-oracle.jsonl holds what os-vif 3.0.0 made of
 * a few hundred values (src/test/python/field_oracle.py regenerates it). jvif must give os-vif's value,
 * repr and exception type; where it cannot emulate os-vif (see {@link #mayRefuse}) it must refuse, never
 * give another value.
 */
class FieldOracleTest {

    @TestFactory
    Stream<DynamicTest> everyRow() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> row : rows()) {
            String name = row.get("op") + " " + row.get("object") + "." + row.get("field") + " = "
                    + abbreviate(Json.write(row.get("input")));
            tests.add(DynamicTest.dynamicTest(name, () -> check(row)));
        }
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows() throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                FieldOracleTest.class.getResourceAsStream("/field-oracle.jsonl"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                rows.add((Map<String, Object>) Json.parse(line));
            }
        }
        return rows;
    }

    private static void check(Map<String, Object> row) {
        String field = (String) row.get("field");
        Object input = row.get("input");
        VersionedObject obj;
        try {
            obj = run(row);
        } catch (VersionedObjectException e) {
            if (row.containsKey("error")) {
                assertEquals(row.get("error"), e.type(), () -> "os-vif raised " + row.get("error") + ": "
                        + row.get("message") + "; jvif: " + e.getMessage());
                assertTrue(e.getMessage().startsWith(row.get("object") + "." + field),
                        () -> "the error names the object and field: " + e.getMessage());
                assertEquals(row.get("message"), e.reason(), "message");
            } else if (!mayRefuse(row)) {
                fail("os-vif accepts it as " + Json.write(row.get("output")) + "; jvif refuses: " + e.getMessage());
            }
            return;
        }
        if (row.containsKey("error")) {
            fail("os-vif raises " + row.get("error") + ": " + row.get("message") + "; jvif accepts it as "
                    + Json.write(obj.toPrimitive().get("versioned_object.data")));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) obj.toPrimitive().get("versioned_object.data");
        assertEquals(Json.write(row.get("output")), Json.write(data.get(field)), "value");
        assertEquals(row.get("repr"), obj.toString(), "repr");
        // and what jvif wrote reads back the same
        assertEquals(obj, VersionedObject.fromPrimitive(Json.parse(obj.toJson()), AllTypes.RESOLVER));
    }

    private static VersionedObject run(Map<String, Object> row) {
        String object = (String) row.get("object");
        String field = (String) row.get("field");
        if ("set".equals(row.get("op"))) {
            VersionedObject obj = AllTypes.RESOLVER.schema(object).newInstance();
            obj.set(field, row.get("input"));
            return obj;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(field, row.get("input"));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("versioned_object.name", object);
        p.put("versioned_object.namespace", "os_vif");
        p.put("versioned_object.version", AllTypes.RESOLVER.schema(object).version().text());
        p.put("versioned_object.data", data);
        return VersionedObject.fromPrimitive(p, AllTypes.RESOLVER);
    }

    /** Where jvif refuses what os-vif accepts, on purpose. */
    static boolean mayRefuse(Map<String, Object> row) {
        // jvif's Integer is a Java long: larger Python ints are refused
        Object out = row.get("output");
        return out instanceof BigInteger;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
