package org.jvif.api.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PrimitiveMap behaves as a LinkedHashMap (Python's dict order), small or large. */
class PrimitiveMapTest {

    @Test
    void keepsInsertionOrderAndARepeatedKeysPlace() {
        PrimitiveMap m = new PrimitiveMap();
        m.put("b", 1L);
        m.put("a", 2L);
        assertNull(m.put("c", null));
        assertEquals(1L, m.put("b", 3L));
        assertEquals(List.of("b", "a", "c"), new ArrayList<>(m.keySet()));
        assertEquals(3L, m.get("b"));
        assertTrue(m.containsKey("c"));
        assertNull(m.get("c"));
        assertFalse(m.containsKey("d"));
        assertEquals("{b=3, a=2, c=null}", m.toString());
        assertEquals("{\"b\": 3, \"a\": 2, \"c\": null}", Json.write(m));
        assertEquals(2L, m.get(new String("a"))); // found by value, not only identity
    }

    @Test
    void removesByKeyAndThroughItsIterator() {
        PrimitiveMap m = new PrimitiveMap();
        for (String k : new String[] {"a", "b", "c", "d"}) {
            m.put(k, k);
        }
        assertEquals("b", m.remove("b"));
        assertNull(m.remove("x"));
        Iterator<Map.Entry<String, Object>> it = m.entrySet().iterator();
        it.next();
        it.next();
        it.remove(); // c
        assertEquals(List.of("a", "d"), new ArrayList<>(m.keySet()));
        Iterator<Map.Entry<String, Object>> stale = m.entrySet().iterator();
        m.put("e", 1L);
        assertThrows(ConcurrentModificationException.class, stale::next);
        m.entrySet().iterator().next().setValue("A");
        assertEquals("A", m.get("a"));
        m.clear();
        assertTrue(m.isEmpty());
    }

    @Test
    void equalsAndHashesAsAnyMap() {
        PrimitiveMap m = new PrimitiveMap();
        Map<String, Object> l = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            m.put("k" + i, (long) i);
            l.put("k" + i, (long) i);
        }
        assertEquals(l, m);
        assertEquals(m, l);
        assertEquals(l.hashCode(), m.hashCode());
    }

    @Test
    void largeMapsMatchALinkedHashMapUnderRandomChanges() {
        Random r = new Random(7);
        PrimitiveMap m = new PrimitiveMap();
        Map<String, Object> l = new LinkedHashMap<>();
        for (int step = 0; step < 20_000; step++) {
            String k = "k" + r.nextInt(200);
            int op = r.nextInt(10);
            if (op < 6) {
                assertEquals(l.put(k, (long) step), m.put(k, (long) step));
            } else if (op < 9) {
                assertEquals(l.remove(k), m.remove(k));
            } else {
                assertEquals(l.get(k), m.get(k));
                assertEquals(l.containsKey(k), m.containsKey(k));
            }
            assertEquals(l.size(), m.size());
        }
        assertEquals(new ArrayList<>(l.entrySet()), new ArrayList<>(m.entrySet()));
    }

    @Test
    void manyKeysStayLinearToRead() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < 200_000; i++) {
            b.append(i == 0 ? "" : ", ").append("\"k").append(i % 150_000).append("\": ").append(i);
        }
        Map<?, ?> m = (Map<?, ?>) Json.parse(b.append('}').toString());
        assertEquals(150_000, m.size());
        assertEquals(150_000L, m.get("k0")); // the last duplicate wins, in the first one's place
        assertEquals("k0", m.keySet().iterator().next());
    }
}
