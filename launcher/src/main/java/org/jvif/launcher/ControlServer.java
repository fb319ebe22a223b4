package org.jvif.launcher;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The running platform's end of the control socket: a bounded number of connections, each on a
 * thread of its own, runs the command it names (stdin, stdout, stderr and exit status framed by
 * {@link Wire}) or stops the platform. Only the platform's owner (and root) gets in: the socket
 * file is 0600 inside a 0700 folder, and the peer's credentials are checked too. Whatever is
 * refused (a stranger, one connection too many, a request that does not come, a frame over its
 * limit, a command that is no plain name) is told to the peer in an EXIT frame before hanging up.
 */
final class ControlServer implements Closeable {

    private final Path path;
    private final CommandRunner runner;
    private final Runnable stop;
    private final PrintStream log;
    private final Semaphore slots;
    private final int maxConnections;
    private final Duration requestTimeout;
    private final AtomicInteger connections = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jvif-control-timer");
        t.setDaemon(true);
        return t;
    });
    private ServerSocketChannel server;
    private UserPrincipal owner;
    /** The socket file this server bound: only this one is removed on close, never a successor's. */
    private Object socketFile;

    /**
     * @param stop           asked to stop the platform; called after the STOP request has been answered
     * @param log            where connection problems are reported
     * @param maxConnections connections served at once; one more is told the platform is busy
     * @param requestTimeout how long a connection may take to send its request
     */
    ControlServer(Path path, CommandRunner runner, Runnable stop, PrintStream log, int maxConnections, Duration requestTimeout) {
        this.path = path;
        this.runner = runner;
        this.stop = stop;
        this.log = log;
        this.maxConnections = maxConnections;
        this.slots = new Semaphore(maxConnections);
        this.requestTimeout = requestTimeout;
    }

    /** Binds the socket (replacing a stale file; the caller made sure no platform owns it) and starts serving. */
    void open() throws IOException {
        if (path.toString().getBytes().length >= 108) {
            throw new IOException("control socket path is too long for a unix socket (max 107 bytes): " + path);
        }
        Files.deleteIfExists(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        owner = Files.getOwner(path);
        socketFile = fileKey(path);
        Thread acceptor = new Thread(this::accept, "jvif-control");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (server.isOpen()) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.println("jvif: control socket: " + Outcome.oneLine(e));
                continue;
            }
            if (!slots.tryAcquire()) {
                // a frame this small fits the socket's buffer: the acceptor never blocks on it
                refuse(ch, 1, "the platform is busy: " + maxConnections + " connections are open; try again");
                continue;
            }
            Thread t = new Thread(() -> {
                try {
                    serve(ch);
                } finally {
                    slots.release();
                }
            }, "jvif-control-" + connections.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }
    }

    /** Tells the peer why, then hangs up. What it sent meanwhile stays unread; it still reads the reason. */
    private void refuse(SocketChannel ch, int status, String reason) {
        try (ch) {
            Wire.over(ch).send(Wire.EXIT, Wire.encode(new Outcome(status, reason, "")));
        } catch (IOException e) {
            // gone already
        }
    }

    private void serve(SocketChannel ch) {
        Wire wire = Wire.over(ch);
        // a connection that does not send its request in time is told so and closed, which ends the read below
        ScheduledFuture<?> timeout = timer.schedule(() -> refuse(ch, 1,
                "control socket: no request within " + Settings.seconds(requestTimeout)), requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!peer.user().equals(owner) && !peer.user().getName().equals("root")) {
                wire.send(Wire.EXIT, Wire.encode(new Outcome(1, "permission denied: user " + peer.user().getName()
                        + " may not use the platform of " + owner.getName(), "")));
                return;
            }
            Wire.Frame hello = wire.receive();
            if (hello == null) {
                return; // a probe (bin/jvif start waiting for readiness): connected and left
            }
            Wire.checkHello(hello);
            Wire.Frame request = wire.receive();
            if (request == null || !timeout.cancel(false)) {
                return;
            }
            switch (request.type()) {
                case Wire.RUN -> run(wire, Wire.decode(request.payload()));
                case Wire.STOP -> {
                    wire.send(Wire.EXIT, Wire.encode(Outcome.OK));
                    stop.run();
                }
                default -> wire.send(Wire.EXIT, Wire.encode(new Outcome(2,
                        "control socket: unknown request '" + (char) request.type() + "'", "")));
            }
        } catch (Wire.ProtocolException e) {
            log.println("jvif: " + e.getMessage());
            refuse(ch, 2, e.getMessage());
        } catch (IOException e) {
            // the client went away or spoke nonsense: nothing to answer to
            log.println("jvif: control socket: " + Outcome.oneLine(e));
        } finally {
            timeout.cancel(false);
            try {
                ch.close();
            } catch (IOException e) {
                // closed already
            }
        }
    }

    private void run(Wire wire, List<String> request) throws IOException {
        if (request.size() < 2) {
            wire.send(Wire.EXIT, Wire.encode(new Outcome(2, "control socket: no command given", "")));
            return;
        }
        // the command line is never Gogo script: a name, and arguments that stay arguments
        String name = request.get(1);
        if (!Invocation.isCommandName(name)) {
            wire.send(Wire.EXIT, Wire.encode(new Outcome(2, "not a command name: '" + Outcome.cut(name, 200)
                    + "' (expected name or scope:name)", "")));
            return;
        }
        Path cwd = Path.of(request.get(0));
        OutputStream out = new BufferedOutputStream(wire.output(Wire.OUT));
        OutputStream err = new BufferedOutputStream(wire.output(Wire.ERR));
        Outcome outcome = runner.run(request.subList(1, request.size()), cwd, wire.input(), out, err);
        out.flush();
        err.flush();
        wire.send(Wire.EXIT, Wire.encode(outcome));
    }

    /** Stops serving and removes the socket file, unless another platform has bound its own there since. */
    @Override
    public void close() throws IOException {
        timer.shutdownNow();
        if (server != null) {
            server.close();
        }
        if (socketFile != null && Objects.equals(socketFile, fileKey(path))) {
            Files.deleteIfExists(path);
        }
    }

    /** The file's identity (device and inode), or null when there is none. */
    static Object fileKey(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
