package org.jvif.api.object;

import java.math.BigInteger;

/**
 * IP addresses and networks read and written as os-vif's netaddr 0.8.0 does: IPv4 text through
 * {@code inet_aton} (octal, hex and short forms), IPv6 through {@code inet_pton}, integers by value,
 * output as {@code inet_ntop} prints it.
 */
final class IpText {
    private static final BigInteger MAX_V4 = BigInteger.valueOf(0xffffffffL);
    private static final BigInteger MAX_V6 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    private IpText() {
    }

    static String address(Object v) {
        if (v instanceof Boolean) {
            v = (Boolean) v ? 1L : 0L;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof BigInteger) {
            BigInteger b = v instanceof BigInteger ? (BigInteger) v : BigInteger.valueOf(((Number) v).longValue());
            if (b.signum() >= 0 && b.compareTo(MAX_V4) <= 0) {
                return formatV4(b.longValue());
            } else if (b.signum() >= 0 && b.compareTo(MAX_V6) <= 0) {
                return formatV6(b);
            }
            throw invalid(v);
        }
        if (!(v instanceof String)) {
            throw invalid(v);
        }
        String s = (String) v;
        if (s.indexOf('/') >= 0) {
            throw new VersionedObjectException.ValueError(
                    "IPAddress() does not support netmasks or subnet prefixes! See documentation for details.");
        }
        long v4 = inetAton(s);
        if (v4 >= 0) {
            return formatV4(v4);
        }
        BigInteger v6 = inetPton6(s);
        if (v6 != null) {
            return formatV6(v6);
        }
        throw invalid(v);
    }

    static String network(Object v) {
        if (!(v instanceof String)) {
            throw new VersionedObjectException.ValueError("invalid IPNetwork " + Py.str(v));
        }
        String s = (String) v;
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        String prefix = slash < 0 ? null : s.substring(slash + 1);
        if (addr.indexOf('/') >= 0 || (prefix != null && prefix.indexOf('/') >= 0)) {
            throw new VersionedObjectException.ValueError(
                    "IPAddress() does not support netmasks or subnet prefixes! See documentation for details.");
        }
        long v4 = inetPton4(addr);
        BigInteger v6 = v4 < 0 ? inetPton6(addr) : null;
        if (v4 < 0 && v6 == null) {
            throw new VersionedObjectException.ValueError("invalid IPNetwork " + s);
        }
        int width = v4 >= 0 ? 32 : 128;
        int len;
        if (prefix == null) {
            len = width;
        } else {
            String p = prefix.strip();
            if (!p.isEmpty() && p.chars().allMatch(c -> c >= '0' && c <= '9') && p.length() < 5) {
                len = Integer.parseInt(p);
            } else if (v4 >= 0 && inetPton4(prefix) >= 0) {
                len = maskLength(inetPton4(prefix));
            } else {
                throw new VersionedObjectException.ValueError("invalid IPNetwork " + s);
            }
            if (len < 0 || len > width) {
                throw new VersionedObjectException.ValueError("invalid IPNetwork " + s);
            }
        }
        return (v4 >= 0 ? formatV4(v4) : formatV6(v6)) + "/" + len;
    }

    private static int maskLength(long mask) {
        for (int len = 0; len <= 32; len++) {
            long net = len == 0 ? 0 : (0xffffffffL << (32 - len)) & 0xffffffffL;
            if (net == mask || (~net & 0xffffffffL) == mask) {
                return len;
            }
        }
        return -1;
    }

    private static VersionedObjectException invalid(Object v) {
        return new VersionedObjectException.ValueError(
                "failed to detect a valid IP address from " + Py.repr(v));
    }

