package org.jvif.api.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IPAddress and IPNetwork read and print as netaddr 0.8.0 on glibc does (field-oracle.jsonl has hundreds more). */
class IpFieldTypesTest {

    private static String address(Object v) {
        return FieldTypes.IP_ADDRESS.coerce(v, "address");
    }

    private static String network(Object v) {
        return FieldTypes.IP_NETWORK.coerce(v, "cidr");
    }

    private static VersionedObjectException refused(FieldType<?> type, Object v, String expected) {
        VersionedObjectException e = assertThrows(VersionedObjectException.class, () -> type.coerce(v, "f"));
        assertEquals(expected, e.type(), e.getMessage());
        return e;
    }

    /**
     * The one-pass test for canonical IPv6 text agrees with parsing and printing: on every address printed as
     * netaddr prints it, and on the same addresses written otherwise (other zero runs compressed, upper case,
     * leading zeros, nothing compressed).
     */
    @Test
    void canonicalIpv6IsRecognisedWithoutParsing() {
        java.util.Random r = new java.util.Random(7);
        int canonical = 0;
        for (int i = 0; i < 200_000; i++) {
            int[] w = new int[8];
            for (int k = 0; k < 8; k++) {
                int kind = r.nextInt(4);
                w[k] = kind < 2 ? 0 : kind == 2 ? r.nextInt(16) << (4 * r.nextInt(4)) : r.nextInt(0x10000);
            }
            if (r.nextInt(20) == 0) {
                w[5] = 0xffff;
            }
            long hi = 0;
            long lo = 0;
            for (int k = 0; k < 4; k++) {
                hi = (hi << 16) | w[k];
                lo = (lo << 16) | w[k + 4];
            }
            String printed = IpText.formatV6(hi, lo);
            assertEquals(printed.indexOf('.') < 0, IpText.isCanonicalV6(printed), printed);
            canonical += IpText.isCanonicalV6(printed) ? 1 : 0;
            String other = otherSpelling(w, r);
            long[] parsed = IpText.inetPton6(other.toCharArray(), 0, other.length());
            boolean expected = parsed != null && IpText.formatV6(parsed[0], parsed[1]).equals(other);
            assertEquals(expected, IpText.isCanonicalV6(other), other);
            if (parsed != null && i % 10 == 0) {
                // a network keeps its host bits: printed as its address is, whichever way it was written
                int prefix = r.nextInt(129);
                assertEquals(printed + "/" + prefix, network(other + "/" + prefix), other);
                assertEquals(printed + "/" + prefix, network(printed + "/" + prefix), printed);
            }
        }
        for (String s : new String[] {"", ":", ":::", "1:::2", "::0", "0::", "1::0:2", "1:0::2", "12345::", "g::",
            "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::", "::ffff:0:1", "::1:2", "1::2%eth0", "::1.2.3.4", "01::"}) {
            long[] parsed = IpText.inetPton6(s.toCharArray(), 0, s.length());
            // dotted text is left to the general path
            assertEquals(parsed != null && IpText.formatV6(parsed[0], parsed[1]).equals(s) && s.indexOf('.') < 0,
                    IpText.isCanonicalV6(s), s);
        }
        assertEquals(true, canonical > 100_000);
    }

