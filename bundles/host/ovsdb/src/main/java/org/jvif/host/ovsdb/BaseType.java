package org.jvif.host.ovsdb;

import java.util.Set;

/**
 * The key or value type of a column: an atomic type with its constraints (enumeration, integer/real
 * range, string length, referenced table). Unset bounds are {@code Long.MIN_VALUE/MAX_VALUE},
 * {@code -/+Infinity}, {@code 0/Integer.MAX_VALUE}.
 */
public final class BaseType {
    private final AtomicType type;
    private final Set<Object> enumeration;
    private final long minInteger;
    private final long maxInteger;
    private final double minReal;
    private final double maxReal;
    private final int minLength;
    private final int maxLength;
    private final String refTable;
    private final boolean weakRef;

    public BaseType(AtomicType type, Set<Object> enumeration, long minInteger, long maxInteger, double minReal,
            double maxReal, int minLength, int maxLength, String refTable, boolean weakRef) {
        this.type = type;
        this.enumeration = enumeration == null ? null : Set.copyOf(enumeration);
        this.minInteger = minInteger;
        this.maxInteger = maxInteger;
        this.minReal = minReal;
        this.maxReal = maxReal;
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.refTable = refTable;
        this.weakRef = weakRef;
    }

    /** An unconstrained base type. */
    public static BaseType of(AtomicType type) {
        return new BaseType(type, null, Long.MIN_VALUE, Long.MAX_VALUE, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY, 0, Integer.MAX_VALUE, null, false);
    }

    public AtomicType type() {
        return type;
    }

    /** The allowed values, or null when any value of the type is allowed. */
    public Set<Object> enumeration() {
        return enumeration;
    }

    public long minInteger() {
        return minInteger;
    }

    public long maxInteger() {
        return maxInteger;
    }

    public double minReal() {
        return minReal;
    }

    public double maxReal() {
        return maxReal;
    }

    public int minLength() {
        return minLength;
    }

    public int maxLength() {
        return maxLength;
    }

    /** For uuid columns that reference rows: the table, else null. */
    public String refTable() {
        return refTable;
    }

    public boolean weakRef() {
        return weakRef;
    }

    @Override
    public String toString() {
        return refTable == null ? type.jsonName() : "uuid(" + refTable + ")";
    }
}
