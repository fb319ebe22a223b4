package org.jvif.api.object;

import java.math.BigInteger;

/**
 * IP addresses and networks read and written as os-vif's netaddr 0.8.0 does on glibc: an IPAddress is
 * IPv4 text through {@code inet_aton} (octal, hex and short forms, anything after white space ignored),
 * else IPv6 through {@code inet_pton}, or an integer by value; an IPNetwork is netaddr's
 * {@code parse_ip_network} (strict {@code inet_pton}, then IPv4's {@code expand_partial_address}; a
 * prefix read by Python's {@code int()} or given as a netmask or hostmask). Output is what {@code inet_ntop}
 * prints. IPv6 values are held as two longs (high and low 64 bits).
 */
final class IpText {
    private static final String NO_PREFIX =
            "IPAddress() does not support netmasks or subnet prefixes! See documentation for details.";

    private IpText() {
    }

    /** netaddr's {@code str(IPAddress(v))}. */
    static String address(Object v) {
        if (v instanceof Boolean) {
            return formatV4((Boolean) v ? 1 : 0);
        } else if (v instanceof Long || v instanceof Integer) {
            long x = ((Number) v).longValue();
            if (x >= 0 && x <= 0xffffffffL) {
                return formatV4(x);
            } else if (x > 0) {
                return formatV6(0, x);
            }
            throw invalid(v);
        } else if (v instanceof BigInteger) {
            BigInteger b = (BigInteger) v;
            if (b.signum() >= 0 && b.bitLength() <= 128) {
                return formatV6(b.shiftRight(64).longValue(), b.longValue());
            }
            throw invalid(v);
        } else if (!(v instanceof String)) {
            throw invalid(v);
        }
        String s = (String) v;
        if (s.indexOf('/') >= 0) {
            throw new VersionedObjectException.ValueError(NO_PREFIX).showing(s);
        }
        if (isCanonicalV6(s)) {
            return s; // already as netaddr prints it (most IPv6 text in primitives)
        }
        char[] c = s.toCharArray();
        boolean colon = s.indexOf(':') >= 0;
        if (!colon && inetPton4(c, 0, c.length) >= 0) {
            return s; // strict dotted decimal is already as netaddr prints it
        }
        long v4 = inetAton(c, s);
        if (v4 >= 0) {
            return formatV4(v4);
        }
        long[] v6 = colon ? inetPton6(c, 0, c.length) : null; // IPv6 text always has a ':'
        if (v6 != null) {
            return formatV6(v6[0], v6[1]);
        }
        throw invalid(v);
    }

    private static VersionedObjectException invalid(Object v) {
        return new VersionedObjectException.ValueError("failed to detect a valid IP address from " + Py.repr(v));
    }

    /** netaddr's {@code str(IPNetwork(v))}: the address as given (host bits kept), '/', the prefix length. */
    static String network(Object v) {
        if (!(v instanceof String)) {
            throw new VersionedObjectException.TypeError(
                    "unexpected type <class '" + Py.typeName(v) + "'> for addr arg").showing(v);
        }
        String s = (String) v;
        char[] c = s.toCharArray();
        int slash = s.indexOf('/');
        if (slash > 0 && inetPton4(c, 0, slash) >= 0 && plainPrefix(c, slash + 1, 32)) {
            return s; // already as netaddr prints it
        }
        if (slash > 0 && plainPrefix(c, slash + 1, 128) && isCanonicalV6(s.substring(0, slash))) {
            return s; // likewise
        }
        String net = parseNetwork(s, c, false);
        if (net == null) {
            net = parseNetwork(s, c, true);
        }
        if (net == null) {
            throw new VersionedObjectException.ValueError("invalid IPNetwork " + s);
        }
        return net;
    }

    /** True when s[from..] is a prefix length as netaddr prints it: decimal, no sign, space or leading zero. */
    private static boolean plainPrefix(char[] s, int from, int width) {
        int len = s.length - from;
        if (len < 1 || len > 3 || (len > 1 && s[from] == '0')) {
            return false;
        }
        int v = 0;
        for (int i = from; i < s.length; i++) {
            char c = s[i];
            if (c < '0' || c > '9') {
                return false;
            }
            v = v * 10 + (c - '0');
        }
        return v <= width;
    }

