package org.jvif.host.netlink;

import java.util.Locale;

/** A 48-bit Ethernet address. Parsing checks syntax only; setters reject multicast and all-zero. */
public final class MacAddress {
    private final long value;

    private MacAddress(long value) {
        this.value = value;
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (either case). */
    public static MacAddress parse(String text) {
        if (text == null || text.length() != 17) {
            throw new InvalidValueException("address", text, "expected six hex octets like fa:16:3e:00:00:01");
        }
        long value = 0;
        for (int i = 0; i < 6; i++) {
            int hi = Character.digit(text.charAt(i * 3), 16);
            int lo = Character.digit(text.charAt(i * 3 + 1), 16);
            if (hi < 0 || lo < 0 || (i < 5 && text.charAt(i * 3 + 2) != ':')) {
                throw new InvalidValueException("address", text,
                        "expected six hex octets like fa:16:3e:00:00:01");
            }
            value = value << 8 | hi << 4 | lo;
        }
        return new MacAddress(value);
    }

    /** Wraps six octets as read from the kernel. */
    public static MacAddress of(byte[] octets) {
        if (octets.length != 6) {
            throw new InvalidValueException("address", octets.length + " octets", "expected 6 octets");
        }
        long value = 0;
        for (byte octet : octets) {
            value = value << 8 | (octet & 0xff);
        }
        return new MacAddress(value);
    }

    public byte[] octets() {
        byte[] octets = new byte[6];
        for (int i = 0; i < 6; i++) {
            octets[i] = (byte) (value >>> (40 - 8 * i));
        }
        return octets;
    }

    /** The group bit of the first octet: multicast and broadcast addresses. */
    public boolean isMulticast() {
        return (value >>> 40 & 1) != 0;
    }

    public boolean isZero() {
        return value == 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MacAddress mac && mac.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                text.append(':');
            }
            text.append(String.format(Locale.ROOT, "%02x", value >>> (40 - 8 * i) & 0xff));
        }
        return text.toString();
    }
}
