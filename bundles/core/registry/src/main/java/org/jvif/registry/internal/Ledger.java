package org.jvif.registry.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jvif.api.OsVifException;
import org.jvif.api.VifRecord;
import org.jvif.api.VifState;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.registry.internal.Journal.Entry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of plugs and unplugs: the latest entry of each VIF by id, kept in the {@link Journal} (read
 * back at start) and in memory for reads, and each outcome published ({@link RecordPublisher}). A call writes its intent
 * ({@link VifState#PLUGGING}, {@link VifState#UNPLUGGING}), committed before it acts, and its outcome after
 * (a failure committed before its caller hears of it, a success within a fraction of a second). Records of
 * unplugged VIFs are dropped, oldest first, once there are more than {@code limit}; plugged VIFs and failures
 * are kept whatever their number.
 *
 * <p>Writers of one VIF id are serialized by the registry; this class only keeps its maps consistent.
 */
final class Ledger implements AutoCloseable {
    /** The platform's limit. */
    static final int LIMIT = 100_000;
    /** Where the audit trail goes: a logger of its own, for an operator to route or silence. */
    static final Logger AUDIT = LoggerFactory.getLogger("org.jvif.audit");

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Journal journal;
    private final int limit;
    private final Clock clock;

    /** A record in memory only. */
    Ledger(int limit, Clock clock) {
        this(Journal.open(null), limit, clock);
    }

    /** The record kept in {@code journal}, read back now; entries that cannot be read go to {@code bad}. */
    Ledger(Journal journal, int limit, Clock clock, java.util.function.BiConsumer<String, RuntimeException> bad) {
        this.journal = journal;
        this.limit = limit;
        this.clock = clock;
        for (Entry e : journal.load(bad).values()) {
            entries.put(e.record().vifId(), e);
        }
    }

    Ledger(Journal journal, int limit, Clock clock) {
        this(journal, limit, clock, (id, err) -> {
            throw err;
        });
    }

    /**
     * Whether the host is expected to have what a VIF in this state plugs: plugged, or a call on it in
     * flight (or interrupted by a crash). check and repair look at these; gc leaves their objects alone.
     */
    static boolean holds(VifState state) {
        return state == VifState.PLUGGED || state == VifState.PLUGGING || state == VifState.UNPLUGGING;
    }


    /** Writes the intent to plug or unplug, without committing; {@link #commitIntents()} makes it durable. */
    VifRecord intent(VIFBase vif, InstanceInfo instance, VifState state, List<String> objects) {
        return intent(vif, instance, state, objects, null);
    }

    /** {@link #intent}, its primitives those of {@code from} (the record the VIF was read from), when not null. */
    VifRecord intent(VIFBase vif, InstanceInfo instance, VifState state, List<String> objects, VifRecord from) {
        VifRecord r = recordOf(vif, instance, state, 0, null, from);
        Entry e = new Entry(r, objects);
        entries.put(r.vifId(), e);
        journal.putIntent(e);
        return r;
    }

    /**
     * Writes an outcome, without committing, and returns its record to publish once committed. The host
     * object names are those of the intent, or of the last entry when there was none.
     *
     * @param asked this call's intent, whose primitives are the VIF's and the instance's (not written again), or null
     */
    VifRecord outcome(VIFBase vif, InstanceInfo instance, VifState state, long nanos, Throwable error, VifRecord asked) {
        return outcome(vif, instance, state, nanos, error, asked, false);
    }

    /**
     * A success: {@link #outcome}, its encoding and write to the journal left to the record's mover, as no
     * commit waits for it (the caller's thread goes back to its caller at once).
     */
    VifRecord success(VIFBase vif, InstanceInfo instance, VifState state, long nanos, VifRecord asked) {
        return outcome(vif, instance, state, nanos, null, asked, true);
    }

    private VifRecord outcome(VIFBase vif, InstanceInfo instance, VifState state, long nanos, Throwable error,
            VifRecord asked, boolean later) {
        VifRecord r = recordOf(vif, instance, state, nanos, error, asked);
        Entry before = entries.get(r.vifId());
        Entry e = new Entry(r, before == null ? List.of() : before.objects());
        if (later) {
            entries.put(r.vifId(), e);
            journal.putLater(e);
        } else {
            put(e);
        }
        if (entries.size() > limit) {
            trim();
        }
        return r;
    }

    /**
     * Writes a failure, without committing, and returns the call's record to publish once committed. A plug
     * that failed changed nothing that stays (a refused plug nothing, a failed one undid its changes), so where
     * the record held the VIF before the call ({@code before}, its entry before the call's intent) it holds
     * it still, as the host does: a VIF plugged before stays {@link VifState#PLUGGED} with the earlier plug's
     * primitive, instance and host objects; a plug a crash interrupted (finished at start, or asked again)
     * stays interrupted ({@link VifState#PLUGGING}), as it is unknown whether the host had the VIF before it,
     * so gc leaves its objects and repair tries again. Either way the entry says the call's error and time.
     */
    VifRecord failure(Entry before, VIFBase vif, InstanceInfo instance, boolean plug, long nanos, Throwable error) {
        VifState held = before == null ? null : before.record().state();
        if (!plug || (held != VifState.PLUGGED && held != VifState.PLUGGING)) {
            return outcome(vif, instance, plug ? VifState.PLUG_FAILED : VifState.UNPLUG_FAILED, nanos, error, null);
        }
        VifRecord failed = recordOf(vif, instance, VifState.PLUG_FAILED, nanos, error, null);
        VifRecord b = before.record();
        String stays = held == VifState.PLUGGED ? "plugging it again failed, the earlier plug stays: "
                : "finishing the plug a crash interrupted failed, it stays interrupted: ";
        put(new Entry(new VifRecord(b.vifId(), b.vifType(), b.plugin(), b.vifName(), b.instanceUuid(), held,
                failed.at(), failed.duration(), stays + failed.error(), b.primitive(), b.instance()), before.objects()));
        return failed;
    }

    /** Makes what was written durable. */
    void commit() {
        journal.commit();
    }

    /** Makes the intents written durable; the outcomes written become so within a fraction of a second. */
    void commitIntents() {
        journal.commitIntents();
    }

    /** An outcome written, committed and published: {@link #outcome}, {@link #commit()}, {@link #publish}. */
    void record(VIFBase vif, InstanceInfo instance, VifState state, long nanos, Throwable error, RecordPublisher events) {
        VifRecord r = outcome(vif, instance, state, nanos, error, null);
        commit();
        publish(r, error, events);
    }

    /** Publishes the outcome, when there is a publisher. */
    static void publish(VifRecord r, Throwable error, RecordPublisher events) {
        audit(r, error);
        if (events != null) {
            events.publish(r, r.duration().toNanos(), error);
        }
    }

    private VifRecord recordOf(VIFBase vif, InstanceInfo instance, VifState state, long nanos, Throwable error,
            VifRecord asked) {
        String id = vif.getId();
        Object vifName = vif.schema().field("vif_name") != null ? vif.get("vif_name") : null;
        String instanceUuid = instance != null && instance.isSet(InstanceInfo.UUID) ? instance.getUuid() : null;
        String message = error == null ? null : error.getMessage();
        return new VifRecord(id == null ? "" : id, vif.objName(), vif.getPlugin(),
                vifName == null ? null : vifName.toString(), instanceUuid, state, clock.instant(),
                Duration.ofNanos(nanos), message, asked != null ? asked.primitive() : vif.toJson(),
                asked != null ? asked.instance() : instance == null ? null : instance.toJson());
    }

    private void put(Entry e) {
        entries.put(e.record().vifId(), e);
        journal.put(e);
    }

    /** The operator's audit trail: one line per plug and unplug, failures at WARNING with their cause. */
    static void audit(VifRecord r, Throwable error) {
        if (r.state() == VifState.PLUGGING || r.state() == VifState.UNPLUGGING) {
            return;
        }
        String line = r.state() + " VIF " + r.vifId() + " (" + r.vifType() + ", plugin " + r.plugin()
                + (r.vifName() == null ? "" : ", name " + r.vifName()) + ") in "
                + millis(r.duration().toNanos()) + " ms";
        if (error == null) {
            AUDIT.info(line);
        } else {
            AUDIT.warn(line + ": " + (error instanceof OsVifException e ? e.type()
                    : error.getClass().getSimpleName()) + ": " + error.getMessage());
        }
    }

    /** Milliseconds with three decimals, as {@code %.3f} writes them (a Formatter cost a tenth of a noop plug). */
    static String millis(long nanos) {
        long micros = Math.round(nanos / 1000.0);
        return micros / 1000 + "." + String.valueOf(1000 + micros % 1000).substring(1);
    }

    /** Compaction: unplugged VIFs beyond the limit leave the record, oldest first. */
    private synchronized void trim() {
        List<VifRecord> unplugged = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.record().state() == VifState.UNPLUGGED) {
                unplugged.add(e.record());
            }
        }
        unplugged.sort(Comparator.comparing(VifRecord::at));
        for (int i = 0; i < unplugged.size() && entries.size() > limit; i++) {
            VifRecord r = unplugged.get(i);
            Entry e = entries.get(r.vifId());
            if (e != null && e.record() == r && entries.remove(r.vifId(), e)) {
                journal.remove(r.vifId());
            }
        }
    }

    List<VifRecord> all() {
        List<VifRecord> out = new ArrayList<>(entries.size());
        for (Entry e : entries.values()) {
            out.add(e.record());
        }
        out.sort(Comparator.comparing(VifRecord::at).reversed());
        return out;
    }

    Optional<VifRecord> get(String vifId) {
        Entry e = entries.get(vifId);
        return e == null ? Optional.empty() : Optional.of(e.record());
    }

    Optional<Entry> entry(String vifId) {
        return Optional.ofNullable(entries.get(vifId));
    }

    /** Every entry, in no order. */
    List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    /** The sizes of the record's files in bytes (main, recent and intents store); for tests. */
    long[] fileSizes() {
        return journal.fileSizes();
    }

    /** Where the record lives. */
    String where() {
        return journal.where();
    }

    @Override
    public void close() {
        journal.close();
    }

    /** Lets go of the file without a last commit, as a killed process would; for tests. */
    void closeAsIfKilled() {
        journal.closeAsIfKilled();
    }
}
