package org.jvif.api.object;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** oslo's {@code obj_from_primitive}, {@code obj_to_primitive} and {@code obj_make_compatible}. */
final class Codec {
    static final String NAME = "versioned_object.name";
    static final String NAMESPACE = "versioned_object.namespace";
    static final String VERSION = "versioned_object.version";
    static final String DATA = "versioned_object.data";
    static final String CHANGES = "versioned_object.changes";

    /** Deeper nesting than any os-vif object has; guards the stack against hostile input. */
    private static final int MAX_DEPTH = 64;

    private Codec() {
    }

    /** One decoding run: the resolver and how deep it is. */
    static final class Decoding {
        final ObjectResolver resolver;
        private int depth;

        Decoding(ObjectResolver resolver) {
            this.resolver = resolver;
        }

        VersionedObject decode(Object primitive) {
            enter();
            try {
                return Codec.decode(primitive, this);
            } finally {
                leave();
            }
        }

        /** One object deeper. */
        void enter() {
            if (++depth > MAX_DEPTH) {
                depth--;
                throw new VersionedObjectException("RecursionError",
                        "objects nested deeper than " + MAX_DEPTH + " levels");
            }
        }

        void leave() {
            depth--;
        }

        int depth() {
            return depth;
        }
    }

    static VersionedObject decodeTop(Object primitive, ObjectResolver resolver) {
        try {
            return new Decoding(resolver).decode(primitive);
        } catch (VersionedObjectException e) {
            // errors name the object they start at, when the primitive names one
            Object name = primitive instanceof Map ? ((Map<?, ?>) primitive).get(NAME) : null;
            throw name instanceof String ? top(e, (String) name) : e;
        }
    }

    /** Prefixes a field path with the name of the object it starts at. */
    static VersionedObjectException top(VersionedObjectException e, String objName) {
        return e.at(e.path() == null ? objName : objName + "." + e.path());
    }

    /** Places an error under a field (or list index) on its way up. */
    static VersionedObjectException locate(VersionedObjectException e, String segment) {
        String p = e.path();
        if (p == null) {
            return e.at(segment);
        }
        return e.at(segment + (p.startsWith("[") ? "" : ".") + p);
    }

    private static VersionedObject decode(Object primitive, Decoding d) {
        Map<?, ?> p = envelope(primitive);
        Object ns = key(p, NAMESPACE);
        Object name = key(p, NAME);
        Object ver = key(p, VERSION);
        if (!VersionedObject.NAMESPACE.equals(ns)) {
            throw new UnsupportedObjectError(Py.str(ns) + "." + Py.str(name));
        }
        if (name instanceof List || name instanceof Map) {
            throw new VersionedObjectException.TypeError("unhashable type: '" + Py.typeName(name) + "'").showing(name);
        }
        ObjectSchema schema = name instanceof String ? d.resolver.schema((String) name) : null;
        if (schema == null) {
            throw new UnsupportedObjectError(Py.str(name));
        }
        Version version = null;
        if (!schema.version().text().equals(ver)) {
            version = Version.parse(ver);
            if (!version.isCompatibleWith(schema.version())) {
                throw new IncompatibleObjectVersion(schema.name(), Py.str(ver), schema.version().text());
            }
        }
        VersionedObject obj = schema.newInstance();
        if (version != null) {
            obj.readAt(version);
        }
        Object changes = p.get(CHANGES);
        if (changes == null && !p.containsKey(CHANGES)) {
            changes = List.of();
        }
        Object data = key(p, DATA);
        if (data instanceof Map) {
            Map<?, ?> values = (Map<?, ?>) data;
            for (Field<?> f : schema.ordered()) {
                Object v = values.get(f.name());
                if (v != null || values.containsKey(f.name())) {
                    try {
                        obj.decoded(f, v == null ? f.nullValue() : f.type().fromPrimitive(v, d, f.name()));
                    } catch (VersionedObjectException e) {
                        throw locate(e, f.name());
                    }
                }
            }
        } else {
            // os-vif tests "name in data" on whatever data is, then indexes it
            for (Field<?> f : schema.ordered()) {
                if (contains(data, f.name())) {
                    throw new VersionedObjectException.TypeError(Py.typeName(data) + " indices must be integers"
                            + (data instanceof List ? " or slices" : "") + ", not str").showing(data);
                }
            }
        }
        long mask = 0;
        if (changes instanceof String) {
            // Python iterates its characters, which can only name a field called by one character
            for (Field<?> f : schema.ordered()) {
                if (f.name().codePointCount(0, f.name().length()) == 1 && ((String) changes).contains(f.name())) {
                    mask |= 1L << f.slot;
                }
            }
            changes = List.of();
        }
        Field<?>[] ordered = schema.ordered();
        int next = 0;
        for (Object c : Py.iterate(changes)) {
            if (c instanceof List || c instanceof Map) {
                throw new VersionedObjectException.TypeError("unhashable type: '" + Py.typeName(c) + "'").showing(c);
            }
            Field<?> f = null;
            if (c instanceof String) {
                // changes are mostly listed in field order: try the field after the last one first
                if (next < ordered.length && ordered[next].name().equals(c)) {
                    f = ordered[next];
                } else {
                    f = schema.field((String) c);
                }
            }
            if (f != null) {
                mask |= 1L << f.slot;
                next = schema.position(f) + 1;
            }
        }
        obj.changes(mask);
        return obj;
    }

