package org.jvif.host.ovsdb.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jvif.host.ovsdb.ColumnSchema;
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
}
