package org.jvif.api.object;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The map of a JSON object as Python's dict keeps it (insertion order, a repeated key keeps its place and
 * takes the new value), small and cheap: keys and values side by side in one array, found by a scan that
 * tries identity first (parsed keys that name a field are that field's own name string). Past a dozen
 * entries a hash index keeps lookups constant-time, so hostile objects with many keys stay linear to read.
 * What {@link Json#parse} returns and {@link VersionedObject#toPrimitive()} writes. Not thread-safe.
 */
final class PrimitiveMap extends AbstractMap<String, Object> {
    private static final int INDEX_FROM = 12;

    private Object[] kv;
    private int size;
    private int modCount;
    /** Where the next identity scan starts (in kv). */
    private int hint;
    private HashMap<Object, Integer> index;

    PrimitiveMap() {
        this(8);
    }

    PrimitiveMap(int expected) {
        kv = new Object[2 * Math.max(expected, 2)];
    }

    private int find(Object key) {
        if (index != null) {
            Integer i = index.get(key);
            return i == null ? -1 : i;
        }
        Object[] a = kv;
        int n = 2 * size;
        // keys are mostly looked up in the order they were put (the codec reads fields in the order it wrote
        // them), so the identity scan starts after the last hit
        int start = hint < n ? hint : 0;
        for (int i = start; i < n; i += 2) {
            if (a[i] == key) {
                hint = i + 2;
                return i >> 1;
            }
        }
        for (int i = 0; i < start; i += 2) {
            if (a[i] == key) {
                hint = i + 2;
                return i >> 1;
            }
        }
        if (key == null) {
            return -1;
        }
        int h = key.hashCode();
        for (int i = 0; i < n; i += 2) {
            Object k = a[i];
            if (k != null && k.hashCode() == h && k.equals(key)) {
                return i >> 1;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return find(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = find(key);
        return i < 0 ? null : kv[2 * i + 1];
    }

    /** One pass for put, whose key is mostly new (a parsed or written object): identity or equal hash. */
    private int findToPut(Object key) {
        if (index != null || key == null) {
            return find(key);
        }
        Object[] a = kv;
        int h = key.hashCode();
        for (int i = 0, n = 2 * size; i < n; i += 2) {
            Object k = a[i];
            if (k == key || (k != null && k.hashCode() == h && k.equals(key))) {
                return i >> 1;
            }
        }
        return -1;
    }

    @Override
    public Object put(String key, Object value) {
        int i = findToPut(key);
        if (i >= 0) {
            Object old = kv[2 * i + 1];
            kv[2 * i + 1] = value;
            return old;
        }
        if (2 * size == kv.length) {
            kv = java.util.Arrays.copyOf(kv, 2 * kv.length);
        }
        kv[2 * size] = key;
        kv[2 * size + 1] = value;
        if (index != null) {
            index.put(key, size);
        }
        size++;
        modCount++;
        if (index == null && size > INDEX_FROM) {
            reindex();
        }
        return null;
    }

    @Override
    public Object remove(Object key) {
        int i = find(key);
        if (i < 0) {
            return null;
        }
        Object old = kv[2 * i + 1];
        removeAt(i);
        return old;
    }

    private void removeAt(int i) {
        System.arraycopy(kv, 2 * i + 2, kv, 2 * i, 2 * (size - i - 1));
        size--;
        kv[2 * size] = null;
        kv[2 * size + 1] = null;
        modCount++;
        if (index != null) {
            reindex();
        }
    }

    private void reindex() {
        if (size <= INDEX_FROM) {
            index = null;
            return;
        }
        index = new HashMap<>(2 * size);
        for (int i = 0; i < size; i++) {
            index.put(kv[2 * i], i);
        }
    }

    @Override
    public void clear() {
        java.util.Arrays.fill(kv, 0, 2 * size, null);
        size = 0;
        index = null;
        modCount++;
    }

    /** The key of the entry at {@code i}, in insertion order (for the JSON writer, without entry objects). */
    String keyAt(int i) {
        return (String) kv[2 * i];
    }

    Object valueAt(int i) {
        return kv[2 * i + 1];
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;
                    private int last = -1;
                    private int expected = modCount;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (expected != modCount) {
                            throw new ConcurrentModificationException();
                        }
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        last = next++;
                        return new Entry(last);
                    }

                    @Override
                    public void remove() {
                        if (last < 0) {
                            throw new IllegalStateException();
                        }
                        if (expected != modCount) {
                            throw new ConcurrentModificationException();
                        }
                        removeAt(last);
                        next = last;
                        last = -1;
                        expected = modCount;
                    }
                };
            }
        };
    }

    /** A live view of one entry. */
    private final class Entry implements Map.Entry<String, Object> {
        private final int i;

        Entry(int i) {
            this.i = i;
        }

        @Override
        public String getKey() {
            return (String) kv[2 * i];
        }

        @Override
        public Object getValue() {
            return kv[2 * i + 1];
        }

        @Override
        public Object setValue(Object value) {
            Object old = kv[2 * i + 1];
            kv[2 * i + 1] = value;
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry && Objects.equals(getKey(), ((Map.Entry<?, ?>) o).getKey())
                    && Objects.equals(getValue(), ((Map.Entry<?, ?>) o).getValue());
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(getKey()) ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return getKey() + "=" + getValue();
        }
    }
}
