package org.jvif.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jvif.api.CheckReport;
import org.jvif.api.Finding;
import org.jvif.api.GcReport;
import org.jvif.api.HostObject;
import org.jvif.api.MarkedObject;
import org.jvif.api.VifCall;
import org.jvif.api.VifCheck;
import org.jvif.api.VifHostState;
import org.jvif.api.VifOutcome;
import org.jvif.api.model.VIFBase;
import org.jvif.api.object.Json;
import org.junit.jupiter.api.Test;

/** vif:check, vif:repair, vif:gc as tables and JSON, failing when anything is off. */
class HostStateConsoleTest {
    static final HostObject TAP = HostObject.device("tap1");

    /** A host state with one drifted VIF and one orphan. */
    static final class Drifted implements VifHostState {
        Collection<String> repaired;

        @Override
        public CheckReport check(Collection<String> vifIds) {
            if (vifIds.contains("nope")) {
                throw new IllegalArgumentException("VIF nope: not in the record");
            }
            return new CheckReport(List.of(
                    new VifCheck("a", "ovs", "tap1", VifCheck.Status.DRIFTED,
                            List.of(Finding.ok(TAP, null), Finding.drifted(TAP, "mtu", 1500, 9000)), null),
                    new VifCheck("b", "ovs", "tap2", VifCheck.Status.OK, List.of(), null)),
                    List.of(new MarkedObject(new HostObject(HostObject.Kind.OVS_PORT, "qvo9", "br-int"), "z")));
        }

        @Override
        public List<VifOutcome> repair(Collection<String> vifIds) {
            repaired = vifIds;
            VIFBase vif = new VIFBase();
            vif.setId("a");
            return List.of(new VifOutcome(new VifCall(vif, null), null));
        }

        @Override
        public GcReport gc(boolean dryRun) {
            return new GcReport(List.of(new MarkedObject(TAP, "z")), Map.of(), dryRun);
        }

        @Override
        public List<VifOutcome> reconcile(Collection<VifCall> desired) {
            throw new UnsupportedOperationException();
        }
    }

    private final Drifted state = new Drifted();
    private final HostStateConsole console = new HostStateConsole(state);

    @Test
    void checkShowsWhatIsOffAndFails() throws Exception {
        HostStateConsole.Outcome out = console.check(List.of(), false);
        assertEquals("vif:check: 1 of 2 VIFs not ok, 1 orphans", out.failure());
        Table t = (Table) out.shown();
        assertEquals(List.of("a", "ovs", "tap1", "drifted", "device tap1 mtu: wanted 1500, found 9000"), t.rows().get(0));
        assertEquals("ok", t.rows().get(1).get(3));
        assertEquals(List.of("z", "", "qvo9", "orphan", "ovs-port qvo9 (br-int) marked as VIF z's; no plugged VIF explains it"),
                t.rows().get(2));
    }

    @Test
    @SuppressWarnings("unchecked")
    void checkAsJson() throws Exception {
        Map<String, Object> json = (Map<String, Object>) Json.parse((String) console.check(List.of(), true).shown());
        assertEquals(false, json.get("clean"));
        Map<String, Object> a = (Map<String, Object>) ((List<Object>) json.get("vifs")).get(0);
        assertEquals("drifted", a.get("status"));
        Map<String, Object> mtu = (Map<String, Object>) ((List<Object>) a.get("findings")).get(1);
        assertEquals(Map.of("kind", "device", "name", "tap1"), Map.of("kind", ((Map<String, Object>) mtu.get("object")).get("kind"),
                "name", ((Map<String, Object>) mtu.get("object")).get("name")));
        assertEquals("9000", mtu.get("found"));
        assertEquals("z", ((Map<String, Object>) ((List<Object>) json.get("orphans")).get(0)).get("vif_id"));
    }

    @Test
    void anUnknownIdIsOneClearLine() {
        CommandFailure e = assertThrows(CommandFailure.class, () -> console.check(List.of("nope"), false));
        assertEquals("VIF nope: not in the record", e.getMessage());
    }

    @Test
    void repairTakesIdsOrAllNotBothNorNeither() throws Exception {
        assertThrows(CommandFailure.class, () -> console.repair(List.of(), false));
        assertThrows(CommandFailure.class, () -> console.repair(List.of("a"), true));
        HostStateConsole.Outcome out = console.repair(List.of(), true);
        assertNull(out.failure());
        assertEquals(List.of(), state.repaired);
        assertEquals("ok", ((Table) out.shown()).rows().get(0).get(2));
    }

    @Test
    void gcSaysWhatItRemovedOrWould() {
        assertTrue(console.gc(true).shown().toString().contains("would be removed"));
        assertNull(console.gc(false).failure());
    }
}
