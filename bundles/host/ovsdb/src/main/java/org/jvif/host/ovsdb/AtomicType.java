package org.jvif.host.ovsdb;

/** RFC 7047 atomic types, with the Java types this client maps them to. */
public enum AtomicType {
    /** {@link Long} (any integral {@link Number} is accepted when writing). */
    INTEGER("integer"),
    /** {@link Double}. */
    REAL("real"),
    /** {@link Boolean}. */
    BOOLEAN("boolean"),
    /** {@link String}. */
    STRING("string"),
    /** {@link java.util.UUID}, or a {@link NamedUuid} of a row inserted in the same transaction. */
    UUID("uuid");

    private final String json;

    AtomicType(String json) {
        this.json = json;
    }

    /** The name the schema uses, e.g. {@code "integer"}. */
    public String jsonName() {
        return json;
    }

    /** @throws IllegalArgumentException for a name RFC 7047 does not define */
    public static AtomicType of(String name) {
        for (AtomicType t : values()) {
            if (t.json.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown OVSDB atomic type '" + name + "'");
    }
}
