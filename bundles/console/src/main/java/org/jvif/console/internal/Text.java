package org.jvif.console.internal;

/**
 * What the console prints comes from input (names, ids, error messages naming values): nothing in it may
 * drive the operator's terminal or run on for megabytes.
 */
public final class Text {
    /** The most of one message or value the console prints; the rest is counted, not shown. */
    static final int MAX_SHOWN = 1000;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Text() {
    }

    /**
     * {@code s} with every character a terminal would act on or hide written as Python writes it in a
     * repr ({@code \n}, {@code \x1b}, {@code \u202e}): control characters (ESC, CSI, OSC, BEL, newlines
     * that would fake table rows), format characters (bidi overrides, zero-width), line and paragraph
     * separators and lone surrogates. Null stays null.
     */
    public static String escape(String s) {
        if (s == null) {
            return null;
        }
        int i = 0;
        while (i < s.length() && !needsEscape(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!needsEscape(c)) {
                b.append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                if (isHidden(Character.getType(cp))) {
                    hex(b.append("\\U"), cp, 8);
                } else {
                    b.appendCodePoint(cp);
                }
            } else if (c < 0x100) {
                hex(b.append("\\x"), c, 2);
            } else {
                hex(b.append("\\u"), c, 4);
            }
        }
        return b.toString();
    }

    /** {@link #escape} of {@code s} cut to its first {@link #MAX_SHOWN} characters, its length said after. */
    public static String shown(String s) {
        return shown(s, MAX_SHOWN);
    }

    /** {@link #escape} of {@code s} cut to its first {@code limit} characters, its length said after. */
    public static String shown(String s, int limit) {
        if (s == null || s.length() <= limit) {
            return escape(s);
        }
        return cut(escape(s.substring(0, limit)), s.length());
    }

    /** {@code s} whole when short, else its start and how long it was: for messages that echo input. */
    public static String cut(String s) {
        return s == null || s.length() <= MAX_SHOWN ? s : cut(s.substring(0, MAX_SHOWN), s.length());
    }

    private static String cut(String start, int length) {
        return start + "... (" + length + " characters, cut)";
    }

    private static boolean needsEscape(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return false;
        }
        return c < 0x20 || c == 0x7f || Character.isSurrogate(c) || isHidden(Character.getType(c));
    }

    private static boolean isHidden(int type) {
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }

    private static void hex(StringBuilder b, int c, int digits) {
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            b.append(HEX[(c >> shift) & 0xf]);
        }
    }
}
