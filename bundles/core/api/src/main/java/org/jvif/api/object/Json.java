package org.jvif.api.object;

import java.math.BigInteger;
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
        String text = new String(w.buf, 0, w.n);
        w.recycle();
        return text;
    }

    /**
     * Appends Python's {@code json.dumps(value)} to {@code b}.
     *
     * @throws VersionedObjectException a {@code RecursionError} for values nested deeper than {@link #MAX_DEPTH}
     *     levels, a {@code ValueError} for an integer of more than 4300 digits, as Python's
     */
    public static void write(StringBuilder b, Object value) {
        Writer w = new Writer();
        w.value(value, 0);
        b.append(w.buf, 0, w.n);
        w.recycle();
    }

    /** A char buffer per thread, lent to one writer or parser at a time, so each call need not allocate one. */
    private static final ThreadLocal<char[]> BUFFER = new ThreadLocal<>();

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

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** json.dumps into a growing char array: strings are copied in bulk and escaped only where needed. */
    private static final class Writer {
        char[] buf = borrow(0);
        int n;

        void recycle() {
            giveBack(buf);
            buf = null;
        }

        private void ensure(int more) {
            if (n + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
            }
        }

        private void raw(String s) {
            int len = s.length();
            ensure(len);
            s.getChars(0, len, buf, n);
            n += len;
        }

        private void raw(char c) {
            ensure(1);
            buf[n++] = c;
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
                raw("null");
            } else if (value instanceof Boolean) {
                raw((Boolean) value ? "true" : "false");
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
                value(((VersionedObject) value).toPrimitive(), depth);
            } else {
                throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
            }
        }

        /** A key and its ": ", from ready text when it is a known key. */
        private void key(String k) {
            Key known = KEYS[k.hashCode() & (KEYS.length - 1)];
            if (known != null && known.key == k && known.text != null) {
                char[] text = known.text;
                ensure(text.length);
                System.arraycopy(text, 0, buf, n, text.length);
                n += text.length;
                return;
            }
            string(k);
            raw(": ");
        }

        private void string(String s) {
            int len = s.length();
            ensure(len + 2);
            buf[n++] = '"';
            s.getChars(0, len, buf, n);
            int end = n + len;
            int i = n;
            while (i < end) {
                char c = buf[i];
                if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                    break;
                }
                i++;
            }
            n = i;
            if (i < end) {
                escaped(s, i - (end - len));
            }
            raw('"');
        }

        /** The rest of {@code s}, from {@code from}, escaped as json.dumps does (ensure_ascii). */
        private void escaped(String s, int from) {
            for (int i = from, len = s.length(); i < len; i++) {
                char c = s.charAt(i);
                ensure(6);
                if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                    buf[n++] = c;
                    continue;
                }
                buf[n++] = '\\';
                switch (c) {
                    case '"':
                        buf[n++] = '"';
                        break;
                    case '\\':
                        buf[n++] = '\\';
                        break;
                    case '\n':
                        buf[n++] = 'n';
                        break;
                    case '\r':
                        buf[n++] = 'r';
                        break;
                    case '\t':
                        buf[n++] = 't';
                        break;
                    case '\b':
                        buf[n++] = 'b';
                        break;
                    case '\f':
                        buf[n++] = 'f';
                        break;
                    default:
                        buf[n++] = 'u';
                        buf[n++] = HEX[c >> 12 & 15];
                        buf[n++] = HEX[c >> 8 & 15];
                        buf[n++] = HEX[c >> 4 & 15];
                        buf[n++] = HEX[c & 15];
                }
            }
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
            giveBack(p.s);
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
        final char[] text;

        Key(String key, char[] chars, char[] text) {
            this.key = key;
            this.chars = chars;
            this.text = text;
        }
    }

    /** Declares {@code key} (a field's name, an envelope key, an object's name or version): see {@link #KEYS}. */
    static void knownKey(String key) {
        Writer w = new Writer();
        w.string(key);
        w.raw(": ");
        char[] text = java.util.Arrays.copyOf(w.buf, w.n);
        w.recycle();
        KEYS[key.hashCode() & (KEYS.length - 1)] = new Key(key, key.toCharArray(), text);
    }

    static {
        for (String key : new String[] {Codec.NAME, Codec.NAMESPACE, Codec.VERSION, Codec.DATA, Codec.CHANGES,
            VersionedObject.NAMESPACE}) {
            knownKey(key);
        }
    }

    private static final class Parser {
        private final String text;
        private final char[] s;
        private final int n;
        private int pos;

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
        private String string(boolean key) {
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
                        return i - start <= 32 ? declared(start, i - start, h) : new String(s, start, i - start);
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
            return new String(s, start, len);
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
            String key = new String(s, start, len);
            if (known == null || known.text == null) {
                KEYS[slot] = new Key(key, java.util.Arrays.copyOfRange(s, start, start + len), null);
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
