package org.jvif.host.ovsdb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One table of a {@link DatabaseSchema}; includes the implicit {@code _uuid} and {@code _version} columns. */
public final class TableSchema {
    private final String name;
    private final Map<String, ColumnSchema> columns;
    private final boolean root;
    private final long maxRows;
    private final List<List<String>> indexes;

    public TableSchema(String name, Map<String, ColumnSchema> columns, boolean root, long maxRows,
            List<List<String>> indexes) {
        this.name = name;
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        this.root = root;
        this.maxRows = maxRows;
        this.indexes = List.copyOf(indexes);
    }

    public String name() {
        return name;
    }

    /** Columns by name, in schema order. */
    public Map<String, ColumnSchema> columns() {
        return columns;
    }

    public boolean hasColumn(String column) {
        return columns.containsKey(column);
    }

    /** @throws OvsdbSchemaException if the table has no such column */
    public ColumnSchema column(String column) {
        ColumnSchema c = columns.get(column);
        if (c == null) {
            throw new OvsdbSchemaException("table " + name + " has no column '" + column + "'");
        }
        return c;
    }

    public boolean isRoot() {
        return root;
    }

    /** {@link Long#MAX_VALUE} when unlimited. */
    public long maxRows() {
        return maxRows;
    }

    /** Sets of columns whose values must be unique across the table's rows. */
    public List<List<String>> indexes() {
        return indexes;
    }

    @Override
    public String toString() {
        return name;
    }
}
