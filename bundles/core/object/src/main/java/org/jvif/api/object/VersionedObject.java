package org.jvif.api.object;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An os-vif versioned object with oslo.versionedobjects semantics: fields are set or unset, setting one
 * checks and normalises its value and records the change, and the object converts to and from the
 * primitive Python os-vif writes ({@link #toPrimitive()}, {@link #fromPrimitive}).
 *
 * <p>Subclasses declare their {@link ObjectSchema} once and offer typed accessors over
 * {@link #get(Field)} and {@link #set(Field, Object)}. Instances are not thread-safe.
 */
public abstract class VersionedObject {
    public static final String NAMESPACE = "os_vif";

    private final ObjectSchema schema;
    private final Object[] values;
    private long setMask;
    private long changedMask;
    /** The version a primitive was read at, when not the schema's own (os-vif echoes it back). */
    private Version readVersion;

    protected VersionedObject(ObjectSchema schema) {
        this.schema = Objects.requireNonNull(schema);
        this.values = new Object[schema.slotCount()];
    }

    /**
     * Reads an os-vif primitive (as parsed JSON: maps, lists, strings, numbers, booleans, null), finding
     * each object's class through {@code resolver}.
     *
     * @throws VersionedObjectException naming the object, field and value that cannot be read
     */
    public static VersionedObject fromPrimitive(Object primitive, ObjectResolver resolver) {
        return Codec.decodeTop(primitive, resolver);
    }

    /**
     * Reads the JSON text of an os-vif primitive: the same result, or the same error, as
     * {@code fromPrimitive(Json.parse(text), resolver)}, without building the primitive's maps when the text
     * has the shape os-vif writes.
     *
     * @throws VersionedObjectException naming the object, field and value that cannot be read, or a
     *     {@code JSONDecodeError}
     */
    public static VersionedObject fromJson(String text, ObjectResolver resolver) {
        VersionedObject obj = JsonReader.read(text, resolver);
        return obj != null ? obj : fromPrimitive(Json.parse(text), resolver);
    }

    public final ObjectSchema schema() {
        return schema;
    }

    /** The object's name on the wire, e.g. {@code VIFOpenVSwitch}. */
    public final String objName() {
        return schema.name();
    }

    /** This object's version: the one it was read at, else its class's. */
    public final Version version() {
        return readVersion != null ? readVersion : schema.version();
    }

    /** The value of a field, or null when it is unset (see {@link #isSet(Field)}) or None. */
    @SuppressWarnings("unchecked")
    public final <T> T get(Field<T> field) {
        return (T) values[slot(field)];
    }

    /** Sets a field, checking and normalising the value as oslo does, and records the change. */
    public final <T> void set(Field<T> field, T value) {
        int slot = slot(field);
        try {
            values[slot] = field.coerce(value);
        } catch (VersionedObjectException e) {
            throw Codec.top(Codec.locate(e, field.name()), objName());
        }
        setMask |= 1L << slot;
        changedMask |= 1L << slot;
    }

    /** Unsets a field (Python's {@code del obj.field}). */
    public final void unset(Field<?> field) {
        int slot = slot(field);
        values[slot] = null;
        setMask &= ~(1L << slot);
    }

    /** oslo's {@code obj_attr_is_set}. */
    public final boolean isSet(Field<?> field) {
        return (setMask & (1L << slot(field))) != 0;
    }

    /** oslo's {@code obj_attr_is_set} by name. */
    public final boolean isSet(String fieldName) {
        return isSet(fieldNamed(fieldName));
    }

    /** The value of a field by name, or null when unset or None. */
    public final Object get(String fieldName) {
        return get(fieldNamed(fieldName));
    }

    /** Sets a field by name, from a Java value or a primitive value of the field's type. */
    @SuppressWarnings("unchecked")
    public final void set(String fieldName, Object value) {
        set((Field<Object>) fieldNamed(fieldName), value);
    }

    private Field<?> fieldNamed(String fieldName) {
        Field<?> f = schema.field(fieldName);
        if (f == null) {
            throw new IllegalArgumentException(objName() + " object has no attribute '" + fieldName + "'");
        }
        return f;
    }

    /** oslo's {@code obj_what_changed}: changed fields, and fields holding objects that changed. */
    public final Set<String> whatChanged() {
        Set<String> out = new LinkedHashSet<>();
        long mask = changedMask | childChangesMask();
        for (Field<?> f : schema.ordered()) {
            if ((mask & (1L << f.slot)) != 0) {
                out.add(f.name());
            }
        }
        return out;
    }

    /** True when {@link #whatChanged()} is not empty. */
    public final boolean hasChanges() {
        return changedMask != 0 || childChangesMask() != 0;
    }

    /**
     * Fields whose value is an object with changes. As in os-vif, a list field's elements do not count (os-vif's
     * list classes inherit VersionedObject's {@code obj_what_changed}, not ObjectListBase's).
     */
    long childChangesMask() {
        long mask = 0;
        long set = setMask;
        for (int slot = 0; set != 0; slot++, set >>>= 1) {
            if ((set & 1) != 0 && values[slot] instanceof VersionedObject
                    && ((VersionedObject) values[slot]).hasChanges()) {
                mask |= 1L << slot;
            }
        }
        return mask;
    }

    /** oslo's {@code obj_reset_changes()}: forgets this object's own changes (not its children's). */
    public final void resetChanges() {
        changedMask = 0;
    }

    /**
     * oslo's {@code obj_reset_changes(fields, recursive)}: forgets the changes of the named fields (all when
     * {@code fields} is null or empty; names of no field are ignored) and, when recursive, those of the
     * objects the changed fields among them hold, all the way down.
     */
    public final void resetChanges(Collection<String> fields, boolean recursive) {
        boolean all = fields == null || fields.isEmpty();
        if (recursive) {
            for (String name : whatChanged()) {
                if (!all && !fields.contains(name)) {
                    continue;
                }
                Object v = get(name);
                if (v instanceof VersionedObject) {
                    ((VersionedObject) v).resetChanges(null, true);
                } else if (v instanceof List && schema.field(name).type().holdsObjects()) {
                    for (Object item : (List<?>) v) {
                        ((VersionedObject) item).resetChanges(null, true);
                    }
                }
            }
        }
        if (all) {
            changedMask = 0;
        } else {
            for (String name : fields) {
                Field<?> f = schema.field(name);
                if (f != null) {
                    changedMask &= ~(1L << f.slot);
                }
            }
        }
    }

    /** oslo's {@code obj_set_defaults()}: sets every unset field that has a default. */
    public final void setDefaults() {
        for (Field<?> f : schema.ordered()) {
            if (f.hasDefault() && !isSet(f)) {
                setUnchecked(f, f.defaultValue());
            }
        }
    }

    /** oslo's {@code obj_set_defaults(*attrs)}. */
    public final void setDefaults(String... fieldNames) {
        for (String name : fieldNames) {
            Field<?> f = fieldNamed(name);
            if (!f.hasDefault()) {
                throw new ObjectActionError("set_defaults", "No default set for field " + name);
            }
            if (!isSet(f)) {
                setUnchecked(f, f.defaultValue());
            }
        }
    }

    private <T> void setUnchecked(Field<T> f, Object v) {
        values[f.slot] = v;
        setMask |= 1L << f.slot;
        changedMask |= 1L << f.slot;
    }

    /** The primitive os-vif's {@code obj_to_primitive()} writes: maps and lists of JSON values. */
    public final Map<String, Object> toPrimitive() {
        return Codec.encode(this, null, null);
    }

    /**
     * The primitive at an older version ({@code obj_to_primitive(target_version)}), applying each class's
     * {@code obj_make_compatible} rule and the {@code obj_relationships} of nested objects.
     *
     * @throws ObjectActionError where os-vif refuses the downgrade
     * @throws InvalidTargetVersion when the target is newer than this object
     */
    public final Map<String, Object> toPrimitive(String targetVersion) {
        return Codec.encode(this, targetVersion, null);
    }

    /** As {@link #toPrimitive(String)}, with oslo's {@code version_manifest} (object name to version). */
    public final Map<String, Object> toPrimitive(String targetVersion, Map<String, String> versionManifest) {
        return Codec.encode(this, targetVersion, versionManifest);
    }

    /** The JSON text of {@link #toPrimitive()}, formatted as Python's {@code json.dumps}. */
    public final String toJson() {
        return Json.write(this);
    }

    // --- package-private access for the codec ---

    final Object valueAt(int slot) {
        return values[slot];
    }

    final void decoded(Field<?> f, Object value) {
        values[f.slot] = value;
        setMask |= 1L << f.slot;
    }

    final void changes(long mask) {
        changedMask = mask;
    }

    final void readAt(Version v) {
        readVersion = v;
    }

    final long setMask() {
        return setMask;
    }

    final long changedMask() {
        return changedMask;
    }

    private int slot(Field<?> field) {
        if (!schema.owns(field)) {
            throw new IllegalArgumentException(objName() + " has no field " + field.name());
        }
        return field.slot;
    }

    /** Value equality over name, version, set fields, values and changes (oslo's ComparableVersionedObject). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof VersionedObject)) {
            return false;
        }
        VersionedObject other = (VersionedObject) o;
        return schema.name().equals(other.schema.name())
                && version().text().equals(other.version().text())
                && setMask == other.setMask
                && schema.slotCount() == other.schema.slotCount()
                && Arrays.equals(values, other.values)
                && whatChanged().equals(other.whatChanged());
    }

    @Override
    public int hashCode() {
        return 31 * schema.name().hashCode() + Arrays.hashCode(values);
    }

    /** oslo's repr: {@code VIFBridge(active=True,address=<?>,...)} with fields sorted by name. */
    @Override
    public String toString() {
        List<Field<?>> sorted = new ArrayList<>(schema.fields());
        sorted.sort((a, b) -> a.name().compareTo(b.name()));
        StringBuilder b = new StringBuilder(objName()).append('(');
        for (int i = 0; i < sorted.size(); i++) {
            Field<?> f = sorted.get(i);
            // oslo prints "<?>" for an unset field, and for one whose text is empty (a UUID of "")
            String text = isSet(f) ? stringify(f) : "";
            b.append(i == 0 ? "" : ",").append(f.name()).append('=').append(text.isEmpty() ? "<?>" : text);
        }
        return b.append(')').toString();
    }

    @SuppressWarnings("unchecked")
    private <T> String stringify(Field<T> f) {
        Object v = values[f.slot];
        return v == null ? "None" : f.type().stringify((T) v);
    }

    /** The unmodifiable list value of a list field, never null (empty when unset). */
    protected final <E> List<E> listOf(Field<List<E>> field) {
        List<E> v = get(field);
        return v == null ? Collections.emptyList() : v;
    }
}