    /** netaddr's {@code parse_ip_network} for one family: the network's text, or null for AddrFormatError. */
    private static String parseNetwork(String s, char[] c, boolean v6) {
        int slash = s.indexOf('/');
        int end1 = slash < 0 ? s.length() : slash;
        long hi = 0;
        long lo;
        if (v6) {
            long[] a = inetPton6(c, 0, end1);
            if (a == null) {
                return null;
            }
            hi = a[0];
            lo = a[1];
        } else {
            lo = inetPton4(c, 0, end1);
            if (lo < 0) {
                lo = expandPartialAddress(s.substring(0, end1));
                if (lo < 0) {
                    return null;
                }
            }
        }
        int width = v6 ? 128 : 32;
        int prefix = slash < 0 ? width : prefix(s.substring(slash + 1), v6, s);
        if (prefix < 0 || prefix > width) {
            return null;
        }
        return (v6 ? formatV6(hi, lo) : formatV4(lo)) + "/" + prefix;
    }

    /** The prefix length after the '/': Python's int(), else a netmask or hostmask; -1 if neither. */
    private static int prefix(String text, boolean v6, String network) {
        Object n;
        try {
            n = Py.parseInt(text);
        } catch (VersionedObjectException e) {
            n = null;
        }
        if (n != null) {
            return n instanceof Long && (Long) n >= 0 && (Long) n <= 128 ? (int) (long) (Long) n : -1;
        }
        if (text.indexOf('/') >= 0) {
            // netaddr reads the mask with IPAddress(), which refuses a '/' with a ValueError of its own
            throw new VersionedObjectException.ValueError(NO_PREFIX).showing(network);
        }
        long hi = 0;
        long lo;
        if (v6) {
            long[] a = inetPton6(text.toCharArray(), 0, text.length());
            if (a == null) {
                return -1;
            }
            hi = a[0];
            lo = a[1];
        } else {
            lo = inetPton4(text.toCharArray(), 0, text.length());
            if (lo < 0) {
                return -1;
            }
            // as a 128-bit value with the mask in the low 32 bits
        }
        int width = v6 ? 128 : 32;
        for (int len = 0; len <= width; len++) {
            if (isNetmask(hi, lo, len, width)) {
                return len;
            }
        }
        for (int len = 0; len <= width; len++) {
            if (isHostmask(hi, lo, len, width)) {
                return len;
            }
        }
        return -1;
    }

    /** True when (hi, lo) is the netmask of {@code len} leading one bits in a {@code width}-bit address. */
    private static boolean isNetmask(long hi, long lo, int len, int width) {
        long[] m = ones(len, width);
        return m[0] == hi && m[1] == lo;
    }

    /** True when (hi, lo) is the hostmask (width - len trailing one bits) of prefix {@code len}. */
    private static boolean isHostmask(long hi, long lo, int len, int width) {
        long[] m = ones(len, width);
        long[] all = ones(width, width);
        return (all[0] & ~m[0]) == hi && (all[1] & ~m[1]) == lo;
    }

    /** {@code len} leading one bits of a {@code width}-bit value, as (high 64 bits, low 64 bits). */
    private static long[] ones(int len, int width) {
        int shiftFromTop = 128 - width;
        // bits [shiftFromTop, shiftFromTop + len) of a 128-bit value, counted from the top
        int from = shiftFromTop;
        int to = shiftFromTop + len;
        return new long[] {range(from, to, 0), range(from, to, 64)};
    }

    /** The bits of [from, to) (counted from the top of 128) that fall in the 64-bit word starting at base. */
    private static long range(int from, int to, int base) {
        int a = Math.max(from, base) - base;
        int b = Math.min(to, base + 64) - base;
        if (a >= b) {
            return 0;
        }
        long top = a == 0 ? -1L : (-1L >>> a);
        long bottom = b == 64 ? -1L : ~(-1L >>> b);
        return top & bottom;
    }

    /**
     * netaddr's {@code expand_partial_address}: 1 to 4 dot-separated parts, each read by Python's int() and
     * padded with zeros ("10" is 10.0.0.0, "1.2.3" is 1.2.3.0); -1 where netaddr fails.
     */
    private static long expandPartialAddress(String s) {
        if (s.indexOf(':') >= 0) {
            return -1;
        }
        long result = 0;
        int parts = 0;
        int from = 0;
        while (true) {
            int dot = s.indexOf('.', from);
            String token = dot < 0 ? s.substring(from) : s.substring(from, dot);
            Object n;
            try {
                n = Py.parseInt(token);
            } catch (VersionedObjectException e) {
                return -1;
            }
            // '%d' % n must then read back through inet_pton: 0 to 255 ("-0" is 0)
            if (!(n instanceof Long) || (Long) n < 0 || (Long) n > 255 || ++parts > 4) {
                return -1;
            }
            result |= (Long) n << (24 - 8 * (parts - 1));
            if (dot < 0) {
                return result;
            }
            from = dot + 1;
        }
    }