    /** glibc's inet_aton: 1 to 4 parts in C notation, trailing white space ends the address. -1 if invalid. */
    static long inetAton(String s) {
        long[] parts = new long[4];
        int n = 0;
        int i = 0;
        int len = s.length();
        while (true) {
            if (i >= len || !isDigit(s.charAt(i))) {
                return -1;
            }
            int base = 10;
            if (s.charAt(i) == '0') {
                base = 8;
                if (i + 1 < len && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                        && i + 2 < len && Character.digit(s.charAt(i + 2), 16) >= 0) {
                    base = 16;
                    i += 2;
                }
            }
            long val = 0;
            int start = i;
            while (i < len && s.charAt(i) < 128 && Character.digit(s.charAt(i), base) >= 0) {
                val = val * base + Character.digit(s.charAt(i), base);
                if (val > 0xffffffffL) {
                    return -1;
                }
                i++;
            }
            if (i == start && base != 8) {
                return -1;
            }
            if (i < len && s.charAt(i) == '.') {
                if (n > 2 || val > 0xff) {
                    return -1;
                }
                parts[n++] = val;
                i++;
                continue;
            }
            if (i < len && !isSpace(s.charAt(i))) {
                return -1;
            }
            long[] max = {0xffffffffL, 0xffffffL, 0xffffL, 0xffL};
            if (val > max[n]) {
                return -1;
            }
            long result = val;
            for (int k = 0; k < n; k++) {
                result |= parts[k] << (24 - 8 * k);
            }
            return result;
        }
    }

    /** glibc's inet_pton for IPv4: exactly four decimal parts, no leading zeros. -1 if invalid. */
    static long inetPton4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long result = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                return -1;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return -1;
            }
            result = (result << 8) | v;
        }
        return result;
    }

    /** glibc's inet_pton for IPv6, null if invalid. */
    static BigInteger inetPton6(String s) {
        int[] words = new int[8];
        int n = 0;
        int gap = -1;
        int i = 0;
        int len = s.length();
        if (len == 0) {
            return null;
        }
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == len) {
                return BigInteger.ZERO;
            }
        } else if (s.charAt(0) == ':') {
            return null;
        }
        while (i < len) {
            int j = i;
            while (j < len && s.charAt(j) != ':' && s.charAt(j) != '.') {
                j++;
            }
            if (j < len && s.charAt(j) == '.') {
                long v4 = inetPton4(s.substring(i));
                if (v4 < 0 || n > 6) {
                    return null;
                }
                words[n++] = (int) (v4 >>> 16);
                words[n++] = (int) (v4 & 0xffff);
                i = len;
                break;
            }
            String group = s.substring(i, j);
            if (group.isEmpty() || group.length() > 4 || n >= 8) {
                return null;
            }
            int w = 0;
            for (int k = 0; k < group.length(); k++) {
                int d = group.charAt(k) < 128 ? Character.digit(group.charAt(k), 16) : -1;
                if (d < 0) {
                    return null;
                }
                w = w * 16 + d;
            }
            words[n++] = w;
            if (j == len) {
                i = len;
                break;
            }
            // at a ':'
            if (j + 1 < len && s.charAt(j + 1) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = n;
                i = j + 2;
            } else if (j + 1 == len) {
                return null;
            } else {
                i = j + 1;
            }
        }
        int[] full = new int[8];
        if (gap >= 0) {
            if (n > 7) {
                return null;
            }
            int tail = n - gap;
            System.arraycopy(words, 0, full, 0, gap);
            System.arraycopy(words, gap, full, 8 - tail, tail);
        } else {
            if (n != 8) {
                return null;
            }
            full = words;
        }
        BigInteger b = BigInteger.ZERO;
        for (int w : full) {
            b = b.shiftLeft(16).or(BigInteger.valueOf(w));
        }
        return b;
    }

    static String formatV4(long v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    /** glibc's inet_ntop for IPv6: longest zero run (2+ words) as "::", IPv4-compatible and -mapped dotted. */
    static String formatV6(BigInteger value) {
        int[] w = new int[8];
        for (int k = 0; k < 8; k++) {
            w[k] = value.shiftRight(16 * (7 - k)).intValue() & 0xffff;
        }
        int bestBase = -1;
        int bestLen = 0;
        for (int k = 0; k < 8; ) {
            if (w[k] == 0) {
                int e = k;
                while (e < 8 && w[e] == 0) {
                    e++;
                }
                if (e - k > bestLen) {
                    bestBase = k;
                    bestLen = e - k;
                }
                k = e;
            } else {
                k++;
            }
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < 8; k++) {
            if (bestBase >= 0 && k >= bestBase && k < bestBase + bestLen) {
                if (k == bestBase) {
                    b.append(':');
                }
                continue;
            }
            if (k != 0) {
                b.append(':');
            }
            if (k == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff))) {
                b.append(formatV4(((long) w[6] << 16) | w[7]));
                break;
            }
            b.append(Integer.toHexString(w[k]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            b.append(':');
        }
        return b.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
