package org.jvif.api.object;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        StringBuilder b = new StringBuilder(256);
        write(b, value);
        return b.toString();
    }

    /**
     * Appends Python's {@code json.dumps(value)} to {@code b}.
     *
     * @throws VersionedObjectException a {@code RecursionError} for values nested deeper than {@link #MAX_DEPTH}
     *     levels, a {@code ValueError} for an integer of more than 4300 digits, as Python's
     */
    public static void write(StringBuilder b, Object value) {
        write(b, value, 0);
    }

    private static void write(StringBuilder b, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new VersionedObjectException("RecursionError",
                    "maximum recursion depth exceeded while encoding a JSON object");
        }
        if (value == null) {
            b.append("null");
        } else if (value instanceof String) {
            writeString(b, (String) value);
        } else if (value instanceof Boolean) {
            b.append((Boolean) value ? "true" : "false");
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            b.append(value);
        } else if (value instanceof BigInteger) {
            b.append(Py.repr(value));
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d)) {
                b.append("NaN");
            } else if (Double.isInfinite(d)) {
                b.append(d > 0 ? "Infinity" : "-Infinity");
            } else {
                b.append(Py.reprFloat(d));
            }
        } else if (value instanceof Map) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    b.append(", ");
                }
                first = false;
                writeString(b, String.valueOf(e.getKey()));
                b.append(": ");
                write(b, e.getValue(), depth + 1);
            }
            b.append('}');
        } else if (value instanceof List) {
            b.append('[');
            boolean first = true;
            for (Object item : (List<?>) value) {
                if (!first) {
                    b.append(", ");
                }
                first = false;
                write(b, item, depth + 1);
            }
            b.append(']');
        } else if (value instanceof VersionedObject) {
            write(b, ((VersionedObject) value).toPrimitive(), depth);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void writeString(StringBuilder b, String s) {
        b.append('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                b.append(c);
                continue;
            }
            switch (c) {
                case '"':
                    b.append("\\\"");
                    break;
                case '\\':
                    b.append("\\\\");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                case '\b':
                    b.append("\\b");
                    break;
                case '\f':
                    b.append("\\f");
                    break;
                default:
                    b.append("\\u").append(HEX[c >> 12 & 15]).append(HEX[c >> 8 & 15]).append(HEX[c >> 4 & 15])
                            .append(HEX[c & 15]);
            }
        }
        b.append('"');
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
        if (text.startsWith("\ufeff")) {
            throw p.error("Unexpected UTF-8 BOM (decode using utf-8-sig)");
        }
        p.skipSpace();
        Object v = p.value(0);
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("Extra data");
        }
        return v;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        VersionedObjectException error(String what) {
            int line = 1;
            int col = 1;
            for (int i = 0; i < pos && i < s.length(); i++) {
                if (s.charAt(i) == '\n') {
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
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    break;
                }
            }
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw new VersionedObjectException("RecursionError",
                        "JSON nested deeper than " + MAX_DEPTH + " levels");
            }
            if (pos >= s.length()) {
                throw error("Expecting value");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return object(depth);
                case '[':
                    return array(depth);
                case '"':
                    pos++;
                    return string();
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
                    if (c == '-' && s.startsWith("-Infinity", pos)) {
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
            if (!s.startsWith(word, pos)) {
                throw error("Expecting value");
            }
            pos += word.length();
            return v;
        }

        private Map<String, Object> object(int depth) {
            pos++;
            Map<String, Object> m = new LinkedHashMap<>();
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return m;
            }
            while (true) {
                if (pos >= s.length() || s.charAt(pos) != '"') {
                    throw error("Expecting property name enclosed in double quotes");
                }
                pos++;
                String key = string();
                skipSpace();
                if (pos >= s.length() || s.charAt(pos) != ':') {
                    throw error("Expecting ':' delimiter");
                }
                pos++;
                skipSpace();
                m.put(key, value(depth + 1));
                skipSpace();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                    skipSpace();
                } else if (pos < s.length() && s.charAt(pos) == '}') {
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
            if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
                return l;
            }
            while (true) {
                skipSpace();
                l.add(value(depth + 1));
                skipSpace();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                } else if (pos < s.length() && s.charAt(pos) == ']') {
                    pos++;
                    return l;
                } else {
                    throw error("Expecting ',' delimiter");
                }
            }
        }

        private String string() {
            int start = pos;
            // fast path: no escapes
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '"') {
                    return s.substring(start, pos++);
                } else if (c == '\\' || c < 0x20) {
                    break;
                }
                pos++;
            }
            StringBuilder b = new StringBuilder(s.substring(start, pos));
            while (true) {
                if (pos >= s.length()) {
                    pos = start - 1;
                    throw error("Unterminated string starting at");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return b.toString();
                } else if (c < 0x20) {
                    pos--;
                    throw error("Invalid control character at");
                } else if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (pos >= s.length()) {
                    pos = start - 1;
                    throw error("Unterminated string starting at");
                }
                char e = s.charAt(pos++);
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
                        if (pos + 4 > s.length()) {
                            pos--;
                            throw error("Invalid \\uXXXX escape");
                        }
                        int code = 0;
                        for (int k = 0; k < 4; k++) {
                            int d = Character.digit(s.charAt(pos + k), 16);
                            if (d < 0 || s.charAt(pos + k) > 127) {
                                pos--;
                                throw error("Invalid \\uXXXX escape");
                            }
                            code = code * 16 + d;
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

        private Object number() {
            int start = pos;
            if (s.charAt(pos) == '-') {
                pos++;
            }
            if (pos >= s.length()) {
                pos = start;
                throw error("Expecting value");
            }
            if (s.charAt(pos) == '0') {
                pos++;
            } else if (s.charAt(pos) >= '1' && s.charAt(pos) <= '9') {
                while (pos < s.length() && isDigit(s.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = start;
                throw error("Expecting value");
            }
            boolean integral = true;
            if (pos + 1 < s.length() && s.charAt(pos) == '.' && isDigit(s.charAt(pos + 1))) {
                integral = false;
                pos++;
                while (pos < s.length() && isDigit(s.charAt(pos))) {
                    pos++;
                }
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                int mark = pos;
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos < s.length() && isDigit(s.charAt(pos))) {
                    integral = false;
                    while (pos < s.length() && isDigit(s.charAt(pos))) {
                        pos++;
                    }
                } else {
                    pos = mark;
                }
            }
            String text = s.substring(start, pos);
            if (!integral) {
                return Double.parseDouble(text);
            }
            if (text.length() < 19) {
                return Long.parseLong(text);
            }
            int digits = text.length() - (text.charAt(0) == '-' ? 1 : 0);
            if (digits > Py.MAX_STR_DIGITS) {
                throw Py.tooManyDigits(digits);
            }
            BigInteger b = new BigInteger(text);
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
