package org.jvif.api.object;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's view of JSON values, for the coercions oslo does with Python built-ins ({@code str()},
 * {@code int()}, {@code bool()}) and for messages that print values as os-vif does.
 */
final class Py {
    private Py() {
    }

    /** Python's {@code type(value).__name__} for a value parsed from JSON. */
    static String typeName(Object v) {
        if (v == null) {
            return "NoneType";
        } else if (v instanceof String) {
            return "str";
        } else if (v instanceof Boolean) {
            return "bool";
        } else if (v instanceof Long || v instanceof Integer || v instanceof BigInteger) {
            return "int";
        } else if (v instanceof Double || v instanceof Float) {
            return "float";
        } else if (v instanceof List) {
            return "list";
        } else if (v instanceof Map) {
            return "dict";
        } else if (v instanceof VersionedObject) {
            return ((VersionedObject) v).schema().name();
        }
        return v.getClass().getSimpleName();
    }

    static boolean isInt(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof BigInteger;
    }

    static boolean isNumber(Object v) {
        return isInt(v) || v instanceof Double || v instanceof Float;
    }

    /** Python's {@code str(value)}. */
    static String str(Object v) {
        if (v instanceof String) {
            return (String) v;
        }
        return repr(v);
    }

    /** Python's {@code repr(value)}. */
    static String repr(Object v) {
        StringBuilder b = new StringBuilder();
        repr(b, v, 0, Integer.MAX_VALUE);
        return b.toString();
    }

    /** The start of {@code repr(value)}, for messages: cut after about 100 characters, never failing. */
    static String reprShort(Object v) {
        StringBuilder b = new StringBuilder();
        try {
            repr(b, v, 0, 100);
        } catch (VersionedObjectException e) {
            return "a value nested too deep to print";
        }
        return b.length() > 100 ? b.substring(0, 100) + "..." : b.toString();
    }

    /** How deep a list or dict may nest before repr gives up, as Python's recursion limit makes it. */
    static final int MAX_REPR_DEPTH = Json.MAX_DEPTH;

    /** Appends repr(v) to b, stopping (early, not exactly) once b is longer than {@code limit}. */
    private static void repr(StringBuilder b, Object v, int depth, int limit) {
        if (b.length() > limit) {
            return;
        }
        if (depth > MAX_REPR_DEPTH) {
            throw new VersionedObjectException("RecursionError",
                    "maximum recursion depth exceeded while getting the repr of an object");
        }
        if (v == null) {
            b.append("None");
        } else if (v instanceof Boolean) {
            b.append((Boolean) v ? "True" : "False");
        } else if (v instanceof String) {
            String s = (String) v;
            if (s.length() > limit) {
                // for a message only: the start is enough (and not half a surrogate pair)
                s = s.substring(0, Character.isHighSurrogate(s.charAt(limit - 1)) ? limit - 1 : limit);
            }
            reprString(b, s);
        } else if (v instanceof Double || v instanceof Float) {
            b.append(reprFloat(((Number) v).doubleValue()));
        } else if (v instanceof BigInteger) {
            BigInteger big = (BigInteger) v;
            b.append(limit < Integer.MAX_VALUE && big.bitLength() > 1000 ? "an integer of " + big.bitLength()
                    + " bits" : intText(big));
        } else if (v instanceof List) {
            b.append('[');
            Iterator<?> it = ((List<?>) v).iterator();
            while (it.hasNext() && b.length() <= limit) {
                repr(b, it.next(), depth + 1, limit);
                if (it.hasNext()) {
                    b.append(", ");
                }
            }
            b.append(']');
        } else if (v instanceof Map) {
            b.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = ((Map<?, ?>) v).entrySet().iterator();
            while (it.hasNext() && b.length() <= limit) {
                Map.Entry<?, ?> e = it.next();
                repr(b, e.getKey(), depth + 1, limit);
                b.append(": ");
                repr(b, e.getValue(), depth + 1, limit);
                if (it.hasNext()) {
                    b.append(", ");
                }
            }
            b.append('}');
        } else if (v instanceof VersionedObject) {
            // as oslo's Object field shows one: its name, and its id if it has one
            b.append(new FieldTypes.ObjectType<>(((VersionedObject) v).objName(), false)
                    .stringify((VersionedObject) v));
        } else {
            b.append(v);
        }
    }

