package org.jvif.console.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a listing command returns: rows of data under named columns. Its text form is the table an
 * operator reads, aligned as Karaf's ShellTable aligns. Cells are kept as {@link Text#shown} prints them.
 */
public final class Table {
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... columns) {
        this.columns = List.of(columns);
    }

    public Table row(Object... cells) {
        List<String> row = new ArrayList<>(cells.length);
        for (Object c : cells) {
            // cells come from input: escaped, so a name cannot drive the terminal or fake a row
            row.add(c == null ? "" : Text.shown(String.valueOf(c)));
        }
        rows.add(Collections.unmodifiableList(row));
        return this;
    }

    public List<String> columns() {
        return columns;
    }

    public List<List<String>> rows() {
        return Collections.unmodifiableList(rows);
    }

    @Override
    public String toString() {
        int[] width = new int[columns.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = columns.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, columns, width);
        for (int i = 0; i < width.length; i++) {
            b.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        b.append('\n');
        for (List<String> r : rows) {
            line(b, r, width);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] width) {
        for (int i = 0; i < width.length; i++) {
            String c = cells.get(i);
            b.append(i == 0 ? "" : " | ").append(c);
            if (i < width.length - 1) {
                b.append(" ".repeat(width[i] - c.length()));
            }
        }
        b.append('\n');
    }
}
