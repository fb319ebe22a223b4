package org.jvif.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jvif.api.VifRecord;
import org.jvif.api.VifState;
import org.jvif.api.model.VIFBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record's two stores: what a kill leaves between an intent's commit and the move into the main store, and the files' size. */
class JournalTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("record.mv.db");
    }

    /** The record in {@link #file()}, opened (again). */
    private Ledger opened() {
        return new Ledger(Journal.open(file()), Ledger.LIMIT, Clock.systemUTC());
    }

    private static VIFBase vif(int i) {
        return HostStateTest.vif(RecordCrashTest.id(i), "tap" + i);
    }

    /** A call as the registry makes it: the intent committed, the success written without a commit of its own. */
    private static void call(Ledger l, VIFBase vif, boolean plug) {
        call(l, vif, plug, 1000);
    }

    /** {@link #call(Ledger, VIFBase, boolean)}, the outcome's duration {@code nanos}. */
    private static void call(Ledger l, VIFBase vif, boolean plug, long nanos) {
        VifRecord asked = l.intent(vif, HostStateTest.instance(), plug ? VifState.PLUGGING : VifState.UNPLUGGING,
                List.of(vif.get("vif_name").toString()));
        l.commitIntents();
        l.success(vif, HostStateTest.instance(), plug ? VifState.PLUGGED : VifState.UNPLUGGED, nanos, asked);
    }

    /**
     * A success left to the mover, then the VIF's next call failing (written and committed at once): the
     * failure is read back, the success handed over earlier never written over it.
     */
    @Test
    void aFailureAfterASuccessLeftToTheMoverIsWhatIsReadBack() {
        Ledger l = opened();
        try {
            call(l, vif(1), true);
            l.intent(vif(1), HostStateTest.instance(), VifState.UNPLUGGING, List.of("tap1"));
            l.commitIntents();
            l.failure(null, vif(1), HostStateTest.instance(), false, 1000, new IllegalStateException("refused"));
            l.commit();
        } finally {
            l.close();
        }
        Ledger reopened = opened();
        try {
            assertEquals(VifState.UNPLUG_FAILED, reopened.get(RecordCrashTest.id(1)).orElseThrow().state());
        } finally {
            reopened.close();
        }
    }

    @Test
    void aKillAfterTheIntentsCommitLeavesTheCallInFlight() {
        Ledger l = opened();
        call(l, vif(1), true);
        l.intent(vif(2), HostStateTest.instance(), VifState.PLUGGING, List.of("tap2"));
        l.commit();
        // its success written, neither committed nor moved into the main store
        l.outcome(vif(2), HostStateTest.instance(), VifState.PLUGGED, 1000, null, null);
        l.closeAsIfKilled();

        Ledger reopened = opened();
        try {
            VifRecord r = reopened.get(RecordCrashTest.id(2)).orElseThrow();
            assertTrue(r.state() == VifState.PLUGGING || r.state() == VifState.PLUGGED, r.state().name());
            // a VIF new to the record: its primitive came with the intent, from the intents store
            assertEquals(vif(2).toJson(), r.primitive());
            assertEquals(HostStateTest.instance().toJson(), r.instance());
            assertTrue(Ledger.holds(r.state()), "start-up reconcile completes it");
            // the first VIF's outcome came with the second's commit
            assertEquals(VifState.PLUGGED, reopened.get(RecordCrashTest.id(1)).orElseThrow().state());
        } finally {
            reopened.close();
        }
    }

    @Test
    void theLaterOfTheTwoStoresWinsAfterAKill() throws Exception {
        Ledger l = opened();
        call(l, vif(1), true);
        l.close(); // moved into the main store
        l = opened();
        call(l, vif(1), false);
        l.commit();
        l.closeAsIfKilled(); // the unplug only in the recent store
        Ledger reopened = opened();
        try {
            assertEquals(VifState.UNPLUGGED, reopened.get(RecordCrashTest.id(1)).orElseThrow().state());
            assertEquals(vif(1).toJson(), reopened.get(RecordCrashTest.id(1)).orElseThrow().primitive());
        } finally {
            reopened.close();
        }
        // moved at start: the main store alone says so
        Ledger again = opened();
        try {
            assertEquals(VifState.UNPLUGGED, again.get(RecordCrashTest.id(1)).orElseThrow().state());
        } finally {
            again.close();
        }
    }

    /** A record written when values were stored as text (main and recent store) is read back, and written on. */
    @Test
    void aRecordOfTextValuesIsReadBack() {
        VifRecord plugged = new VifRecord(RecordCrashTest.id(1), "VIFBridge", "ovs", "tap1", null, VifState.PLUGGED,
                java.time.Instant.parse("2026-12-01T10:00:00Z"), java.time.Duration.ofNanos(5), null, vif(1).toJson(),
                HostStateTest.instance().toJson());
        VifRecord plugging = new VifRecord(RecordCrashTest.id(2), "VIFBridge", "ovs", "tap2", null, VifState.PLUGGING,
                java.time.Instant.parse("2026-12-01T10:00:01Z"), java.time.Duration.ZERO, null, vif(2).toJson(), null);
        try (org.h2.mvstore.MVStore main = org.h2.mvstore.MVStore.open(file().toString());
                org.h2.mvstore.MVStore recent = org.h2.mvstore.MVStore.open(Journal.recentFile(file()).toString())) {
            main.<String, String>openMap("vifs").put(plugged.vifId(),
                    org.jvif.api.object.Json.write(Journal.state(new Journal.Entry(plugged, List.of("tap1")), 1)));
            main.<String, String>openMap("primitives").put(plugged.vifId(), Journal.blob(plugged));
            Map<String, Object> m = Journal.state(new Journal.Entry(plugging, List.of("tap2")), 2);
            m.put("primitive", plugging.primitive());
            m.put("instance", plugging.instance());
            recent.<String, String>openMap("recent").put(plugging.vifId(), org.jvif.api.object.Json.write(m));
        }
        Ledger l = opened();
        try {
            assertEquals(plugged, l.get(plugged.vifId()).orElseThrow());
            assertEquals(List.of("tap1"), l.entry(plugged.vifId()).orElseThrow().objects());
            assertEquals(plugging, l.get(plugging.vifId()).orElseThrow());
            call(l, vif(1), false);
            l.commit();
        } finally {
            l.close();
        }
        Ledger reopened = opened();
        try {
            assertEquals(VifState.UNPLUGGED, reopened.get(plugged.vifId()).orElseThrow().state());
            assertEquals(plugging, reopened.get(plugging.vifId()).orElseThrow());
        } finally {
            reopened.close();
        }
    }

    /**
     * 5,000 plugs and unplugs of 500 VIFs as fast as they come: the files stay within a few times what they
     * hold (the recent store within its limit), however many commits there were.
     */
    @Test
    void theFilesStayBoundedWhateverTheNumberOfCalls() throws Exception {
        Ledger l = opened();
        long most = 0;
        try {
            for (int i = 0; i < 5000; i++) {
                call(l, vif(i % 500), (i / 500) % 2 == 0);
                if (i % 100 == 0) {
                    long[] sizes = l.fileSizes();
                    most = Math.max(most, sizes[0] + sizes[1] + sizes[2]);
                }
            }
        } finally {
            l.close();
        }
        long live = 0;
        Ledger reopened = opened();
        try {
            for (Journal.Entry e : reopened.entries()) {
                live += Journal.blob(e.record()).length() + 300;
            }
            assertEquals(500, reopened.all().size());
        } finally {
            reopened.close();
        }
        long main = Files.size(file());
        long recent = Files.exists(Journal.recentFile(file())) ? Files.size(Journal.recentFile(file())) : 0;
        System.out.println("record: live " + live + " bytes, at most " + most + " while written, main " + main
                + " recent " + recent + " once closed");
        assertTrue(most < 4 * live + 4 * Journal.RECENT_LIMIT_BYTES, "files " + most + " bytes for " + live + " live");
        // 2.8-4.7x measured: where the main store's last chunks land decides how much of its end close can cut
        assertTrue(main + recent < 6 * live + (1 << 20), "files " + (main + recent) + " bytes for " + live + " live");
    }

    /**
     * The child of {@link #killedWhileMovingIntoTheMainStore}: {@code <file> <first sequence number> <seed>};
     * plugs and unplugs 300 VIFs at random as fast as it can (so the recent and intents stores are moved and
     * made afresh again and again), as the registry's calls do: the intent committed, the outcome written and
     * left to the mover, carrying a sequence number as its duration; says "VIF sequence" after each.
     */
    public static void main(String[] args) {
        Ledger l = new Ledger(Journal.open(Path.of(args[0])), Ledger.LIMIT, Clock.systemUTC());
        Random random = new Random(Long.parseLong(args[2]));
        for (long seq = Long.parseLong(args[1]);; seq++) {
            int i = random.nextInt(300);
            call(l, vif(i), random.nextBoolean(), seq);
            System.out.println(i + " " + seq);
        }
    }

    /**
     * Killed at any instant, moves and renewals of the recent and intents stores included: every VIF holds the
     * outcome it was last said to have, a later one, or a call's intent (which start-up reconcile completes),
     * never an earlier outcome.
     */
    @Test
    void killedWhileMovingIntoTheMainStore() throws Exception {
        Random random = new Random(11);
        Map<Integer, Long> said = new HashMap<>();
        long seq = 1;
        for (int round = 0; round < 6; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), JournalTest.class.getName(),
                    file().toString(), Long.toString(seq), Integer.toString(round))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long until = System.nanoTime() + (300 + random.nextInt(2500)) * 1_000_000L;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                    AutoCloseable killed = () -> child.toHandle().destroyForcibly()) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    String[] w = line.split(" ");
                    if (w.length == 2) {
                        said.put(Integer.parseInt(w[0]), Long.parseLong(w[1]));
                    }
                    if (System.nanoTime() > until) {
                        child.toHandle().destroyForcibly(); // SIGKILL, while it goes on writing
                    }
                }
                child.waitFor();
            }
            seq = said.values().stream().mapToLong(Long::longValue).max().orElse(0) + 100_000;
            Ledger l = opened();
            try {
                for (Map.Entry<Integer, Long> e : said.entrySet()) {
                    VifRecord r = l.get(RecordCrashTest.id(e.getKey())).orElseThrow(() -> new AssertionError("lost VIF " + e.getKey()));
                    boolean later = Ledger.holds(r.state()) && r.state() != VifState.PLUGGED || r.duration().toNanos() >= e.getValue();
                    assertTrue(later, "round " + round + ": VIF " + e.getKey() + " committed at " + e.getValue()
                            + ", the record went back to " + r.duration().toNanos() + " " + r.state());
                }
            } finally {
                l.closeAsIfKilled(); // the next child finds the recent store as this one found it
            }
        }
    }
}