    private static Map<?, ?> envelope(Object primitive) {
        if (primitive instanceof Map) {
            return (Map<?, ?>) primitive;
        } else if (primitive instanceof List) {
            throw new VersionedObjectException.TypeError("list indices must be integers or slices, not str")
                    .showing(primitive);
        } else if (primitive instanceof String) {
            throw new VersionedObjectException.TypeError("string indices must be integers, not 'str'")
                    .showing(primitive);
        }
        throw new VersionedObjectException.TypeError("'" + Py.typeName(primitive) + "' object is not subscriptable")
                .showing(primitive);
    }

    private static Object key(Map<?, ?> p, String key) {
        Object v = p.get(key);
        if (v == null && !p.containsKey(key)) {
            throw new VersionedObjectException.KeyError(key);
        }
        return v;
    }

    private static boolean contains(Object container, String item) {
        if (container instanceof List) {
            return ((List<?>) container).contains(item);
        } else if (container instanceof String) {
            return ((String) container).contains(item);
        }
        throw new VersionedObjectException.TypeError(
                "argument of type '" + Py.typeName(container) + "' is not iterable").showing(container);
    }

    // --- to primitive ---

    static Map<String, Object> encode(VersionedObject obj, String target, Map<String, String> manifest) {
        Version own = obj.version();
        String targetText = target == null ? own.text() : target;
        Version targetVersion = null;
        if (target != null) {
            targetVersion = Version.parse(target);
            if (targetVersion.compareTo(own) > 0) {
                throw new InvalidTargetVersion(target);
            }
        }
        ObjectSchema schema = obj.schema();
        Map<String, Object> data = new PrimitiveMap(schema.slotCount());
        long set = obj.setMask();
        for (Field<?> f : schema.ordered()) {
            if ((set & (1L << f.slot)) != 0) {
                data.put(f.name(), toPrimitive(f, obj.valueAt(f.slot)));
            }
        }
        if (!targetText.equals(own.text()) || manifest != null) {
            makeCompatible(obj, data, targetVersion != null ? targetVersion : own, manifest);
        }
        Map<String, Object> out = new PrimitiveMap(5);
        out.put(NAME, schema.name());
        out.put(NAMESPACE, VersionedObject.NAMESPACE);
        out.put(VERSION, targetText);
        out.put(DATA, data);
        long changed = obj.changedMask() | obj.childChangesMask();
        if (changed != 0) {
            List<String> changes = new ArrayList<>(Long.bitCount(changed));
            for (Field<?> f : schema.ordered()) {
                if ((changed & (1L << f.slot)) != 0 && data.containsKey(f.name())) {
                    changes.add(f.name());
                }
            }
            if (!changes.isEmpty()) {
                out.put(CHANGES, changes);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> Object toPrimitive(Field<T> f, Object value) {
        return value == null ? null : f.type().toPrimitive((T) value);
    }

    /** oslo's {@code obj_make_compatible[_from_manifest]} over the primitive's data of {@code obj}. */
    static void makeCompatible(VersionedObject obj, Map<String, Object> data, Version target,
            Map<String, String> manifest) {
        ObjectSchema schema = obj.schema();
        if (schema.isList()) {
            listCompatible(obj, data, target, manifest);
            return;
        }
        Version v = target;
        for (ObjectSchema s = schema; s != null; s = s.parent()) {
            if (s.compat() != null) {
                v = s.compat().apply(data, v);
            }
        }
        for (Field<?> f : schema.ordered()) {
            if (!f.type().holdsObjects() || !obj.isSet(f)) {
                continue;
            }
            List<String[]> rules = relationshipFor(schema, f, v, manifest);
            if (rules != null) {
                subobjectVersion(obj, f, data, v, rules, manifest);
            }
        }
    }

    private static List<String[]> relationshipFor(ObjectSchema schema, Field<?> f, Version target,
            Map<String, String> manifest) {
        if (manifest == null) {
            List<String[]> rule = schema.relationship(f.name());
            if (rule == null) {
                throw new ObjectActionError("obj_make_compatible", "No rule for " + f.name());
            }
            return rule;
        }
        String child = manifest.get(f.type().objectName());
        return child == null ? null : List.<String[]>of(new String[] {target.text(), child});
    }

    private static void subobjectVersion(VersionedObject obj, Field<?> f, Map<String, Object> data, Version target,
            List<String[]> rules, Map<String, String> manifest) {
        for (int i = 0; i < rules.size(); i++) {
            Version parent = Version.of(rules.get(i)[0]);
            int cmp = target.compareTo(parent);
            if (cmp < 0) {
                if (i == 0) {
                    // the target predates the sub-object: it goes
                    data.remove(f.name());
                } else {
                    backport(obj, f, data, rules.get(i - 1)[1], manifest);
                }
                return;
            } else if (cmp == 0) {
                backport(obj, f, data, rules.get(i)[1], manifest);
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void backport(VersionedObject obj, Field<?> f, Map<String, Object> data, String to,
            Map<String, String> manifest) {
        Object value = obj.valueAt(f.slot);
        Version version = Version.of(to);
        if (value instanceof VersionedObject) {
            Map<String, Object> sub = (Map<String, Object>) data.get(f.name());
            makeCompatible((VersionedObject) value, (Map<String, Object>) sub.get(DATA), version, manifest);
            sub.put(VERSION, to);
        } else if (value instanceof List) {
            List<?> items = (List<?>) value;
            List<Object> subs = (List<Object>) data.get(f.name());
            for (int i = 0; i < items.size(); i++) {
                Map<String, Object> sub = (Map<String, Object>) subs.get(i);
                makeCompatible((VersionedObject) items.get(i), (Map<String, Object>) sub.get(DATA), version, manifest);
                sub.put(VERSION, to);
            }
        }
    }

    /** ObjectListBase's rule: elements go to the manifest's version of their class, else to 1.0. */
    private static void listCompatible(VersionedObject obj, Map<String, Object> data, Version target,
            Map<String, String> manifest) {
        Field<?> objects = obj.schema().field("objects");
        String child = manifest == null ? null : manifest.get(objects.type().objectName());
        if (child != null) {
            subobjectVersion(obj, objects, data, target, List.<String[]>of(new String[] {target.text(), child}),
                    manifest);
        } else {
            backport(obj, objects, data, "1.0", manifest);
        }
    }
}
