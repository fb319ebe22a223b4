package org.jvif.api.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** String, UUID, Integer, Boolean, MACAddress, PCIAddress and enums coerce and refuse as oslo does. */
class ScalarFieldTypesTest {

    static VersionedObjectException refused(FieldType<?> type, Object value, String expected) {
        VersionedObjectException e = assertThrows(VersionedObjectException.class, () -> type.coerce(value, "f"));
        assertEquals(expected, e.type(), e.getMessage());
        return e;
    }

    @Test
    void stringTakesNumbersAndBooleansAsPythonStr() {
        FieldType<String> t = FieldTypes.STRING;
        assertEquals("abc", t.coerce("abc", "f"));
        assertEquals("", t.coerce("", "f"));
        assertEquals("42", t.coerce(42L, "f"));
        assertEquals("-7", t.coerce(-7, "f"));
        assertEquals("100000000000000000000", t.coerce(new BigInteger("100000000000000000000"), "f"));
        assertEquals("True", t.coerce(true, "f"));
        assertEquals("False", t.coerce(false, "f"));
        // floats print as Python's repr: shortest round trip, exponent from 1e16 and below 1e-4
        assertEquals("1.5", t.coerce(1.5, "f"));
        assertEquals("42.0", t.coerce(42.0, "f"));
        assertEquals("-0.0", t.coerce(-0.0, "f"));
        assertEquals("0.1", t.coerce(0.1, "f"));
        assertEquals("0.3333333333333333", t.coerce(1.0 / 3, "f"));
        assertEquals("1e+16", t.coerce(1e16, "f"));
        assertEquals("1234567890123456.0", t.coerce(1234567890123456.0, "f"));
        assertEquals("0.0001", t.coerce(1e-4, "f"));
        assertEquals("1e-05", t.coerce(1e-5, "f"));
        assertEquals("5e-324", t.coerce(Double.MIN_VALUE, "f"));
        assertEquals("1.7976931348623157e+308", t.coerce(Double.MAX_VALUE, "f"));
        assertEquals("nan", t.coerce(Double.NaN, "f"));
        assertEquals("-inf", t.coerce(Double.NEGATIVE_INFINITY, "f"));
    }

    @Test
    void stringRefusesListsAndDicts() {
        assertEquals("A string is required in field f, not a list",
                refused(FieldTypes.STRING, List.of("a"), "ValueError").reason());
        assertEquals("A string is required in field f, not a dict",
                refused(FieldTypes.STRING, Map.of(), "ValueError").reason());
    }

    @Test
    void uuidIsNeverValidatedOnlyMadeAString() {
        FieldType<String> t = FieldTypes.UUID;
        assertEquals("not-a-uuid", t.coerce("not-a-uuid", "f"));
        assertEquals("", t.coerce("", "f"));
        assertEquals("42", t.coerce(42L, "f"));
        assertEquals("True", t.coerce(true, "f"));
        assertEquals("[1, 'a']", t.coerce(List.of(1L, "a"), "f"));
        assertEquals("{'a': None}", t.coerce(java.util.Collections.singletonMap("a", null), "f"));
        assertEquals("1e+16", t.coerce(1e16, "f"));
    }

    @Test
    void integerIsPythonInt() {
        FieldType<Long> t = FieldTypes.INTEGER;
        assertEquals(42L, t.coerce("42", "f"));
        assertEquals(1500L, t.coerce(" 1500 ", "f"));
        assertEquals(1500L, t.coerce("\t1500\n", "f"));
        assertEquals(1500L, t.coerce("\u00a01500\u3000", "f")); // Unicode white space too
        assertEquals(1000L, t.coerce("1_000", "f"));
        assertEquals(7L, t.coerce("+7", "f"));
        assertEquals(-7L, t.coerce("-7", "f"));
        assertEquals(0L, t.coerce("-0", "f"));
        assertEquals(17L, t.coerce("017", "f")); // base 10: leading zeros are not octal
        assertEquals(42L, t.coerce("\u0664\u0662", "f")); // Arabic-Indic digits
        assertEquals(42L, t.coerce("\ud835\udfd2\ud835\udfd0", "f")); // mathematical bold digits
        assertEquals(Long.MAX_VALUE, t.coerce("9223372036854775807", "f"));
        assertEquals(Long.MIN_VALUE, t.coerce("-9223372036854775808", "f"));
        assertEquals(42L, t.coerce(42.7, "f"));
        assertEquals(-42L, t.coerce(-42.7, "f"));
        assertEquals(1000L, t.coerce(1e3, "f"));
        assertEquals(1L, t.coerce(true, "f"));
        assertEquals(0L, t.coerce(false, "f"));
        assertEquals(5L, t.coerce(BigInteger.valueOf(5), "f"));
    }

