package org.jvif.console.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jvif.api.CheckReport;
import org.jvif.api.Finding;
import org.jvif.api.GcReport;
import org.jvif.api.HostObject;
import org.jvif.api.MarkedObject;
import org.jvif.api.VifCheck;
import org.jvif.api.VifHostState;
import org.jvif.api.VifOutcome;
import org.jvif.api.object.Json;

/**
 * {@code vif:check}, {@code vif:repair} and {@code vif:gc}: the same logic for Gogo and Karaf. Each returns
 * what to show and, when anything is off, the one line the command fails with after showing it (so the
 * shell's exit status is not zero).
 */
public final class HostStateConsole {
    private final VifHostState hostState;

    public HostStateConsole(VifHostState hostState) {
        this.hostState = hostState;
    }

    /** What a command shows, and the failure it ends with, or null when all is well. */
    public record Outcome(Object shown, String failure) {
    }

    public Outcome check(List<String> ids, boolean json) throws CommandFailure {
        CheckReport r;
        try {
            r = hostState.check(ids);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
        long off = r.vifs().stream().filter(c -> !c.ok()).count();
        String failure = r.clean() ? null
                : "vif:check: " + off + " of " + r.vifs().size() + " VIFs not ok, " + r.orphans().size() + " orphans";
        return new Outcome(json ? Json.write(checkJson(r)) : checkTable(r), failure);
    }

    static Table checkTable(CheckReport r) {
        Table t = new Table("ID", "PLUGIN", "NAME", "STATUS", "DETAIL");
        for (VifCheck c : r.vifs()) {
            List<String> off = new ArrayList<>();
            for (Finding f : c.findings()) {
                if (f.verdict() != Finding.Verdict.OK) {
                    off.add(f.toString());
                }
            }
            if (c.note() != null) {
                off.add(0, c.note());
            }
            t.row(c.vifId(), c.plugin(), c.vifName(), lower(c.status()), String.join("; ", off));
        }
        for (MarkedObject o : r.orphans()) {
            t.row(o.vifId(), "", o.object().name(), "orphan", o.object() + " marked as VIF " + o.vifId()
                    + "'s; no plugged VIF explains it");
        }
        return t;
    }

    static Map<String, Object> checkJson(CheckReport r) {
        List<Object> vifs = new ArrayList<>();
        for (VifCheck c : r.vifs()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", c.vifId());
            v.put("plugin", c.plugin());
            v.put("vif_name", c.vifName());
            v.put("status", lower(c.status()));
            v.put("note", c.note());
            List<Object> findings = new ArrayList<>();
            for (Finding f : c.findings()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("object", object(f.object()));
                m.put("item", f.item());
                m.put("verdict", lower(f.verdict()));
                m.put("wanted", f.wanted());
                m.put("found", f.found());
                findings.add(m);
            }
            v.put("findings", findings);
            vifs.add(v);
        }
        List<Object> orphans = new ArrayList<>();
        for (MarkedObject o : r.orphans()) {
            Map<String, Object> m = object(o.object());
            m.put("vif_id", o.vifId());
            orphans.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clean", r.clean());
        out.put("vifs", vifs);
        out.put("orphans", orphans);
        return out;
    }

    private static Map<String, Object> object(HostObject o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", lower(o.kind()));
        m.put("name", o.name());
        m.put("where", o.where());
        return m;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public Outcome repair(List<String> ids, boolean all) throws CommandFailure {
        if (ids.isEmpty() == !all) {
            throw new CommandFailure("vif:repair takes VIF ids or --all, not " + (all ? "both" : "neither"), null);
        }
        List<VifOutcome> done;
        try {
            done = hostState.repair(ids);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
        Table t = new Table("ID", "NAME", "OUTCOME");
        long failed = 0;
        for (VifOutcome o : done) {
            Object name = o.call().vif().schema().field("vif_name") != null ? o.call().vif().get("vif_name") : null;
            if (o.ok()) {
                t.row(o.call().vif().getId(), name, "ok");
            } else {
                failed++;
                t.row(o.call().vif().getId(), name, firstLine(o.error()));
            }
        }
        return new Outcome(t, failed == 0 ? null : "vif:repair: " + failed + " of " + done.size() + " VIFs failed");
    }

    public Outcome gc(boolean dryRun) {
        GcReport r = hostState.gc(dryRun);
        Table t = new Table("VIF", "OBJECT", "RESULT");
        for (MarkedObject o : r.removed()) {
            t.row(o.vifId(), o.object(), dryRun ? "would be removed" : "removed");
        }
        r.failed().forEach((o, why) -> t.row(o.vifId(), o.object(), "failed: " + why));
        return new Outcome(t, r.failed().isEmpty() ? null : "vif:gc: " + r.failed().size() + " orphans could not be removed");
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
