package org.jvif.host.ovsdb.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.jvif.host.ovsdb.ColumnSchema;
import org.jvif.host.ovsdb.ColumnType;
import org.jvif.host.ovsdb.Row;
import org.jvif.host.ovsdb.TableSchema;

/** Decoding rows sent by the server. */
final class Rows {
    private Rows() {
    }

    /**
     * @param base the row's previous state to complete a partial update from, or null
     * @param columns the columns the row must carry (absent ones get their default), or null
     */
    static Row decode(TableSchema table, UUID uuid, Map<String, Object> json, Row base, List<String> columns) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (base != null) {
            values.putAll(base.columns());
        }
        for (Map.Entry<String, Object> e : json.entrySet()) {
            ColumnSchema c = table.columns().get(e.getKey());
            values.put(e.getKey(), c == null ? e.getValue() : Values.decode(c.type(), e.getValue()));
        }
        if (columns != null) {
            for (String c : columns) {
                if (!values.containsKey(c)) {
                    values.put(c, Values.defaultValue(table.column(c).type()));
                }
            }
        }
        if (uuid == null && values.get("_uuid") instanceof UUID u) {
            uuid = u;
        }
        return new Row(table.name(), uuid, values);
    }

    /**
     * Applies a {@code modify} of RFC 7047's update2 extension (ovsdb-server(7)) to a row: a scalar column
     * carries its new value; a set, the elements to add or remove (those already in the set go); a map, the
     * pairs whose key is new (added), whose value is the same (removed) or differs (replaced).
     */
    @SuppressWarnings("unchecked")
    static Row modify(TableSchema table, Row old, Map<String, Object> diff) {
        Map<String, Object> values = new LinkedHashMap<>(old.columns());
        for (Map.Entry<String, Object> e : diff.entrySet()) {
            ColumnSchema c = table.columns().get(e.getKey());
            if (c == null) {
                values.put(e.getKey(), e.getValue());
                continue;
            }
            ColumnType type = c.type();
            Object d = Values.decode(type, e.getValue());
            if (type.isScalar()) {
                values.put(e.getKey(), d);
            } else if (type.isMap()) {
                Map<Object, Object> m = new LinkedHashMap<>((Map<Object, Object>) values.getOrDefault(e.getKey(), Map.of()));
                for (Map.Entry<Object, Object> kv : ((Map<Object, Object>) d).entrySet()) {
                    if (m.containsKey(kv.getKey()) && Objects.equals(m.get(kv.getKey()), kv.getValue())) {
                        m.remove(kv.getKey());
                    } else {
                        m.put(kv.getKey(), kv.getValue());
                    }
                }
                values.put(e.getKey(), Collections.unmodifiableMap(m));
            } else {
                Set<Object> s = new LinkedHashSet<>((Set<Object>) values.getOrDefault(e.getKey(), Set.of()));
                for (Object x : (Set<Object>) d) {
                    if (!s.remove(x)) {
                        s.add(x);
                    }
                }
                values.put(e.getKey(), s.isEmpty() ? Set.of() : Collections.unmodifiableSet(s));
            }
        }
        return new Row(table.name(), old.uuid(), values);
    }
}
