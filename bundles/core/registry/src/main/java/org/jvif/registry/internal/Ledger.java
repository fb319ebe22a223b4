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

/**
 * The bookkeeping of plugs and unplugs: the latest record of each VIF by id, each published as it is made.
 * Records of unplugged VIFs are dropped, oldest first, once there are more than {@code limit}; plugged VIFs
 * and failures are kept whatever their number.
 */
final class Ledger {
    /** The platform's limit. */
    static final int LIMIT = 100_000;
    /** Where the audit trail goes: a logger of its own, for an operator to route or silence. */
    static final System.Logger AUDIT = System.getLogger("org.jvif.audit");

    private final ConcurrentHashMap<String, VifRecord> records = new ConcurrentHashMap<>();
    private final int limit;
    private final Clock clock;

    Ledger(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    void record(VIFBase vif, InstanceInfo instance, VifState state, long nanos, Throwable error,
            RecordPublisher events) {
        String id = vif.getId();
        Object vifName = vif.schema().field("vif_name") != null ? vif.get("vif_name") : null;
        String instanceUuid = instance != null && instance.isSet(InstanceInfo.UUID) ? instance.getUuid() : null;
        String message = error == null ? null : error.getMessage();
        VifRecord r = new VifRecord(id == null ? "" : id, vif.objName(), vif.getPlugin(),
                vifName == null ? null : vifName.toString(), instanceUuid, state, clock.instant(),
                Duration.ofNanos(nanos), message, vif.toJson(), instance == null ? null : instance.toJson());
        records.put(r.vifId(), r);
        if (records.size() > limit) {
            trim();
        }
        audit(r, error);
        if (events != null) {
            events.publish(r, nanos, error);
        }
    }

    /** The operator's audit trail: one line per plug and unplug, failures at WARNING with their cause. */
    static void audit(VifRecord r, Throwable error) {
        if (r.state() == VifState.PLUGGING || r.state() == VifState.UNPLUGGING) {
            return;
        }
        String line = r.state() + " VIF " + r.vifId() + " (" + r.vifType() + ", plugin " + r.plugin()
                + (r.vifName() == null ? "" : ", name " + r.vifName()) + ") in "
                + String.format(java.util.Locale.ROOT, "%.3f", r.duration().toNanos() / 1e6) + " ms";
        if (error == null) {
            AUDIT.log(System.Logger.Level.INFO, line);
        } else {
            AUDIT.log(System.Logger.Level.WARNING, line + ": " + (error instanceof OsVifException e ? e.type()
                    : error.getClass().getSimpleName()) + ": " + error.getMessage());
        }
    }

    private synchronized void trim() {
        List<VifRecord> unplugged = new ArrayList<>();
        for (VifRecord r : records.values()) {
            if (r.state() == VifState.UNPLUGGED) {
                unplugged.add(r);
            }
        }
        unplugged.sort(Comparator.comparing(VifRecord::at));
        for (int i = 0; i < unplugged.size() && records.size() > limit; i++) {
            records.remove(unplugged.get(i).vifId(), unplugged.get(i));
        }
    }

    List<VifRecord> all() {
        List<VifRecord> out = new ArrayList<>(records.values());
        out.sort(Comparator.comparing(VifRecord::at).reversed());
        return out;
    }

    Optional<VifRecord> get(String vifId) {
        return Optional.ofNullable(records.get(vifId));
    }
}
