package org.jvif.registry.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.jvif.api.VifRecord;
import org.jvif.api.VifState;
import org.jvif.api.object.Json;

/**
 * The durable record: per VIF id, in an H2 MVStore file, its state (written at every intent and outcome) and
 * its primitives (written when they change), each a JSON object (no format of our own beyond field names). MVStore appends each commit as a checksummed chunk and reads back the last complete
 * one, so a process killed at any instant leaves the state of the last {@link #commit()} that returned.
 * Commits are not forced to the disk: they survive the death of the process, not that of the machine.
 *
 * <p>Concurrent writers share commits: a commit finding another's commit already wrote its change costs
 * next to nothing.
 */
final class Journal implements AutoCloseable {
    /** How long to wait for another process (a one-shot command) to let go of the file. */
    private static final long LOCK_WAIT_MILLIS = 10_000;

    /** How long the space of a chunk no longer live is kept before it is reused. */
    private static final int RETENTION_MILLIS = 2000;
    private static final int COMPACT_EVERY = 1024;
    private static final int COMPACT_FILL_RATE = 50;
    private static final int COMPACT_WRITE_BYTES = 4 << 20;

    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();
    /**
     * Writes (shared) never run beside a commit (exclusive): with chunk space reused at once, a write still
     * walking the pages of the version before a commit could read a chunk that commit freed and overwrote.
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock lock = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private final MVStore store;
    /** Per VIF id: its state, written at every intent and outcome (small, so commits stay cheap). */
    private final MVMap<String, String> vifs;
    /** Per VIF id: its primitive and its instance's, written only when they change. */
    private final MVMap<String, String> primitives;
    /** The primitives {@link #primitives} holds, to skip writing them again; guarded by the registry's order per VIF. */
    private final Map<String, Primitives> written = new java.util.concurrent.ConcurrentHashMap<>();

    /** A VIF's primitive and its instance's, as text. */
    private record Primitives(String vif, String instance) {
        static Primitives of(VifRecord r) {
            return new Primitives(r.primitive(), r.instance());
        }
    }
    private final String where;

    private Journal(MVStore store, String where) {
        this.store = store;
        this.vifs = store.openMap("vifs");
        this.primitives = store.openMap("primitives");
        this.where = where;
    }

    /** The record in {@code file} (made with its folder when absent), or in memory only when null. */
    static Journal open(Path file) {
        if (file == null) {
            return new Journal(new MVStore.Builder().autoCommitDisabled().open(), "memory");
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("record " + file + ": cannot make its folder: " + e.getMessage(), e);
        }
        long deadline = System.currentTimeMillis() + LOCK_WAIT_MILLIS;
        while (true) {
            try {
                // commits in the caller's thread, no background threads; compact() below keeps the file small
                MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
                // space of chunks no longer live is reused after 2 s, not H2's 45 s (at thousands of commits a
                // second the file grew by gigabytes); not at once: with 0 a record reopened after a SIGKILL went
                // back to a version many commits old (RecordCrashTest)
                store.setRetentionTime(RETENTION_MILLIS);
                return new Journal(store, file.toString());
            } catch (MVStoreException e) {
                if (!isLocked(e) || System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("record " + file + ": cannot open: " + e.getMessage(), e);
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("record " + file + ": interrupted waiting for its lock", e);
            }
        }
    }

    private static boolean isLocked(MVStoreException e) {
        return String.valueOf(e.getMessage()).contains("locked");
    }

    /** Where it lives: a file name, or {@code memory}. */
    String where() {
        return where;
    }

    /** Every entry, by VIF id. Entries that cannot be read are reported to {@code bad} and skipped. */
    Map<String, Entry> load(java.util.function.BiConsumer<String, RuntimeException> bad) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : vifs.entrySet()) {
            try {
                Entry entry = decode(e.getKey(), e.getValue(), primitives.get(e.getKey()));
                out.put(e.getKey(), entry);
                written.put(e.getKey(), Primitives.of(entry.record()));
            } catch (RuntimeException err) {
                bad.accept(e.getKey(), err);
            }
        }
        return out;
    }

    /** Writes an entry; durable at the next {@link #commit()}. */
    void put(Entry e) {
        String id = e.record().vifId();
        Primitives p = Primitives.of(e.record());
        // an outcome carries its intent's texts: the same strings, equal at once
        String blob = p.equals(written.get(id)) ? null : blob(e.record());
        String state = encode(e);
        lock.readLock().lock();
        try {
            if (blob != null) {
                primitives.put(id, blob);
                written.put(id, p);
            }
            vifs.put(id, state);
        } finally {
            lock.readLock().unlock();
        }
    }

    void remove(String vifId) {
        lock.readLock().lock();
        try {
            vifs.remove(vifId);
            primitives.remove(vifId);
            written.remove(vifId);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Makes every write so far durable (against the death of the process). */
    void commit() {
        if (!store.hasUnsavedChanges()) {
            return; // another caller's commit took this one's writes along
        }
        lock.writeLock().lock();
        try {
            if (store.hasUnsavedChanges()) {
                store.commit();
                if ((commits.incrementAndGet() & (COMPACT_EVERY - 1)) == 0) {
                    // rewrite what is still live in chunks now mostly dead, so the file stays near its content's size
                    store.compact(COMPACT_FILL_RATE, COMPACT_WRITE_BYTES);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!store.isClosed()) {
                store.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Stops without a last commit, as a killed process would; for tests. */
    void closeAsIfKilled() {
        store.closeImmediately();
    }

    /**
     * A VIF's record and the names of the host objects its plug holds ({@code VifPlugin.hostObjects}), so
     * those names stay its own across restarts.
     */
    record Entry(VifRecord record, List<String> objects) {
        Entry {
            objects = List.copyOf(objects);
        }
    }

    static String encode(Entry e) {
        VifRecord r = e.record();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", r.state().name());
        m.put("vif_type", r.vifType());
        m.put("plugin", r.plugin());
        m.put("vif_name", r.vifName());
        m.put("instance_uuid", r.instanceUuid());
        m.put("at", r.at().toString());
        m.put("nanos", r.duration().toNanos());
        m.put("error", r.error());
        m.put("objects", new ArrayList<Object>(e.objects()));
        return Json.write(m);
    }

    static String blob(VifRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("primitive", r.primitive());
        m.put("instance", r.instance());
        return Json.write(m);
    }

    @SuppressWarnings("unchecked")
    static Entry decode(String vifId, String text, String blob) {
        Map<String, Object> m = (Map<String, Object>) Json.parse(text);
        Map<String, Object> b = (Map<String, Object>) Json.parse(blob);
        List<String> objects = new ArrayList<>();
        for (Object o : (List<Object>) m.get("objects")) {
            objects.add((String) o);
        }
        VifRecord r = new VifRecord(vifId, (String) m.get("vif_type"), (String) m.get("plugin"),
                (String) m.get("vif_name"), (String) m.get("instance_uuid"), VifState.valueOf((String) m.get("state")),
                Instant.parse((String) m.get("at")), Duration.ofNanos((Long) m.get("nanos")), (String) m.get("error"),
                (String) b.get("primitive"), (String) b.get("instance"));
        return new Entry(r, objects);
    }
}
