package org.jvif.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvif.api.PluggedVifs;
import org.jvif.api.VifRecord;
import org.jvif.api.VifState;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.Network;
import org.jvif.api.model.VIFBase;
import org.jvif.api.object.Json;
import org.jvif.api.object.VersionedObject;

class VifConsoleTest {
    private final VifConsole console = new VifConsole(new BareOsVif(), null);

    @Test
    void objectsConvertsEveryLineAndSurvivesBadOnes() throws Exception {
        String network = new Network().toJson();
        String input = network + "\n"
                + "{\"primitive\": " + network + ", \"target_version\": \"1.0\"}\n"
                + "not json\n"
                + "{\"versioned_object.name\": \"VIFFoo\", \"versioned_object.namespace\": \"os_vif\","
                + " \"versioned_object.version\": \"1.0\", \"versioned_object.data\": {}}\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int failed = console.objects(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(4, lines.length);
        assertEquals("{\"primitive\": " + network + "}", lines[0]);
        // Network -> 1.0 is refused by os-vif (no rule for subnets)
        assertTrue(lines[1].startsWith("{\"error\": {\"type\": \"ObjectActionError\""), lines[1]);
        assertTrue(lines[2].startsWith("{\"error\": {\"type\": \"JSONDecodeError\""), lines[2]);
        assertTrue(lines[3].startsWith("{\"error\": {\"type\": \"UnsupportedObjectError\""), lines[3]);
        assertEquals(3, failed);
    }

    @Test
    void plugThroughAMissingBackendFailsInOneLine() {
        VIFBase vif = new VIFBase();
        vif.setId("8b2c8a3e-5a6b-4b0e-9a55-0f0c2c1f0a11");
        vif.setPlugin("nothing");
        CommandFailure f = assertThrows(CommandFailure.class, () -> console.plug("-", null,
                new ByteArrayInputStream(vif.toJson().getBytes(StandardCharsets.UTF_8)), new InstanceInfo()));
        assertEquals("NoMatchingPlugin: No VIF plugin was found with the name nothing", f.toString());
    }

    @Test
    void tablesAlign() {
        String t = new Table("A", "LONGER").row("xyz", 1).row(null, "two").toString();
        assertEquals("A   | LONGER\n----+-------\nxyz | 1\n    | two\n", t);
    }

