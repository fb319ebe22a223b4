package org.jvif.registry.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.jvif.api.VifRecord;
import org.jvif.api.VifState;
import org.jvif.api.object.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable record, in three H2 MVStore files (no format of our own beyond field names): the <em>main</em>
 * store holds per VIF id its state and its primitives (maps {@code vifs}, {@code primitives}); the
 * <em>recent</em> store ({@code <name>.recent.mv.db} beside it) holds, per VIF id, what was written since
 * (outcomes, and intents moved there from the intents store, each with the primitives the main store does
 * not have yet); the <em>intents</em> store ({@code <name>.intents.mv.db}) holds the intents of calls whose
 * outcome is not durable yet. An intent's commit ({@link #commitIntents()}, on the caller's thread before it
 * acts) writes only the intents store: its few live pages, where a commit of the recent store rewrites H2's
 * chunk list of every chunk the recent store's pages are spread over, most of a commit's CPU under C1. A
 * background thread commits the recent store's outcomes every {@value #LOOK_MILLIS} ms and then drops the
 * intents they supersede; it moves the recent entries into the main store and commits it, about once a
 * second, and only then removes them from the recent store. Each entry carries a sequence number, so where
 * stores hold a VIF the later entry is the one read back. MVStore appends each commit as a checksummed
 * chunk and reads back the last complete one, so a process killed at any instant leaves every write of the
 * last {@link #commit()} that returned. Commits are not forced to the disk: they survive the death of the
 * process, not that of the machine.
 *
 * <p>Values are stored as the bytes of their JSON text (ASCII, as {@link Json} writes it), and the recent
 * store's keys as the bytes of the VIF id: H2 writes a byte array in one copy but a string a character at a
 * time, which was most of a commit's CPU. Values and keys stored as strings (records written before) are
 * read as well.
 *
 * <p>Bounded whatever the call rate: the main store reuses the space of dead chunks at once and rewrites
 * pages out of mostly dead chunks; the recent and intents stores only append, and once the file of one passes
 * {@link #RECENT_LIMIT_BYTES} it is started afresh, the recent store's entries moved into the main store
 * first, the intents store's (calls in flight) into the recent store.
 */
final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    /** How long to wait for another process (a one-shot command) to let go of the file. */
    private static final long LOCK_WAIT_MILLIS = 10_000;

    /** How often the recent entries are moved into the main store. */
    static final long MOVE_MILLIS = 1000;
    /** How often the mover commits the recent store's outcomes (and drops the intents they supersede) and looks at its size. */
    private static final long LOOK_MILLIS = 100;
    /** The recent store's file size past which it is emptied into the main store and made afresh. */
    static final long RECENT_LIMIT_BYTES = 4 << 20;
    /**
     * How many calls may end (their intents superseded, not yet dropped) before the mover is woken to drop
     * their intents: an intent's commit costs more the more pages the store's entries are spread over. Calls in
     * flight do not count: their intents stay however often it is woken.
     */
    private static final int SETTLE_INTENTS = 8;
    /** Entries written to the recent store (calls ended) since the mover last settled. */
    private final AtomicInteger ended = new AtomicInteger();
    private static final int RECENT_PAGE_BYTES = 4096;
    private static final int COMPACT_FILL_RATE = 50;
    private static final int COMPACT_WRITE_BYTES = 4 << 20;

    /**
     * Writes to the recent store (shared) never run beside its commit or its renewal (exclusive): a write
     * still walking the pages of the version before a commit could read a chunk that commit freed and reused.
     */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final MVStore store;
    /** Per VIF id: its state (small, so commits stay cheap). */
    private final MVMap<String, Object> vifs;
    /** Per VIF id: its primitive and its instance's. */
    private final MVMap<String, Object> primitives;
    /** Where the recent store lives; null for a record in memory, which writes to the main store directly. */
    private final Path recentFile;
    /** Replaced under {@link #lock}'s write lock; read under it, or once a write of this thread's is in it. */
    private volatile MVStore recentStore;
    /** Likewise. */
    private volatile MVMap<Object, Object> recent;
    /** Where the intents store lives; null for a record in memory. */
    private final Path intentsFile;
    /**
     * Intents by VIF id (the bytes of the id); written, committed and renewed under {@link #lock} as the recent
     * store, and read under it.
     */
    private volatile MVStore intentStore;
    private volatile MVMap<Object, Object> intents;
    /** Per VIF id with an intent in the intents store: its sequence number. */
    private final Map<String, Long> intentSeqs = new ConcurrentHashMap<>();
    /**
     * Outcomes to write to the recent store, in the order of their sequence numbers ({@link #putLater}); written
     * by whoever writes to the recent store next, under {@link #draining}, so none lands over a later entry.
     */
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final Object draining = new Object();
    /** Per VIF id written to the recent store since the mover last dropped intents: the last sequence number. */
    private final Map<String, Long> recentSeqs = new ConcurrentHashMap<>();
    /** The primitives the main store holds durably, to leave them out of recent entries. */
    private final Map<String, Primitives> inMain = new ConcurrentHashMap<>();
    /** VIF ids removed since the last move, to remove from the main store. */
    private final Set<String> removed = ConcurrentHashMap.newKeySet();
    /** The sequence number of the last entry written. */
    private final AtomicLong seq = new AtomicLong();
    /** Serializes moves into the main store (the mover thread, close). */
    private final Object moving = new Object();
    private final Thread mover;
    private volatile boolean closing;
    private final String where;

    /** An entry to write, its sequence number taken when it was handed over. */
    private record Pending(Entry entry, long seq) {
    }

    /** A VIF's primitive and its instance's, as text. */
    private record Primitives(String vif, String instance) {
        static Primitives of(VifRecord r) {
            return new Primitives(r.primitive(), r.instance());
        }

        // written out: a record's own equals goes through method handles, which C1 (the daemon's JIT) runs slowly
        @Override
        public boolean equals(Object o) {
            return o instanceof Primitives p && Objects.equals(vif, p.vif) && Objects.equals(instance, p.instance);
        }

        @Override
        public int hashCode() {
            return 31 * Objects.hashCode(vif) + Objects.hashCode(instance);
        }
    }

    private Journal(MVStore store, Path recentFile, MVStore recentStore, Path intentsFile, MVStore intentStore, String where) {
        this.store = store;
        this.intentsFile = intentsFile;
        this.intentStore = intentStore;
        this.intents = intentStore == null ? null : intentStore.openMap("intents");
        this.vifs = store.openMap("vifs");
        this.primitives = store.openMap("primitives");
        this.recentFile = recentFile;
        this.recentStore = recentStore;
        this.recent = recentStore == null ? null : recentStore.openMap("recent");
        this.where = where;
        if (recentStore == null) {
            mover = null;
        } else {
            mover = new Thread(this::moveLoop, "jvif-record " + where);
            mover.setDaemon(true);
        }
    }

    /** The record in {@code file} (made with its folder when absent), or in memory only when null. */
    static Journal open(Path file) {
        if (file == null) {
            return new Journal(new MVStore.Builder().autoCommitDisabled().open(), null, null, null, null, "memory");
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new IllegalStateException("record " + file + ": cannot make its folder: " + e.getMessage(), e);
        }
        List<MVStore> opened = new ArrayList<>();
        try {
            opened.add(openStore(file, true, System.currentTimeMillis() + LOCK_WAIT_MILLIS));
            Path recentFile = recentFile(file);
            opened.add(openStore(recentFile, false, System.currentTimeMillis() + LOCK_WAIT_MILLIS));
            Path intentsFile = intentsFile(file);
            opened.add(openStore(intentsFile, false, System.currentTimeMillis() + LOCK_WAIT_MILLIS));
            return new Journal(opened.get(0), recentFile, opened.get(1), intentsFile, opened.get(2), file.toString());
        } catch (RuntimeException e) {
            opened.forEach(MVStore::closeImmediately);
            throw e;
        }
    }

    /** The recent store's file: {@code record.recent.mv.db} beside {@code record.mv.db}. */
    static Path recentFile(Path file) {
        return sibling(file, "recent");
    }

    /** The intents store's file: {@code record.intents.mv.db} beside {@code record.mv.db}. */
    static Path intentsFile(Path file) {
        return sibling(file, "intents");
    }

    private static Path sibling(Path file, String kind) {
        String name = file.getFileName().toString();
        return file.resolveSibling(name.endsWith(".mv.db")
                ? name.substring(0, name.length() - ".mv.db".length()) + "." + kind + ".mv.db" : name + "." + kind);
    }

    /**
     * @param reuse whether the space of dead chunks is reused at once (the main store: only the mover reads and
     *     writes it, and its header names the last chunk at every commit, see {@link #commitMain()}), else the
     *     store only appends (the recent store: a store reopened after a kill finds its last chunk at the end).
     *     With space reused after a while instead (H2's retention time) a store committed often grew by
     *     hundreds of MB, and with reuse at once but the header written only now and then, a store reopened
     *     after a SIGKILL went back to a version many commits old (RecordCrashTest).
     */
    private static MVStore openStore(Path file, boolean reuse, long deadline) {
        while (true) {
            try {
                // commits in the caller's thread, no background threads of H2's
                MVStore.Builder b = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled();
                // the recent store's pages small: a commit writes the page of the VIFs it changed, not 16 kB
                MVStore store = (reuse ? b : b.pageSplitSize(RECENT_PAGE_BYTES)).open();
                store.setRetentionTime(0);
                store.setReuseSpace(reuse);
                return store;
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

    /**
     * Every entry, by VIF id (a recent entry over the main store's when later), then the recent entries moved
     * into the main store. Entries that cannot be read are reported to {@code bad} and skipped.
     */
    Map<String, Entry> load(BiConsumer<String, RuntimeException> bad) {
        Map<String, Entry> out = new LinkedHashMap<>();
        Map<String, Long> seqs = new HashMap<>();
        long last = 0;
        for (Map.Entry<String, Object> e : vifs.entrySet()) {
            try {
                Map<String, Object> state = parse(e.getValue());
                Entry entry = decode(e.getKey(), state, parse(primitives.get(e.getKey())));
                out.put(e.getKey(), entry);
                inMain.put(e.getKey(), Primitives.of(entry.record()));
                long s = seqOf(state);
                seqs.put(e.getKey(), s);
                last = Math.max(last, s);
            } catch (RuntimeException err) {
                bad.accept(e.getKey(), err);
            }
        }
        if (recent != null) {
            last = Math.max(last, loadLater(recent, out, seqs, bad, null));
            last = Math.max(last, loadLater(intents, out, seqs, bad, intentSeqs));
        }
        seq.set(last);
        if (mover != null) {
            move();
            mover.start();
        }
        return out;
    }

    /**
     * Reads the entries of {@code map} (the recent or the intents store) into {@code out} where later than what
     * it holds; the sequence number of each read goes to {@code read}, when not null. Returns the last.
     */
    private long loadLater(MVMap<Object, Object> map, Map<String, Entry> out, Map<String, Long> seqs,
            BiConsumer<String, RuntimeException> bad, Map<String, Long> read) {
        long last = 0;
        for (Map.Entry<Object, Object> e : map.entrySet()) {
            String id = idOf(e.getKey());
            try {
                Map<String, Object> m = parse(e.getValue());
                long s = seqOf(m);
                last = Math.max(last, s);
                if (read != null) {
                    if (s <= seqs.getOrDefault(id, -1L)) {
                        map.remove(e.getKey()); // superseded by a durable outcome before the process ended
                        continue;
                    }
                    read.put(id, s);
                }
                if (s > seqs.getOrDefault(id, -1L)) {
                    Map<String, Object> blob = m.containsKey("primitive") ? m : parse(primitives.get(id));
                    out.put(id, decode(id, m, blob));
                    seqs.put(id, s);
                }
            } catch (RuntimeException err) {
                bad.accept(id, err);
            }
        }
        return last;
    }

    /** Writes an intent; durable at the next {@link #commitIntents()} or {@link #commit()}. */
    void putIntent(Entry e) {
        if (intents == null) {
            put(e);
            return;
        }
        write(e, seq.incrementAndGet(), true);
    }

    /** Writes an entry; durable at the next {@link #commit()}. */
    void put(Entry e) {
        String id = e.record().vifId();
        if (recent == null) {
            Primitives p = Primitives.of(e.record());
            if (!p.equals(inMain.get(id))) {
                primitives.put(id, bytes(blob(e.record())));
                inMain.put(id, p);
            }
            vifs.put(id, bytes(Json.write(state(e, seq.incrementAndGet()))));
            return;
        }
        drain();
        write(e, seq.incrementAndGet(), false);
        ended.incrementAndGet();
    }

    /**
     * {@link #put}, the encoding and the write left to the mover (or to the next writer of the recent store):
     * for a success, which no commit waits for. Its place among the VIF's entries is taken now.
     */
    void putLater(Entry e) {
        if (recent == null) {
            put(e);
            return;
        }
        pending.add(new Pending(e, seq.incrementAndGet()));
        ended.incrementAndGet();
    }

    /**
     * Writes the outcomes handed over so far, and waits for those another thread is writing: a write of the
     * recent store after this one lands over them, never under. Takes {@link #draining}, then {@link #lock}'s
     * read lock (never called holding its write lock without {@link #draining}).
     */
    private void drain() {
        synchronized (draining) {
            for (Pending p = pending.poll(); p != null; p = pending.poll()) {
                write(p.entry(), p.seq(), false);
            }
        }
    }

    /** Writes {@code e} as entry {@code s} of the intents store, else of the recent store. */
    private void write(Entry e, long s, boolean intent) {
        String id = e.record().vifId();
        byte[] text = text(e, s);
        lock.readLock().lock();
        try {
            (intent ? intents : recent).put(key(id), text);
            (intent ? intentSeqs : recentSeqs).put(id, s);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** An entry as the recent and intents stores keep it: with its primitives unless the main store holds them. */
    private byte[] text(Entry e, long s) {
        String id = e.record().vifId();
        Primitives p = Primitives.of(e.record());
        Primitives held = inMain.get(id);
        boolean withPrimitives = !p.equals(held);
        if (!withPrimitives && held.vif() != p.vif()) {
            // equal texts, from now on the caller's: its outcome carries the same strings, equal at once
            inMain.replace(id, held, p);
        }
        Map<String, Object> m = state(e, s);
        if (withPrimitives) {
            m.put("primitive", e.record().primitive());
            m.put("instance", e.record().instance());
        }
        return bytes(Json.write(m));
    }

    void remove(String vifId) {
        if (recent == null) {
            vifs.remove(vifId);
            primitives.remove(vifId);
            inMain.remove(vifId);
            return;
        }
        drain();
        lock.readLock().lock();
        try {
            inMain.remove(vifId);
            removed.add(vifId);
            recent.remove(key(vifId));
            if (intentSeqs.remove(vifId) != null) {
                intents.remove(key(vifId));
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Makes every write so far durable (against the death of the process). */
    void commit() {
        drain();
        MVStore s = recentStore == null ? store : recentStore;
        if (!s.hasUnsavedChanges() && (intentStore == null || !intentStore.hasUnsavedChanges())) {
            return; // another caller's commit took this one's writes along
        }
        lock.writeLock().lock();
        try {
            s = recentStore == null ? store : recentStore;
            if (s.hasUnsavedChanges()) {
                s.commit();
            }
            if (intentStore != null && intentStore.hasUnsavedChanges()) {
                intentStore.commit();
            }
            if (mover != null && s.getFileStore().size() > RECENT_LIMIT_BYTES) {
                LockSupport.unpark(mover); // the recent store is to be moved and made afresh now
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Makes the intents written so far durable, and no outcome: the mover makes those durable within
     * {@value #LOOK_MILLIS} ms (a crash before leaves their intents, which start-up reconcile completes).
     */
    void commitIntents() {
        if (intentStore == null) {
            commit();
            return;
        }
        if (!intentStore.hasUnsavedChanges()) {
            return; // another caller's commit took this one's intent along
        }
        lock.writeLock().lock();
        try {
            if (intentStore.hasUnsavedChanges()) {
                intentStore.commit();
            }
        } finally {
            lock.writeLock().unlock();
        }
        if (ended.get() >= SETTLE_INTENTS) {
            LockSupport.unpark(mover); // to drop the intents of calls that ended before the store grows
        }
    }

    /**
     * Commits the recent store's outcomes, then drops the intents they supersede, so the intents store holds
     * only calls in flight (and its commits stay small); an intent goes only once a later entry of its VIF is
     * durable.
     */
    private void settle() {
        ended.set(0);
        drain();
        if (!recentStore.hasUnsavedChanges() && intentSeqs.isEmpty()) {
            return;
        }
        lock.writeLock().lock();
        try {
            settled();
            if (intentStore.hasUnsavedChanges()) {
                intentStore.commit();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** {@link #settle()} under the write lock, without committing the intents store. */
    private void settled() {
        if (recentStore.hasUnsavedChanges()) {
            recentStore.commit();
        }
        for (Map.Entry<String, Long> e : intentSeqs.entrySet()) {
            Long later = recentSeqs.get(e.getKey());
            if (later != null && later > e.getValue()) {
                intents.remove(key(e.getKey()));
                intentSeqs.remove(e.getKey());
            }
        }
        recentSeqs.clear(); // all committed; only later writes can supersede the intents left
    }

    /**
     * Starts the intents store again in a new file, its intents left (calls in flight) first written to the
     * recent store and committed there, so none is only in the file deleted; writers wait meanwhile.
     */
    private void renewIntents() {
        synchronized (draining) {
            lock.writeLock().lock();
            try {
                // every outcome handed over before an intent below was put, written first: none lands over it later
                drain();
                settled();
                for (Map.Entry<String, Long> e : intentSeqs.entrySet()) {
                    byte[] k = key(e.getKey());
                    recent.put(k, intents.get(k));
                    recentSeqs.put(e.getKey(), e.getValue());
                }
                recentStore.commit();
                intentSeqs.clear();
                intentStore = afresh(intentStore, intentsFile);
                intents = intentStore.openMap("intents");
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    /**
     * The mover: every {@value #LOOK_MILLIS} ms, or when woken, the outcomes committed and the intents they
     * supersede dropped; about once a second, or when the recent store's file has grown past its limit, the
     * recent entries into the main store.
     */
    private void moveLoop() {
        long last = System.nanoTime();
        while (!closing) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(LOOK_MILLIS));
            if (closing) {
                return;
            }
            try {
                settle();
                if (fileBytes(intentStore) > RECENT_LIMIT_BYTES) {
                    renewIntents();
                }
                if (System.nanoTime() - last >= TimeUnit.MILLISECONDS.toNanos(MOVE_MILLIS) || fileBytes(recentStore) > RECENT_LIMIT_BYTES) {
                    move();
                    last = System.nanoTime();
                }
            } catch (RuntimeException e) {
                if (!closing) {
                    LOG.warn("record " + where + ": moving recent entries into the main store failed (tried again in "
                            + MOVE_MILLIS + " ms): " + e, e);
                }
            }
        }
    }

    /**
     * Moves the recent entries into the main store and commits it; then removes them from the recent store
     * (unless written again meanwhile), and makes that store afresh once its file has grown past its limit.
     */
    void move() {
        synchronized (moving) {
            if (recent.isEmpty() && removed.isEmpty()) {
                return;
            }
            List<String> gone = new ArrayList<>(removed);
            Map<Object, Object> moved;
            // not beside a commit: one that freed a chunk of the version read ended the move ("Chunk ... not found")
            lock.readLock().lock();
            try {
                moved = new HashMap<>(recent);
            } finally {
                lock.readLock().unlock();
            }
            toMain(gone, moved);
            lock.readLock().lock();
            try {
                moved.forEach(recent::remove);
            } finally {
                lock.readLock().unlock();
            }
            commit();
            if (recentStore.getFileStore().size() > RECENT_LIMIT_BYTES) {
                renewRecent();
            }
        }
    }

    /** The size of the file of {@code s}, the recent or the intents store (the mover, which calls this, alone renews them). */
    private long fileBytes(MVStore s) {
        lock.readLock().lock();
        try {
            return s.getFileStore().size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Writes {@code moved} (recent entries by key) and the removals {@code gone} into the main store, committed. */
    private void toMain(List<String> gone, Map<Object, Object> moved) {
        // by VIF id; where an id is under both kinds of key (its text's, an earlier version's), the later entry
        Map<String, Map<String, Object>> latest = new HashMap<>();
        moved.forEach((key, text) -> latest.merge(idOf(key), parse(text), (a, b) -> seqOf(b) > seqOf(a) ? b : a));
        for (String id : gone) {
            if (!latest.containsKey(id)) {
                vifs.remove(id);
                primitives.remove(id);
            }
            removed.remove(id);
        }
        Map<String, Primitives> stored = new HashMap<>();
        latest.forEach((id, m) -> {
            if (m.containsKey("primitive")) {
                String vif = (String) m.remove("primitive");
                String instance = (String) m.remove("instance");
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("primitive", vif);
                b.put("instance", instance);
                primitives.put(id, bytes(Json.write(b)));
                stored.put(id, new Primitives(vif, instance));
            }
            vifs.put(id, bytes(Json.write(m)));
        });
        commitMain();
        inMain.putAll(stored);
        // live pages out of chunks now mostly dead, whose space is then reused: the file stays near its content's size
        if (store.compact(COMPACT_FILL_RATE, COMPACT_WRITE_BYTES)) {
            commitMain();
        }
    }

    /**
     * Commits the main store, its file's header naming the chunk written. H2 writes the header only now and
     * then (every 20 versions, or when a chunk goes where it did not predict) and a reopened store follows
     * the chunks from the one the header names; with chunk space reused and commits far apart, a chunk on
     * that way could be overwritten first, and the store reopened at an older version. The header is written
     * when the store's header map holds {@code clean} (H2 2.3's mark of a store closed cleanly, taken out as
     * the header is written), so it is put there first.
     */
    private void commitMain() {
        store.getStoreHeader().put("clean", 1);
        store.commit();
    }

    /** Empties the recent store into the main store and starts it again in a new file; writers wait meanwhile. */
    private void renewRecent() {
        lock.writeLock().lock();
        try {
            toMain(new ArrayList<>(removed), new HashMap<>(recent));
            recentStore = afresh(recentStore, recentFile);
            recent = recentStore.openMap("recent");
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Closes {@code store} (the recent or the intents store, emptied elsewhere), deletes its file and opens it anew. */
    private static MVStore afresh(MVStore store, Path file) {
        store.close();
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new IllegalStateException("record " + file + ": cannot start it again: " + e, e);
        }
        return openStore(file, false, System.currentTimeMillis() + LOCK_WAIT_MILLIS);
    }

    /** The sizes of its files in bytes (main, recent, intents); for tests. */
    long[] fileSizes() {
        lock.readLock().lock();
        try {
            return new long[] {store.getFileStore().size(), recentStore == null ? 0 : recentStore.getFileStore().size(),
                intentStore == null ? 0 : intentStore.getFileStore().size()};
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        stopMover();
        drain();
        lock.writeLock().lock();
        try {
            if (recentStore != null && !recentStore.isClosed()) {
                // everything into the main store: the recent and intents stores are not needed until the next start
                Map<Object, Object> all = new HashMap<>(recent);
                all.putAll(intents); // keys are arrays, so both entries of a VIF are kept: toMain takes the later
                toMain(new ArrayList<>(removed), all);
                recentStore.close();
                intentStore.close();
                Files.deleteIfExists(recentFile);
                Files.deleteIfExists(intentsFile);
            }
            if (!store.isClosed()) {
                store.close();
            }
        } catch (IOException e) {
            LOG.warn("record " + recentFile + ": cannot delete it (its entries are all in " + where + " too): " + e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void stopMover() {
        closing = true;
        if (mover != null && mover.isAlive()) {
            // never interrupted: an interrupt during a write closes the store's file channel
            LockSupport.unpark(mover);
            try {
                mover.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops without a last commit, as a killed process would; for tests. */
    void closeAsIfKilled() {
        stopMover();
        lock.writeLock().lock();
        try {
            if (recentStore != null) {
                recentStore.closeImmediately();
                intentStore.closeImmediately();
            }
            store.closeImmediately();
        } finally {
            lock.writeLock().unlock();
        }
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

    /** The entry's state, after its sequence number. */
    static Map<String, Object> state(Entry e, long seq) {
        VifRecord r = e.record();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("state", r.state().name());
        m.put("vif_type", r.vifType());
        m.put("plugin", r.plugin());
        m.put("vif_name", r.vifName());
        m.put("instance_uuid", r.instanceUuid());
        m.put("at", r.at().toString());
        m.put("nanos", r.duration().toNanos());
        m.put("error", r.error());
        m.put("objects", new ArrayList<Object>(e.objects()));
        return m;
    }

    static String blob(VifRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("primitive", r.primitive());
        m.put("instance", r.instance());
        return Json.write(m);
    }

    /** A VIF id as the recent store's key. */
    private static byte[] key(String vifId) {
        return vifId.getBytes(StandardCharsets.UTF_8);
    }

    /** The VIF id of a recent store's key: its bytes, or the id itself as earlier versions wrote it. */
    private static String idOf(Object key) {
        return key instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(key);
    }

    /** A value as stored: the bytes of its JSON text, which is ASCII. */
    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A stored value: its bytes, or its text as records written before stored it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(Object stored) {
        return (Map<String, Object>) Json.parse(stored instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1)
                : (String) stored);
    }

    /** Entries written before sequence numbers came have none: older than any that has one. */
    private static long seqOf(Map<String, Object> state) {
        return state.get("seq") instanceof Long s ? s : 0;
    }

    /** @param b an object with the fields {@code primitive} and {@code instance} */
    @SuppressWarnings("unchecked")
    private static Entry decode(String vifId, Map<String, Object> m, Map<String, Object> b) {
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
