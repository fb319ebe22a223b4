package org.jvif.host.ovsdb;

import java.util.Objects;

/**
 * One clause of a conditional monitor's {@code where} ({@link OvsdbClient#monitor(java.util.Map, java.util.Map)}):
 * as a transaction's {@code where}, checked against the column's type when the monitor is made.
 */
public record Condition(String column, Comparison function, Object value) {
    public Condition {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(function, "function");
    }

    /** column == value. */
    public static Condition eq(String column, Object value) {
        return new Condition(column, Comparison.EQ, value);
    }
}
