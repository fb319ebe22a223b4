package org.jvif.host.ovsdb;

/** One column of a table: its name, type and whether it may change after the row is inserted. */
public final class ColumnSchema {
    private final String table;
    private final String name;
    private final ColumnType type;
    private final boolean mutable;
    private final boolean ephemeral;

    public ColumnSchema(String table, String name, ColumnType type, boolean mutable, boolean ephemeral) {
        this.table = table;
        this.name = name;
        this.type = type;
        this.mutable = mutable;
        this.ephemeral = ephemeral;
    }

    public String table() {
        return table;
    }

    public String name() {
        return name;
    }

    public ColumnType type() {
        return type;
    }

    public boolean mutable() {
        return mutable;
    }

    public boolean ephemeral() {
        return ephemeral;
    }

    /** The column that every row has and nobody may write: {@code _uuid} or {@code _version}. */
    public boolean isImplicit() {
        return name.startsWith("_");
    }

    @Override
    public String toString() {
        return table + "." + name;
    }
}
