package org.jvif.api.object;

/**
 * A versioned object or primitive that cannot be used. {@link #type()} is the name of the exception
 * Python os-vif raises for the same input ({@code ValueError}, {@code UnsupportedObjectError}, ...), so
 * callers and scripts can compare outcomes with os-vif. The message names the object, field and value.
 */
public class VersionedObjectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final String reason;
    private final String path;
    /** The refused value, held when the reason (Python's text) does not show it; null when none. */
    private transient Object[] refused;

    protected VersionedObjectException(String type, String reason) {
        this(type, reason, null);
    }

    protected VersionedObjectException(String type, String reason, String path) {
        super(reason, null, false, false);
        this.type = type;
        this.reason = reason;
        this.path = path;
    }

    /** The same failure as {@code original}, located at {@code path}. */
    protected VersionedObjectException(VersionedObjectException original, String path) {
        this(original.type, original.reason, path);
        this.refused = original.refused;
    }

    /** Has the message show {@code value} too, for reasons (Python's own words) that do not. */
    VersionedObjectException showing(Object value) {
        this.refused = new Object[] {value};
        return this;
    }

    /** The os-vif/oslo/Python exception name for this failure. */
    public String type() {
        return type;
    }

    /** What went wrong, without the location. */
    public String reason() {
        return reason;
    }

    /** Where it went wrong, e.g. {@code VIFOpenVSwitch.network.subnets.objects[0].cidr}, or null. */
    public String path() {
        return path;
    }

    @Override
    public String getMessage() {
        return (path == null ? "" : path + ": ") + reason + shown();
    }

    /** " (got <value>)" when the refused value is held, else "". */
    String shown() {
        return refused == null ? "" : " (got " + Py.reprShort(refused[0]) + ")";
    }

    /** The same failure located at {@code path}; used as errors travel up through nested objects. */
    public VersionedObjectException at(String path) {
        return new VersionedObjectException(this, path);
    }

    /** A value a field cannot take (os-vif raises {@code ValueError}). */
    public static class ValueError extends VersionedObjectException {
        private static final long serialVersionUID = 1L;

        public ValueError(String reason) {
            super("ValueError", reason);
        }

        private ValueError(ValueError original, String path) {
            super(original, path);
        }

        @Override
        public VersionedObjectException at(String path) {
            return new ValueError(this, path);
        }
    }

    /** A value of the wrong JSON kind (os-vif raises {@code TypeError}). */
    public static class TypeError extends VersionedObjectException {
        private static final long serialVersionUID = 1L;

        public TypeError(String reason) {
            super("TypeError", reason);
        }

        private TypeError(TypeError original, String path) {
            super(original, path);
        }

        @Override
        public VersionedObjectException at(String path) {
            return new TypeError(this, path);
        }
    }

    /** A primitive missing one of its {@code versioned_object.*} keys (os-vif raises {@code KeyError}). */
    public static class KeyError extends VersionedObjectException {
        private static final long serialVersionUID = 1L;

        public KeyError(String key) {
            super("KeyError", "'" + key + "'");
        }

        private KeyError(KeyError original, String path) {
            super(original, path);
        }

        @Override
        public VersionedObjectException at(String path) {
            return new KeyError(this, path);
        }

        /** Python's KeyError text is just the key; say what it means. */
        @Override
        public String getMessage() {
            return (path() == null ? "" : path() + ": ") + "missing key " + reason() + shown();
        }
    }
}
