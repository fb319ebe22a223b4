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
        server = new ControlServer(socket, ControlSocketTest::console, stopped::countDown, System.err);
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
    void closingRemovesTheSocketAndAStaleOneIsNotConnectable() throws Exception {
        server.close();
        assertFalse(Files.exists(socket));
        assertTrue(ControlClient.connect(socket).isEmpty());
        Files.writeString(socket, "");
        assertTrue(ControlClient.connect(socket).isEmpty());
        // a new server takes over a stale socket file
        server = new ControlServer(socket, ControlSocketTest::console, stopped::countDown, System.err);
        server.open();
        assertEquals("again", run(new byte[0], "echo", "again").out());
    }
}