    @Test
    void integerRefusesWhatPythonIntRefuses() {
        FieldType<Long> t = FieldTypes.INTEGER;
        assertEquals("invalid literal for int() with base 10: 'abc'", refused(t, "abc", "ValueError").reason());
        assertEquals("invalid literal for int() with base 10: '0x5dc'", refused(t, "0x5dc", "ValueError").reason());
        for (String s : new String[] {"", " ", "1.5", "1e3", "1__0", "_1", "1_", "+_1", "- 1", "--1", "\u001c1",
                "1\u200b", "42\u0000", "\ud800"}) {
            refused(t, s, "ValueError");
        }
        assertEquals("cannot convert float NaN to integer", refused(t, Double.NaN, "ValueError").reason());
        assertEquals("cannot convert float infinity to integer",
                refused(t, Double.POSITIVE_INFINITY, "OverflowError").reason());
        assertEquals("int() argument must be a string, a bytes-like object or a real number, not 'list'",
                refused(t, List.of(), "TypeError").reason());
        refused(t, Map.of(), "TypeError");
        assertEquals("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; "
                + "use sys.set_int_max_str_digits() to increase the limit",
                refused(t, "1".repeat(4301), "ValueError").reason());
        // beyond a Java long, jvif refuses what Python would keep
        refused(t, "9223372036854775808", "ValueError");
        refused(t, new BigInteger("18446744073709551616"), "ValueError");
        refused(t, 1e19, "ValueError");
    }

    @Test
    void booleanIsPythonBool() {
        FieldType<Boolean> t = FieldTypes.BOOLEAN;
        assertEquals(true, t.coerce("false", "f"));
        assertEquals(true, t.coerce("no", "f"));
        assertEquals(false, t.coerce("", "f"));
        assertEquals(false, t.coerce(0L, "f"));
        assertEquals(true, t.coerce(-1L, "f"));
        assertEquals(false, t.coerce(0.0, "f"));
        assertEquals(false, t.coerce(-0.0, "f"));
        assertEquals(true, t.coerce(Double.NaN, "f"));
        assertEquals(false, t.coerce(BigInteger.ZERO, "f"));
        assertEquals(false, t.coerce(List.of(), "f"));
        assertEquals(true, t.coerce(List.of(0L), "f"));
        assertEquals(false, t.coerce(Map.of(), "f"));
        assertEquals(true, t.coerce(Map.of("a", 1L), "f"));
    }

    @Test
    void macAddressIsLowerCasedWithColons() {
        FieldType<String> t = FieldTypes.MAC_ADDRESS;
        assertEquals("fa:16:3e:00:00:01", t.coerce("FA-16-3E-00-00-01", "f"));
        assertEquals("fa:16:3e:00:00:01", t.coerce("fa-16-3e:00-00:01", "f"));
        // oslo's $ matches before a final newline, which stays
        assertEquals("fa:16:3e:00:00:01\n", t.coerce("fa:16:3e:00:00:01\n", "f"));
        assertEquals("Malformed MAC fa:16:3e:00:00:1", refused(t, "fa:16:3e:00:00:1", "ValueError").reason());
        assertEquals("Malformed MAC 42", refused(t, 42L, "ValueError").reason());
        for (String s : new String[] {"fa:16:3e:00:00:01\n\n", "fa:16:3e:00:00:01\r", " fa:16:3e:00:00:01",
                "fa:16:3e:00:00:01 ", "fa163e000001", "fa16.3e00.0001", "\uff26\uff21:16:3e:00:00:01"}) {
            refused(t, s, "ValueError");
        }
        assertEquals("fa:16:3e:00:00:01", t.stringify("fa:16:3e:00:00:01"));
    }

    @Test
    void pciAddressKeepsOslosUnescapedDot() {
        FieldType<String> t = FieldTypes.PCI_ADDRESS;
        assertEquals("0000:81:00.7", t.coerce("0000:81:00.7", "f"));
        assertEquals("abcd:ef:1f.7", t.coerce("ABCD:EF:1F.7", "f"));
        // '.' matches any one character but a newline (in Python, \r, NEL and emoji too)
        assertEquals("0000:81:00:7", t.coerce("0000:81:00:7", "f"));
        assertEquals("0000:81:00\r7", t.coerce("0000:81:00\r7", "f"));
        assertEquals("0000:81:00\u00857", t.coerce("0000:81:00\u00857", "f"));
        assertEquals("0000:81:00\ud83d\ude007", t.coerce("0000:81:00\ud83d\ude007", "f"));
        assertEquals("0000:81:00.7\n", t.coerce("0000:81:00.7\n", "f"));
        assertEquals("Malformed PCI address 0000:81:00\n7", refused(t, "0000:81:00\n7", "ValueError").reason());
        for (String s : new String[] {"0000:81:00.8", "0000:81:20.7", "0000:81:00.7 ", " 0000:81:00.7",
                "0000:81:00.7\n\n", "000:81:00.7", "0000:81:00.77"}) {
            refused(t, s, "ValueError");
        }
        refused(t, 7L, "ValueError");
    }

    @Test
    void enumsTakeOnlyTheirValues() {
        FieldType<String> t = FieldTypes.enumOf("VIFDirectMode", "vepa", "passthrough", "bridge");
        assertEquals("vepa", t.coerce("vepa", "f"));
        assertEquals("Field value VEPA is invalid", refused(t, "VEPA", "ValueError").reason());
        assertEquals("Field value 1 is invalid", refused(t, 1L, "ValueError").reason());
        assertEquals("Field value ['vepa'] is invalid", refused(t, List.of("vepa"), "ValueError").reason());
        refused(t, "vepa ", "ValueError");
        assertEquals("'vepa'", t.stringify("vepa"));
        assertEquals(",valid_values=('vepa', 'passthrough', 'bridge')", t.reprExtra());
        assertEquals(",valid_values=('one',)", FieldTypes.enumOf("One", "one").reprExtra());
    }
}
