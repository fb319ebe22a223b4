package org.jvif.api.object;

import java.util.Arrays;

/**
 * An object version as oslo handles it: the text is kept as given (os-vif echoes the version a primitive
 * was read at), comparisons use the numeric release tuple.
 */
public final class Version implements Comparable<Version> {
    private final String text;
    private final int[] parts;

    private Version(String text, int[] parts) {
        this.text = text;
        this.parts = parts;
    }

    /** Parses a version as packaging's {@code Version} accepts it for a release ("1", "1.3", "1.0.0"). */
    public static Version parse(Object value) {
        if (!(value instanceof String)) {
            throw new VersionedObjectException.TypeError(
                    "expected string or bytes-like object, got '" + Py.typeName(value) + "'").showing(value);
        }
        String text = (String) value;
        String s = text.strip();
        if (s.startsWith("v") || s.startsWith("V")) {
            s = s.substring(1);
        }
        String[] tokens = s.split("\\.", -1);
        int[] parts = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            long n = 0;
            for (int k = 0; k < t.length(); k++) {
                char c = t.charAt(k);
                if (c < '0' || c > '9') {
                    throw new InvalidVersion(text);
                }
                // packaging's numbers are unbounded; any beyond an int is newer than every class jvif has
                n = Math.min(Integer.MAX_VALUE, n * 10 + (c - '0'));
            }
            if (t.isEmpty()) {
                throw new InvalidVersion(text);
            }
            parts[i] = (int) n;
        }
        return new Version(text, parts);
    }

    /** A version this code declares; never fails for well-formed constants. */
    public static Version of(String text) {
        // declared versions are few and used on every downgrade: parse each once
        Version v = DECLARED.get(text);
        if (v == null) {
            v = parse(text);
            if (DECLARED.size() < 1024) {
                DECLARED.putIfAbsent(text, v);
            }
        }
        return v;
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, Version> DECLARED =
            new java.util.concurrent.ConcurrentHashMap<>();

    public String text() {
        return text;
    }

    public int major() {
        return parts[0];
    }

    /** oslo's {@code convert_version_to_tuple} comparison: (1, 0) &lt; (1, 0, 0). */
    @Override
    public int compareTo(Version o) {
        return Arrays.compare(parts, o.parts);
    }

    public boolean isOlderThan(Version o) {
        return compareTo(o) < 0;
    }

    public boolean isOlderThan(String o) {
        return compareTo(of(o)) < 0;
    }

    /**
     * oslo's {@code is_compatible(requested=this, current)}: same major and current &gt;= this, compared as
     * packaging does (trailing zeros do not count).
     */
    public boolean isCompatibleWith(Version current) {
        if (major() != current.major()) {
            return false;
        }
        return compareRelease(current.parts, parts) >= 0;
    }

    private static int compareRelease(int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int x = i < a.length ? a[i] : 0;
            int y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version && ((Version) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
