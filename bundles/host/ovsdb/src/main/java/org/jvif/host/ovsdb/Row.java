package org.jvif.host.ovsdb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An immutable row as read from the database (a monitor replica or a select). Column values are decoded by
 * column type: scalars as {@link String}, {@link Long}, {@link Double}, {@link Boolean} or {@link UUID};
 * sets (including optional columns such as {@code Interface.mtu_request}) as unmodifiable {@link Set}s;
 * maps as unmodifiable {@link Map}s.
 */
public final class Row {
    private final String table;
    private final UUID uuid;
    private final Map<String, Object> columns;

    public Row(String table, UUID uuid, Map<String, Object> columns) {
        this.table = table;
        this.uuid = uuid;
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    public String table() {
        return table;
    }

    /** The row's {@code _uuid}, or null for a select that did not ask for it. */
    public UUID uuid() {
        return uuid;
    }

    public Map<String, Object> columns() {
        return columns;
    }

    /** @throws IllegalArgumentException if the row does not carry the column (not monitored / not selected) */
    public Object get(String column) {
        Object v = columns.get(column);
        if (v == null && !columns.containsKey(column)) {
            throw new IllegalArgumentException("row " + uuid + " of " + table + " has no column '" + column
                    + "' (not monitored or not selected)");
        }
        return v;
    }

    public String getString(String column) {
        return (String) get(column);
    }

    public long getLong(String column) {
        return (Long) get(column);
    }

    public boolean getBoolean(String column) {
        return (Boolean) get(column);
    }

    public UUID getUuid(String column) {
        return (UUID) get(column);
    }

    @SuppressWarnings("unchecked")
    public <T> Set<T> getSet(String column) {
        return (Set<T>) get(column);
    }

    @SuppressWarnings("unchecked")
    public <K, V> Map<K, V> getMap(String column) {
        return (Map<K, V>) get(column);
    }

    /** The single element of an optional (0..1) column, e.g. {@code Port.tag}. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> getOptional(String column) {
        Set<T> s = getSet(column);
        return s.isEmpty() ? Optional.empty() : Optional.of(s.iterator().next());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && r.table.equals(table) && java.util.Objects.equals(r.uuid, uuid)
                && r.columns.equals(columns);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(table, uuid, columns);
    }

    @Override
    public String toString() {
        return table + " " + uuid + " " + columns;
    }
}
