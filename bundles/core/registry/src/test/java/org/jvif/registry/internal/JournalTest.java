package org.jvif.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jvif.api.VifRecord;
import org.jvif.api.VifState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    private static Journal.Entry entry(int i, VifState state) {
        String primitive = "{\"versioned_object.data\": {\"id\": \"" + i + "\", \"pad\": \"" + "x".repeat(2200) + "\"}}";
        return new Journal.Entry(new VifRecord("vif-" + i, "VIFOpenVSwitch", "ovs", "tap" + i, null, state,
                Instant.EPOCH, Duration.ZERO, null, primitive, null), List.of("tap" + i));
    }

    /**
     * A burst of plugs and unplugs grows the file by the chunks kept for the retention time (2 s of commits);
     * a record closed with the platform shrinks back near its content's size, and keeps that content.
     */
    @Test
    void aClosedRecordShrinksToItsContentAfterABurst() throws Exception {
        Path file = dir.resolve("record.mv.db");
        Journal journal = Journal.open(file);
        for (int i = 0; i < 3000; i++) {
            journal.put(entry(i, VifState.PLUGGING));
            journal.commit();
            journal.put(entry(i, VifState.PLUGGED));
            journal.commit();
            if (i >= 10) {
                journal.remove("vif-" + i);
                journal.commit();
            }
        }
        long during = Files.size(file);
        journal.close();
        long after = Files.size(file);
        assertTrue(during > 20L << 20, "the burst's chunks are kept a while: " + during);
        assertTrue(after < 4L << 20, "closed: " + after + " bytes (" + during + " before closing)");
        try (Journal reopened = Journal.open(file)) {
            assertEquals(10, reopened.load((id, e) -> {
                throw e;
            }).size());
        }
    }
}
