package org.jvif.host.ovsdb.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.jvif.host.ovsdb.Remote;

/** A byte stream to the server: one thread reads, writers are serialized by the caller. */
abstract class Transport {
    abstract InputStream input();

    abstract void write(byte[] b, int off, int len) throws IOException;

    abstract void close();

    static Transport open(Remote remote, SSLContext ssl, int connectTimeoutMs) throws IOException {
        switch (remote.kind()) {
            case UNIX: {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    ch.connect(UnixDomainSocketAddress.of(remote.path()));
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
                return new ChannelTransport(ch);
            }
            case TCP: {
                SocketChannel ch = SocketChannel.open();
                try {
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                    ch.socket().connect(new InetSocketAddress(remote.host(), remote.port()), connectTimeoutMs);
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
                return new ChannelTransport(ch);
            }
            case SSL: {
                Socket plain = new Socket();
                try {
                    plain.setTcpNoDelay(true);
                    plain.setKeepAlive(true);
                    plain.connect(new InetSocketAddress(remote.host(), remote.port()), connectTimeoutMs);
                    SSLSocket s = (SSLSocket) ssl.getSocketFactory().createSocket(plain, remote.host(), remote.port(), true);
                    s.setUseClientMode(true);
                    s.setSoTimeout(connectTimeoutMs);
                    s.startHandshake();
                    s.setSoTimeout(0);
                    return new SocketTransport(s);
                } catch (IOException | RuntimeException e) {
                    plain.close();
                    throw e;
                }
            }
            default:
                throw new AssertionError(remote.kind());
        }
    }

    /**
     * tcp and unix sockets as a blocking {@link SocketChannel}: reads and writes take separate locks, so the
     * reader never holds up a writer (unlike {@code Channels.newInputStream}, which locks the channel).
     */
    private static final class ChannelTransport extends Transport {
        private final SocketChannel ch;
        private final InputStream in;

        ChannelTransport(SocketChannel ch) {
            this.ch = ch;
            this.in = new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] b = new byte[1];
                    return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return len == 0 ? 0 : ch.read(ByteBuffer.wrap(b, off, len));
                }
            };
        }

        @Override
        InputStream input() {
            return in;
        }

        @Override
        void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer bb = ByteBuffer.wrap(b, off, len);
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
        }

        @Override
        void close() {
            try {
                ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** ssl: a connected, handshaken {@link SSLSocket}. */
    private static final class SocketTransport extends Transport {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        SocketTransport(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        @Override
        InputStream input() {
            return in;
        }

        @Override
        void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            out.flush();
        }

        @Override
        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
