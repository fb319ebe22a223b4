package org.jvif.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** bin/jvif's end of the control socket. */
final class ControlClient {

    private ControlClient() {
    }

    /**
     * The JDK's set-up for unix-domain sockets (its first one makes a {@code SecureRandom}: 15-20 ms of a command's
     * client), done with a socket opened and closed at once, so that a later {@link #connect} finds it done.
     */
    static void prepare() {
        try {
            SocketChannel.open(StandardProtocolFamily.UNIX).close();
        } catch (IOException | RuntimeException e) {
            // connect meets it again
        }
    }

    /** {@link #prepare} on a thread of its own, beside what the caller does meanwhile. */
    static void prepareBeside() {
        Thread t = new Thread(ControlClient::prepare, "jvif-prepare-socket");
        t.setDaemon(true);
        t.start();
    }

    /** A connection to the running platform, or empty when nothing listens (no socket, or a stale one). */
    static Optional<SocketChannel> connect(Path socket) {
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                return Optional.of(ch);
            } catch (IOException e) {
                ch.close();
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs one command in the platform: stdin is pumped to it while its stdout and stderr come back;
     * returns how it ended.
     */
    static Outcome run(SocketChannel ch, Path cwd, List<String> command, InputStream stdin,
                       OutputStream out, OutputStream err) throws IOException, InterruptedException {
        Wire wire = Wire.over(ch);
        List<String> request = new ArrayList<>();
        request.add(cwd.toString());
        request.addAll(command);
        try {
            wire.hello();
            wire.send(Wire.RUN, Wire.encode(request));
        } catch (IOException e) {
            return refusal(wire, e);
        }
        Thread pump = new Thread(() -> pump(stdin, wire), "jvif-stdin");
        pump.setDaemon(true);
        pump.start();
        try {
            while (true) {
                Wire.Frame f = wire.receive();
                if (f == null) {
                    throw new IOException("the platform closed the control socket before the command ended");
                }
                switch (f.type()) {
                    case Wire.OUT -> {
                        out.write(f.payload());
                        out.flush();
                    }
                    case Wire.ERR -> {
                        err.write(f.payload());
                        err.flush();
                    }
                    case Wire.EXIT -> {
                        return Wire.decodeOutcome(f.payload());
                    }
                    default -> throw new IOException("control socket: unexpected frame '" + (char) f.type() + "'");
                }
            }
        } finally {
            // a pump still blocked reading stdin (a terminal, an open pipe) holds the JVM's exit up by
            // 0.3 s (it waits for threads in native code): interrupted, a read of an interruptible
            // stdin (Main's) returns at once
            pump.interrupt();
            pump.join(100);
        }
    }

    /**
     * Why the platform hung up while the request was being sent (a stranger, too many connections):
     * it says so in an EXIT frame before closing, which is still there to read after the write failed.
     */
    private static Outcome refusal(Wire wire, IOException writeFailure) throws IOException {
        try {
            Wire.Frame f = wire.receive();
            if (f != null && f.type() == Wire.EXIT) {
                return Wire.decodeOutcome(f.payload());
            }
        } catch (IOException e) {
            writeFailure.addSuppressed(e);
        }
        throw writeFailure;
    }

    private static void pump(InputStream stdin, Wire wire) {
        byte[] buf = new byte[16 * 1024];
        try {
            int n;
            while ((n = stdin.read(buf)) >= 0) {
                if (n > 0) {
                    wire.send(Wire.IN, buf, 0, n);
                }
            }
            wire.send(Wire.IN, new byte[0]);
        } catch (IOException e) {
            // the command ended (or the platform went away) before stdin did: nothing more to send
        }
    }

    /** Asks the platform to stop; returns once the request is acknowledged. */
    static void stop(SocketChannel ch) throws IOException {
        Wire wire = Wire.over(ch);
        Outcome o;
        try {
            wire.hello();
            wire.send(Wire.STOP, new byte[0]);
            o = Wire.decodeOutcome(wire.expect(Wire.EXIT).payload());
        } catch (IOException e) {
            o = refusal(wire, e);
        }
        if (o.status() != 0) {
            throw new IOException(o.message());
        }
    }
}
