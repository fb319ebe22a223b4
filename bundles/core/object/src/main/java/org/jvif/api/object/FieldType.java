package org.jvif.api.object;

/**
 * How one field's values are checked, normalised and written, with oslo.versionedobjects' semantics.
 * The instances are in {@link FieldTypes}.
 *
 * @param <T> the Java type of the field's values
 */
public abstract class FieldType<T> {
    private final String name;

    FieldType(String name) {
        this.name = name;
    }

    /** oslo's name of the type, as it appears in os-vif's object fingerprints ({@code String}, {@code Object}...). */
    public String name() {
        return name;
    }

    /**
     * Reads a value from a primitive as oslo's {@code from_primitive} followed by {@code coerce} does.
     * {@code null} is handled by the field, never passed here. {@code attr} is the field's name, for messages.
     */
    T fromPrimitive(Object primitive, Codec.Decoding decoding, String attr) {
        return coerce(primitive, attr);
    }

    /** As {@link #fromPrimitive}, reading the value straight from JSON text (never {@code null} there). */
    T fromJson(JsonReader r, String attr) {
        return fromPrimitive(r.value(), r.decoding, attr);
    }

    /** Checks and normalises a value set from Java, as oslo's {@code coerce}. Never given null. */
    abstract T coerce(Object value, String attr);

    /** Writes a value (never null) as its primitive. */
    abstract Object toPrimitive(T value);

    /** Writes a value (never null) as the JSON text of its primitive. */
    void writeJson(Json.Writer w, T value, int depth) {
        w.value(toPrimitive(value), depth);
    }

    /** The value as oslo's {@code stringify} shows it in an object's representation: {@code str(value)}. */
    String stringify(T value) {
        return String.valueOf(value);
    }

    /** Extra text inside the fingerprint's field repr, e.g. an enum's valid values; empty for most. */
    String reprExtra() {
        return "";
    }

    /** The object name this field holds, for object and list-of-object fields; else null. */
    String objectName() {
        return null;
    }

    /** True for fields holding versioned objects (oslo's ObjectField and ListOfObjectsField). */
    boolean holdsObjects() {
        return false;
    }
}
