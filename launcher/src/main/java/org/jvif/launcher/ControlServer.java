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
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The running platform's end of the control socket: one thread per connection runs the command it
 * names (stdin, stdout, stderr and exit status framed by {@link Wire}) or stops the platform.
 * Only the platform's owner gets in: the socket file is 0600 inside a 0700 folder, and the peer's
 * credentials are checked too.
 */
final class ControlServer implements Closeable {

    private final Path path;
    private final CommandRunner runner;
    private final Runnable stop;
    private final PrintStream log;
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocketChannel server;
    private UserPrincipal owner;

    /**
     * @param stop asked to stop the platform; called after the STOP request has been answered
     * @param log  where connection problems are reported
     */
    ControlServer(Path path, CommandRunner runner, Runnable stop, PrintStream log) {
        this.path = path;
        this.runner = runner;
        this.stop = stop;
        this.log = log;
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
            Thread t = new Thread(() -> serve(ch), "jvif-control-" + connections.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            Wire wire = Wire.over(ch);
            UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!peer.user().equals(owner)) {
                wire.send(Wire.EXIT, Wire.encode(new Outcome(1, "user " + peer.user().getName()
                        + " may not use the platform of " + owner.getName(), "")));
                return;
            }
            Wire.Frame hello = wire.receive();
            if (hello == null) {
                return; // a probe (bin/jvif start waiting for readiness): connected and left
            }
            Wire.checkHello(hello);
            Wire.Frame request = wire.receive();
            if (request == null) {
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
        } catch (IOException e) {
            // the client went away or spoke nonsense: nothing to answer to
            log.println("jvif: control socket: " + Outcome.oneLine(e));
        }
    }

    private void run(Wire wire, List<String> request) throws IOException {
        if (request.size() < 2) {
            wire.send(Wire.EXIT, Wire.encode(new Outcome(2, "control socket: no command given", "")));
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

    /** Stops serving and removes the socket file. */
    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
        Files.deleteIfExists(path);
    }
}