    /**
     * glibc's {@code inet_aton}: 1 to 4 parts in C notation (0x hex, 0 octal), the last filling the
     * remaining bytes; white space ends the address and anything may follow it. Python cannot pass a NUL or
     * a lone surrogate to C at all. -1 if invalid.
     */
    static long inetAton(char[] s, String text) {
        long[] parts = new long[3];
        int n = 0;
        int i = 0;
        int len = s.length;
        long val;
        while (true) {
            if (i >= len || !isDigit(s[i])) {
                return -1;
            }
            // strtoul(cp, &end, 0)
            int base = 10;
            if (s[i] == '0') {
                base = 8;
                if (i + 2 < len && (s[i + 1] | 0x20) == 'x' && hexValue(s[i + 2]) >= 0) {
                    base = 16;
                    i += 2;
                }
            }
            val = 0;
            while (i < len) {
                int d = base == 16 ? hexValue(s[i]) : s[i] - '0';
                if (d < 0 || d >= base) {
                    break;
                }
                val = val * base + d;
                if (val > 0xffffffffL) {
                    return -1;
                }
                i++;
            }
            if (i < len && s[i] == '.') {
                if (n > 2 || val > 0xff) {
                    return -1;
                }
                parts[n++] = val;
                i++;
            } else {
                break;
            }
        }
        if (i < len && !Py.isAsciiSpace(s[i])) {
            return -1;
        }
        long max = 0xffffffffL >>> (8 * n);
        if (val > max || (i < len && Py.notCString(text))) {
            return -1;
        }
        long result = val;
        for (int k = 0; k < n; k++) {
            result |= parts[k] << (24 - 8 * k);
        }
        return result;
    }

    /** glibc's {@code inet_pton} for IPv4 over s[from, to): four decimal parts, no leading zeros. -1 if invalid. */
    static long inetPton4(char[] s, int from, int to) {
        long result = 0;
        int octet = 0;
        int octets = 0;
        boolean sawDigit = false;
        for (int i = from; i < to; i++) {
            char c = s[i];
            if (c >= '0' && c <= '9') {
                int next = octet * 10 + (c - '0');
                if ((sawDigit && octet == 0) || next > 255) {
                    return -1;
                }
                octet = next;
                if (!sawDigit) {
                    if (++octets > 4) {
                        return -1;
                    }
                    sawDigit = true;
                }
            } else if (c == '.' && sawDigit) {
                if (octets == 4) {
                    return -1;
                }
                result = (result << 8) | octet;
                octet = 0;
                sawDigit = false;
            } else {
                return -1;
            }
        }
        if (octets < 4 || !sawDigit) {
            return -1;
        }
        return (result << 8) | octet;
    }

