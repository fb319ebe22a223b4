package org.jvif.host.netlink.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Writes one netlink request (header, ifinfomsg, attributes) into a reused direct buffer. */
final class Message {
    static final int HEADER = 16;
    static final int IFINFO = 16;
    private static final int ATTR_HEADER = 4;

    private final ByteBuffer buffer;

    Message(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    void start(int type, int flags, int sequence) {
        buffer.clear();
        buffer.putInt(0).putShort((short) type).putShort((short) flags).putInt(sequence).putInt(0);
    }

    /** struct ifinfomsg with family AF_UNSPEC. */
    Message ifinfo(int index, int flags, int change) {
        buffer.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(index).putInt(flags).putInt(change);
        return this;
    }

    Message string(int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        header(type, bytes.length + 1);
        buffer.put(bytes).put((byte) 0);
        return pad();
    }

    Message bytes(int type, byte[] value) {
        header(type, value.length);
        buffer.put(value);
        return pad();
    }

    Message u32(int type, int value) {
        header(type, 4);
        buffer.putInt(value);
        return this;
    }

    Message u16(int type, int value) {
        header(type, 2);
        buffer.putShort((short) value);
        return pad();
    }

    Message u8(int type, int value) {
        header(type, 1);
        buffer.put((byte) value);
        return pad();
    }

    /** Opens a nested attribute; pass the result to {@link #end}. */
    int nest(int type) {
        int start = buffer.position();
        header(type, 0);
        return start;
    }

    void end(int nest) {
        buffer.putShort(nest, (short) (buffer.position() - nest));
    }

    /** Sets the total length and returns it. */
    int finish() {
        buffer.putInt(0, buffer.position());
        return buffer.position();
    }

    private void header(int type, int payload) {
        buffer.putShort((short) (ATTR_HEADER + payload)).putShort((short) type);
    }

    private Message pad() {
        while ((buffer.position() & 3) != 0) {
            buffer.put((byte) 0);
        }
        return this;
    }
}
