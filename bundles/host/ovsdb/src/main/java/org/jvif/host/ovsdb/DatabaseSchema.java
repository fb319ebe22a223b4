package org.jvif.host.ovsdb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A database schema as {@code get_schema} returns it. */
public final class DatabaseSchema {
    private final String name;
    private final String version;
    private final Map<String, TableSchema> tables;

    public DatabaseSchema(String name, String version, Map<String, TableSchema> tables) {
        this.name = name;
        this.version = version;
        this.tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }

    public String name() {
        return name;
    }

    /** The schema version, e.g. {@code "8.3.1"}, or null when the schema has none. */
    public String version() {
        return version;
    }

    public Map<String, TableSchema> tables() {
        return tables;
    }

    public boolean hasTable(String table) {
        return tables.containsKey(table);
    }

    /** Whether the schema has this column, e.g. to use {@code Interface.mtu_request} only where it exists. */
    public boolean hasColumn(String table, String column) {
        TableSchema t = tables.get(table);
        return t != null && t.hasColumn(column);
    }

    /** @throws OvsdbSchemaException if the database has no such table */
    public TableSchema table(String table) {
        TableSchema t = tables.get(table);
        if (t == null) {
            throw new OvsdbSchemaException("database " + name + " has no table '" + table + "'");
        }
        return t;
    }

    @Override
    public String toString() {
        return name + (version == null ? "" : " " + version);
    }
}
