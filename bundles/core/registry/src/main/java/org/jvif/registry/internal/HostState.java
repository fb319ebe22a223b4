package org.jvif.registry.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jvif.api.CheckReport;
import org.jvif.api.Finding;
import org.jvif.api.GcReport;
import org.jvif.api.HostObject;
import org.jvif.api.MarkedObject;
import org.jvif.api.NoMatchingPlugin;
import org.jvif.api.OwnerMark;
import org.jvif.api.VifCall;
import org.jvif.api.VifCheck;
import org.jvif.api.VifOutcome;
import org.jvif.api.VifPlugin;
import org.jvif.api.VifRecord;
import org.jvif.api.VifState;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.api.object.VersionedObject;
import org.jvif.registry.internal.Journal.Entry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host held to the record ({@link org.jvif.api.VifHostState}): check, repair, gc, reconcile to a desired
 * set, and the reconcile at start. Each step on a VIF takes that VIF's turn ({@link Sequencer}), so it never
 * runs beside a plug or unplug of the same VIF.
 *
 * <p>At start every VIF the record holds as plugged, or with a call in flight when the platform stopped,
 * waits for its backend and object types; as soon as they are installed, {@code repair} finishes the calls in
 * flight by doing them again (a plug in flight is plugged, an unplug in flight is unplugged: both are
 * idempotent, so the host ends as the call's caller asked) and plugs again what check finds drifted or
 * missing; {@code report} only logs what check finds.
 */
final class HostState {
    private static final Logger LOG = LoggerFactory.getLogger(HostState.class);

    private final OsVifRegistry registry;
    /** VIF ids the start-up reconcile has yet to take (their backend or object types are not there yet). */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean repairOnStart;

    HostState(OsVifRegistry registry) {
        this.registry = registry;
    }

    void start(boolean repair) {
        repairOnStart = repair;
        for (Entry e : registry.ledger.entries()) {
            if (Ledger.holds(e.record().state())) {
                pending.add(e.record().vifId());
            }
        }
        started = true;
        arrived();
    }

    /** The mode for VIFs the start-up reconcile takes from now on. */
    void repairOnStart(boolean repair) {
        repairOnStart = repair;
    }

    void stop() {
        started = false;
        pending.clear();
    }

    /** A backend or object type arrived: the start-up reconcile may take more VIFs now. */
    void arrived() {
        if (started && !pending.isEmpty() && scheduled.compareAndSet(false, true)) {
            try {
                registry.pool.execute(this::reconcilePending);
            } catch (RejectedExecutionException e) {
                scheduled.set(false); // stopping
            }
        }
    }

    private void reconcilePending() {
        scheduled.set(false);
        // the backends of this pass, once: one arriving midway is another pass's, which takes all of its VIFs
        Backends backends = registry.backends();
        List<String> ready = new ArrayList<>();
        // each record read once: its check and its plug take the VIF read here (while the record is unchanged)
        Decoded decoded = new Decoded();
        // repairing, the first VIF found ready is repaired at once, ahead of the others: its plug makes what the
        // VIFs share on the host (after a reboot a bridge, for which ovs-vswitchd makes a datapath: about 0.1 s
        // for a netdev one) while the others are read, checked and their intents written, rather than after
        Ahead ahead = null;
        for (String id : new ArrayList<>(pending)) {
            Entry e = registry.ledger.entry(id).orElse(null);
            if (e == null || !Ledger.holds(e.record().state())) {
                pending.remove(id);
            } else if (backends.get(e.record().plugin()) != null && decoded.get(e.record()) != null) {
                if (repairOnStart && ahead == null && pending.remove(id)) {
                    try {
                        ahead = new Ahead(id, decoded);
                    } catch (RejectedExecutionException stopping) {
                        return;
                    }
                } else {
                    ready.add(id);
                }
            }
        }
        // a reconcile scheduled meanwhile may have taken some: each VIF goes to one of them only
        ready.removeIf(id -> !pending.remove(id));
        if (ready.isEmpty() && ahead == null) {
            return;
        }
        try {
            if (repairOnStart) {
                List<VifOutcome> outcomes = new ArrayList<>();
                List<VifOutcome> rest = List.of();
                if (!ready.isEmpty()) {
                    // once the first VIF is checked (long since, as a rule): its plug goes first
                    if (ahead != null) {
                        ahead.checked.join();
                    }
                    rest = repair(ready, decoded);
                }
                if (ahead != null) {
                    outcomes.addAll(ahead.outcomes.join());
                }
                outcomes.addAll(rest);
                long failed = outcomes.stream().filter(o -> !o.ok()).count();
                LOG.info("start-up reconcile: " + (ready.size() + (ahead == null ? 0 : 1)) + " VIFs of the record checked, "
                        + (outcomes.size() - failed) + " plugged or unplugged again, " + failed + " failed");
                for (VifOutcome o : outcomes) {
                    if (!o.ok()) {
                        LOG.warn("start-up reconcile: VIF " + o.call().vif().getId() + ": "
                                + o.error().getMessage());
                    }
                }
            } else {
                for (Inspected i : checkAll(ready, decoded)) {
                    VifCheck c = i.check;
                    if (!c.ok()) {
                        LOG.warn("start-up check: VIF " + c.vifId() + " " + c.status()
                                + (c.note() == null ? "" : " (" + c.note() + ")") + offItems(c));
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("start-up reconcile failed", e instanceof CompletionException && e.getCause() != null
                    ? e.getCause() : e);
        }
    }

    /**
     * The start-up reconcile's first VIF, repaired on the pool ahead of the others: a repair of its own, as a
     * {@code vif:repair} of it would be (its intent committed before its backend is called).
     */
    private final class Ahead {
        final CompletableFuture<Void> checked = new CompletableFuture<>();
        final CompletableFuture<List<VifOutcome>> outcomes;

        Ahead(String id, Decoded decoded) {
            outcomes = CompletableFuture.supplyAsync(() -> {
                try {
                    return repair(List.of(id), decoded, () -> checked.complete(null));
                } finally {
                    checked.complete(null);
                }
            }, registry.pool);
        }
    }

    private static String offItems(VifCheck c) {
        StringBuilder b = new StringBuilder();
        for (Finding f : c.findings()) {
            if (f.verdict() != Finding.Verdict.OK) {
                b.append("; ").append(f);
            }
        }
        return b.toString();
    }

    CheckReport check(Collection<String> vifIds) {
        List<VifCheck> out = new ArrayList<>();
        for (Inspected i : checkAll(targets(vifIds, false), new Decoded())) {
            out.add(i.check);
        }
        List<MarkedObject> orphans = new ArrayList<>();
        if (vifIds.isEmpty()) {
            for (Orphan o : orphans()) {
                orphans.add(o.marked);
            }
        }
        return new CheckReport(out, orphans);
    }

    List<VifOutcome> repair(Collection<String> vifIds) {
        return repair(vifIds, new Decoded());
    }

    private List<VifOutcome> repair(Collection<String> vifIds, Decoded decoded) {
        return repair(vifIds, decoded, () -> { });
    }

    /** @param checked run once the VIFs are checked, before any is plugged or unplugged again */
    private List<VifOutcome> repair(Collection<String> vifIds, Decoded decoded, Runnable checked) {
        List<VifOutcome> out = new ArrayList<>();
        List<Inspected> plugs = new ArrayList<>();
        List<Inspected> unplugs = new ArrayList<>();
        List<Inspected> inspected = checkAll(targets(vifIds, true), decoded);
        checked.run();
        for (Inspected i : inspected) {
            switch (i.check.status()) {
                case OK:
                    break;
                case INTERRUPTED:
                    (i.state == VifState.UNPLUGGING ? unplugs : plugs).add(i);
                    break;
                case UNCHECKED:
                    if (i.call == null) {
                        out.add(new VifOutcome(placeholder(i), new NoMatchingPlugin(i.check.plugin())));
                    } else if (i.state == VifState.PLUGGED) {
                        plugs.add(i); // a backend that cannot inspect: plugging again is harmless
                    }
                    break;
                default:
                    plugs.add(i);
            }
        }
        out.addAll(again(unplugs, false));
        out.addAll(again(plugs, true));
        return out;
    }

    /**
     * Plugs or unplugs these VIFs again as the record has them: the intents carry the record's own primitives
     * (the VIFs were read from them), not a serialization of the objects read.
     */
    private List<VifOutcome> again(List<Inspected> inspected, boolean plug) {
        List<VifCall> calls = new ArrayList<>(inspected.size());
        List<VifRecord> records = new ArrayList<>(inspected.size());
        for (Inspected i : inspected) {
            calls.add(i.call);
            records.add(i.record);
        }
        return registry.runAll(calls, plug, records);
    }

    /** A call to report a VIF by, when its primitive cannot be read back. */
    private static VifCall placeholder(Inspected i) {
        VIFBase vif = new VIFBase();
        vif.setId(i.check.vifId());
        vif.setPlugin(i.check.plugin());
        return new VifCall(vif, null);
    }

    GcReport gc(boolean dryRun) {
        List<MarkedObject> removed = new ArrayList<>();
        Map<MarkedObject, String> failed = new LinkedHashMap<>();
        for (Orphan o : orphans()) {
            if (dryRun) {
                removed.add(o.marked);
                continue;
            }
            Sequencer.Ticket t = registry.sequencer.enter(
                    OsVifRegistry.keys(o.marked.vifId(), List.of(o.marked.object().name())));
            try {
                t.await();
                if (explained(o.marked)) {
                    continue; // plugged meanwhile: no longer an orphan
                }
                o.backend.remove(o.marked);
                removed.add(o.marked);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.put(o.marked, "interrupted");
                break;
            } catch (Exception e) {
                failed.put(o.marked, String.valueOf(e.getMessage()));
            } finally {
                t.leave();
            }
        }
        return new GcReport(removed, failed, dryRun);
    }

    List<VifOutcome> reconcile(Collection<VifCall> desired) {
        Set<String> wanted = new HashSet<>();
        List<VifCall> plugs = new ArrayList<>();
        // those the record holds as asked are plugged again only when the host is off
        Map<String, VifCall> same = new LinkedHashMap<>();
        for (VifCall c : desired) {
            String id = c.vif().getId();
            wanted.add(id);
            Entry e = id == null ? null : registry.ledger.entry(id).orElse(null);
            if (e != null && e.record().state() == VifState.PLUGGED
                    && e.record().primitive().equals(c.vif().toJson())
                    && java.util.Objects.equals(e.record().instance(), c.instanceInfo() == null ? null : c.instanceInfo().toJson())
                    && !same.containsKey(id)) {
                same.put(id, c);
            } else {
                plugs.add(c);
            }
        }
        for (Inspected i : checkAll(new ArrayList<>(same.keySet()), new Decoded())) {
            if (!i.check.ok()) {
                plugs.add(same.get(i.check.vifId()));
            }
        }
        List<VifCall> unplugs = new ArrayList<>();
        for (Entry e : registry.ledger.entries()) {
            if (Ledger.holds(e.record().state()) && !wanted.contains(e.record().vifId())) {
                VifCall c = decode(e.record());
                if (c != null) {
                    unplugs.add(c);
                }
            }
        }
        List<VifOutcome> out = new ArrayList<>(registry.unplugAll(unplugs));
        out.addAll(registry.plugAll(plugs));
        return out;
    }

    /** The ids to act on: those asked for, each known to the record, or every VIF it holds as plugged. */
    private List<String> targets(Collection<String> vifIds, boolean heldOnly) {
        if (vifIds.isEmpty()) {
            Set<String> ids = new TreeSet<>();
            for (Entry e : registry.ledger.entries()) {
                if (Ledger.holds(e.record().state())) {
                    ids.add(e.record().vifId());
                }
            }
            return new ArrayList<>(ids);
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String id : vifIds) {
            VifRecord r = registry.ledger.get(id).orElseThrow(
                    () -> new IllegalArgumentException("VIF " + id + ": not in the record"));
            if (heldOnly && !Ledger.holds(r.state())) {
                throw new IllegalArgumentException("VIF " + id + ": the record says " + r.state()
                        + "; only VIFs it holds as plugged are repaired");
            }
            ids.add(id);
        }
        return new ArrayList<>(ids);
    }

    /**
     * Whether a VIF the record holds as plugged explains the object: the VIF its mark names, or for a mark a
     * killed plug never wrote ({@link OwnerMark#UNWRITTEN}) one whose record names the object.
     */
    private boolean explained(MarkedObject m) {
        if (!OwnerMark.UNWRITTEN.equals(m.vifId())) {
            return held(m.vifId());
        }
        for (Entry e : registry.ledger.entries()) {
            if (Ledger.holds(e.record().state()) && e.objects().contains(m.object().name())) {
                return true;
            }
        }
        return false;
    }

    private boolean held(String vifId) {
        return registry.ledger.get(vifId).map(r -> Ledger.holds(r.state())).orElse(false);
    }

    /** A VIF's check, with what it takes to plug it again: the record checked, the VIF read from it. */
    private static final class Inspected {
        final VifCheck check;
        final VifRecord record;
        final VifState state;
        final VifCall call;

        Inspected(VifCheck check, VifRecord record, VifCall call) {
            this.check = check;
            this.record = record;
            this.state = record.state();
            this.call = call;
        }
    }

    /**
     * Checks these VIFs in one turn (after every call on any of them that arrived before), each backend's
     * VIFs in one {@link VifPlugin#inspectAll}; in the ids' order.
     */
    private List<Inspected> checkAll(List<String> ids, Decoded decoded) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Entry> before = new ArrayList<>(ids.size());
        Set<String> keys = new LinkedHashSet<>();
        for (String id : ids) {
            Entry e = registry.ledger.entry(id).orElseThrow(() -> new IllegalArgumentException("VIF " + id + ": not in the record"));
            before.add(e);
            keys.addAll(OsVifRegistry.keys(id, e.objects()));
        }
        Sequencer.Ticket t = registry.sequencer.enter(keys);
        try {
            t.await();
            List<VifRecord> records = new ArrayList<>(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                records.add(registry.ledger.entry(ids.get(i)).orElse(before.get(i)).record());
            }
            return inspect(records, decoded);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting to check VIF" + (ids.size() == 1 ? " " + ids.get(0)
                    : "s " + ids), e);
        } finally {
            t.leave();
        }
    }

    private List<Inspected> inspect(List<VifRecord> records, Decoded decoded) {
        Inspected[] out = new Inspected[records.size()];
        VifCall[] calls = new VifCall[records.size()];
        Map<VifPlugin, List<Integer>> byBackend = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            VifRecord r = records.get(i);
            calls[i] = decoded.get(r);
            VifPlugin backend = registry.backends().get(r.plugin());
            out[i] = notInspected(r, calls[i], backend);
            if (out[i] == null) {
                byBackend.computeIfAbsent(backend, k -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<VifPlugin, List<Integer>> e : byBackend.entrySet()) {
            VifPlugin backend = e.getKey();
            List<Integer> at = e.getValue();
            List<List<Finding>> found = null;
            if (at.size() > 1) {
                List<VifCall> batch = new ArrayList<>(at.size());
                at.forEach(i -> batch.add(calls[i]));
                try {
                    found = backend.inspectAll(batch);
                    if (found != null && found.size() != batch.size()) {
                        found = null;
                    }
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                } catch (Exception | LinkageError x) {
                    // one by one, each with its own answer
                }
            }
            for (int k = 0; k < at.size(); k++) {
                int i = at.get(k);
                out[i] = found != null ? inspected(records.get(i), calls[i], found.get(k))
                        : inspectOne(backend, records.get(i), calls[i]);
            }
        }
        return Arrays.asList(out);
    }

    /** What check says of a VIF it does not ask its backend about; null when the backend is to inspect it. */
    private Inspected notInspected(VifRecord r, VifCall call, VifPlugin backend) {
        if (r.state() == VifState.PLUGGING || r.state() == VifState.UNPLUGGING) {
            return new Inspected(unchecked(r, VifCheck.Status.INTERRUPTED, "a" + (r.state() == VifState.PLUGGING ? " plug" : "n unplug")
                    + " was in flight when the platform stopped (" + r.at() + "); repair finishes it"), r, call);
        }
        if (r.state() != VifState.PLUGGED) {
            return new Inspected(unchecked(r, VifCheck.Status.UNCHECKED, "the record says " + r.state()
                    + ": nothing of it is expected on the host"), r, call);
        }
        if (backend == null) {
            return new Inspected(unchecked(r, VifCheck.Status.UNCHECKED, "VIF plugin " + r.plugin() + " is not installed"),
                    r, null);
        }
        if (call == null) {
            return new Inspected(unchecked(r, VifCheck.Status.UNCHECKED, "its primitive cannot be read with the object "
                    + "types installed now: " + decodeError(r)), r, null);
        }
        return null;
    }

    private Inspected inspectOne(VifPlugin backend, VifRecord r, VifCall call) {
        List<Finding> findings;
        try {
            findings = backend.inspect(call.vif(), call.instanceInfo());
        } catch (UnsupportedOperationException e) {
            return new Inspected(unchecked(r, VifCheck.Status.UNCHECKED, "VIF plugin " + r.plugin() + " cannot inspect the host"),
                    r, call);
        } catch (Exception e) {
            return new Inspected(unchecked(r, VifCheck.Status.UNCHECKED, "inspection failed: " + e.getMessage()), r, call);
        }
        return inspected(r, call, findings);
    }

    private static Inspected inspected(VifRecord r, VifCall call, List<Finding> findings) {
        return new Inspected(new VifCheck(r.vifId(), r.plugin(), r.vifName(), status(findings), findings, null), r, call);
    }

    /** OK when every item is; MISSING when every object is missing; else DRIFTED. */
    static VifCheck.Status status(List<Finding> findings) {
        boolean allOk = true;
        Map<HostObject, Boolean> missing = new HashMap<>();
        for (Finding f : findings) {
            allOk &= f.verdict() == Finding.Verdict.OK;
            missing.merge(f.object(), f.verdict() == Finding.Verdict.MISSING, Boolean::logicalOr);
        }
        if (allOk) {
            return VifCheck.Status.OK;
        }
        return missing.values().stream().allMatch(Boolean::booleanValue) ? VifCheck.Status.MISSING : VifCheck.Status.DRIFTED;
    }

    private static VifCheck unchecked(VifRecord r, VifCheck.Status status, String note) {
        return new VifCheck(r.vifId(), r.plugin(), r.vifName(), status, List.of(), note);
    }

    /** The VIF and instance of a record, read with the types installed now; null when they cannot be. */
    private VifCall decode(VifRecord r) {
        try {
            return read(r);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The VIFs of records read so far in one pass, by record (by identity: an entry written since is another
     * record, read anew), so that a pass reads each record's primitives once. The VIF objects are the pass's own.
     */
    private final class Decoded {
        private final Map<VifRecord, VifCall> read = new IdentityHashMap<>();

        /** Synchronized: the start-up reconcile's first VIF ({@link Ahead}) shares its pass's. */
        synchronized VifCall get(VifRecord r) {
            if (read.containsKey(r)) {
                return read.get(r);
            }
            VifCall c = decode(r);
            read.put(r, c);
            return c;
        }
    }

    private String decodeError(VifRecord r) {
        try {
            read(r);
            return "";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private VifCall read(VifRecord r) {
        VersionedObject vif = registry.fromJson(r.primitive());
        if (!(vif instanceof VIFBase)) {
            throw new IllegalStateException("not a VIF: " + vif.objName());
        }
        InstanceInfo instance = null;
        if (r.instance() != null) {
            VersionedObject o = registry.fromJson(r.instance());
            if (!(o instanceof InstanceInfo)) {
                throw new IllegalStateException("not an InstanceInfo: " + o.objName());
            }
            instance = (InstanceInfo) o;
        }
        return new VifCall((VIFBase) vif, instance);
    }

    /** A marked object no VIF held as plugged explains, and the backend that listed it. */
    private static final class Orphan {
        final VifPlugin backend;
        final MarkedObject marked;

        Orphan(VifPlugin backend, MarkedObject marked) {
            this.backend = backend;
            this.marked = marked;
        }
    }

    /**
     * Every backend's marked objects no VIF the record holds as plugged explains ({@link #explained}; an object
     * seen by several backends counts once). An object of a VIF held as plugged is never an orphan, whatever
     * its name.
     */
    private List<Orphan> orphans() {
        List<Orphan> out = new ArrayList<>();
        Set<MarkedObject> seen = new HashSet<>();
        Backends now = registry.backends();
        for (int i = 0; i < now.names().size(); i++) {
            List<MarkedObject> marked;
            try {
                marked = now.inNameOrder().get(i).marked();
            } catch (Exception e) {
                LOG.warn("VIF plugin " + now.names().get(i) + " cannot list its marked objects: "
                        + e.getMessage());
                continue;
            }
            for (MarkedObject m : marked) {
                if (!explained(m) && seen.add(m)) {
                    out.add(new Orphan(now.inNameOrder().get(i), m));
                }
            }
        }
        return out;
    }
}
