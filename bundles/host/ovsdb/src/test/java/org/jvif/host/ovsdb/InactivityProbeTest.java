package org.jvif.host.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import org.jvif.host.ovsdb.testing.OvsSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Echo both ways, against a scripted server on a unix socket: the client answers the server's echo, and
 * drops (then re-opens) a connection on which the server stays silent past the inactivity probe.
 */
class InactivityProbeTest {
    private Path dir;
    private ServerSocketChannel server;
    private final AtomicInteger connections = new AtomicInteger();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private volatile boolean answerEcho;
    private volatile SocketChannel last;

    @BeforeEach
    void listen() throws IOException {
        dir = Files.createTempDirectory("jvif-fake-ovsdb");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("db.sock")));
        Thread t = new Thread(this::serve, "fake ovsdb-server");
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void close() throws IOException {
        server.close();
        Files.deleteIfExists(dir.resolve("db.sock"));
        Files.deleteIfExists(dir);
    }

    private void serve() {
        try {
            while (true) {
                SocketChannel ch = server.accept();
                connections.incrementAndGet();
                last = ch;
                Thread t = new Thread(() -> session(ch));
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** Answers get_schema with the real schema, the _Server monitor; answers echo only if told to; records everything else. */
    private void session(SocketChannel ch) {
        String schema;
        try {
            schema = Files.readString(OvsSandbox.SCHEMA);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Channels.newInputStream(ch);
             JsonParser p = new JsonFactory().createParser(in)) {
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String id = null;
                String method = null;
                for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if (name.equals("id") && v != JsonToken.VALUE_NULL) {
                        id = v == JsonToken.VALUE_STRING ? '"' + p.getText() + '"' : p.getText();
                    } else if (name.equals("method")) {
                        method = p.getText();
                    } else if (name.equals("result")) {
                        StringBuilder sb = new StringBuilder();
                        if (v == JsonToken.START_ARRAY) {
                            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                                sb.append(p.getText());
                            }
                        }
                        method = "reply:" + sb;
                    } else {
                        p.skipChildren();
                    }
                }
                if ("monitor".equals(method)) {
                    // the client's look at _Server, sent with get_schema: a standalone database
                    send(ch, "{\"id\":" + id + ",\"result\":{\"Database\":{\"" + java.util.UUID.randomUUID()
                            + "\":{\"new\":{\"name\":\"Open_vSwitch\",\"model\":\"standalone\",\"connected\":true,"
                            + "\"leader\":true}}}},\"error\":null}");
                    continue;
                }
                received.add(method + " " + id);
                if ("get_schema".equals(method)) {
                    send(ch, "{\"id\":" + id + ",\"result\":" + schema + ",\"error\":null}");
                } else if ("echo".equals(method) && answerEcho) {
                    send(ch, "{\"id\":" + id + ",\"result\":[],\"error\":null}");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
        received.add("closed");
    }

    private static void send(SocketChannel ch, String msg) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(msg.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private OvsdbClient connect() {
        return OvsdbClient.connect(OvsdbOptions.builder("unix:" + dir.resolve("db.sock")).timeout(Duration.ofSeconds(5))
                .inactivityProbe(Duration.ofMillis(200)).backoff(Duration.ofMillis(50), Duration.ofMillis(100)).build());
    }

    private String next() throws InterruptedException {
        String s = received.poll(5, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("nothing received");
        }
        return s;
    }

    @Test
    void answersServerEcho() throws Exception {
        answerEcho = true;
        try (OvsdbClient c = connect()) {
            assertEquals("get_schema 1", next());
            send(last, "{\"id\":\"echo\",\"method\":\"echo\",\"params\":[\"ping\",7]}");
            String reply = next();
            while (reply.startsWith("echo")) {
                reply = next();
            }
            assertEquals("reply:ping7 \"echo\"", reply);
        }
    }

    @Test
    void silentServerIsDroppedAndReconnected() throws Exception {
        try (OvsdbClient c = connect()) {
            assertEquals("get_schema 1", next());
            assertEquals("echo \"echo\"", next());
            // no answer: after two probe intervals the client gives up on this connection and reconnects
            assertEquals(java.util.Set.of("closed", "get_schema 1"), java.util.Set.of(next(), next()));
            assertEquals(2, connections.get());
        }
    }

    @Test
    void answeredProbesKeepTheConnection() throws Exception {
        answerEcho = true;
        try (OvsdbClient c = connect()) {
            Thread.sleep(1200);
            assertEquals(1, connections.get());
            assertTrue(c.isConnected());
            assertTrue(received.stream().filter(s -> s.startsWith("echo")).count() >= 3, received.toString());
        }
    }
}
