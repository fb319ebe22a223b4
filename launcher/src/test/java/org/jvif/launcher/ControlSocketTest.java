package org.jvif.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket end to end, with a stand-in for the Gogo console. */
class ControlSocketTest {

    @TempDir
    Path dir;

    private Path socket;
    private ControlServer server;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Commands of the stand-in console. */
    private static Outcome console(List<String> command, Path cwd, InputStream in, java.io.OutputStream out, java.io.OutputStream err) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        try {
            switch (command.get(0)) {
                case "echo" -> o.print(String.join("|", command.subList(1, command.size())));
                case "cwd" -> o.print(cwd);
                case "cat" -> {
                    byte[] all = in.readAllBytes();
                    o.print(all.length + ":" + new String(all, 0, Math.min(all.length, 10), StandardCharsets.UTF_8));
                }
                case "warn" -> {
                    o.print("out");
                    e.print("err");
                }
                case "fail" -> throw new IllegalStateException("no such vif: " + command.get(1));
                case "huge" -> throw new IllegalArgumentException("bad value '" + "v".repeat(4_065_637) + "'");
                default -> {
                    return new Outcome(1, "Command not found: " + command.get(0), "");
                }
            }
            o.flush();
            return Outcome.OK;
        } catch (IOException | RuntimeException ex) {
            return Outcome.failed(ex);
        }
    }

    @BeforeEach
    void open() throws Exception {
        socket = dir.resolve("jvif.sock");
        open(16);
    }

    private void open(int maxConnections) throws Exception {
        server = new ControlServer(socket, ControlSocketTest::console, stopped::countDown, System.err, maxConnections, Duration.ofMillis(500));
        server.open();
    }

    @AfterEach
    void close() throws Exception {
        server.close();
    }

    private record Result(Outcome outcome, String out, String err) {
    }

    private Result run(byte[] stdin, String... command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (SocketChannel ch = ControlClient.connect(socket).orElseThrow()) {
            Outcome o = ControlClient.run(ch, Path.of("/some/where"), List.of(command), new ByteArrayInputStream(stdin), out, err);
            return new Result(o, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void onlyTheOwnerMayOpenTheSocket() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    }

    @Test
    void argumentsOutputAndWorkingDirectory() throws Exception {
        assertEquals(new Result(Outcome.OK, "a b||{\"x\": 1}", ""), run(new byte[0], "echo", "a b", "", "{\"x\": 1}"));
        assertEquals("/some/where", run(new byte[0], "cwd").out());
        assertEquals(new Result(Outcome.OK, "out", "err"), run(new byte[0], "warn"));
    }

    @Test
    void stdinIsForwardedWhole() throws Exception {
        byte[] big = new byte[300_000];
        java.util.Arrays.fill(big, (byte) 'z');
        assertEquals("300000:zzzzzzzzzz", run(big, "cat").out());
        assertEquals("0:", run(new byte[0], "cat").out());
    }

    @Test
    void aCommandThatIgnoresStdinDoesNotWaitForIt() throws Exception {
        // a stdin that never ends, as a terminal: the command finishes regardless
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }
        };
        try (SocketChannel ch = ControlClient.connect(socket).orElseThrow()) {
            Outcome o = ControlClient.run(ch, dir, List.of("echo", "done"), endless, new ByteArrayOutputStream(), new ByteArrayOutputStream());
            assertEquals(Outcome.OK, o);
        }
    }

    @Test
    void failuresComeBackAsOutcomes() throws Exception {
        Result r = run(new byte[0], "fail", "tap0");
        assertEquals(1, r.outcome().status());
        assertEquals("no such vif: tap0", r.outcome().message());
        assertTrue(r.outcome().trace().contains("IllegalStateException"));
        assertEquals("Command not found: nope", run(new byte[0], "nope").outcome().message());
    }

    @Test
    void scriptSyntaxIsRefusedByThePlatformNotOnlyByBinJvif() throws Exception {
        // sent raw, as any program on the socket could: never reaches the console as a script
        for (String name : List.of("echo; gogo:echo pwned", "echo x", "(echo)", "$x", "echo\npwned", "")) {
            Result r = run(new byte[0], name, "a");
            assertEquals(2, r.outcome().status(), name);
            assertTrue(r.outcome().message().startsWith("not a command name: "), r.outcome().message());
            assertEquals("", r.out());
        }
    }

    @Test
    void aFrameOverItsLimitIsRefusedBeforeAnythingIsAllocatedAndThePeerIsToldWhy() throws Exception {
        try (SocketChannel ch = ControlClient.connect(socket).orElseThrow()) {
            Wire wire = Wire.over(ch);
            wire.hello();
            // a RUN frame announcing 1 GiB, of which nothing follows
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {Wire.RUN, 0x40, 0, 0, 0}));
            Outcome o = Wire.decodeOutcome(wire.expect(Wire.EXIT).payload());
            assertEquals(new Outcome(2, "control socket: frame 'R' of 1073741824 bytes, more than its limit of 262144", ""), o);
        }
    }

    @Test
    void connectionsAreBoundedAndOneTooManyIsToldWhy() throws Exception {
        server.close();
        open(2);
        SocketChannel idle1 = ControlClient.connect(socket).orElseThrow();
        SocketChannel idle2 = ControlClient.connect(socket).orElseThrow();
        try {
            Thread.sleep(100); // both accepted
            Result busy = run(new byte[0], "echo", "x");
            assertEquals(new Outcome(1, "the platform is busy: 2 connections are open; try again", ""), busy.outcome());
        } finally {
            idle1.close();
            idle2.close();
        }
        Thread.sleep(100);
        assertEquals("x", run(new byte[0], "echo", "x").out());
    }

    @Test
    void aConnectionThatSendsNoRequestIsToldAndClosed() throws Exception {
        try (SocketChannel idle = ControlClient.connect(socket).orElseThrow()) {
            Wire wire = Wire.over(idle);
            wire.hello();
            long t0 = System.nanoTime();
            Outcome o = Wire.decodeOutcome(wire.expect(Wire.EXIT).payload());
            assertEquals(new Outcome(1, "control socket: no request within 0.5 s", ""), o);
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
            assertEquals(null, wire.receive());
        }
        // its slot is free again
        assertEquals("y", run(new byte[0], "echo", "y").out());
        assertEquals("z", run(new byte[0], "echo", "z").out());
    }

    @Test
    void anErrorLongerThanAFrameIsCutNotLost() throws Exception {
        Result r = run(new byte[0], "huge");
        assertEquals(1, r.outcome().status());
        String m = r.outcome().message();
        assertTrue(m.startsWith("bad value 'vvvv"), m.substring(0, 20));
        assertTrue(m.endsWith("vvv... (4065649 characters)"), m.substring(m.length() - 40));
        assertEquals(Wire.MAX_MESSAGE + "... (4065649 characters)".length(), m.length());
    }

    @Test
    void concurrentClients() throws Exception {
        List<Thread> threads = new java.util.ArrayList<>();
        List<String> results = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (int i = 0; i < 8; i++) {
            String word = "w" + i;
            Thread t = new Thread(() -> {
                try {
                    results.add(run(new byte[0], "echo", word).out());
                } catch (Exception e) {
                    results.add(e.toString());
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertEquals(8, results.size());
        for (int i = 0; i < 8; i++) {
            assertTrue(results.contains("w" + i), results.toString());
        }
    }

    @Test
    void stopIsAcknowledgedThenPerformed() throws Exception {
        try (SocketChannel ch = ControlClient.connect(socket).orElseThrow()) {
            ControlClient.stop(ch);
        }
        assertTrue(stopped.await(5, TimeUnit.SECONDS));
    }

    @Test
    void aProbeThatConnectsAndLeavesDoesNoHarm() throws Exception {
        ControlClient.connect(socket).orElseThrow().close();
        assertEquals("x", run(new byte[0], "echo", "x").out());
    }

    @Test
    void aServerRemovesOnlyItsOwnSocketFile() throws Exception {
        // its file was replaced (data/ removed, another platform bound there): closing leaves the other's alone
        Files.delete(socket);
        ControlServer other = new ControlServer(socket, ControlSocketTest::console, stopped::countDown, System.err, 16, Duration.ofSeconds(5));
        other.open();
        try {
            server.close();
            assertTrue(Files.exists(socket));
            assertEquals("still", run(new byte[0], "echo", "still").out());
        } finally {
            other.close();
        }
        assertFalse(Files.exists(socket));
    }

    @Test
    void closingRemovesTheSocketAndAStaleOneIsNotConnectable() throws Exception {
        server.close();
        assertFalse(Files.exists(socket));
        assertTrue(ControlClient.connect(socket).isEmpty());
        Files.writeString(socket, "");
        assertTrue(ControlClient.connect(socket).isEmpty());
        // a new server takes over a stale socket file
        open(16);
        assertEquals("again", run(new byte[0], "echo", "again").out());
    }
}
