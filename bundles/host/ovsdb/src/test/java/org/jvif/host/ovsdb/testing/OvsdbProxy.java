package org.jvif.host.ovsdb.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * A relay between OVSDB clients and one server, for tests of what a client is left with when the way to the
 * server fails. {@link #cut} drops every connection and closes new ones at once (a host whose network is gone, a
 * server gone) until {@link #mend}. On a plaintext relay, {@link #dropReply} lets the next {@code transact} whose
 * text matches through and drops its reply: the server commits, the client never hears of it; the connection is
 * then kept (the request times out) or cut. Everything else passes as it is, ssl byte for byte.
 */
public final class OvsdbProxy implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();

    /** What to do to the first transact whose text matches. */
    private record Rule(Predicate<String> transact, boolean cut) {
    }

    private final SocketAddress upstream;
    private final ServerSocketChannel server;
    private final String remote;
    /** The relay's unix socket, or null. */
    private final Path socket;
    /** Whether the relay reads JSON-RPC messages (plaintext), so it can drop a reply. */
    private final boolean messages;
    private final AtomicReference<Rule> armed = new AtomicReference<>();
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile boolean cut;
    private volatile boolean closed;

    private OvsdbProxy(SocketAddress upstream, ServerSocketChannel server, String remote, Path socket, boolean messages) {
        this.upstream = upstream;
        this.server = server;
        this.remote = remote;
        this.socket = socket;
        this.messages = messages;
        Thread t = new Thread(this::accept, "ovsdb-proxy " + remote);
        t.setDaemon(true);
        t.start();
    }

    /** A plaintext relay on the unix socket {@code socket} to the server's unix socket {@code server}. */
    public static OvsdbProxy unix(Path server, Path socket) throws IOException {
        Files.deleteIfExists(socket);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(socket));
        return new OvsdbProxy(UnixDomainSocketAddress.of(server), s, "unix:" + socket, socket, true);
    }

    /** A relay on a free port of loopback to the server's port there; over ssl, {@link #dropReply} cannot be used. */
    public static OvsdbProxy loopback(int serverPort, boolean ssl) throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        ServerSocketChannel s = ServerSocketChannel.open();
        s.bind(new InetSocketAddress(lo, 0), 50);
        String remote = (ssl ? "ssl:" : "tcp:") + lo.getHostAddress() + ":" + ((InetSocketAddress) s.getLocalAddress()).getPort();
        return new OvsdbProxy(new InetSocketAddress(lo, serverPort), s, remote, null, !ssl);
    }

    /** The remote to give the client. */
    public String remote() {
        return remote;
    }

    /** Drops every connection and closes new ones at once, until {@link #mend}. */
    public void cut() {
        cut = true;
        open.forEach(OvsdbProxy::closeQuietly);
        open.clear();
    }

    /** Accepts connections again. */
    public void mend() {
        cut = false;
    }

    /**
     * Drops the reply to the next transact whose text matches; with {@code cut}, then cuts that connection and
     * closes new ones until {@link #mend}.
     */
    public void dropReply(Predicate<String> transact, boolean cut) {
        if (!messages) {
            throw new IllegalStateException("an ssl relay cannot read the messages it passes");
        }
        armed.set(new Rule(transact, cut));
    }

    /** How many replies were dropped. */
    public int dropped() {
        return dropped.get();
    }

    private void accept() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            try {
                SocketChannel up = SocketChannel.open(upstream);
                open.add(client);
                open.add(up);
                if (!messages) {
                    pump(client, up, null);
                    pump(up, client, null);
                    continue;
                }
                Set<String> drop = ConcurrentHashMap.newKeySet();
                AtomicReference<Rule> cutAfter = new AtomicReference<>();
                pump(client, up, msg -> {
                    Rule r = armed.get();
                    if (r != null) {
                        String[] head = head(msg);
                        if ("transact".equals(head[0]) && r.transact().test(new String(msg, StandardCharsets.UTF_8))
                                && armed.compareAndSet(r, null)) {
                            drop.add(head[1]);
                            if (r.cut()) {
                                cutAfter.set(r);
                            }
                        }
                    }
                    return true;
                });
                pump(up, client, msg -> {
                    if (drop.isEmpty()) {
                        return true;
                    }
                    String[] head = head(msg);
                    if (head[0] != null || !drop.remove(head[1])) {
                        return true;
                    }
                    dropped.incrementAndGet();
                    if (cutAfter.get() != null) {
                        this.cut = true;
                        closeQuietly(client);
                        closeQuietly(up);
                    }
                    return false;
                });
            } catch (IOException e) {
                closeQuietly(client); // the server is down: the client sees its connection drop and tries again
            }
        }
    }

    /** A message's top-level {@code method} (null for a reply) and {@code id} (as JSON text). */
    private static String[] head(byte[] msg) {
        String[] head = new String[2];
        try (JsonParser p = JSON.createParser(msg)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("method") && value == JsonToken.VALUE_STRING) {
                    head[0] = p.getText();
                } else if (field.equals("id")) {
                    head[1] = value == JsonToken.VALUE_STRING ? "\"" + p.getText() + "\"" : p.getText();
                }
                p.skipChildren();
            }
            return head;
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + new String(msg, StandardCharsets.UTF_8), e);
        }
    }

    /** Which messages pass: false drops it. */
    private interface Filter {
        boolean pass(byte[] msg);
    }

    private static void write(SocketChannel to, ByteBuffer b) {
        try {
            while (b.hasRemaining()) {
                to.write(b);
            }
        } catch (IOException e) {
            // the other side is gone: its reader sees it
        }
    }

    /**
     * Copies {@code from} to {@code to}: as read with no filter, else JSON-RPC message by message (top-level
     * objects), each that the filter passes; closes both ends when {@code from} ends.
     */
    private static void pump(SocketChannel from, SocketChannel to, Filter filter) {
        Thread t = new Thread(() -> {
            ByteArrayOutputStream msg = new ByteArrayOutputStream();
            int depth = 0;
            boolean string = false;
            boolean escape = false;
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try {
                while (from.read(buf) >= 0) {
                    buf.flip();
                    if (filter == null) {
                        write(to, buf);
                        buf.clear();
                        continue;
                    }
                    while (buf.hasRemaining()) {
                        byte c = buf.get();
                        if (depth == 0 && c != '{') {
                            continue; // whitespace between messages
                        }
                        msg.write(c);
                        if (string) {
                            if (escape) {
                                escape = false;
                            } else if (c == '\\') {
                                escape = true;
                            } else if (c == '"') {
                                string = false;
                            }
                        } else if (c == '"') {
                            string = true;
                        } else if (c == '{' || c == '[') {
                            depth++;
                        } else if (c == '}' || c == ']') {
                            depth--;
                            if (depth == 0) {
                                byte[] m = msg.toByteArray();
                                msg.reset();
                                if (filter.pass(m)) {
                                    write(to, ByteBuffer.wrap(m));
                                }
                            }
                        }
                    }
                    buf.clear();
                }
            } catch (IOException e) {
                // closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "ovsdb-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        cut();
        if (socket != null) {
            Files.deleteIfExists(socket);
        }
    }
}
