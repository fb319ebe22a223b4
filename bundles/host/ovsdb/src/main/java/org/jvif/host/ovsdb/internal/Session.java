package org.jvif.host.ovsdb.internal;

import java.io.EOFException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import org.jvif.host.ovsdb.OvsdbConnectionException;
import org.jvif.host.ovsdb.OvsdbException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection: a single reader thread parses every message and dispatches replies by id; writers take
 * turns under a lock. Dies once (EOF, I/O error, probe failure, close), failing what is in flight.
 */
final class Session {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private static final String PROBE_ID = "echo";
    /** Wire trace (every message, both ways) when the logger is at TRACE. */
    private static final boolean TRACE = LOG.isTraceEnabled();

    /** Marks reader threads: nothing may block writing on them (the server stops reading while it has output for us). */
    static final class ReaderThread extends Thread {
        ReaderThread(Runnable r, String name) {
            super(r, name);
            setDaemon(true);
        }
    }

    private final OvsdbClientImpl client;
    private final Transport transport;
    final Map<Long, Request> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean dead = new AtomicBoolean();
    private final Thread reader;
    volatile long lastReceived = System.nanoTime();
    volatile boolean probing;

    Session(OvsdbClientImpl client, Transport transport) {
        this.client = client;
        this.transport = transport;
        this.reader = new ReaderThread(this::readLoop, "ovsdb-reader " + client.remote());
    }

    void start() {
        reader.start();
    }

    boolean isDead() {
        return dead.get();
    }

    /**
     * Sends a request on this session. Returns false, with nothing written, if the session is already dead
     * (the caller queues it for the next one); once it returns true the request belongs to this session.
     */
    boolean send(Request r) {
        if (dead.get()) {
            return false;
        }
        long id = ids.incrementAndGet();
        r.id = id;
        r.session = this;
        pending.put(id, r);
        if (dead.get()) {
            // fail() may not have seen our entry: take it back unless it did
            return pending.remove(id) == null;
        }
        byte[] bytes;
        try {
            ByteArrayBuilder bb = new ByteArrayBuilder(256);
            try (JsonGenerator g = JsonStream.FACTORY.createGenerator(bb)) {
                g.writeStartObject();
                g.writeNumberField("id", id);
                g.writeStringField("method", r.method);
                g.writeFieldName("params");
                r.params.write(g);
                g.writeEndObject();
            }
            bytes = bb.toByteArray();
        } catch (IOException | RuntimeException e) {
            pending.remove(id);
            r.fail(e instanceof OvsdbException oe ? oe : new OvsdbException("cannot encode " + r.method + ": " + e, e));
            return true;
        }
        write(bytes);
        return true;
    }

    /** A JSON-RPC notification (no reply expected), e.g. cancel. */
    void notify(String method, JsonStream.Writer params) {
        message(g -> {
            g.writeNullField("id");
            g.writeStringField("method", method);
            g.writeFieldName("params");
            params.write(g);
        });
    }

    void probe() {
        message(g -> {
            g.writeStringField("id", PROBE_ID);
            g.writeStringField("method", "echo");
            g.writeArrayFieldStart("params");
            g.writeEndArray();
        });
    }

    private void reply(Object id, Object result) {
        message(g -> {
            g.writeFieldName("id");
            JsonStream.write(g, id);
            g.writeFieldName("result");
            JsonStream.write(g, result);
            g.writeNullField("error");
        });
    }

    private void message(JsonStream.Writer body) {
        if (dead.get()) {
            return;
        }
        try {
            ByteArrayBuilder bb = new ByteArrayBuilder(64);
            try (JsonGenerator g = JsonStream.FACTORY.createGenerator(bb)) {
                g.writeStartObject();
                body.write(g);
                g.writeEndObject();
            }
            write(bb.toByteArray());
        } catch (IOException e) {
            fail(e);
        }
    }

    private void write(byte[] bytes) {
        if (TRACE) {
            LOG.trace("to " + client.remote() + ": " + new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
        writeLock.lock();
        try {
            transport.write(bytes, 0, bytes.length);
        } catch (IOException e) {
            fail(e);
        } finally {
            writeLock.unlock();
        }
    }

    private void readLoop() {
        Throwable cause;
        try (JsonParser p = JsonStream.FACTORY.createParser(transport.input())) {
            for (;;) {
                JsonToken t = p.nextToken();
                if (t == null) {
                    throw new EOFException("connection closed by the server");
                }
                if (t != JsonToken.START_OBJECT) {
                    throw new IOException("protocol error: expected a JSON-RPC message, got " + t);
                }
                lastReceived = System.nanoTime();
                probing = false;
                Object id = null;
                String method = null;
                Object params = null;
                Object result = null;
                Object error = null;
                for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    switch (name) {
                        case "id":
                            id = JsonStream.read(p, v);
                            break;
                        case "method":
                            method = v == JsonToken.VALUE_STRING ? p.getText() : null;
                            break;
                        case "params":
                            params = JsonStream.read(p, v);
                            break;
                        case "result":
                            result = JsonStream.read(p, v);
                            break;
                        case "error":
                            error = JsonStream.read(p, v);
                            break;
                        default:
                            p.skipChildren();
                            break;
                    }
                }
                if (TRACE) {
                    LOG.trace("from " + client.remote() + ": id=" + id + " method=" + method
                            + " params=" + params + " result=" + result + " error=" + error);
                }
                dispatch(id, method, params, result, error);
            }
        } catch (Throwable e) {
            cause = e;
        }
        fail(cause);
    }

    private void dispatch(Object id, String method, Object params, Object result, Object error) {
        if (method != null) {
            switch (method) {
                case "echo":
                    // answered off this thread: writing here could deadlock against a server busy writing to us
                    client.io(() -> reply(id, params));
                    break;
                case "update":
                case "update3":
                    try {
                        client.onUpdate(this, method, params);
                    } catch (RuntimeException e) {
                        LOG.error("cannot apply update from " + client.remote(), e);
                    }
                    break;
                default:
                    break;
            }
            return;
        }
        if (id instanceof Long l) {
            Request r = pending.remove(l);
            if (r != null) {
                if (error != null) {
                    r.fail(new OvsdbException(r.method + " failed: " + JsonStream.errorText(error)));
                } else {
                    r.complete(result);
                }
            }
        }
    }

    /** Kills the session once: closes the socket, fails what is in flight, lets the client reconnect. */
    void fail(Throwable cause) {
        if (!dead.compareAndSet(false, true)) {
            return;
        }
        transport.close();
        String why = cause instanceof EOFException || cause instanceof OvsdbException ? cause.getMessage() : String.valueOf(cause);
        for (Iterator<Request> it = pending.values().iterator(); it.hasNext();) {
            Request r = it.next();
            it.remove();
            r.fail(new OvsdbConnectionException("connection to " + client.remote() + " lost (" + why
                    + ") before the reply to " + r.method + "; it may or may not have been executed", cause));
        }
        client.sessionDown(this, cause);
    }
}
