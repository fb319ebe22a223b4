package org.jvif.host.netlink;

/** An argument was rejected before anything reached the kernel; names the field and the value. */
public class InvalidValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String value;

    public InvalidValueException(String field, Object value, String reason) {
        super("invalid " + field + " " + quote(value) + ": " + reason);
        this.field = field;
        this.value = String.valueOf(value);
    }

    /** The rejected field, e.g. {@code name} or {@code address}. */
    public String field() {
        return field;
    }

    /** The rejected value as text. */
    public String value() {
        return value;
    }

    private static String quote(Object value) {
        return value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value);
    }
}
