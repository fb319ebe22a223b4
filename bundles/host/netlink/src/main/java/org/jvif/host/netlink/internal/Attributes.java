package org.jvif.host.netlink.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Walks netlink attributes in a received buffer: call {@link #next} until false, then read the current one. */
final class Attributes {
    /** Masks NLA_F_NESTED and NLA_F_NET_BYTEORDER off the type. */
    private static final int TYPE_MASK = 0x3fff;

    private final ByteBuffer buffer;
    private final int end;
    private int next;
    private int type;
    private int payload;
    private int length;

    Attributes(ByteBuffer buffer, int start, int end) {
        this.buffer = buffer;
        this.next = start;
        this.end = end;
    }

    boolean next() {
        while (next + 4 <= end) {
            int attrLength = buffer.getShort(next) & 0xffff;
            if (attrLength < 4 || next + attrLength > end) {
                return false;
            }
            type = buffer.getShort(next + 2) & TYPE_MASK;
            payload = next + 4;
            length = attrLength - 4;
            next += align(attrLength);
            return true;
        }
        return false;
    }

    int type() {
        return type;
    }

    /** The attributes nested in the current one. */
    Attributes nested() {
        return new Attributes(buffer, payload, payload + length);
    }

    int u32() {
        return buffer.getInt(payload);
    }

    int u8() {
        return buffer.get(payload) & 0xff;
    }

    int length() {
        return length;
    }

    byte[] bytes() {
        byte[] bytes = new byte[length];
        buffer.get(payload, bytes);
        return bytes;
    }

    /** A NUL-terminated string. */
    String string() {
        int n = 0;
        while (n < length && buffer.get(payload + n) != 0) {
            n++;
        }
        byte[] bytes = new byte[n];
        buffer.get(payload, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }
}
