package org.jvif.api.object;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One field of a versioned object: name, type, nullability and default, as oslo declares them.
 * Declared once, as a constant of the class that introduces it, through {@link ObjectSchema.Builder}.
 *
 * @param <T> the Java type of the field's values
 */
public final class Field<T> {
    private final String name;
    private final FieldType<T> type;
    private final boolean nullable;
    private final Supplier<T> defaultValue;
    private final String defaultRepr;
    final int slot;
    /** The name's characters, for {@link JsonReader}. */
    final char[] chars;
    /** The name as JSON text, and as a key with its ": ", for {@link Json.Writer}. */
    final byte[] jsonName;
    final byte[] jsonKey;
    /** {@link #jsonKey} as characters, for {@link JsonReader}. */
    final char[] keyChars;

    Field(String name, FieldType<T> type, boolean nullable, Supplier<T> defaultValue, String defaultRepr, int slot) {
        this.name = Objects.requireNonNull(name);
        Json.knownKey(name);
        this.type = Objects.requireNonNull(type);
        this.nullable = nullable;
        this.defaultValue = defaultValue;
        this.defaultRepr = defaultRepr;
        this.slot = slot;
        this.chars = name.toCharArray();
        this.jsonName = Json.text(name);
        this.jsonKey = Arrays.copyOf(jsonName, jsonName.length + 2);
        jsonKey[jsonName.length] = ':';
        jsonKey[jsonName.length + 1] = ' ';
        this.keyChars = new String(jsonKey, java.nio.charset.StandardCharsets.US_ASCII).toCharArray();
    }

    public String name() {
        return name;
    }

    public FieldType<T> type() {
        return type;
    }

    public boolean nullable() {
        return nullable;
    }

    public boolean hasDefault() {
        return defaultValue != null;
    }

    /** A fresh copy of the default value (oslo deep-copies it), or null when there is none. */
    public T defaultValue() {
        return defaultValue == null ? null : defaultValue.get();
    }

    /**
     * oslo's {@code Field.coerce}: null becomes None when nullable, else the default, else is refused.
     */
    T coerce(Object value) {
        if (value == null) {
            return nullValue();
        }
        return type.coerce(value, name);
    }

    T nullValue() {
        if (nullable) {
            return null;
        } else if (defaultValue != null) {
            return defaultValue.get();
        }
        throw new VersionedObjectException.ValueError("Field `" + name + "' cannot be None");
    }

    /** The field as it appears in os-vif's fingerprint text, e.g. {@code String(default=...,nullable=False)}. */
    String fingerprintRepr() {
        String def = defaultRepr != null ? defaultRepr
                : "<class 'oslo_versionedobjects.fields.UnspecifiedDefault'>";
        return type.name() + "(default=" + def + ",nullable=" + (nullable ? "True" : "False") + type.reprExtra() + ")";
    }

    @Override
    public String toString() {
        return name;
    }
}
