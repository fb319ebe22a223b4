package org.jvif.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireTest {

    /** Frames written by one wire, as the bytes another would read. */
    private static final class Pipe {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Wire writer = new Wire(InputStream.nullInputStream(), bytes);

        Wire reader() {
            return new Wire(new ByteArrayInputStream(bytes.toByteArray()), OutputStream.nullOutputStream());
        }
    }

    @Test
    void framesRoundTrip() throws Exception {
        Pipe p = new Pipe();
        p.writer.send(Wire.OUT, "hello".getBytes(StandardCharsets.UTF_8));
        p.writer.send(Wire.IN, new byte[0]);
        Wire r = p.reader();
        Wire.Frame f = r.receive();
        assertEquals(Wire.OUT, f.type());
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), f.payload());
        assertEquals(0, r.expect(Wire.IN).payload().length);
        assertNull(r.receive());
    }

    @Test
    void stringsKeepEverything() throws Exception {
        List<String> words = List.of("", "a b", "\u00e9\u4e2d\uD83D\uDE00", "line\nbreak", "\0");
        assertEquals(words, Wire.decode(Wire.encode(words)));
        assertEquals(List.of(), Wire.decode(Wire.encode(List.of())));
    }

    @Test
    void outcomesRoundTripAndLongMessagesAndTracesAreCutNotLost() throws Exception {
        Outcome o = new Outcome(7, "bad", "trace");
        assertEquals(o, Wire.decodeOutcome(Wire.encode(o)));
        // an error naming a 4 MB value, in characters that take 3 bytes each: still one frame a peer accepts
        Outcome huge = new Outcome(1, "bad value '" + "\u4e2d".repeat(4_000_000) + "'", "x".repeat(5_000_000));
        Pipe p = new Pipe();
        p.writer.send(Wire.EXIT, Wire.encode(huge));
        Outcome got = Wire.decodeOutcome(p.reader().expect(Wire.EXIT).payload());
        assertTrue(got.message().startsWith("bad value '\u4e2d\u4e2d"), got.message().substring(0, 20));
        assertTrue(got.message().endsWith("... (4000012 characters)"), got.message().substring(got.message().length() - 40));
        assertTrue(got.message().length() <= Wire.MAX_MESSAGE + 40);
        assertTrue(got.trace().endsWith("... (5000000 characters)"));
    }

    @Test
    void outputStreamsSplitLargeWritesIntoFrames() throws Exception {
        Pipe p = new Pipe();
        byte[] big = new byte[100_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        p.writer.output(Wire.ERR).write(big);
        Wire r = p.reader();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        Wire.Frame f;
        int frames = 0;
        while ((f = r.receive()) != null) {
            assertEquals(Wire.ERR, f.type());
            got.write(f.payload());
            frames++;
        }
        assertArrayEquals(big, got.toByteArray());
        assertTrue(frames > 1);
    }

    @Test
    void inputEndsAtAnEmptyFrameAndReadsNothingBeyond() throws Exception {
        Pipe p = new Pipe();
        p.writer.send(Wire.IN, "ab".getBytes(StandardCharsets.UTF_8));
        p.writer.send(Wire.IN, "c".getBytes(StandardCharsets.UTF_8));
        p.writer.send(Wire.IN, new byte[0]);
        p.writer.send(Wire.OUT, "not stdin".getBytes(StandardCharsets.UTF_8));
        Wire r = p.reader();
        InputStream in = r.input();
        assertEquals("abc", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(-1, in.read());
        assertEquals(Wire.OUT, r.receive().type());
    }

    @Test
    void inputEndsWhenThePeerCloses() throws Exception {
        Pipe p = new Pipe();
        p.writer.send(Wire.IN, "x".getBytes(StandardCharsets.UTF_8));
        InputStream in = p.reader().input();
        assertEquals('x', in.read());
        assertEquals(-1, in.read());
    }

    @Test
    void corruptFramesAreRefused() {
        byte[] hugeLength = {Wire.OUT, 0x7f, 0, 0, 0};
        Wire r = new Wire(new ByteArrayInputStream(hugeLength), OutputStream.nullOutputStream());
        assertThrows(Wire.ProtocolException.class, r::receive);
        // each type has its own limit, checked before the payload is read or allocated
        byte[] bigStdin = {Wire.IN, 0, 0, 0x40, 1};
        Wire.ProtocolException e = assertThrows(Wire.ProtocolException.class,
                () -> new Wire(new ByteArrayInputStream(bigStdin), OutputStream.nullOutputStream()).receive());
        assertEquals("control socket: frame 'I' of 16385 bytes, more than its limit of 16384", e.getMessage());
        byte[] bigHello = {Wire.HELLO, 0, 0x10, 0, 0};
        assertThrows(Wire.ProtocolException.class, () -> new Wire(new ByteArrayInputStream(bigHello), OutputStream.nullOutputStream()).receive());
        byte[] unknown = {'Z', 0, 0, 0, 0};
        assertThrows(Wire.ProtocolException.class, () -> new Wire(new ByteArrayInputStream(unknown), OutputStream.nullOutputStream()).receive());
        byte[] truncated = {Wire.OUT, 0, 0, 0, 5, 'a'};
        Wire t = new Wire(new ByteArrayInputStream(truncated), OutputStream.nullOutputStream());
        assertThrows(IOException.class, t::receive);
        assertThrows(IOException.class, () -> Wire.decode(new byte[] {0x7f, 0, 0, 0}));
    }

    @Test
    void helloChecksTheVersion() throws Exception {
        Pipe p = new Pipe();
        p.writer.hello();
        Wire.checkHello(p.reader().receive());
        assertThrows(IOException.class, () -> Wire.checkHello(new Wire.Frame(Wire.HELLO, new byte[] {0, 0, 0, 99})));
        assertThrows(IOException.class, () -> Wire.checkHello(new Wire.Frame(Wire.RUN, new byte[0])));
    }
}