    /** The words as IPv6 text, with a random zero run (or none) compressed and random digit spelling. */
    private static String otherSpelling(int[] w, java.util.Random r) {
        int from = r.nextInt(9);
        int to = from + r.nextInt(9 - from);
        boolean compress = to > from && r.nextBoolean();
        for (int k = from; k < to; k++) {
            compress &= w[k] == 0;
        }
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < 8; k++) {
            if (compress && k == from) {
                b.append(k == 0 ? "::" : ":");
                k = to - 1;
                if (to == 8) {
                    // "::" at the end
                    return b.toString();
                }
                continue;
            }
            if (k > 0) {
                b.append(':');
            }
            String hex = Integer.toHexString(w[k]);
            if (r.nextInt(10) == 0) {
                hex = "0" + hex;
            }
            b.append(r.nextInt(10) == 0 ? hex.toUpperCase() : hex);
        }
        return b.toString();
    }

    @Test
    void ipv4IsReadByInetAton() {
        assertEquals("10.0.0.1", address("10.0.0.1"));
        assertEquals("8.0.0.1", address("010.000.000.001")); // octal
        assertEquals("10.0.0.1", address("0x0a000001")); // hex
        assertEquals("127.0.0.1", address("0x7f.1"));
        assertEquals("1.2.0.3", address("1.2.3")); // the last part fills the remaining bytes
        assertEquals("127.0.0.1", address("127.1"));
        assertEquals("0.0.0.1", address("1"));
        assertEquals("255.255.255.255", address("4294967295"));
        assertEquals("255.255.255.255", address("0377.0377.0377.0377"));
        // white space ends the address, and anything may follow it
        assertEquals("1.2.3.4", address("1.2.3.4 "));
        assertEquals("1.2.3.4", address("1.2.3.4 garbage"));
        assertEquals("1.2.3.4", address("1.2.3.4\u000b"));
        assertEquals("1.2.3.4", address("1.2.3.4\n\u00e9"));
    }

    @Test
    void ipv4RefusesWhatInetAtonRefuses() {
        for (String s : new String[] {" 1.2.3.4", "\t1.2.3.4", "1.2.3.4.", "1.2.3.4.5", "256.1.1.1", "1.2.3.256",
                "1.16777216", "4294967296", "08", "0x", "0xg", "1..2", ".1.2.3", "-1", "+1", "1e3", "",
                "\u0663.2.3.4", "\uff11.2.3.4", "1.2.3.4\u00a0",
                // Python cannot hand C a NUL or a lone surrogate, even after the white space
                "1.2.3.4\u0000", "1.2.3.4 \u0000", "1.2.3.4 \ud800"}) {
            assertEquals("failed to detect a valid IP address from " + Py.repr(s),
                    refused(FieldTypes.IP_ADDRESS, s, "ValueError").reason(), s);
        }
        assertEquals("IPAddress() does not support netmasks or subnet prefixes! See documentation for details.",
                refused(FieldTypes.IP_ADDRESS, "1.2.3.4/32", "ValueError").reason());
    }

    @Test
    void ipv6IsReadByInetPtonAndPrintedByInetNtop() {
        assertEquals("::", address("::"));
        assertEquals("::", address("0:0:0:0:0:0:0:0"));
        assertEquals("::1", address("::1"));
        assertEquals("fe80::1", address("FE80::1"));
        assertEquals("2001:db8::1", address("2001:0db8:0000:0000:0000:0000:0000:0001"));
        assertEquals("2001:db8::1:0:0:1", address("2001:db8:0:0:1:0:0:1")); // the first longest run
        assertEquals("1:0:0:2::3", address("1:0:0:2:0:0:0:3"));
        assertEquals("1::2:0:0:3:4", address("1:0:0:2:0:0:3:4"));
        assertEquals("1:0:1:0:1:0:1:0", address("1:0:1:0:1:0:1:0")); // single zero words stay
        assertEquals("::1:0:0", address("0:0:0:0:0:1:0:0"));
        // IPv4-mapped and IPv4-compatible addresses print dotted, others in hex
        assertEquals("::ffff:1.2.3.4", address("::FFFF:0102:0304"));
        assertEquals("::ffff:0.0.0.0", address("::ffff:0:0"));
        assertEquals("::1.2.3.4", address("::1.2.3.4"));
        assertEquals("::0.1.0.0", address("::0.1.0.0"));
        assertEquals("::fffe:102:304", address("::fffe:1.2.3.4"));
        assertEquals("64:ff9b::102:304", address("64:ff9b::1.2.3.4"));
        assertEquals("1:2:3:4:5:6:7:0", address("1:2:3:4:5:6:7::")); // "::" for one group, printed as 0
        assertEquals("0:1:2:3:4:5:6:7", address("::1:2:3:4:5:6:7"));
        assertEquals("1:2:3:4:5:6:102:304", address("1:2:3:4:5:6:1.2.3.4"));
    }

    @Test
    void ipv6RefusesWhatInetPtonRefuses() {
        for (String s : new String[] {"fe80::1%eth0", ":::", ":1::", "1:::2", "1::2::3", "12345::", "00000::",
                "1::2:", ":1", "1:", "g::", "::1 ", " ::1", "[::1]", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1:2:3:4:5:6::1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4",
                "::ffff:01.2.3.4", "::ffff:1.2.3", "::1.2.3.4:5", "::ab.1.1.1", "\uff1a\uff1a1"}) {
            refused(FieldTypes.IP_ADDRESS, s, "ValueError");
        }
    }

    @Test
    void integersAreAddressesByValue() {
        assertEquals("10.0.0.1", address(167772161L));
        assertEquals("0.0.0.0", address(0L));
        assertEquals("0.0.0.1", address(true));
        assertEquals("0.0.0.0", address(false));
        assertEquals("255.255.255.255", address(4294967295L));
        assertEquals("::1:0:0", address(4294967296L)); // above 2^32: IPv6
        assertEquals("::ffff:1.2.3.4", address(0xffff01020304L));
        assertEquals("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                address(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE)));
        assertEquals("failed to detect a valid IP address from -1",
                refused(FieldTypes.IP_ADDRESS, -1L, "ValueError").reason());
        refused(FieldTypes.IP_ADDRESS, BigInteger.ONE.shiftLeft(128), "ValueError");
        assertEquals("failed to detect a valid IP address from 1.0",
                refused(FieldTypes.IP_ADDRESS, 1.0, "ValueError").reason());
        refused(FieldTypes.IP_ADDRESS, List.of("1.2.3.4"), "ValueError");
        refused(FieldTypes.IP_ADDRESS, Map.of(), "ValueError");
    }

    @Test
    void networksKeepHostBitsAndDefaultToAFullPrefix() {
        assertEquals("10.0.0.5/24", network("10.0.0.5/24"));
        assertEquals("10.0.0.1/32", network("10.0.0.1"));
        assertEquals("::1/128", network("::1"));
        assertEquals("2001:db8::/32", network("2001:DB8::/32"));
        assertEquals("::ffff:10.0.0.1/104", network("::ffff:10.0.0.1/104"));
        assertEquals("10.0.0.0/0", network("10.0.0.0/0"));
    }

    @Test
    void prefixesAreReadByPythonInt() {
        assertEquals("10.0.0.0/24", network("10.0.0.0/ 24"));
        assertEquals("10.0.0.0/24", network("10.0.0.0/24 "));
        assertEquals("10.0.0.0/24", network("10.0.0.0/+24"));
        assertEquals("10.0.0.0/24", network("10.0.0.0/024"));
        assertEquals("10.0.0.0/24", network("10.0.0.0/2_4"));
        assertEquals("10.0.0.0/24", network("10.0.0.0/\u0662\u0664"));
        assertEquals("10.0.0.0/0", network("10.0.0.0/-0"));
        assertEquals("2001:db8::/64", network("2001:db8::/+64"));
    }

    @Test
    void prefixesMayBeNetmasksOrHostmasks() {
        assertEquals("10.0.0.0/24", network("10.0.0.0/255.255.255.0"));
        assertEquals("10.0.0.0/24", network("10.0.0.0/0.0.0.255"));
        assertEquals("10.0.0.0/32", network("10.0.0.0/255.255.255.255")); // a netmask before a hostmask
        assertEquals("10.0.0.0/0", network("10.0.0.0/0.0.0.0"));
        assertEquals("2001:db8::1/32", network("2001:db8::1/ffff:ffff::"));
        assertEquals("::/112", network("::/::ffff"));
        assertEquals("::/0", network("::/::"));
    }

    @Test
    void ipv4NetworksMayBePartial() {
        // netaddr's expand_partial_address: parts read by int(), padded with zero bytes
        assertEquals("10.0.0.0/8", network("10/8"));
        assertEquals("10.0.0.0/32", network("10"));
        assertEquals("1.2.3.0/24", network("1.2.3/24"));
        assertEquals("127.1.0.0/32", network("127.1"));
        assertEquals("10.0.0.1/8", network("010.000.000.001/8")); // decimal here, unlike IPAddress
        assertEquals("10.0.0.0/24", network("10.0.0.0 /24"));
        assertEquals("3.0.0.0/8", network("\u0663.0.0.0/8"));
    }

    @Test
    void badNetworksAreRefused() {
        for (String s : new String[] {"10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/255.0.255.0",
                "10.0.0.0/0xffffff00", "10.0.0.0/ 255.255.255.0", "10.0.0.0/1e1", "10.0.0.0/24.0",
                "10.0.0.0/99999999999999999999", "1.2.3.4.5/8", "10.0.0.256/8", "0x10.0.0.0/8", "/8", "", "/",
                "fe80::1%eth0/64", "2001:db8:: /64", "::/1.2.3.4", "10.0.0.0/::"}) {
            assertEquals("invalid IPNetwork " + s, refused(FieldTypes.IP_NETWORK, s, "ValueError").reason(), s);
        }
        // netaddr reads a mask with IPAddress(), which refuses a '/' with its own message
        assertEquals("IPAddress() does not support netmasks or subnet prefixes! See documentation for details.",
                refused(FieldTypes.IP_NETWORK, "10.0.0.0/24/8", "ValueError").reason());
        // anything but a string is a TypeError
        assertEquals("unexpected type <class 'int'> for addr arg",
                refused(FieldTypes.IP_NETWORK, 167772160L, "TypeError").reason());
        assertEquals("unexpected type <class 'bool'> for addr arg",
                refused(FieldTypes.IP_NETWORK, true, "TypeError").reason());
        refused(FieldTypes.IP_NETWORK, 1.5, "TypeError");
        refused(FieldTypes.IP_NETWORK, List.of(), "TypeError");
        refused(FieldTypes.IP_NETWORK, Map.of(), "TypeError");
    }

    @Test
    void addressesPrintBareInAnObjectsRepr() {
        assertEquals("10.0.0.1", FieldTypes.IP_ADDRESS.stringify("10.0.0.1"));
        assertEquals("[10.0.0.1,::1]", FieldTypes.LIST_OF_IP_ADDRESS.stringify(List.of("10.0.0.1", "::1")));
    }
}
