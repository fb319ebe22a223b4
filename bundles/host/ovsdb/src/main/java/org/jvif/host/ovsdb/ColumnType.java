package org.jvif.host.ovsdb;

/**
 * A column's type: a key type, an optional value type (then it is a map) and how many elements it holds.
 * {@code min == max == 1} without a value type is a scalar; anything else a set or a map.
 */
public final class ColumnType {
    /** {@link #max()} of an "unlimited" column. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private final BaseType key;
    private final BaseType value;
    private final int min;
    private final int max;

    public ColumnType(BaseType key, BaseType value, int min, int max) {
        this.key = key;
        this.value = value;
        this.min = min;
        this.max = max;
    }

    public BaseType key() {
        return key;
    }

    /** The value type of a map column, else null. */
    public BaseType value() {
        return value;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    public boolean isMap() {
        return value != null;
    }

    public boolean isScalar() {
        return value == null && min == 1 && max == 1;
    }

    /** A set of at most one element, e.g. {@code Interface.mtu_request}. */
    public boolean isOptional() {
        return value == null && min == 0 && max == 1;
    }

    public boolean isSet() {
        return value == null && !isScalar();
    }

    @Override
    public String toString() {
        if (isScalar()) {
            return key.toString();
        }
        String n = "[" + min + ".." + (max == UNLIMITED ? "*" : String.valueOf(max)) + "]";
        return isMap() ? "map<" + key + "," + value + ">" + n : "set<" + key + ">" + n;
    }
}
