package org.jvif.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Random;
import org.jvif.api.VifRecord;
import org.jvif.api.VifState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record after SIGKILL: a child JVM writes intents and outcomes as a platform does, saying on stdout
 * each time a commit returned; it is killed at a random point (often in the middle of a commit), and the
 * record must open and hold everything committed, in the state last committed or a later one.
 */
class RecordCrashTest {
    @TempDir
    Path dir;

    /**
     * The child: {@code <file> <first id>}; plugs VIFs one after the other until killed. With a third argument
     * {@code <seed>}: plugs and unplugs 15 VIFs at random, each outcome carrying a sequence number from
     * {@code <first id>} on as its duration, saying "id sequence" once committed.
     */
    public static void main(String[] args) {
        Ledger l = new Ledger(Journal.open(Path.of(args[0])), Ledger.LIMIT, Clock.systemUTC());
        if (args.length == 3) {
            Random random = new Random(Long.parseLong(args[2]));
            for (long seq = Long.parseLong(args[1]);; seq++) {
                int i = random.nextInt(15);
                var vif = HostStateTest.vif(id(i), "tap" + i);
                boolean plug = random.nextBoolean();
                l.intent(vif, null, plug ? VifState.PLUGGING : VifState.UNPLUGGING, List.of("tap" + i));
                l.commit();
                l.record(vif, null, plug ? VifState.PLUGGED : VifState.UNPLUGGED, seq, null, null);
                System.out.println(i + " " + seq);
                System.out.flush();
            }
        }
        for (int i = Integer.parseInt(args[1]);; i++) {
            String id = id(i);
            var vif = HostStateTest.vif(id, "tap" + i);
            l.intent(vif, HostStateTest.instance(), VifState.PLUGGING, List.of("tap" + i));
            l.commit();
            System.out.println("intent " + i);
            System.out.flush();
            l.record(vif, HostStateTest.instance(), VifState.PLUGGED, 1000, null, null);
            System.out.println("plugged " + i);
            System.out.flush();
        }
    }

    static String id(int i) {
        return String.format("00000000-0000-4000-8000-%012d", i);
    }

    @Test
    void everythingCommittedOutlivesAKillAtAnyInstant() throws Exception {
        Path file = dir.resolve("record.mv.db");
        Random random = new Random(42);
        int next = 0;
        List<String> said = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), RecordCrashTest.class.getName(), file.toString(),
                    Integer.toString(next)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            int lines = 1 + random.nextInt(120);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (int i = 0; i < lines; i++) {
                    String line = out.readLine();
                    if (line == null) {
                        throw new AssertionError("the child died by itself after " + i + " lines");
                    }
                    said.add(line);
                }
                child.destroyForcibly(); // SIGKILL, while it goes on writing
                child.waitFor();
            }
            Ledger l = new Ledger(Journal.open(file), Ledger.LIMIT, Clock.systemUTC());
            try {
                for (String line : said) {
                    String[] w = line.split(" ");
                    int i = Integer.parseInt(w[1]);
                    VifRecord r = l.get(id(i)).orElseThrow(() -> new AssertionError("committed, then lost: " + line));
                    if (w[0].equals("plugged")) {
                        assertEquals(VifState.PLUGGED, r.state(), line);
                    } else {
                        assertTrue(r.state() == VifState.PLUGGING || r.state() == VifState.PLUGGED, line + ": " + r.state());
                    }
                    assertEquals(HostStateTest.vif(id(i), "tap" + i).toJson(), r.primitive());
                    next = Math.max(next, i + 1);
                }
            } finally {
                l.close();
            }
            next++;
        }
    }

    /**
     * The same VIFs written again and again, as a platform does (chunk space of the record's file reused): a
     * kill at any instant loses no commit. With MVStore's retention time 0 a reopened record went back to a
     * version many commits old (found by SigkillTest: VIFs plugged on the host that the record said unplugged).
     */
    @Test
    void commitsOverwritingEarlierOnesOutliveAKillAtAnyInstant() throws Exception {
        Path file = dir.resolve("record.mv.db");
        Random random = new Random(7);
        Map<Integer, Long> said = new HashMap<>();
        long seq = 1;
        for (int round = 0; round < 30; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    RecordCrashTest.class.getName(), file.toString(), Long.toString(seq), Integer.toString(round))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            int lines = 1 + random.nextInt(80);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                    AutoCloseable killed = () -> child.toHandle().destroyForcibly()) {
                for (int n = 0; n < lines; n++) {
                    String line = out.readLine();
                    if (line == null) {
                        throw new AssertionError("the child died by itself after " + n + " lines");
                    }
                    String[] w = line.split(" ");
                    said.put(Integer.parseInt(w[0]), Long.parseLong(w[1]));
                }
                Thread.sleep(random.nextInt(5));
                child.toHandle().destroyForcibly(); // SIGKILL, while it goes on writing
                child.waitFor();
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    String[] w = line.split(" ");
                    if (w.length == 2) {
                        said.put(Integer.parseInt(w[0]), Long.parseLong(w[1]));
                    }
                }
            }
            seq = said.values().stream().mapToLong(Long::longValue).max().orElse(0) + 1000;
            Ledger l = new Ledger(Journal.open(file), Ledger.LIMIT, Clock.systemUTC());
            try {
                for (Map.Entry<Integer, Long> e : said.entrySet()) {
                    VifRecord r = l.get(id(e.getKey())).orElseThrow(() -> new AssertionError("lost VIF " + e.getKey()));
                    boolean later = r.state() == VifState.PLUGGING || r.state() == VifState.UNPLUGGING
                            || r.duration().toNanos() >= e.getValue();
                    assertTrue(later, "round " + round + ": VIF " + e.getKey() + " committed at " + e.getValue()
                            + ", the record went back to " + r.duration().toNanos() + " " + r.state());
                }
            } finally {
                l.close();
            }
        }
    }
}