    /** Python's {@code str(int)}, which refuses more than 4300 digits. */
    private static String intText(BigInteger v) {
        // log2(10) bits a digit: beyond this many bits there are surely too many digits to print
        if (v.bitLength() > (MAX_STR_DIGITS + 1) * 3.33) {
            throw new VersionedObjectException.ValueError("Exceeds the limit (" + MAX_STR_DIGITS
                    + " digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit");
        }
        String s = v.toString();
        if (s.length() - (v.signum() < 0 ? 1 : 0) > MAX_STR_DIGITS) {
            throw new VersionedObjectException.ValueError("Exceeds the limit (" + MAX_STR_DIGITS
                    + " digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit");
        }
        return s;
    }

    static String reprString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        reprString(b, s);
        return b.toString();
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void reprString(StringBuilder b, String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        b.append(quote);
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (c == quote || c == '\\') {
                b.append('\\').appendCodePoint(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0xff && !isPrintable(c))) {
                hex(b.append("\\x"), c, 2);
            } else if (c >= 0x80 && !isPrintable(c)) {
                if (c <= 0xffff) {
                    hex(b.append("\\u"), c, 4);
                } else {
                    hex(b.append("\\U"), c, 8);
                }
            } else {
                b.appendCodePoint(c);
            }
        }
        b.append(quote);
    }

    private static void hex(StringBuilder b, int c, int digits) {
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            b.append(HEX[(c >>> shift) & 15]);
        }
    }

    private static boolean isPrintable(int c) {
        switch (Character.getType(c)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SPACE_SEPARATOR:
                return c == ' ';
            default:
                return true;
        }
    }

    /** Python's {@code repr(float)}: the shortest text that reads back as the same double. */
    static String reprFloat(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        } else if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        } else if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        String digits = null;
        int exp = 0;
        for (int p = 1; p <= 17; p++) {
            BigDecimal bd = new BigDecimal(d).round(new java.math.MathContext(p));
            if (bd.doubleValue() == d) {
                BigDecimal stripped = bd.stripTrailingZeros();
                digits = stripped.unscaledValue().abs().toString();
                exp = digits.length() - 1 - stripped.scale();
                break;
            }
        }
        String sign = d < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            BigDecimal plain = new BigDecimal(new BigInteger(digits), digits.length() - 1 - exp);
            String s = plain.toPlainString();
            return sign + (s.indexOf('.') < 0 ? s + ".0" : s);
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /** Python's {@code str.lower()}. */
    static String lower(String s) {
        return s.toLowerCase(java.util.Locale.ROOT);
    }

    /** What Python's {@code for x in value} visits: a list's items, a dict's keys, a string's characters. */
    static Iterable<?> iterate(Object v) {
        if (v instanceof List) {
            return (List<?>) v;
        } else if (v instanceof Map) {
            return ((Map<?, ?>) v).keySet();
        } else if (v instanceof String) {
            String s = (String) v;
            List<String> chars = new java.util.ArrayList<>(s.length());
            for (int i = 0; i < s.length(); ) {
                int n = Character.charCount(s.codePointAt(i));
                chars.add(s.substring(i, i + n));
                i += n;
            }
            return chars;
        }
        throw new VersionedObjectException.TypeError("'" + typeName(v) + "' object is not iterable").showing(v);
    }

    /** Python's {@code bool(value)}. */
    static boolean truth(Object v) {
        if (v == null) {
            return false;
        } else if (v instanceof Boolean) {
            return (Boolean) v;
        } else if (v instanceof String) {
            return !((String) v).isEmpty();
        } else if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue() != 0;
        } else if (v instanceof BigInteger) {
            return ((BigInteger) v).signum() != 0;
        } else if (v instanceof Number) {
            return ((Number) v).longValue() != 0;
        } else if (v instanceof List) {
            return !((List<?>) v).isEmpty();
        } else if (v instanceof Map) {
            return !((Map<?, ?>) v).isEmpty();
        }
        return true;
    }

    /** Python's {@code int(value)}, limited to the range of a Java long. */
    static long toInt(Object v) {
        if (v instanceof Boolean) {
            return (Boolean) v ? 1 : 0;
        } else if (v instanceof Long || v instanceof Integer) {
            return ((Number) v).longValue();
        } else if (v instanceof BigInteger) {
            return checkedLong((BigInteger) v, v);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                throw new VersionedObjectException.ValueError("cannot convert float NaN to integer");
            } else if (Double.isInfinite(d)) {
                throw new VersionedObjectException("OverflowError", "cannot convert float infinity to integer");
            }
            // (long) truncates as int() does; beyond 2^63 it saturates, which the range check catches
            if (Math.abs(d) < 0x1p63) {
                return (long) d;
            }
            return checkedLong(new BigDecimal(d).toBigInteger(), v);
        } else if (v instanceof String) {
            Object n = parseInt((String) v);
            return n instanceof Long ? (Long) n : checkedLong((BigInteger) n, v);
        }
        throw new VersionedObjectException.TypeError("int() argument must be a string, a bytes-like object or a real "
                + "number, not '" + typeName(v) + "'").showing(v);
    }

    private static long checkedLong(BigInteger b, Object original) {
        if (b.bitLength() > 63) {
            String shown = b.bitLength() > 256 ? "of " + b.bitLength() + " bits" : str(original);
            throw new VersionedObjectException.ValueError(
                    "integer " + shown + " is out of the range jvif supports (64-bit)");
        }
        return b.longValue();
    }

    /** CPython 3.11's limit on the digits {@code int(text)} converts. */
    static final int MAX_STR_DIGITS = 4300;

    /**
     * Python's {@code int(text)} in base 10: Unicode white space around it, Unicode decimal digits, a sign,
     * single underscores between digits. Returns a Long, or a BigInteger when it does not fit.
     *
     * @throws VersionedObjectException.ValueError with Python's message where Python raises ValueError
     */
    static Object parseInt(String text) {
        // CPython first maps non-ASCII white space to ' ' and non-ASCII decimal digits to ASCII ones
        int n = text.length();
        char[] a = new char[n];
        int len = 0;
        for (int i = 0; i < n; ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c < 127) {
                a[len++] = (char) c;
            } else if (isUnicodeSpace(c)) {
                a[len++] = ' ';
            } else if (Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER) {
                a[len++] = (char) ('0' + Character.digit(c, 10));
            } else {
                throw invalidLiteral(text);
            }
        }
        // then reads the ASCII text as PyLong_FromString does
        int i = 0;
        while (i < len && isAsciiSpace(a[i])) {
            i++;
        }
        boolean negative = false;
        if (i < len && (a[i] == '+' || a[i] == '-')) {
            negative = a[i] == '-';
            i++;
        }
        if (i < len && a[i] == '_') {
            throw invalidLiteral(text);
        }
        int start = i;
        int digits = 0;
        char prev = 0;
        for (; i < len && (isAsciiDigit(a[i]) || a[i] == '_'); i++) {
            if (a[i] == '_' && prev == '_') {
                throw invalidLiteral(text);
            }
            digits += a[i] == '_' ? 0 : 1;
            prev = a[i];
        }
        int end = i;
        if (prev == '_') {
            throw invalidLiteral(text);
        }
        if (digits > MAX_STR_DIGITS) {
            throw tooManyDigits(digits);
        }
        while (i < len && isAsciiSpace(a[i])) {
            i++;
        }
        if (digits == 0 || i != len) {
            throw invalidLiteral(text);
        }
        if (digits <= 18) {
            long v = 0;
            for (int k = start; k < end; k++) {
                if (a[k] != '_') {
                    v = v * 10 + (a[k] - '0');
                }
            }
            return negative ? -v : v;
        }
        StringBuilder b = new StringBuilder(digits + 1).append(negative ? "-" : "");
        for (int k = start; k < end; k++) {
            if (a[k] != '_') {
                b.append(a[k]);
            }
        }
        BigInteger big = new BigInteger(b.toString());
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    /** CPython's refusal to convert more than {@link #MAX_STR_DIGITS} digits (quadratic work). */
    static VersionedObjectException tooManyDigits(int digits) {
        return new VersionedObjectException.ValueError("Exceeds the limit (" + MAX_STR_DIGITS
                + " digits) for integer string conversion: value has " + digits
                + " digits; use sys.set_int_max_str_digits() to increase the limit");
    }

    private static VersionedObjectException invalidLiteral(String text) {
        String r = reprString(text);
        return new VersionedObjectException.ValueError(
                "invalid literal for int() with base 10: " + (r.length() > 200 ? r.substring(0, 200) : r));
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** C's isspace in the C locale (CPython's Py_ISSPACE). */
    static boolean isAsciiSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** Python's {@code str.isspace()} for a character outside ASCII. */
    private static boolean isUnicodeSpace(int c) {
        return c == 0x85 || Character.isSpaceChar(c);
    }

    /** True when Python cannot pass {@code s} to C: it holds a NUL or a lone surrogate (not UTF-8 encodable). */
    static boolean notCString(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return true;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