    /** glibc's {@code inet_pton} for IPv6 over s[from, to), as (high, low) 64 bits; null if invalid. */
    static long[] inetPton6(char[] s, int from, int to) {
        int[] words = new int[8];
        int tp = 0;
        int colonp = -1;
        int src = from;
        if (src == to) {
            return null;
        }
        if (s[src] == ':') {
            if (++src == to || s[src] != ':') {
                return null;
            }
        }
        int curtok = src;
        int xdigits = 0;
        int val = 0;
        while (src < to) {
            char ch = s[src++];
            int digit = hexValue(ch);
            if (digit >= 0) {
                if (xdigits == 4) {
                    return null;
                }
                val = (val << 4) | digit;
                xdigits++;
                continue;
            }
            if (ch == ':') {
                curtok = src;
                if (xdigits == 0) {
                    if (colonp >= 0) {
                        return null;
                    }
                    colonp = tp;
                    continue;
                } else if (src == to || tp == 8) {
                    return null;
                }
                words[tp++] = val;
                xdigits = 0;
                val = 0;
                continue;
            }
            if (ch == '.' && tp <= 6) {
                long v4 = inetPton4(s, curtok, to);
                if (v4 >= 0) {
                    words[tp++] = (int) (v4 >>> 16);
                    words[tp++] = (int) (v4 & 0xffff);
                    xdigits = 0;
                    break;
                }
            }
            return null;
        }
        if (xdigits > 0) {
            if (tp == 8) {
                return null;
            }
            words[tp++] = val;
        }
        if (colonp >= 0) {
            if (tp == 8) {
                return null; // "::" would stand for no group at all
            }
            int moved = tp - colonp;
            System.arraycopy(words, colonp, words, 8 - moved, moved);
            java.util.Arrays.fill(words, colonp, 8 - moved, 0);
            tp = 8;
        }
        if (tp != 8) {
            return null;
        }
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < 4; k++) {
            hi = (hi << 16) | words[k];
            lo = (lo << 16) | words[k + 4];
        }
        return new long[] {hi, lo};
    }

    /**
     * True when {@code s} is an IPv6 address written exactly as {@link #formatV6} writes it, found in one pass
     * without parsing: lower-case groups without leading zeros, and "::" for the first longest run of two or
     * more zero groups, and no dotted IPv4 part (those are left to the general path).
     */
    static boolean isCanonicalV6(String s) {
        int len = s.length();
        if (len < 2 || len > 39) {
            return false;
        }
        int groups = 0; // explicit groups
        int gap = -1; // explicit groups before "::"
        int zeroRun = 0; // explicit zero groups just seen in a row
        int longestBefore = 0; // longest explicit zero run before "::"
        int longestAfter = 0; // and after it
        int i = 0;
        if (s.charAt(0) == ':') {
            if (s.charAt(1) != ':') {
                return false;
            }
            gap = 0;
            i = 2;
            if (i == len) {
                return true; // "::"
            }
        }
        while (true) {
            // one group: 1-4 lower-case hex digits, no leading zero
            int start = i;
            while (i < len && i - start < 5) {
                char ch = s.charAt(i);
                if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
                    break;
                }
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4 || (digits > 1 && s.charAt(start) == '0')) {
                return false;
            }
            groups++;
            boolean zero = digits == 1 && s.charAt(start) == '0';
            if (zero) {
                if (gap >= 0 && groups == gap + 1) {
                    return false; // a zero group next to "::" belongs in it
                }
                zeroRun++;
                if (gap < 0) {
                    longestBefore = Math.max(longestBefore, zeroRun);
                } else {
                    longestAfter = Math.max(longestAfter, zeroRun);
                }
            } else {
                zeroRun = 0;
            }
            if (i == len) {
                break;
            }
            if (s.charAt(i) != ':' || ++i == len) {
                return false;
            }
            if (s.charAt(i) == ':') {
                if (gap >= 0 || zero) {
                    return false;
                }
                gap = groups;
                zeroRun = 0;
                if (++i == len) {
                    break;
                }
            }
        }
        if (gap < 0) {
            // all eight groups written: right only when no run of two zero groups was left uncompressed
            return groups == 8 && longestBefore < 2;
        }
        int run = 8 - groups;
        if (run < 2 || longestBefore >= run || longestAfter > run) {
            return false;
        }
        // IPv4-compatible and -mapped addresses are written dotted
        return !(gap == 0 && (run == 6 || (run == 5 && s.startsWith("::ffff:"))));
    }

    static String formatV4(long v) {
        return new StringBuilder(15).append((v >>> 24) & 0xff).append('.').append((v >>> 16) & 0xff).append('.')
                .append((v >>> 8) & 0xff).append('.').append(v & 0xff).toString();
    }

    /**
     * glibc's {@code inet_ntop} for IPv6: the first longest run of 2+ zero words as "::", IPv4-mapped and
     * -compatible addresses dotted.
     */
    static String formatV6(long hi, long lo) {
        int[] w = new int[8];
        for (int k = 0; k < 4; k++) {
            w[k] = (int) (hi >>> (48 - 16 * k)) & 0xffff;
            w[k + 4] = (int) (lo >>> (48 - 16 * k)) & 0xffff;
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
        if (bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff))) {
            return (bestLen == 6 ? "::" : "::ffff:") + formatV4(lo & 0xffffffffL);
        }
        char[] out = new char[39];
        int n = 0;
        for (int k = 0; k < 8; k++) {
            if (k == bestBase) {
                out[n++] = ':';
                k += bestLen - 1;
                if (k == 7) {
                    out[n++] = ':';
                }
                continue;
            }
            if (k != 0) {
                out[n++] = ':';
            }
            int x = w[k];
            for (int shift = x > 0xfff ? 12 : x > 0xff ? 8 : x > 0xf ? 4 : 0; shift >= 0; shift -= 4) {
                out[n++] = HEX[(x >>> shift) & 15];
            }
        }
        return new String(out, 0, n);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        } else if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
