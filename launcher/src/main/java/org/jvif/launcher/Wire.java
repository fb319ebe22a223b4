package org.jvif.launcher;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The control socket's framing. A frame is a type byte, a big-endian int length and that many
 * payload bytes. The client opens with {@link #HELLO} (protocol version), then sends {@link #RUN}
 * (working directory and command words) followed by {@link #IN} frames (stdin; an empty one is end
 * of input), or {@link #STOP}. The platform answers with {@link #OUT} / {@link #ERR} frames
 * (stdout / stderr bytes) and ends with one {@link #EXIT} (status, message, trace).
 */
final class Wire {

    static final int VERSION = 1;
    static final byte HELLO = 'H';
    static final byte RUN = 'R';
    static final byte IN = 'I';
    static final byte STOP = 'Q';
    static final byte OUT = 'O';
    static final byte ERR = 'E';
    static final byte EXIT = 'X';

    /** Stdin, stdout and stderr bytes travel in frames of at most this size. */
    static final int CHUNK = 16 * 1024;
    /** A RUN frame: working directory and arguments (Linux allows 128 KiB per argument). */
    static final int MAX_REQUEST = 256 * 1024;
    /** Characters of an EXIT frame's message and stack trace; longer ones are cut, their length said. */
    static final int MAX_MESSAGE = 8 * 1024;
    static final int MAX_TRACE = 48 * 1024;
    /** An EXIT frame: UTF-8 takes at most 3 bytes per character, plus the counts. */
    private static final int MAX_EXIT = 3 * (MAX_MESSAGE + MAX_TRACE) + 1024;

    /** A peer that breaks the protocol (unknown frame, frame over its limit): said to it before hanging up. */
    static final class ProtocolException extends IOException {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message);
        }
    }

    /**
     * The largest payload a frame of this type may carry, checked before anything is allocated for
     * it: a peer cannot make the other side hold more than its frame limits per connection.
     */
    static int maxPayload(byte type) {
        return switch (type) {
            case HELLO -> 4;
            case RUN -> MAX_REQUEST;
            case IN, OUT, ERR -> CHUNK;
            case EXIT -> MAX_EXIT;
            default -> 0; // STOP, and frames no one sends
        };
    }

    record Frame(byte type, byte[] payload) {
    }

    private final DataInputStream in;
    private final DataOutputStream out;

    Wire(InputStream in, OutputStream out) {
        this.in = new DataInputStream(in);
        this.out = new DataOutputStream(out);
    }

    /**
     * Frames over a connected socket. Not through {@code Channels.newInputStream}: on Java 17 its
     * streams share one lock, so a read blocked on the socket would hold up every write.
     */
    static Wire over(SocketChannel ch) {
        InputStream in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : ch.read(ByteBuffer.wrap(b, off, len));
            }
        };
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer bb = ByteBuffer.wrap(b, off, len);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
            }
        };
        return new Wire(new BufferedInputStream(in), new BufferedOutputStream(out));
    }

    void hello() throws IOException {
        send(HELLO, ByteBuffer.allocate(4).putInt(VERSION).array());
    }

    /** Checks the client's first frame: a client of another protocol version is turned away. */
    static void checkHello(Frame hello) throws IOException {
        if (hello.type() != HELLO) {
            throw new IOException("control socket: expected a hello, got '" + (char) hello.type() + "'");
        }
        byte[] p = hello.payload();
        int version = p.length == 4 ? ByteBuffer.wrap(p).getInt() : -1;
        if (version != VERSION) {
            throw new IOException("control socket: protocol version " + version + ", this platform speaks " + VERSION
                    + " (a bin/jvif of another release?)");
        }
    }

    void send(byte type, byte[] payload) throws IOException {
        send(type, payload, 0, payload.length);
    }

    /** Thread-safe: stdout, stderr and the final EXIT may come from different threads. */
    synchronized void send(byte type, byte[] payload, int off, int len) throws IOException {
        out.writeByte(type);
        out.writeInt(len);
        out.write(payload, off, len);
        out.flush();
    }

    /** The next frame, or null when the peer closed the connection between frames. */
    Frame receive() throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int len = in.readInt();
        if (type != HELLO && type != RUN && type != IN && type != STOP && type != OUT && type != ERR && type != EXIT) {
            throw new ProtocolException("control socket: unknown frame type " + type);
        }
        if (len < 0 || len > maxPayload((byte) type)) {
            throw new ProtocolException("control socket: frame '" + (char) type + "' of " + Integer.toUnsignedString(len)
                    + " bytes, more than its limit of " + maxPayload((byte) type));
        }
        byte[] payload = new byte[len];
        in.readFully(payload);
        return new Frame((byte) type, payload);
    }

    /** The next frame, which must be of the given type. */
    Frame expect(byte type) throws IOException {
        Frame f = receive();
        if (f == null) {
            throw new EOFException("control socket: closed while waiting for frame '" + (char) type + "'");
        }
        if (f.type() != type) {
            throw new IOException("control socket: expected frame '" + (char) type + "', got '" + (char) f.type() + "'");
        }
        return f;
    }

    /** An output stream that sends what is written as frames of one type. */
    OutputStream output(byte type) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                send(type, new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int done = 0; done < len; done += CHUNK) {
                    send(type, b, off + done, Math.min(CHUNK, len - done));
                }
            }
        };
    }

    /**
     * The command's stdin: pulls {@link #IN} frames only when read, so a command that never reads
     * stdin never waits for it. End of input is an empty IN frame or the peer closing.
     */
    InputStream input() {
        return new InputStream() {
            private byte[] buffer = new byte[0];
            private int pos;
            private boolean eof;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public synchronized int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (pos == buffer.length) {
                    if (eof) {
                        return -1;
                    }
                    Frame f = receive();
                    if (f == null || f.type() != IN || f.payload().length == 0) {
                        eof = true;
                    } else {
                        buffer = f.payload();
                        pos = 0;
                    }
                }
                int n = Math.min(len, buffer.length - pos);
                System.arraycopy(buffer, pos, b, off, n);
                pos += n;
                return n;
            }

            @Override
            public synchronized int available() {
                return buffer.length - pos;
            }
        };
    }

    static byte[] encode(List<String> strings) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(bytes);
            d.writeInt(strings.size());
            for (String s : strings) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                d.writeInt(utf8.length);
                d.write(utf8);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> decode(byte[] payload) throws IOException {
        DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(payload));
        int n = d.readInt();
        if (n < 0 || n > payload.length / 4) {
            throw new IOException("control socket: bad string count " + n);
        }
        List<String> strings = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = d.readInt();
            if (len < 0 || len > d.available()) {
                throw new IOException("control socket: bad string length " + len);
            }
            byte[] utf8 = new byte[len];
            d.readFully(utf8);
            strings.add(new String(utf8, StandardCharsets.UTF_8));
        }
        return strings;
    }

    /** An outcome as an EXIT frame's payload; a message or trace over its limit is cut, never dropped. */
    static byte[] encode(Outcome o) {
        return encode(List.of(Integer.toString(o.status()), Outcome.cut(o.message(), MAX_MESSAGE), Outcome.cut(o.trace(), MAX_TRACE)));
    }

    static Outcome decodeOutcome(byte[] payload) throws IOException {
        List<String> s = decode(payload);
        if (s.size() != 3) {
            throw new IOException("control socket: bad exit frame");
        }
        try {
            return new Outcome(Integer.parseInt(s.get(0)), s.get(1), s.get(2));
        } catch (NumberFormatException e) {
            throw new IOException("control socket: bad exit status '" + s.get(0) + "'");
        }
    }
}