    private static String objects(VifConsole console, byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        console.objects(new ByteArrayInputStream(input), new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Network network(int i) {
        Network n = new Network();
        n.setLabel("net-" + i);
        n.setMtu((long) (1000 + i));
        return n;
    }

    /** Counts which way lines were read, and on which threads. */
    static final class CountingOsVif extends BareOsVif {
        final AtomicInteger fromJson = new AtomicInteger();
        final AtomicInteger fromPrimitive = new AtomicInteger();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Override
        public VersionedObject fromJson(String text) {
            fromJson.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            return super.fromJson(text);
        }

        @Override
        public VersionedObject fromPrimitive(Object primitive) {
            fromPrimitive.incrementAndGet();
            return super.fromPrimitive(primitive);
        }
    }

    @Test
    void objectsTakesTheFastPathOnEveryCoreAndKeepsTheOrder() throws Exception {
        CountingOsVif osVif = new CountingOsVif();
        StringBuilder in = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Network n = network(i);
            if (i % 3 == 0) {
                in.append("{\"primitive\": ").append(n.toJson()).append(", \"target_version\": \"1.1\"}\n");
                expected.add(Json.write(Map.of("primitive", n.toPrimitive("1.1"))));
            } else if (i % 3 == 1) {
                in.append("{\"primitive\": ").append(n.toJson()).append("}\n");
                expected.add("{\"primitive\": " + n.toJson() + "}");
            } else {
                in.append(n.toJson()).append('\n');
                expected.add("{\"primitive\": " + n.toJson() + "}");
            }
        }
        String out = objects(new VifConsole(osVif, null), in.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(String.join("\n", expected) + "\n", out);
        assertEquals(3000, osVif.fromJson.get());
        assertEquals(0, osVif.fromPrimitive.get(), "no line went the step-by-step way");
        if (Runtime.getRuntime().availableProcessors() > 1) {
            assertTrue(osVif.threads.size() > 1, "lines converted on " + osVif.threads);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void objectsAnswersEachLineWhileTheInputWaits() throws Exception {
        java.io.PipedOutputStream typing = new java.io.PipedOutputStream();
        java.io.PipedInputStream in = new java.io.PipedInputStream(typing, 1 << 16);
        java.io.PipedInputStream answers = new java.io.PipedInputStream(1 << 16);
        PrintStream out = new PrintStream(new java.io.PipedOutputStream(answers), true, StandardCharsets.UTF_8);
        java.util.concurrent.ExecutorService session = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<Integer> failed = session.submit(() -> console.objects(in, out));
            java.io.BufferedReader read = new java.io.BufferedReader(new java.io.InputStreamReader(answers,
                    StandardCharsets.UTF_8));
            for (int i = 0; i < 3; i++) {
                typing.write((network(i).toJson() + "\n").getBytes(StandardCharsets.UTF_8));
                typing.flush();
                // the answer comes before any further input (readLine would block forever otherwise: the
                // test's timeout says so)
                assertEquals("{\"primitive\": " + network(i).toJson() + "}", read.readLine());
            }
            typing.close();
            assertEquals(0, failed.get(10, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            session.shutdownNow();
        }
    }

    @Test
    void objectsFastPathAndStepByStepAgreeOnOddEnvelopes() throws Exception {
        String n = new Network().toJson();
        String[] lines = {
            "{\"primitive\": " + n + ", \"target_version\": null}",
            "{\"primitive\": " + n + ", \"target_version\": 1.0}",
            "{\"primitive\": " + n + ", \"target_version\": \"9.0\"}",
            "{\"primitive\": " + n + ", \"x\": 1, \"target_version\": \"1.1\"}",
            "{\"target_version\": \"1.1\", \"primitive\": " + n + "}",
            "{\"primitive\": " + n + "}}",
            "{\"primitive\": " + n,
        };
        VifConsole console = new VifConsole(new BareOsVif(), null);
        for (String line : lines) {
            String expected;
            try {
                Object parsed = Json.parse(line);
                Map<?, ?> request = (Map<?, ?>) parsed;
                Object v = request.get("target_version");
                expected = v instanceof String || v == null
                        ? Json.write(Map.of("primitive", new BareOsVif().toPrimitive(
                                new BareOsVif().fromPrimitive(request.get("primitive")), (String) v)))
                        : null;
            } catch (RuntimeException e) {
                expected = null;
            }
            String out = objects(console, (line + "\n").getBytes(StandardCharsets.UTF_8));
            if (expected != null) {
                assertEquals(expected + "\n", out, line);
            } else {
                assertTrue(out.startsWith("{\"error\": {\"type\": "), line + " -> " + out);
            }
        }
    }

    @Test
    void objectsRefusesInvalidUtf8NamingTheByteAsPythonDoes() throws Exception {
        byte[] bad = "{\"versioned_object.name\": \"tap".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.write(bad);
        in.write(new byte[] {(byte) 0xff, (byte) 0xfe, '"', '}', '\n'});
        in.write((new Network().toJson() + "\n").getBytes(StandardCharsets.UTF_8));
        String[] out = objects(new VifConsole(new BareOsVif(), null), in.toByteArray()).split("\n");
        assertEquals("{\"error\": {\"type\": \"UnicodeDecodeError\", \"message\": \"'utf-8' codec can't decode byte"
                + " 0xff in position 30: invalid start byte\"}}", out[0]);
        assertEquals("{\"primitive\": " + new Network().toJson() + "}", out[1]);
    }

    @Test
    void objectsErrorsShowTheStartOfAHugeValueAndItsLength() throws Exception {
        String name = "VIF" + "x".repeat(500_000);
        String line = "{\"versioned_object.name\": \"" + name + "\", \"versioned_object.namespace\": \"os_vif\","
                + " \"versioned_object.version\": \"1.0\", \"versioned_object.data\": {}}\n";
        String out = objects(new VifConsole(new BareOsVif(), null), line.getBytes(StandardCharsets.UTF_8));
        assertTrue(out.startsWith("{\"error\": {\"type\": \"UnsupportedObjectError\", \"message\": \""), out.substring(0, 80));
        assertTrue(out.matches("(?s).*xxx\\.\\.\\. \\(\\d+ characters, cut\\)\"}}\n"), out.substring(out.length() - 80));
        assertTrue(out.length() < 1200, "answer of " + out.length() + " characters");
    }

    @Test
    void utf8ErrorsAreCPythons() {
        // what Python 3's bytes.decode('utf-8') says for each
        Object[][] cases = {
            {new byte[] {'t', 'a', 'p', (byte) 0xff, (byte) 0xfe}, "byte 0xff in position 3: invalid start byte"},
            {new byte[] {(byte) 0xe2, (byte) 0x82, 'x'}, "bytes in position 0-1: invalid continuation byte"},
            {new byte[] {(byte) 0xe2, 'x'}, "byte 0xe2 in position 0: invalid continuation byte"},
            {new byte[] {(byte) 0xe2, (byte) 0x82}, "bytes in position 0-1: unexpected end of data"},
            {new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, "byte 0xed in position 0: invalid continuation byte"},
            {new byte[] {(byte) 0xe0, (byte) 0x80}, "byte 0xe0 in position 0: invalid continuation byte"},
            {new byte[] {(byte) 0xf0, (byte) 0x90, (byte) 0x80}, "bytes in position 0-2: unexpected end of data"},
            {new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                "byte 0xf4 in position 0: invalid continuation byte"},
            {new byte[] {'a', 'b', (byte) 0xf0, (byte) 0x9f, (byte) 0x98}, "bytes in position 2-4: unexpected end of data"},
            {new byte[] {(byte) 0xc0, (byte) 0xaf}, "byte 0xc0 in position 0: invalid start byte"},
            {new byte[] {'a', (byte) 0x80}, "byte 0x80 in position 1: invalid start byte"},
            {new byte[] {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80, (byte) 0xc3},
                "byte 0xc3 in position 4: unexpected end of data"},
        };
        for (Object[] c : cases) {
            byte[] b = (byte[]) c[0];
            assertEquals("'utf-8' codec can't decode " + c[1], Utf8.check(b, b.length));
            assertEquals("'utf-8' codec can't decode " + c[1], Utf8Lines.decode(b, b.length).error);
        }
        byte[] replacement = "tap\ufffd".getBytes(StandardCharsets.UTF_8);
        assertEquals("tap\ufffd", Utf8Lines.decode(replacement, replacement.length).text);
        byte[] ok = "tap\u00e9\u20ac\ud83d\ude00".getBytes(StandardCharsets.UTF_8);
        assertEquals(null, Utf8.check(ok, ok.length));
    }

    @Test
    void plugRefusesInvalidUtf8AndOversizedFiles(@TempDir Path dir) throws Exception {
        byte[] vif = new VIFBase().toJson().replace("\"VIFBase\"", "\"VIF\u00ff\"").getBytes(StandardCharsets.ISO_8859_1);
        CommandFailure f = assertThrows(CommandFailure.class,
                () -> console.plug("-", null, new ByteArrayInputStream(vif), new InstanceInfo()));
        assertTrue(f.getMessage().startsWith("UnicodeDecodeError reading -: 'utf-8' codec can't decode byte 0xff in position "),
                f.getMessage());
        Path big = dir.resolve("big.json");
        Files.write(big, new byte[Utf8Lines.MAX_LINE + 1]);
        f = assertThrows(CommandFailure.class, () -> console.plug("big.json", dir, null, new InstanceInfo()));
        assertEquals("Cannot read big.json: longer than 1048576 bytes, the most the console reads", f.getMessage());
    }

    /** A stream of one 100 MB line, then a good one, never held in memory. */
    private static InputStream hugeLineThen(String next, long size) {
        byte[] tail = ("\n" + next + "\n").getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            long pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= size + tail.length) {
                    return -1;
                }
                int n = 0;
                while (n < len && pos < size + tail.length) {
                    b[off + n++] = pos < size ? (byte) 'a' : tail[(int) (pos - size)];
                    pos++;
                }
                return n;
            }
        };
    }

    @Test
    void aHundredMegabyteLineIsRefusedWithoutBeingKept() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new VifConsole(new BareOsVif(), null).objects(hugeLineThen(new Network().toJson(), 100_000_000L),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("{\"error\": {\"type\": \"ValueError\", \"message\": \"line 1 is 100000000 bytes long, more than"
                + " the 1048576 the console reads in one line\"}}", lines[0]);
        assertEquals("{\"primitive\": " + new Network().toJson() + "}", lines[1]);
        assertTrue(allocated < 16 << 20, "reading allocated " + allocated + " bytes");
    }

    @Test
    void controlCharactersAreEscapedEverywhereTheConsolePrints() {
        String hostile = "tap\u001b[2J\u001b]0;owned\u0007\nfake | row\u202e\u009b";
        String t = new Table("NAME").row(hostile).toString();
        assertEquals("NAME\n" + "-".repeat(48) + "\ntap\\x1b[2J\\x1b]0;owned\\x07\\nfake | row\\u202e\\x9b\n", t);
        String big = "x".repeat(5_000_000);
        CommandFailure f = new CommandFailure("ValueError: bad name " + big + "\u001b", null);
        assertTrue(f.getMessage().startsWith("ValueError: bad name xxx"), f.getMessage().substring(0, 30));
        assertTrue(f.getMessage().endsWith("... (5000022 characters, cut)"), f.getMessage());
        assertTrue(f.getMessage().length() < 1100);
        assertEquals("a\\x1bb", new CommandFailure("a\u001bb", null).getMessage());
    }

    /** A ledger holding the given records. */
    private static PluggedVifs ledger(VifRecord... records) {
        return new PluggedVifs() {
            @Override
            public List<VifRecord> vifs() {
                return List.of(records);
            }

            @Override
            public Optional<VifRecord> vif(String vifId) {
                return List.of(records).stream().filter(r -> r.vifId().equals(vifId)).findFirst();
            }
        };
    }

    @Test
    void listShowsOneRowPerVifWithTheErrorsFirstLineAndMilliseconds() throws Exception {
        VIFBase vif = new VIFBase();
        vif.setId("8b2c8a3e-5a6b-4b0e-9a55-0f0c2c1f0a11");
        vif.setPlugin("ovs");
        String error = "Failed to plug VIF " + vif + ". Got error: no such bridge br-int\nsecond line";
        VifRecord r = new VifRecord(vif.getId(), "VIFBase", "ovs", "tap\u001b[2J\nevil | row", null,
                VifState.PLUG_FAILED, Instant.parse("2026-12-06T02:40:01.123456789Z"), Duration.ofNanos(1_234_567),
                error, vif.toJson(), null);
        VifConsole c = new VifConsole(new BareOsVif(), ledger(r));
        List<List<String>> rows = c.list().rows();
        assertEquals(List.of(vif.getId(), "VIFBase", "ovs", "tap\\x1b[2J\\nevil | row", "PLUG_FAILED",
                "2026-12-06T02:40:01.123Z", "1.23 ms", "Failed to plug VIF: no such bridge br-int ..."), rows.get(0));
        assertEquals(3, c.list().toString().split("\n").length, "header, rule and one row");
        String show = c.show(vif.getId());
        assertTrue(show.contains("error     " + error.split("\n")[0] + "\n          second line\n"), show);
        assertTrue(show.contains("at        2026-12-06T02:40:01.123Z\n"), show);
        assertFalse(show.contains("\u001b"), show);
        VifRecord huge = new VifRecord("v", "VIFBase", "ovs", null, null, VifState.PLUG_FAILED, Instant.EPOCH,
                Duration.ZERO, "bad name " + "x".repeat(100_000_000), "{}", null);
        String hugeShow = new VifConsole(new BareOsVif(), ledger(huge)).show("v");
        assertTrue(hugeShow.contains("... (100000009 characters, cut)\n"), hugeShow.substring(hugeShow.length() - 200));
        assertTrue(hugeShow.length() < 70_000);
    }
}
