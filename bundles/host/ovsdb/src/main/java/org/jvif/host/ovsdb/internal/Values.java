package org.jvif.host.ovsdb.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonGenerator;

import org.jvif.host.ovsdb.AtomicType;
import org.jvif.host.ovsdb.BaseType;
import org.jvif.host.ovsdb.ColumnType;
import org.jvif.host.ovsdb.NamedUuid;
import org.jvif.host.ovsdb.OvsdbException;
import org.jvif.host.ovsdb.OvsdbSchemaException;

/**
 * Column values between Java and RFC 7047 JSON. Outgoing values are checked against the column type and
 * normalized once, when they are added to a transaction, into a "datum": an atom (String, Long, Double,
 * Boolean, UUID, {@link NamedUuidImpl}), a {@link SetDatum} or a {@link MapDatum}; writing a datum is then
 * a plain walk. Incoming JSON is decoded by column type into {@link org.jvif.host.ovsdb.Row} values.
 */
final class Values {
    record SetDatum(Object[] atoms) {
    }

    record MapDatum(Object[] keys, Object[] values) {
    }

    private Values() {
    }

    /**
     * Checks and normalizes a value for a column of the given type.
     *
     * @param what names the column in errors, e.g. {@code Interface.mtu_request}
     * @param owner the transaction named-uuids must come from
     */
    static Object datum(ColumnType type, Object v, String what, TransactionImpl owner) {
        if (type.isMap()) {
            if (v == null) {
                v = Map.of();
            }
            if (!(v instanceof Map<?, ?> m)) {
                throw bad(what, "expected a map, got " + typed(v));
            }
            count(type, m.size(), what, m);
            Object[] keys = new Object[m.size()];
            Object[] values = new Object[m.size()];
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                keys[i] = atom(type.key(), e.getKey(), what + " key", owner);
                values[i] = atom(type.value(), e.getValue(), what + "[" + e.getKey() + "]", owner);
                i++;
            }
            return new MapDatum(keys, values);
        }
        if (type.isScalar()) {
            if (v instanceof Collection || v instanceof Optional || v instanceof Map) {
                throw bad(what, "expected a single " + type.key() + ", got " + show(v));
            }
            return atom(type.key(), v, what, owner);
        }
        Collection<?> elements;
        if (v == null) {
            elements = List.of();
        } else if (v instanceof Optional<?> o) {
            elements = o.isPresent() ? List.of(o.get()) : List.of();
        } else if (v instanceof Collection<?> c) {
            elements = c;
        } else if (v instanceof Map) {
            throw bad(what, "expected a set of " + type.key() + ", got a map");
        } else {
            elements = List.of(v);
        }
        Set<Object> atoms = new LinkedHashSet<>();
        for (Object e : elements) {
            atoms.add(atom(type.key(), e, what, owner));
        }
        count(type, atoms.size(), what, elements);
        return new SetDatum(atoms.toArray());
    }

    private static void count(ColumnType type, int n, String what, Object v) {
        if (n < type.min()) {
            throw bad(what, "needs at least " + type.min() + " value(s), got " + n);
        }
        if (n > type.max()) {
            throw bad(what, "holds at most " + type.max() + " value(s), got " + n + ": " + show(v));
        }
    }

    static Object atom(BaseType b, Object v, String what, TransactionImpl owner) {
        if (v == null) {
            throw bad(what, "null is not a " + b);
        }
        Object a;
        switch (b.type()) {
            case INTEGER: {
                if (!(v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte)) {
                    throw bad(what, "expected an integer, got " + typed(v));
                }
                long l = ((Number) v).longValue();
                if (l < b.minInteger()) {
                    throw bad(what, "value " + l + " is below the minimum " + b.minInteger());
                }
                if (l > b.maxInteger()) {
                    throw bad(what, "value " + l + " is above the maximum " + b.maxInteger());
                }
                a = l;
                break;
            }
            case REAL: {
                if (!(v instanceof Number)) {
                    throw bad(what, "expected a real number, got " + typed(v));
                }
                double d = ((Number) v).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw bad(what, "value " + d + " cannot be represented in JSON");
                }
                if (d < b.minReal() || d > b.maxReal()) {
                    throw bad(what, "value " + d + " is outside [" + b.minReal() + ", " + b.maxReal() + "]");
                }
                a = d;
                break;
            }
            case BOOLEAN:
                if (!(v instanceof Boolean)) {
                    throw bad(what, "expected a boolean, got " + typed(v));
                }
                a = v;
                break;
            case STRING: {
                if (!(v instanceof String s)) {
                    throw bad(what, "expected a string, got " + typed(v));
                }
                checkString(s, what);
                int n = s.codePointCount(0, s.length());
                if (n < b.minLength() || n > b.maxLength()) {
                    throw bad(what, show(s) + " has " + n + " characters, allowed " + b.minLength() + ".."
                            + (b.maxLength() == Integer.MAX_VALUE ? "" : b.maxLength()));
                }
                a = s;
                break;
            }
            case UUID:
                if (v instanceof UUID) {
                    a = v;
                } else if (v instanceof NamedUuidImpl n) {
                    if (n.owner() != owner) {
                        throw bad(what, "named-uuid " + n.name() + " belongs to another transaction");
                    }
                    if (b.refTable() != null && !b.refTable().equals(n.table())) {
                        throw bad(what, "named-uuid " + n.name() + " is a row of " + n.table()
                                + ", but the column references " + b.refTable());
                    }
                    a = v;
                } else {
                    throw bad(what, "expected a java.util.UUID or a NamedUuid, got " + typed(v));
                }
                break;
            default:
                throw new AssertionError(b.type());
        }
        if (b.enumeration() != null && !b.enumeration().contains(a)) {
            throw bad(what, show(a) + " is not one of " + new TreeSet<>(b.enumeration()));
        }
        return a;
    }

    /** OVSDB strings are UTF-8 without NUL: reject what cannot be encoded faithfully. */
    private static void checkString(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                throw bad(what, show(s) + " contains a NUL character");
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw bad(what, show(s) + " contains an unpaired surrogate at index " + i);
            }
        }
    }

    private static OvsdbSchemaException bad(String what, String why) {
        return new OvsdbSchemaException(what + ": " + why);
    }

    private static String typed(Object v) {
        return v == null ? "null" : v.getClass().getSimpleName() + " " + show(v);
    }

    static String show(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return '"' + s + '"';
        }
        if (v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof UUID || v instanceof NamedUuid) {
            return v.toString();
        }
        if (v instanceof SetDatum s) {
            List<String> l = new ArrayList<>();
            for (Object a : s.atoms()) {
                l.add(show(a));
            }
            return s.atoms().length == 1 ? l.get(0) : l.toString();
        }
        if (v instanceof MapDatum m) {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < m.keys().length; i++) {
                sb.append(i == 0 ? "" : ", ").append(show(m.keys()[i])).append('=').append(show(m.values()[i]));
            }
            return sb.append('}').toString();
        }
        return v.getClass().getSimpleName() + " " + v;
    }

    /** Writes a datum; named-uuids get {@code prefix} so merged transactions keep them apart. */
    static void write(JsonGenerator g, Object d, String prefix) throws IOException {
        if (d instanceof SetDatum s) {
            if (s.atoms().length == 1) {
                writeAtom(g, s.atoms()[0], prefix);
                return;
            }
            g.writeStartArray();
            g.writeString("set");
            g.writeStartArray();
            for (Object a : s.atoms()) {
                writeAtom(g, a, prefix);
            }
            g.writeEndArray();
            g.writeEndArray();
        } else if (d instanceof MapDatum m) {
            g.writeStartArray();
            g.writeString("map");
            g.writeStartArray();
            for (int i = 0; i < m.keys().length; i++) {
                g.writeStartArray();
                writeAtom(g, m.keys()[i], prefix);
                writeAtom(g, m.values()[i], prefix);
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndArray();
        } else {
            writeAtom(g, d, prefix);
        }
    }

    private static void writeAtom(JsonGenerator g, Object a, String prefix) throws IOException {
        if (a instanceof String s) {
            g.writeString(s);
        } else if (a instanceof Long l) {
            g.writeNumber(l);
        } else if (a instanceof Double d) {
            g.writeNumber(d);
        } else if (a instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (a instanceof UUID u) {
            g.writeStartArray();
            g.writeString("uuid");
            g.writeString(u.toString());
            g.writeEndArray();
        } else if (a instanceof NamedUuidImpl n) {
            g.writeStartArray();
            g.writeString("named-uuid");
            g.writeString(prefix + n.name());
            g.writeEndArray();
        } else {
            throw new IllegalStateException("not a datum atom: " + a);
        }
    }

    /** Decodes a column value from the server. */
    static Object decode(ColumnType type, Object json) {
        if (type.isMap()) {
            List<Object> m = JsonStream.array(json, "map value");
            if (m.size() != 2 || !"map".equals(m.get(0))) {
                throw new OvsdbException("malformed map value " + json);
            }
            List<Object> pairs = JsonStream.array(m.get(1), "map pairs");
            Map<Object, Object> out = new LinkedHashMap<>(pairs.size() * 2);
            for (Object p : pairs) {
                List<Object> kv = JsonStream.array(p, "map pair");
                out.put(decodeAtom(type.key(), kv.get(0)), decodeAtom(type.value(), kv.get(1)));
            }
            return Collections.unmodifiableMap(out);
        }
        if (type.isScalar()) {
            return decodeAtom(type.key(), json);
        }
        if (json instanceof List<?> l && l.size() == 2 && "set".equals(l.get(0))) {
            List<Object> atoms = JsonStream.array(l.get(1), "set elements");
            if (atoms.isEmpty()) {
                return Set.of();
            }
            Set<Object> out = new LinkedHashSet<>(atoms.size() * 2);
            for (Object a : atoms) {
                out.add(decodeAtom(type.key(), a));
            }
            return Collections.unmodifiableSet(out);
        }
        return Set.of(decodeAtom(type.key(), json));
    }

    static Object decodeAtom(BaseType b, Object json) {
        switch (b.type()) {
            case INTEGER:
                return ((Number) json).longValue();
            case REAL:
                return ((Number) json).doubleValue();
            case BOOLEAN:
                return (Boolean) json;
            case STRING:
                return (String) json;
            case UUID: {
                List<Object> u = JsonStream.array(json, "uuid");
                if (u.size() != 2 || !"uuid".equals(u.get(0))) {
                    throw new OvsdbException("malformed uuid " + json);
                }
                return UUID.fromString((String) u.get(1));
            }
            default:
                throw new AssertionError(b.type());
        }
    }

    /** The value as a decoded row would hold it: integers as Long, collections as sets, for equality tests. */
    static Object comparable(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Optional<?> o) {
            return o.isPresent() ? Set.of(comparable(o.get())) : Set.of();
        }
        if (v instanceof Collection<?> c) {
            Set<Object> s = new LinkedHashSet<>();
            for (Object e : c) {
                s.add(comparable(e));
            }
            return s;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(comparable(k), comparable(x)));
            return out;
        }
        return v;
    }

    /** The value a column has when a row does not carry it (RFC 7047 default values). */
    static Object defaultValue(ColumnType type) {
        if (type.isMap()) {
            return Map.of();
        }
        if (type.min() == 0) {
            return Set.of();
        }
        Object a = defaultAtom(type.key().type());
        return type.isScalar() ? a : Set.of(a);
    }

    private static Object defaultAtom(AtomicType t) {
        switch (t) {
            case INTEGER:
                return 0L;
            case REAL:
                return 0.0;
            case BOOLEAN:
                return Boolean.FALSE;
            case STRING:
                return "";
            default:
                return new UUID(0, 0);
        }
    }
}
