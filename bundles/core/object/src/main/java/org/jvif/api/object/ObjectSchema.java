package org.jvif.api.object;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything oslo knows about one versioned-object class: its name, version, fields (in the order os-vif
 * writes them: the class's own, then inherited ones), how to make one, its {@code obj_make_compatible}
 * rule and its {@code obj_relationships}. Built once per class with {@link #builder} or {@link #extend}.
 */
public final class ObjectSchema {
    private final String name;
    private final Version version;
    private final ObjectSchema parent;
    private final List<Field<?>> fields;
    private final Field<?>[] ordered;
    private final Field<?>[] bySlot;
    private final Map<String, Field<?>> byName;
    private final Supplier<? extends VersionedObject> factory;
    private final CompatRule compat;
    private final Map<String, List<String[]>> relationships;
    private final boolean list;
    private final byte[] jsonHead;
    private final char[] jsonMiddle;
    /** Each field's index in {@link #ordered}, by slot. */
    private final int[] positions;

    private ObjectSchema(Builder b) {
        this.name = b.name;
        this.version = b.version;
        this.parent = b.parent;
        this.factory = b.factory;
        this.compat = b.compat;
        this.relationships = Map.copyOf(b.relationships);
        this.list = b.list || (parent != null && parent.list);
        List<Field<?>> all = new ArrayList<>(b.own);
        if (parent != null) {
            all.addAll(parent.fields);
        }
        this.fields = Collections.unmodifiableList(all);
        this.ordered = all.toArray(new Field<?>[0]);
        this.bySlot = new Field<?>[b.nextSlot];
        Map<String, Field<?>> names = new HashMap<>();
        this.positions = new int[b.nextSlot];
        for (int i = 0; i < all.size(); i++) {
            Field<?> f = all.get(i);
            bySlot[f.slot] = f;
            positions[f.slot] = i;
            names.put(f.name(), f);
        }
        this.byName = Map.copyOf(names);
        this.jsonHead = Json.head(name, version.text());
        this.jsonMiddle = Json.middle(name, jsonHead).toCharArray();
        Json.knownKey(name);
        Json.knownKey(version.text());
    }

    /** Starts the schema of a class with no versioned-object parent. */
    public static Builder builder(String name, String version, Supplier<? extends VersionedObject> factory) {
        return new Builder(name, version, null, factory);
    }

    /** Starts the schema of a class that inherits {@code parent}'s fields, rules and relationships. */
    public static Builder extend(ObjectSchema parent, String name, String version,
            Supplier<? extends VersionedObject> factory) {
        return new Builder(name, version, Objects.requireNonNull(parent), factory);
    }

    public String name() {
        return name;
    }

    /** The newest version of the object this class implements. */
    public Version version() {
        return version;
    }

    /** The schema of the parent class, or null. */
    public ObjectSchema parent() {
        return parent;
    }

    /** All fields, in the order os-vif writes them. */
    public List<Field<?>> fields() {
        return fields;
    }

    /** The field called {@code name}, or null. */
    public Field<?> field(String fieldName) {
        // parsed names of fields are mostly the field's own name string (see Json's declared keys)
        for (Field<?> f : ordered) {
            if (f.name() == fieldName) {
                return f;
            }
        }
        return byName.get(fieldName);
    }

    /** True when this is the schema called {@code objectName} or one derived from it. */
    public boolean isA(String objectName) {
        for (ObjectSchema s = this; s != null; s = s.parent) {
            if (s.name.equals(objectName)) {
                return true;
            }
        }
        return false;
    }

    /** True for os-vif's list objects ({@code SubnetList}, {@code FixedIPList}, {@code RouteList}). */
    public boolean isList() {
        return list;
    }

    /** A new, empty instance, with the defaults its constructor sets (as os-vif's {@code cls()}). */
    public VersionedObject newInstance() {
        return factory.get();
    }

    /**
     * os-vif's object fingerprint ({@code version-md5}), as {@code ObjectVersionChecker} computes it: a
     * change to a field's name, type, nullability or default changes it.
     */
    public String fingerprint() {
        return version.text() + "-" + md5(fingerprintText());
    }

    /** The text the fingerprint hashes. */
    public String fingerprintText() {
        List<Field<?>> sorted = new ArrayList<>(fields);
        sorted.sort(Comparator.comparing(Field::name));
        StringBuilder b = new StringBuilder("([");
        for (int i = 0; i < sorted.size(); i++) {
            Field<?> f = sorted.get(i);
            b.append(i == 0 ? "('" : ", ('").append(f.name()).append("', ").append(f.fingerprintRepr()).append(')');
        }
        b.append("], []");
        if (list) {
            b.append(", OrderedDict()");
        }
        return b.append(')').toString();
    }

    private static String md5(String text) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte x : d) {
                hex.append(String.format("%02x", x));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #fields()} as an array, for the codec's loops. */
    Field<?>[] ordered() {
        return ordered;
    }

    /** The JSON text of an instance's primitive up to its data's first field, for {@link Json.Writer}. */
    byte[] jsonHead() {
        return jsonHead;
    }

    /** json.dumps' text of an instance's primitive from the end of its name to its data, for {@link JsonReader}. */
    char[] jsonMiddle() {
        return jsonMiddle;
    }

    /** Where a field of this schema stands in {@link #ordered()}. */
    int position(Field<?> f) {
        return positions[f.slot];
    }

    int slotCount() {
        return bySlot.length;
    }

    boolean owns(Field<?> f) {
        return f.slot < bySlot.length && bySlot[f.slot] == f;
    }

    CompatRule compat() {
        return compat;
    }

    /** The relationship rule for a field, searching this class and its parents as Python's attribute lookup. */
    List<String[]> relationship(String fieldName) {
        for (ObjectSchema s = this; s != null; s = s.parent) {
            List<String[]> r = s.relationships.get(fieldName);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name + " " + version;
    }

    /**
     * os-vif's {@code obj_make_compatible} override of one class: strips or rewrites what the target
     * version lacks from the primitive's data, and returns the version to hand to the parent class's rule
     * (what os-vif passes to {@code super().obj_make_compatible}).
     */
    @FunctionalInterface
    public interface CompatRule {
        Version apply(Map<String, Object> data, Version target);
    }

    /** Declares a class's fields once; each field becomes a constant of the class. */
    public static final class Builder {
        private final String name;
        private final Version version;
        private final ObjectSchema parent;
        private final Supplier<? extends VersionedObject> factory;
        private final List<Field<?>> own = new ArrayList<>();
        private final Map<String, List<String[]>> relationships = new HashMap<>();
        private CompatRule compat;
        private boolean list;
        private int nextSlot;
        private boolean built;

        private Builder(String name, String version, ObjectSchema parent, Supplier<? extends VersionedObject> factory) {
            this.name = Objects.requireNonNull(name);
            this.version = Version.of(version);
            this.parent = parent;
            this.factory = Objects.requireNonNull(factory);
            this.nextSlot = parent == null ? 0 : parent.slotCount();
        }

        /** A field with no default that cannot be None. */
        public <T> Field<T> field(String fieldName, FieldType<T> type) {
            return add(fieldName, type, false, null, null);
        }

        /** A field with no default that may be None. */
        public <T> Field<T> nullable(String fieldName, FieldType<T> type) {
            return add(fieldName, type, true, null, null);
        }

        /** A field with a default; {@code value} must be immutable (a Boolean, a String...). */
        public <T> Field<T> withDefault(String fieldName, FieldType<T> type, T value) {
            return add(fieldName, type, false, () -> value, Py.str(value));
        }

        private <T> Field<T> add(String fieldName, FieldType<T> type, boolean nullable, Supplier<T> def, String repr) {
            check();
            if (own.stream().anyMatch(f -> f.name().equals(fieldName))
                    || (parent != null && parent.field(fieldName) != null)) {
                throw new IllegalArgumentException(name + " declares field " + fieldName + " twice");
            }
            if (nextSlot >= 64) {
                throw new IllegalArgumentException(name + " has more than 64 fields");
            }
            Field<T> f = new Field<>(fieldName, type, nullable, def, repr, nextSlot++);
            own.add(f);
            return f;
        }

        /** The class's {@code obj_make_compatible} override. */
        public Builder compat(CompatRule rule) {
            check();
            this.compat = rule;
            return this;
        }

        /**
         * One {@code obj_relationships} entry: pairs of (this object's version, the sub-object's version),
         * oldest first, e.g. {@code relationship("datapath_offload", "1.1", "1.0")}.
         */
        public Builder relationship(String fieldName, String... versionPairs) {
            check();
            List<String[]> pairs = new ArrayList<>();
            for (int i = 0; i + 1 < versionPairs.length; i += 2) {
                pairs.add(new String[] {versionPairs[i], versionPairs[i + 1]});
            }
            relationships.put(fieldName, List.copyOf(pairs));
            return this;
        }

        /** Marks an os-vif list object (oslo's ObjectListBase). */
        public Builder list() {
            check();
            this.list = true;
            return this;
        }

        public ObjectSchema build() {
            check();
            built = true;
            return new ObjectSchema(this);
        }

        private void check() {
            if (built) {
                throw new IllegalStateException(name + " is already built");
            }
        }
    }
}
