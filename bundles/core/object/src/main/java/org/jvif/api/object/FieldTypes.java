package org.jvif.api.object;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/** The field types os-vif uses, with the checks and normalisation oslo.versionedobjects applies. */
public final class FieldTypes {
    private FieldTypes() {
    }

    /** A type whose values are their own primitives (strings, numbers, booleans). */
    private abstract static class AsIs<T> extends FieldType<T> {
        AsIs(String name) {
            super(name);
        }

        @Override
        Object toPrimitive(T v) {
            return v;
        }
    }

    /** oslo's String: also takes numbers and booleans and stores their Python {@code str()}. */
    public static final FieldType<String> STRING = new AsIs<>("String") {
        @Override
        String coerce(Object v, String attr) {
            if (v instanceof String) {
                return (String) v;
            } else if (v instanceof Boolean || Py.isNumber(v)) {
                return Py.str(v);
            }
            throw new VersionedObjectException.ValueError(
                    "A string is required in field " + attr + ", not a " + Py.typeName(v)).showing(v);
        }

        @Override
        String stringify(String v) {
            return "'" + v + "'";
        }
    };

    /** oslo's UUID: not validated (os-vif keeps any value as its {@code str()}, with a warning). */
    public static final FieldType<String> UUID = new AsIs<>("UUID") {
        @Override
        String coerce(Object v, String attr) {
            return Py.str(v);
        }
    };

    /** oslo's Integer: Python's {@code int()} ("42", 42.7, true and " 1500 " are numbers). */
    public static final FieldType<Long> INTEGER = new AsIs<>("Integer") {
        @Override
        Long coerce(Object v, String attr) {
            return Py.toInt(v);
        }
    };

    /** oslo's Boolean: Python's {@code bool()}, so "false" is true. */
    public static final FieldType<Boolean> BOOLEAN = new AsIs<>("Boolean") {
        @Override
        Boolean coerce(Object v, String attr) {
            return Py.truth(v);
        }

        @Override
        void writeJson(Json.Writer w, Boolean v, int depth) {
            w.bool(v);
        }

        @Override
        String stringify(Boolean v) {
            return v ? "True" : "False";
        }
    };

    /**
     * oslo's MACAddress: lower case, '-' becomes ':', six octets. oslo's {@code $} also matches before a
     * final newline, which is kept.
     */
    public static final FieldType<String> MAC_ADDRESS = new PatternType("MACAddress", "Malformed MAC ",
            FieldTypes::isMac, true);

    /**
     * oslo's PCIAddress: lower case {@code dddd:bb:ss.f}. Its '.' is unescaped, so any character but a
     * newline passes there, and its {@code $} lets a final newline through.
     */
    public static final FieldType<String> PCI_ADDRESS = new PatternType("PCIAddress", "Malformed PCI address ",
            FieldTypes::isPci, false);

