package org.jvif.api.object;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON text as Python's {@code json} module reads and writes it, so primitives travel byte for byte:
 * {@link #write} is {@code json.dumps} with its defaults ({@code ", "} and {@code ": "} separators, non-ASCII
 * escaped), {@link #parse} is {@code json.loads} (NaN and Infinity accepted, the last duplicate key wins).
 * Parsed values are {@link Map}, {@link List}, {@link String}, {@link Long} or {@link BigInteger},
 * {@link Double}, {@link Boolean} and null.
 */
public final class Json {
    /** Python's json refuses deeper input with a RecursionError; so do we, well before the stack ends. */
    public static final int MAX_DEPTH = 512;

    private Json() {
    }

    /** Python's {@code json.dumps(value)}. */
    public static String write(Object value) {
        Writer w = new Writer();
        w.value(value, 0);
        return w.done();
    }

    /**
     * Appends Python's {@code json.dumps(value)} to {@code b}.
     *
     * @throws VersionedObjectException a {@code RecursionError} for values nested deeper than {@link #MAX_DEPTH}
     *     levels, a {@code ValueError} for an integer of more than 4300 digits, as Python's
     */
    public static void write(StringBuilder b, Object value) {
        b.append(write(value));
    }

    /** A char buffer per thread, lent to one parser at a time, so each call need not allocate one. */
    private static final ThreadLocal<char[]> BUFFER = new ThreadLocal<>();

    /** The same for writers, whose output is ASCII (json.dumps escapes the rest). */
    private static final ThreadLocal<byte[]> BYTES = new ThreadLocal<>();

    private static final int BUFFER_SIZE = 8192;

    private static char[] borrow(int size) {
        char[] b = BUFFER.get();
        if (b != null && b.length >= size) {
            BUFFER.set(null);
            return b;
        }
        return new char[Math.max(size, BUFFER_SIZE)];
    }

    private static void giveBack(char[] b) {
        if (b.length <= 16 * BUFFER_SIZE) {
            BUFFER.set(b);
        }
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** 1 for the ASCII characters json.dumps writes as they are. */
    private static final byte[] PLAIN = new byte[0x7f];

    static {
        for (char c = 0x20; c < 0x7f; c++) {
            PLAIN[c] = (byte) (c == '"' || c == '\\' ? 0 : 1);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] ENVELOPE_NAME = ascii("{\"" + Codec.NAME + "\": ");
    private static final byte[] ENVELOPE_VERSION = ascii(", \"" + Codec.NAMESPACE + "\": \"" + VersionedObject.NAMESPACE
            + "\", \"" + Codec.VERSION + "\": ");
    private static final byte[] ENVELOPE_DATA = ascii(", \"" + Codec.DATA + "\": {");
    private static final byte[] ENVELOPE_CHANGES = ascii(", \"" + Codec.CHANGES + "\": [");

    /**
     * json.dumps into a growing byte array (its output is ASCII): strings are copied in one pass and escaped
     * only where needed, keys and an object's envelope come from ready text, and versioned objects are written
     * as their primitive without building it.
     */
    static final class Writer {
        private byte[] buf;
        private int n;
        private char[] chars = new char[64];

        Writer() {
            byte[] b = BYTES.get();
            if (b != null) {
                BYTES.set(null);
            } else {
                b = new byte[BUFFER_SIZE];
            }
            buf = b;
        }

        /** The text written; the buffer goes back to the thread. */
        String done() {
            String text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            if (buf.length <= 16 * BUFFER_SIZE) {
                BYTES.set(buf);
            }
            buf = null;
            return text;
        }

        private void ensure(int more) {
            if (n + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
            }
        }

        private void raw(byte[] text) {
            ensure(text.length);
            System.arraycopy(text, 0, buf, n, text.length);
            n += text.length;
        }

        /** ASCII text that needs no escaping (numbers). */
        private void raw(String s) {
            int len = s.length();
            ensure(len);
            for (int i = 0; i < len; i++) {
                buf[n++] = (byte) s.charAt(i);
            }
        }

        private void raw(char c) {
            ensure(1);
            buf[n++] = (byte) c;
        }

        /** ", " between items. */
        private void comma() {
            ensure(2);
            buf[n++] = ',';
            buf[n++] = ' ';
        }

        void value(Object value, int depth) {
            if (depth > MAX_DEPTH) {
                throw new VersionedObjectException("RecursionError",
                        "maximum recursion depth exceeded while encoding a JSON object");
            }
            if (value instanceof String) {
                string((String) value);
            } else if (value instanceof PrimitiveMap) {
                PrimitiveMap m = (PrimitiveMap) value;
                raw('{');
                for (int i = 0, size = m.size(); i < size; i++) {
                    if (i > 0) {
                        comma();
                    }
                    key(m.keyAt(i));
                    value(m.valueAt(i), depth + 1);
                }
                raw('}');
            } else if (value instanceof Map) {
                raw('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    if (!first) {
                        comma();
                    }
                    first = false;
                    key(String.valueOf(e.getKey()));
                    value(e.getValue(), depth + 1);
                }
                raw('}');
            } else if (value instanceof List) {
                raw('[');
                List<?> l = (List<?>) value;
                for (int i = 0, size = l.size(); i < size; i++) {
                    if (i > 0) {
                        comma();
                    }
                    value(l.get(i), depth + 1);
                }
                raw(']');
            } else if (value == null) {
                raw(NULL);
            } else if (value instanceof Boolean) {
                bool((Boolean) value);
            } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
                raw(value.toString());
            } else if (value instanceof BigInteger) {
                raw(Py.repr(value));
            } else if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                if (Double.isNaN(d)) {
                    raw("NaN");
                } else if (Double.isInfinite(d)) {
                    raw(d > 0 ? "Infinity" : "-Infinity");
                } else {
                    raw(Py.reprFloat(d));
                }
            } else if (value instanceof VersionedObject) {
                object((VersionedObject) value, depth);
            } else {
                throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
            }
        }

        void bool(boolean v) {
            raw(v ? TRUE : FALSE);
        }

        /** What {@code value(obj.toPrimitive())} writes, straight from the object (see {@link Codec#encode}). */
        void object(VersionedObject obj, int depth) {
            if (depth + 1 > MAX_DEPTH) {
                throw new VersionedObjectException("RecursionError",
                        "maximum recursion depth exceeded while encoding a JSON object");
            }
            ObjectSchema schema = obj.schema();
            Version version = obj.version();
            if (version == schema.version()) {
                raw(schema.jsonHead());
            } else {
                envelope(schema.name(), version.text());
            }
            long set = obj.setMask();
            boolean first = true;
            for (Field<?> f : schema.ordered()) {
                if ((set & (1L << f.slot)) != 0) {
                    if (!first) {
                        comma();
                    }
                    first = false;
                    raw(f.jsonKey);
                    field(f, obj.valueAt(f.slot), depth + 2);
                }
            }
            raw('}');
            long changed = (obj.changedMask() | obj.childChangesMask()) & set;
            if (changed != 0) {
                raw(ENVELOPE_CHANGES);
                first = true;
                for (Field<?> f : schema.ordered()) {
                    if ((changed & (1L << f.slot)) != 0) {
                        if (!first) {
                            comma();
                        }
                        first = false;
                        raw(f.jsonName);
                    }
                }
                raw(']');
            }
            raw('}');
        }

        /** A list field's elements (never null: coercion refuses None in lists). */
        <E> void list(List<E> items, FieldType<E> element, int depth) {
            if (depth > MAX_DEPTH) {
                throw new VersionedObjectException("RecursionError",
                        "maximum recursion depth exceeded while encoding a JSON object");
            }
            raw('[');
            for (int i = 0, size = items.size(); i < size; i++) {
                if (i > 0) {
                    comma();
                }
                element.writeJson(this, items.get(i), depth + 1);
            }
            raw(']');
        }

        /** An object's primitive up to its data's first field. */
        private void envelope(String name, String version) {
            raw(ENVELOPE_NAME);
            string(name);
            raw(ENVELOPE_VERSION);
            string(version);
            raw(ENVELOPE_DATA);
        }

        @SuppressWarnings("unchecked")
        private <T> void field(Field<T> f, Object value, int depth) {
            if (value == null) {
                raw(NULL);
            } else {
                f.type().writeJson(this, (T) value, depth);
            }
        }

        /** A key and its ": ", from ready text when it is a known key. */
        private void key(String k) {
            Key known = KEYS[k.hashCode() & (KEYS.length - 1)];
            if (known != null && known.key == k && known.text != null) {
                raw(known.text);
                return;
            }
            string(k);
            ensure(2);
            buf[n++] = ':';
            buf[n++] = ' ';
        }

        void string(String s) {
            int len = s.length();
            ensure(len + 2);
            char[] cs = chars;
            if (cs.length < len) {
                cs = chars = new char[Math.max(len, 2 * cs.length)];
            }
            // a bulk copy, then a loop over arrays only: cheaper than charAt per character
            s.getChars(0, len, cs, 0);
            byte[] b = buf;
            int at = n + 1;
            b[n] = '"';
            for (int i = 0; i < len; i++) {
                char c = cs[i];
                if (c >= 0x7f || PLAIN[c] == 0) {
                    n = at + i;
                    escaped(s, i);
                    raw('"');
                    return;
                }
                b[at + i] = (byte) c;
            }
            b[at + len] = '"';
            n = at + len + 1;
        }

        /**
         * The rest of {@code s}, from {@code from}, escaped as json.dumps does (ensure_ascii). {@link #string}
         * has copied {@code s} into {@link #chars}; room for the worst case (6 bytes a character) is made once,
         * so the loop is over arrays only (a record's entry escapes a whole primitive's text this way).
         */
        private void escaped(String s, int from) {
            int len = s.length();
            ensure(6 * (len - from));
            char[] cs = chars;
            byte[] b = buf;
            int at = n;
            for (int i = from; i < len; i++) {
                char c = cs[i];
                if (c < 0x7f && PLAIN[c] != 0) {
                    b[at++] = (byte) c;
                    continue;
                }
                b[at++] = '\\';
                switch (c) {
                    case '"':
                        b[at++] = '"';
                        break;
                    case '\\':
                        b[at++] = '\\';
                        break;
                    case '\n':
                        b[at++] = 'n';
                        break;
                    case '\r':
                        b[at++] = 'r';
                        break;
                    case '\t':
                        b[at++] = 't';
                        break;
                    case '\b':
                        b[at++] = 'b';
                        break;
                    case '\f':
                        b[at++] = 'f';
                        break;
                    default:
                        b[at++] = 'u';
                        b[at++] = HEX[c >> 12 & 15];
                        b[at++] = HEX[c >> 8 & 15];
                        b[at++] = HEX[c >> 4 & 15];
                        b[at++] = HEX[c & 15];
                }
            }
            n = at;
        }
    }

    /**
     * Python's {@code json.loads(text)}.
     *
     * @throws VersionedObjectException of type {@code JSONDecodeError} naming the position, as Python's;
     *     {@code RecursionError} beyond {@link #MAX_DEPTH} levels; {@code ValueError} for an integer of more
     *     than 4300 digits, as CPython 3.11 refuses it
     */
    public static Object parse(String text) {
        Parser p = new Parser(text);
        try {
            if (text.startsWith("\ufeff")) {
                throw p.error("Unexpected UTF-8 BOM (decode using utf-8-sig)");
            }
            p.skipSpace();
            Object v = p.value(0);
            p.skipSpace();
            if (p.pos != p.n) {
                throw p.error("Extra data");
            }
            return v;
        } finally {
            p.release();
        }
    }

    /**
     * Object keys seen before, so that parsing does not make (and hash) the same few key strings again and
     * again, so that keys naming a field are that field's own name string, and so that those are written from
     * ready text (keys are half of an os-vif primitive's JSON). Direct-mapped by hash, shared by all threads:
     * entries are immutable, a lost update only costs a miss. A key learned from input never evicts a declared
     * one.
     */
    private static final Key[] KEYS = new Key[1024];

    /** A key, its characters and, for a declared key, its JSON text (the quoted key and ": "). Immutable. */
    private static final class Key {
        final String key;
        final char[] chars;
        final byte[] text;

        Key(String key, char[] chars, byte[] text) {
            this.key = key;
            this.chars = chars;
            this.text = text;
        }
    }

    /** {@code key} as json.dumps writes it. */
    static byte[] text(String key) {
        Writer w = new Writer();
        w.string(key);
        return w.done().getBytes(StandardCharsets.US_ASCII);
    }

    /** The start of an object's primitive up to its data's first field, for objects at the schema's version. */
    static byte[] head(String name, String version) {
        Writer w = new Writer();
        w.envelope(name, version);
        return w.done().getBytes(StandardCharsets.US_ASCII);
    }

    /** The text of a primitive between its name's closing quote and its data's '{', from its {@link #head}. */
    static String middle(String name, byte[] head) {
        String text = new String(head, StandardCharsets.US_ASCII);
        return text.substring(ENVELOPE_NAME.length + text(name).length, text.length() - 1);
    }

    /** Declares {@code key} (a field's name, an envelope key, an object's name or version): see {@link #KEYS}. */
    static void knownKey(String key) {
        Writer w = new Writer();
        w.string(key);
        byte[] text = (w.done() + ": ").getBytes(StandardCharsets.US_ASCII);
        KEYS[key.hashCode() & (KEYS.length - 1)] = new Key(key, key.toCharArray(), text);
    }

    static {
        for (String key : new String[] {Codec.NAME, Codec.NAMESPACE, Codec.VERSION, Codec.DATA, Codec.CHANGES,
            VersionedObject.NAMESPACE}) {
            knownKey(key);
        }
    }

    /** json.loads over a borrowed char array; {@link JsonReader} reads objects with its lexing. */
    static final class Parser {
        /** The text; a copy of it in s, whose positions are the text's (substrings of it are cheaper to make). */
        final String text;
        final char[] s;
        final int n;
        int pos;

        Parser(String text) {
            this.text = text;
            this.n = text.length();
            this.s = borrow(n);
            text.getChars(0, n, s, 0);
        }

        VersionedObjectException error(String what) {
            int line = 1;
            int col = 1;
            for (int i = 0; i < pos && i < n; i++) {
                if (s[i] == '\n') {
                    line++;
                    col = 1;
                } else {
                    col++;
                }
            }
            return new VersionedObjectException("JSONDecodeError",
                    what + ": line " + line + " column " + col + " (char " + pos + ")");
        }

        void skipSpace() {
            int i = pos;
            while (i < n) {
                char c = s[i];
                if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                    i++;
                } else {
                    break;
                }
            }
            pos = i;
        }

        /** Gives the char array back to the thread; the parser is done. */
        void release() {
            giveBack(s);
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw new VersionedObjectException("RecursionError",
                        "JSON nested deeper than " + MAX_DEPTH + " levels");
            }
            if (pos >= n) {
                throw error("Expecting value");
            }
            char c = s[pos];
            switch (c) {
                case '{':
                    return object(depth);
                case '[':
                    return array(depth);
                case '"':
                    pos++;
                    return string(false);
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                case 'N':
                    return literal("NaN", Double.NaN);
                case 'I':
                    return literal("Infinity", Double.POSITIVE_INFINITY);
                default:
                    if (c == '-' && text.startsWith("-Infinity", pos)) {
                        pos += 9;
                        return Double.NEGATIVE_INFINITY;
                    }
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw error("Expecting value");
            }
        }

        private Object literal(String word, Object v) {
            if (!text.startsWith(word, pos)) {
                throw error("Expecting value");
            }
            pos += word.length();
            return v;
        }

        private Map<String, Object> object(int depth) {
            pos++;
            Map<String, Object> m = new PrimitiveMap();
            skipSpace();
            if (pos < n && s[pos] == '}') {
                pos++;
                return m;
            }
            while (true) {
                if (pos >= n || s[pos] != '"') {
                    throw error("Expecting property name enclosed in double quotes");
                }
                pos++;
                String key = string(true);
                skipSpace();
                if (pos >= n || s[pos] != ':') {
                    throw error("Expecting ':' delimiter");
                }
                pos++;
                skipSpace();
                m.put(key, value(depth + 1));
                skipSpace();
                if (pos < n && s[pos] == ',') {
                    pos++;
                    skipSpace();
                } else if (pos < n && s[pos] == '}') {
                    pos++;
                    return m;
                } else {
                    throw error("Expecting ',' delimiter");
                }
            }
        }

        private List<Object> array(int depth) {
            pos++;
            List<Object> l = new ArrayList<>();
            skipSpace();
            if (pos < n && s[pos] == ']') {
                pos++;
                return l;
            }
            while (true) {
                skipSpace();
                l.add(value(depth + 1));
                skipSpace();
                if (pos < n && s[pos] == ',') {
                    pos++;
                } else if (pos < n && s[pos] == ']') {
                    pos++;
                    return l;
                } else {
                    throw error("Expecting ',' delimiter");
                }
            }
        }

        /** The string whose opening quote was just passed; keys go through the {@link #KEYS} cache. */
        String string(boolean key) {
            int start = pos;
            int i = pos;
            // fast path: no escapes
            if (key) {
                int h = 0;
                for (; i < n; i++) {
                    char c = s[i];
                    if (c == '"') {
                        pos = i + 1;
                        return key(start, i - start, h);
                    } else if (c == '\\' || c < 0x20) {
                        break;
                    }
                    h = 31 * h + c;
                }
            } else {
                int h = 0;
                for (; i < n; i++) {
                    char c = s[i];
                    if (c == '"') {
                        pos = i + 1;
                        return i - start <= 32 ? declared(start, i - start, h) : text.substring(start, i);
                    } else if (c == '\\' || c < 0x20) {
                        break;
                    }
                    h = 31 * h + c;
                }
            }
            pos = i;
            StringBuilder b = new StringBuilder(i - start + 16).append(s, start, i - start);
            while (true) {
                if (pos >= n) {
                    pos = start - 1;
                    throw error("Unterminated string starting at");
                }
                char c = s[pos++];
                if (c == '"') {
                    return b.toString();
                } else if (c < 0x20) {
                    pos--;
                    throw error("Invalid control character at");
                } else if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (pos >= n) {
                    pos = start - 1;
                    throw error("Unterminated string starting at");
                }
                char e = s[pos++];
                switch (e) {
                    case '"':
                        b.append('"');
                        break;
                    case '\\':
                        b.append('\\');
                        break;
                    case '/':
                        b.append('/');
                        break;
                    case 'b':
                        b.append('\b');
                        break;
                    case 'f':
                        b.append('\f');
                        break;
                    case 'n':
                        b.append('\n');
                        break;
                    case 'r':
                        b.append('\r');
                        break;
                    case 't':
                        b.append('\t');
                        break;
                    case 'u':
                        if (pos + 4 > n) {
                            pos--;
                            throw error("Invalid \\uXXXX escape");
                        }
                        int code = 0;
                        for (int k = 0; k < 4; k++) {
                            char d = s[pos + k];
                            int v = d >= '0' && d <= '9' ? d - '0' : d >= 'a' && d <= 'f' ? d - 'a' + 10
                                    : d >= 'A' && d <= 'F' ? d - 'A' + 10 : -1;
                            if (v < 0) {
                                pos--;
                                throw error("Invalid \\uXXXX escape");
                            }
                            code = code * 16 + v;
                        }
                        pos += 4;
                        b.append((char) code);
                        break;
                    default:
                        pos -= 2;
                        throw error("Invalid \\escape");
                }
            }
        }

        /**
         * A short string value: the declared string when it is one (an object's name, its version, a field
         * named in its changes), so the codec's lookups find it at once; else a new string, not remembered.
         */
        private String declared(int start, int len, int hash) {
            Key known = KEYS[hash & (KEYS.length - 1)];
            if (known != null && known.text != null && known.key.hashCode() == hash && same(known.chars, start, len)) {
                return known.key;
            }
            return text.substring(start, start + len);
        }

        /** True when s[start, start + len) holds the characters of {@code chars}. */
        private boolean same(char[] chars, int start, int len) {
            if (chars.length != len) {
                return false;
            }
            for (int k = 0; k < len; k++) {
                if (chars[k] != s[start + k]) {
                    return false;
                }
            }
            return true;
        }

        private String key(int start, int len, int hash) {
            int slot = hash & (KEYS.length - 1);
            Key known = KEYS[slot];
            if (known != null && known.key.hashCode() == hash && same(known.chars, start, len)) {
                return known.key;
            }
            String key = text.substring(start, start + len);
            if (known == null || known.text == null) {
                KEYS[slot] = new Key(key, Arrays.copyOfRange(s, start, start + len), null);
            }
            return key;
        }

        private Object number() {
            int start = pos;
            boolean negative = s[pos] == '-';
            if (negative) {
                pos++;
            }
            if (pos >= n) {
                pos = start;
                throw error("Expecting value");
            }
            long v = 0;
            int digits = 0;
            if (s[pos] == '0') {
                pos++;
                digits = 1;
            } else if (s[pos] >= '1' && s[pos] <= '9') {
                while (pos < n && isDigit(s[pos])) {
                    v = v * 10 + (s[pos++] - '0');
                    digits++;
                }
            } else {
                pos = start;
                throw error("Expecting value");
            }
            boolean integral = true;
            if (pos + 1 < n && s[pos] == '.' && isDigit(s[pos + 1])) {
                integral = false;
                pos++;
                while (pos < n && isDigit(s[pos])) {
                    pos++;
                }
            }
            if (pos < n && (s[pos] == 'e' || s[pos] == 'E')) {
                int mark = pos;
                pos++;
                if (pos < n && (s[pos] == '+' || s[pos] == '-')) {
                    pos++;
                }
                if (pos < n && isDigit(s[pos])) {
                    integral = false;
                    while (pos < n && isDigit(s[pos])) {
                        pos++;
                    }
                } else {
                    pos = mark;
                }
            }
            if (!integral) {
                return Double.parseDouble(new String(s, start, pos - start));
            }
            if (digits <= 18) {
                return negative ? -v : v;
            }
            if (digits > Py.MAX_STR_DIGITS) {
                throw Py.tooManyDigits(digits);
            }
            BigInteger b = new BigInteger(new String(s, start, pos - start));
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
