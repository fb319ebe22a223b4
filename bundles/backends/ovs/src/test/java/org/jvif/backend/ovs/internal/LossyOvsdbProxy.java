package org.jvif.backend.ovs.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Unix-socket proxy between an OVSDB client and ovsdb-server that, once armed, forwards the first
 * {@code transact} matching a test and drops its reply: the server commits, the client never hears of it.
 * Then it either keeps the connection (the client's request times out) or cuts it and refuses connections
 * until {@link #up()} (the server seems gone). Everything else is forwarded as it is, message by message.
 */
final class LossyOvsdbProxy implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to do to the first transact whose text matches. */
    record Rule(Predicate<String> transact, boolean cut) {
    }

    private final Path upstream;
    private final Path socket;
    private final ServerSocketChannel server;
    private final AtomicReference<Rule> armed = new AtomicReference<>();
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private volatile boolean down;
    private volatile boolean closed;
    /** Transacts whose reply was dropped. */
    volatile int dropped;

    LossyOvsdbProxy(Path upstream, Path socket) throws IOException {
        this.upstream = upstream;
        this.socket = socket;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread t = new Thread(this::accept, "lossy-ovsdb-proxy");
        t.setDaemon(true);
        t.start();
    }

    String remote() {
        return "unix:" + socket;
    }

    /** Drops the reply to the next transact whose text matches (cutting the connection then, with {@code cut}). */
    void arm(Predicate<String> transact, boolean cut) {
        armed.set(new Rule(transact, cut));
    }

    /** Accepts connections again after a cut. */
    void up() {
        down = false;
    }

    private void accept() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (down) {
                closeQuietly(client);
                continue;
            }
            try {
                SocketChannel up = SocketChannel.open(UnixDomainSocketAddress.of(upstream));
                open.add(client);
                open.add(up);
                Set<String> drop = ConcurrentHashMap.newKeySet();
                AtomicReference<Rule> cutAfter = new AtomicReference<>();
                pump(client, up, msg -> {
                    JsonNode m = parse(msg);
                    Rule r = armed.get();
                    if (r != null && "transact".equals(m.path("method").asText()) && r.transact().test(new String(msg, StandardCharsets.UTF_8))
                            && armed.compareAndSet(r, null)) {
                        drop.add(m.path("id").toString());
                        if (r.cut()) {
                            cutAfter.set(r);
                        }
                    }
                    write(up, msg);
                }, client, up);
                pump(up, client, msg -> {
                    JsonNode m = parse(msg);
                    if (!m.has("method") && drop.remove(m.path("id").toString())) {
                        dropped++;
                        if (cutAfter.get() != null) {
                            down = true;
                            closeQuietly(client);
                            closeQuietly(up);
                        }
                        return;
                    }
                    write(client, msg);
                }, client, up);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private static JsonNode parse(byte[] msg) {
        try {
            return JSON.readTree(msg);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + new String(msg, StandardCharsets.UTF_8), e);
        }
    }

    private static void write(SocketChannel to, byte[] msg) {
        try {
            ByteBuffer b = ByteBuffer.wrap(msg);
            while (b.hasRemaining()) {
                to.write(b);
            }
        } catch (IOException e) {
            // the other side is gone: its reader sees it
        }
    }

    /** Reads {@code from}, splitting JSON-RPC messages (top-level objects), each to {@code each}. */
    private void pump(SocketChannel from, SocketChannel to, Consumer<byte[]> each, SocketChannel a, SocketChannel b) {
        Thread t = new Thread(() -> {
            ByteArrayOutputStream msg = new ByteArrayOutputStream();
            int depth = 0;
            boolean string = false;
            boolean escape = false;
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try {
                while (from.read(buf) >= 0) {
                    buf.flip();
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
                                each.accept(msg.toByteArray());
                                msg.reset();
                            }
                        }
                    }
                    buf.clear();
                }
            } catch (IOException e) {
                // closed
            } finally {
                closeQuietly(a);
                closeQuietly(b);
            }
        }, "lossy-ovsdb-proxy-pump");
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
        open.forEach(LossyOvsdbProxy::closeQuietly);
        Files.deleteIfExists(socket);
    }
}
