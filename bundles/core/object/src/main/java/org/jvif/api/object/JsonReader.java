package org.jvif.api.object;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * {@code obj_from_primitive(json.loads(text))} in one pass: objects are read straight from the JSON text, in
 * the shape os-vif writes them (the envelope's keys in oslo's order, known fields, no repeated key, changes a
 * list of strings), with the field types' own checks, and no intermediate maps. Text in any other shape, and
 * any error, is left to the general path ({@link Json#parse} then {@link Codec}), which alone decides what a
 * refusal says: so this reader can only ever give the result the general path gives, sooner.
 */
final class JsonReader {
    /** The text is not in the shape read here; carries no stack, it only says "take the general path". */
    private static final class OtherShape extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OtherShape() {
            super(null, null, false, false);
        }
    }

    private static final OtherShape OTHER_SHAPE = new OtherShape();

    private static final char[] NAME = Codec.NAME.toCharArray();
    private static final char[] NAMESPACE = Codec.NAMESPACE.toCharArray();
    private static final char[] VERSION = Codec.VERSION.toCharArray();
    private static final char[] DATA = Codec.DATA.toCharArray();
    private static final char[] CHANGES = Codec.CHANGES.toCharArray();
    private static final char[] OS_VIF = VersionedObject.NAMESPACE.toCharArray();
    /** json.dumps' text of an object up to its name's first character. */
    private static final char[] HEAD = ("{\"" + Codec.NAME + "\": \"").toCharArray();

    private final Json.Parser p;
    private final char[] s;
    private final int n;
    /** Where reading is; the parser's own position is set from it only around calls to the parser. */
    private int pos;
    final Codec.Decoding decoding;
    /** JSON nesting around the value being read, as {@link Json#parse} counts it. */
    private int jsonDepth;

    private JsonReader(Json.Parser p, ObjectResolver resolver) {
        this.p = p;
        this.s = p.s;
        this.n = p.n;
        this.pos = p.pos;
        this.decoding = new Codec.Decoding(resolver);
    }

    /** The object in {@code text}, or null when the general path must read it. */
    static VersionedObject read(String text, ObjectResolver resolver) {
        Json.Parser p = new Json.Parser(text);
        try {
            JsonReader r = new JsonReader(p, resolver);
            r.peek();
            VersionedObject obj = r.object();
            p.pos = r.pos;
            p.skipSpace();
            return p.pos == p.n ? obj : null;
        } catch (OtherShape | VersionedObjectException e) {
            return null;
        } finally {
            p.release();
        }
    }

    /** The next character after white space, without taking it. */
    char peek() {
        int at = pos;
        char c;
        if (at < n && (c = s[at]) > ' ') {
            return c;
        }
        return peekAfterSpace();
    }

    private char peekAfterSpace() {
        int at = pos;
        // json.dumps puts one space after each ',' and ':'
        if (at + 1 < n && s[at] == ' ' && s[at + 1] > ' ') {
            pos = at + 1;
            return s[at + 1];
        }
        p.pos = pos;
        p.skipSpace();
        pos = p.pos;
        if (pos >= n) {
            throw OTHER_SHAPE;
        }
        return s[pos];
    }

    private void expect(char c) {
        if (peek() != c) {
            throw OTHER_SHAPE;
        }
        pos++;
    }

    /** Takes {@code text} when it comes next, exactly. */
    private boolean text(char[] text) {
        int at = pos;
        int len = text.length;
        if (at + len > n || !Arrays.equals(s, at, at + len, text, 0, len)) {
            return false;
        }
        pos = at + len;
        return true;
    }

    /** Takes {@code "text"} when it comes next, exactly (no escapes). */
    private boolean quoted(char[] text) {
        int at = pos;
        int len = text.length;
        if (at + len + 1 >= n || s[at] != '"' || s[at + len + 1] != '"'
                || !Arrays.equals(s, at + 1, at + 1 + len, text, 0, len)) {
            return false;
        }
        pos = at + len + 2;
        return true;
    }

    private void key(char[] key) {
        peek();
        if (!quoted(key)) {
            throw OTHER_SHAPE;
        }
        expect(':');
    }

    private String string() {
        expect('"');
        return parsedString();
    }

    /** The string whose opening quote was just taken, read by the parser. */
    private String parsedString() {
        p.pos = pos;
        String v = p.string(false);
        pos = p.pos;
        return v;
    }

    /** Any JSON value, as {@link Json#parse} makes it. */
    Object value() {
        if (peek() == '"') {
            // most values are plain strings: one scan, no hashing
            int start = pos + 1;
            for (int i = start; i < n; i++) {
                char c = s[i];
                if (c == '"') {
                    pos = i + 1;
                    return p.text.substring(start, i);
                } else if (c == '\\' || c < 0x20) {
                    break;
                }
            }
        }
        p.pos = pos;
        Object v = p.value(jsonDepth);
        pos = p.pos;
        return v;
    }

    /** Takes {@code null} when it comes next. */
    boolean isNull() {
        if (peek() == 'n' && pos + 4 <= n && s[pos + 1] == 'u' && s[pos + 2] == 'l' && s[pos + 3] == 'l') {
            pos += 4;
            return true;
        }
        return false;
    }

    /** Opens an array; false when it is empty (and then already closed). */
    boolean startArray() {
        expect('[');
        jsonDepth++;
        if (peek() == ']') {
            pos++;
            jsonDepth--;
            return false;
        }
        return true;
    }

    /** After an item: true when another follows, false at the array's end. */
    boolean nextItem() {
        if (more(']')) {
            return true;
        }
        jsonDepth--;
        return false;
    }

    /** A versioned object, as {@link Codec}'s decode reads its primitive. */
    VersionedObject object() {
        decoding.enter();
        jsonDepth += 2;
        try {
            return objectBody();
        } finally {
            jsonDepth -= 2;
            decoding.leave();
        }
    }

    private VersionedObject objectBody() {
        // json.dumps' spacing is matched a stretch at a time; any other spacing token by token
        if (!text(HEAD)) {
            expect('{');
            key(NAME);
            expect('"');
        }
        ObjectSchema schema = decoding.resolver.schema(parsedString());
        if (schema == null) {
            throw OTHER_SHAPE;
        }
        Version version = null;
        if (!text(schema.jsonMiddle())) {
            expect(',');
            key(NAMESPACE);
            peek();
            if (!quoted(OS_VIF)) {
                throw OTHER_SHAPE;
            }
            expect(',');
            key(VERSION);
            String text = string();
            if (!text.equals(schema.version().text())) {
                version = Version.parse(text);
                if (!version.isCompatibleWith(schema.version())) {
                    throw OTHER_SHAPE;
                }
            }
            expect(',');
            key(DATA);
        }
        VersionedObject obj = schema.newInstance();
        if (version != null) {
            obj.readAt(version);
        }
        fields(obj, schema);
        long changes = 0;
        if (peek() == ',') {
            pos++;
            key(CHANGES);
            changes = changes(schema);
        }
        expect('}');
        obj.changes(changes);
        return obj;
    }

    private void fields(VersionedObject obj, ObjectSchema schema) {
        Field<?>[] ordered = schema.ordered();
        expect('{');
        if (peek() == '}') {
            pos++;
            return;
        }
        long seen = 0;
        int next = 0;
        do {
            peek();
            Field<?> f;
            if (next < ordered.length && text(ordered[next].keyChars)) {
                f = ordered[next];
            } else {
                f = plainName(ordered);
                if (f == null) {
                    // not a field (the general path ignores it) or a name spelt with escapes
                    throw OTHER_SHAPE;
                }
                expect(':');
            }
            if ((seen & (1L << f.slot)) != 0) {
                // a repeated key: Python keeps the last value, the general path does too
                throw OTHER_SHAPE;
            }
            seen |= 1L << f.slot;
            obj.decoded(f, isNull() ? f.nullValue() : f.type().fromJson(this, f.name()));
            next = schema.position(f) + 1;
        } while (more('}'));
    }

    /** After a member or item: true when another follows, false at the end {@code close}. */
    private boolean more(char close) {
        char c = peek();
        pos++;
        if (c == ',') {
            return true;
        } else if (c == close) {
            return false;
        }
        throw OTHER_SHAPE;
    }

    /** The changed fields named by a list of strings (names of no field are ignored, as oslo does). */
    private long changes(ObjectSchema schema) {
        long mask = 0;
        if (!startArray()) {
            return 0;
        }
        Field<?>[] ordered = schema.ordered();
        int next = 0;
        do {
            if (peek() != '"') {
                throw OTHER_SHAPE;
            }
            // listed in field order when jvif wrote them: try the fields after the last one first
            Field<?> f = null;
            for (int i = next; i < ordered.length && f == null; i++) {
                if (quoted(ordered[i].chars)) {
                    f = ordered[i];
                    next = i + 1;
                }
            }
            if (f == null) {
                f = plainName(ordered);
            }
            if (f == null && pos < n && s[pos] == '"') {
                // a name with escapes, or of no field (ignored, as oslo does)
                f = schema.field(string());
            }
            if (f != null) {
                mask |= 1L << f.slot;
            }
        } while (nextItem());
        return mask;
    }

    /**
     * Takes the quoted name that comes next when it is a field's, spelt plainly, found by its hash in one scan;
     * otherwise takes nothing and returns null.
     */
    private Field<?> plainName(Field<?>[] ordered) {
        int start = pos + 1;
        int h = 0;
        for (int i = start; i < n; i++) {
            char c = s[i];
            if (c == '"') {
                int len = i - start;
                for (Field<?> f : ordered) {
                    if (f.name().hashCode() == h && f.chars.length == len && Arrays.equals(s, start, i, f.chars, 0, len)) {
                        pos = i + 1;
                        return f;
                    }
                }
                return null;
            } else if (c == '\\' || c < 0x20) {
                return null;
            }
            h = 31 * h + c;
        }
        return null;
    }

    /** A list field's elements, each read by {@code element}; None in a list is the general path's to refuse. */
    <E> List<E> list(FieldType<E> element, String attr) {
        List<E> out = new ArrayList<>();
        if (startArray()) {
            do {
                if (isNull()) {
                    throw OTHER_SHAPE;
                }
                out.add(element.fromJson(this, attr));
            } while (nextItem());
        }
        return Collections.unmodifiableList(out);
    }
}