    /** oslo's {@code ^[0-9a-f]{2}(:[0-9a-f]{2}){5}$} (Python's $ also matches before a final newline). */
    private static boolean isMac(String s) {
        int n = s.length();
        if (n != 17 && !(n == 18 && s.charAt(17) == '\n')) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            if (i % 3 == 2 ? s.charAt(i) != ':' : !isLowerHex(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * oslo's {@code ^[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f].[0-7]$}: its '.' is any one character (code point)
     * but a newline, and $ also matches before a final newline.
     */
    private static boolean isPci(String s) {
        int n = s.length();
        if (n < 12) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            char c = s.charAt(i);
            boolean ok = i == 4 || i == 7 ? c == ':' : i == 8 ? c == '0' || c == '1' : isLowerHex(c);
            if (!ok) {
                return false;
            }
        }
        int any = s.codePointAt(10);
        int f = 10 + Character.charCount(any);
        if (any == '\n' || f >= n || s.charAt(f) < '0' || s.charAt(f) > '7') {
            return false;
        }
        return f + 1 == n || (f + 2 == n && s.charAt(f + 1) == '\n');
    }

    private static boolean isLowerHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    /** oslo's IPAddress (v4 or v6), written as netaddr prints it. */
    public static final FieldType<String> IP_ADDRESS = new AsIs<>("IPAddress") {
        @Override
        String coerce(Object v, String attr) {
            return IpText.address(v);
        }
    };

    /** oslo's IPNetwork (CIDR, host bits kept), written as netaddr prints it. */
    public static final FieldType<String> IP_NETWORK = new AsIs<>("IPNetwork") {
        @Override
        String coerce(Object v, String attr) {
            return IpText.network(v);
        }
    };

    /** os-vif's List(IPAddress()). */
    public static final FieldType<List<String>> LIST_OF_IP_ADDRESS = listOf(IP_ADDRESS);

    /** An enum of strings; {@code name} is the enum's class name in os-vif (e.g. {@code VIFDirectMode}). */
    public static FieldType<String> enumOf(String name, String... validValues) {
        return new EnumType(name, List.of(validValues));
    }

    /** A nested object named {@code objectName}; with {@code subclasses}, any object derived from it. */
    public static <T extends VersionedObject> FieldType<T> object(String objectName, boolean subclasses) {
        return new ObjectType<>(objectName, subclasses);
    }

    /** A list of nested objects named {@code objectName} (oslo's ListOfObjectsField). */
    public static <T extends VersionedObject> FieldType<List<T>> listOfObjects(String objectName) {
        return new ListType<>(new ObjectType<T>(objectName, false), true);
    }

    /** A list of values of one type (oslo's List). */
    public static <E> FieldType<List<E>> listOf(FieldType<E> element) {
        return new ListType<>(element, false);
    }

    /** oslo's StringPattern types: lower-cased (and for MACs '-' made ':'), then matched. */
    private static final class PatternType extends AsIs<String> {
        private final String error;
        private final Predicate<String> pattern;
        private final boolean dashes;

        PatternType(String name, String error, Predicate<String> pattern, boolean dashes) {
            super(name);
            this.error = error;
            this.pattern = pattern;
            this.dashes = dashes;
        }

        @Override
        String coerce(Object v, String attr) {
            if (v instanceof String) {
                String lowered = Py.lower((String) v);
                if (dashes) {
                    lowered = lowered.replace('-', ':');
                }
                if (pattern.test(lowered)) {
                    return lowered;
                }
            }
            throw new VersionedObjectException.ValueError(error + Py.str(v));
        }
    }

    private static final class EnumType extends AsIs<String> {
        private final List<String> valid;

        EnumType(String name, List<String> valid) {
            super(name);
            this.valid = valid;
        }

        @Override
        String coerce(Object v, String attr) {
            if (v instanceof String && valid.contains(v)) {
                return (String) v;
            }
            throw new VersionedObjectException.ValueError("Field value " + Py.str(v) + " is invalid");
        }

        @Override
        String stringify(String v) {
            return "'" + v + "'";
        }

        @Override
        String reprExtra() {
            StringBuilder b = new StringBuilder(",valid_values=(");
            for (int i = 0; i < valid.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(Py.reprString(valid.get(i)));
            }
            return b.append(valid.size() == 1 ? ",)" : ")").toString();
        }
    }

    static final class ObjectType<T extends VersionedObject> extends FieldType<T> {
        private final String objectName;
        private final boolean subclasses;

        ObjectType(String objectName, boolean subclasses) {
            super("Object");
            this.objectName = objectName;
            this.subclasses = subclasses;
        }

        @Override
        T fromPrimitive(Object p, Codec.Decoding d, String attr) {
            return coerce(d.decode(p), attr);
        }

        @Override
        T fromJson(JsonReader r, String attr) {
            return r.peek() == '{' ? coerce(r.object(), attr) : super.fromJson(r, attr);
        }

        @Override
        @SuppressWarnings("unchecked")
        T coerce(Object v, String attr) {
            if (v instanceof VersionedObject) {
                ObjectSchema s = ((VersionedObject) v).schema();
                if (subclasses ? s.isA(objectName) : s.name().equals(objectName)) {
                    return (T) v;
                }
            }
            VersionedObjectException e = new VersionedObjectException.ValueError("An object of type " + objectName
                    + " is required in field " + attr + ", not a " + Py.typeName(v));
            throw v instanceof VersionedObject ? e : e.showing(v);
        }

        @Override
        Object toPrimitive(T v) {
            return v.toPrimitive();
        }

        @Override
        void writeJson(Json.Writer w, T v, int depth) {
            w.value(v, depth);
        }

        /** oslo's Object.stringify: the name, then the uuid or id in brackets when the class has one. */
        @Override
        String stringify(T v) {
            ObjectSchema s = v.schema();
            Field<?> ident = s.field("uuid") != null ? s.field("uuid") : s.field("id");
            if (ident == null) {
                return s.name();
            }
            Object id = v.isSet(ident) ? v.get(ident) : null;
            return s.name() + "(" + (Py.truth(id) ? Py.str(id) : "UNKNOWN") + ")";
        }

        @Override
        String objectName() {
            return objectName;
        }

        @Override
        boolean holdsObjects() {
            return true;
        }
    }

    static final class ListType<E> extends FieldType<List<E>> {
        private final FieldType<E> element;
        private final boolean ofObjects;

        ListType(FieldType<E> element, boolean ofObjects) {
            super("List");
            this.element = element;
            this.ofObjects = ofObjects;
        }

        /** oslo iterates whatever it is given (a dict yields its keys, a string its characters), then coerces. */
        @Override
        List<E> fromPrimitive(Object p, Codec.Decoding d, String attr) {
            Iterable<?> items = Py.iterate(p);
            List<E> out = new ArrayList<>(items instanceof Collection ? ((Collection<?>) items).size() : 16);
            int firstNone = -1;
            int i = 0;
            for (Object item : items) {
                if (item == null) {
                    // from_primitive passes None through; coercing the list refuses it afterwards
                    firstNone = firstNone < 0 ? i : firstNone;
                    out.add(null);
                } else {
                    try {
                        out.add(element.fromPrimitive(item, d, attr));
                    } catch (VersionedObjectException e) {
                        throw Codec.locate(e, "[" + i + "]");
                    }
                }
                i++;
            }
            if (firstNone >= 0) {
                throw noneAt(attr, firstNone);
            }
            return Collections.unmodifiableList(out);
        }

        @Override
        List<E> fromJson(JsonReader r, String attr) {
            return r.peek() == '[' ? r.list(element, attr) : super.fromJson(r, attr);
        }

        /** oslo's List.coerce: any iterable but a string or a mapping. */
        @Override
        List<E> coerce(Object v, String attr) {
            if (!(v instanceof Collection)) {
                throw new VersionedObjectException.ValueError(
                        "A list is required in field " + attr + ", not a " + Py.typeName(v)).showing(v);
            }
            Collection<?> in = (Collection<?>) v;
            List<E> out = new ArrayList<>(in.size());
            int i = 0;
            for (Object item : in) {
                if (item == null) {
                    throw noneAt(attr, i);
                }
                try {
                    out.add(element.coerce(item, attr + "[" + i + "]"));
                } catch (VersionedObjectException e) {
                    throw Codec.locate(e, "[" + i + "]");
                }
                i++;
            }
            return Collections.unmodifiableList(out);
        }

        private static VersionedObjectException noneAt(String attr, int index) {
            return new VersionedObjectException.ValueError("Field `" + attr + "[" + index + "]' cannot be None")
                    .at("[" + index + "]");
        }

        @Override
        Object toPrimitive(List<E> v) {
            List<Object> out = new ArrayList<>(v.size());
            for (E e : v) {
                out.add(element.toPrimitive(e));
            }
            return out;
        }

        @Override
        void writeJson(Json.Writer w, List<E> v, int depth) {
            w.list(v, element, depth);
        }

        @Override
        String stringify(List<E> v) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < v.size(); i++) {
                b.append(i == 0 ? "" : ",").append(element.stringify(v.get(i)));
            }
            return b.append(']').toString();
        }

        @Override
        String objectName() {
            return element.objectName();
        }

        @Override
        boolean holdsObjects() {
            return ofObjects;
        }
    }
}
