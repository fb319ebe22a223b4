package org.jvif.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.jvif.api.CheckReport;
import org.jvif.api.Finding;
import org.jvif.api.GcReport;
import org.jvif.api.HostObjectTaken;
import org.jvif.api.MarkedObject;
import org.jvif.api.PlugException;
import org.jvif.api.VifCall;
import org.jvif.api.VifCheck;
import org.jvif.api.VifOutcome;
import org.jvif.api.VifRecord;
import org.jvif.api.VifState;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable record, check, repair, gc, reconcile and the reconcile at start, over {@link FakeHost}. */
class HostStateTest {
    static final String A = "1ce6394f-cfdb-4c77-818f-ccee8a1dcd0a";
    static final String B = "1ce6394f-cfdb-4c77-818f-ccee8a1dcd0b";
    static final String C = "1ce6394f-cfdb-4c77-818f-ccee8a1dcd0c";

    @TempDir
    Path dir;

    private OsVifRegistry registry;
    private FakeHost host = new FakeHost();

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.deactivate();
        }
    }

    Path file() {
        return dir.resolve("data/record.mv.db");
    }

    /** A platform over the record file, with or without the backend installed before it starts. */
    OsVifRegistry start(boolean backendFirst, boolean repair) {
        if (registry != null) {
            registry.deactivate();
        }
        registry = new OsVifRegistry();
        OsVifRegistryTest.install(registry, VIFOpenVSwitch.SCHEMA);
        if (backendFirst) {
            OsVifRegistryTest.install(registry, FakeHost.NAME, host);
        }
        registry.open(file(), repair);
        return registry;
    }

    static VIFOpenVSwitch vif(String id, String vifName) {
        VIFOpenVSwitch vif = new VIFOpenVSwitch();
        vif.setId(id);
        vif.setPlugin(FakeHost.NAME);
        vif.setVifName(vifName);
        vif.setAddress("fa:16:3e:00:00:0" + id.charAt(id.length() - 1));
        return vif;
    }

    static InstanceInfo instance() {
        InstanceInfo i = new InstanceInfo();
        i.setUuid("d5b67c48-0a05-4d6c-8a2e-7f1a3a2c1b11");
        i.setName("vm1");
        return i;
    }

    static void eventually(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void theRecordSurvivesARestartWithPrimitiveAndInstance() {
        start(true, true);
        registry.plug(vif(A, "tapa"), instance());
        registry.plug(vif(B, "tapb"), null);
        registry.unplug(vif(B, "tapb"), null);
        registry.deactivate();
        registry = null;

        start(true, true);
        VifRecord a = registry.vif(A).orElseThrow();
        assertEquals(VifState.PLUGGED, a.state());
        assertEquals(vif(A, "tapa").toJson(), a.primitive());
        assertEquals(instance().toJson(), a.instance());
        assertEquals("tapa", a.vifName());
        assertEquals(VifState.UNPLUGGED, registry.vif(B).orElseThrow().state());
        assertEquals(List.of(A, B), registry.vifs().stream().map(VifRecord::vifId).sorted().toList());
    }

    /**
     * The start-up reconcile plugs a VIF again as the record has it: its record read once, the intent and the
     * outcome carry the record's own text of its primitive (here as another writer spaced it), not one written
     * anew from the object read.
     */
    @Test
    void aVifPluggedAgainAtStartKeepsItsRecordedPrimitive() throws Exception {
        String text = vif(A, "tapa").toJson().replace("\": ", "\":").replace(", \"", ",\"");
        assertNotEquals(vif(A, "tapa").toJson(), text);
        Journal j = Journal.open(file());
        j.put(new Journal.Entry(new VifRecord(A, "VIFOpenVSwitch", FakeHost.NAME, "tapa", null, VifState.PLUGGED,
                java.time.Instant.now(), java.time.Duration.ZERO, null, text, instance().toJson()),
                List.of("tapa", "br-tapa")));
        j.commit();
        j.close();
        start(true, true);
        eventually("A plugged again", () -> !registry.vif(A).orElseThrow().duration().isZero());
        assertEquals(Set.of("tapa", "br-tapa"), host.host.keySet());
        VifRecord a = registry.vif(A).orElseThrow();
        assertEquals(VifState.PLUGGED, a.state());
        assertEquals(text, a.primitive());
        assertEquals(instance().toJson(), a.instance());
        assertTrue(registry.check(List.of()).clean());
    }

    /** What a platform killed in the middle of a call leaves: the intent committed, no outcome. */
    void crashDuring(VIFBase vif, VifState intent) {
        Ledger l = new Ledger(Journal.open(file()), Ledger.LIMIT, Clock.systemUTC());
        l.intent(vif, instance(), intent, List.copyOf(host.hostObjects(vif).stream().map(o -> o.name()).toList()));
        l.commit();
        l.closeAsIfKilled();
    }

    @Test
    void aPlugInFlightAtACrashIsFinishedAtStart() throws Exception {
        crashDuring(vif(A, "tapa"), VifState.PLUGGING);
        start(true, true);
        eventually("A plugged", () -> registry.vif(A).orElseThrow().state() == VifState.PLUGGED);
        assertEquals(Set.of("tapa", "br-tapa"), host.host.keySet());
        assertTrue(registry.check(List.of()).clean());
    }

    /**
     * Finishing at start a plug a crash interrupted fails (here its name is another VIF's by now): whether the
     * host had the VIF before is unknown, so the plug stays interrupted with the error, gc leaves what is
     * marked as the VIF's, and repair tries again.
     */
    @Test
    void aPlugInFlightAtACrashThatCannotBeFinishedStaysInterrupted() throws Exception {
        crashDuring(vif(A, "tapa"), VifState.PLUGGING);
        host.host.put("tapa", new FakeHost.Thing(B, 1500));
        host.host.put("br-tapa", new FakeHost.Thing(A, 1500));
        start(true, true);
        eventually("A's plug tried", () -> registry.vif(A).orElseThrow().error() != null);
        VifRecord a = registry.vif(A).orElseThrow();
        assertEquals(VifState.PLUGGING, a.state());
        assertTrue(a.error().startsWith("finishing the plug a crash interrupted failed, it stays interrupted: "), a.error());
        assertEquals(VifCheck.Status.INTERRUPTED, registry.check(List.of(A)).vifs().get(0).status());
        // gc takes B's orphan only, never what is marked as A's
        assertEquals(List.of("tapa"), registry.gc(false).removed().stream().map(o -> o.object().name()).toList());
        assertTrue(host.host.containsKey("br-tapa"));

        assertTrue(registry.repair(List.of(A)).get(0).ok());
        assertEquals(VifState.PLUGGED, registry.vif(A).orElseThrow().state());
        assertTrue(registry.check(List.of()).clean());
    }

    @Test
    void anUnplugInFlightAtACrashIsFinishedAtStart() throws Exception {
        start(true, true);
        registry.plug(vif(A, "tapa"), instance());
        registry.deactivate();
        registry = null;
        crashDuring(vif(A, "tapa"), VifState.UNPLUGGING);

        start(true, true);
        eventually("A unplugged", () -> registry.vif(A).orElseThrow().state() == VifState.UNPLUGGED);
        assertEquals(Map.of(), host.host);
    }

    /**
     * record_open = on_first_use (the launcher's one-shot runs): host info leaves the record unopened; the first
     * call that needs it opens it, and the start-up reconcile starts then.
     */
    @Test
    void aRecordOpenedOnFirstUseWaitsForACallThatNeedsIt() throws Exception {
        start(true, true);
        registry.plug(vif(A, "tapa"), instance());
        registry.deactivate();
        host.host.clear(); // a reboot

        registry = new OsVifRegistry();
        OsVifRegistryTest.install(registry, VIFOpenVSwitch.SCHEMA);
        OsVifRegistryTest.install(registry, FakeHost.NAME, host);
        registry.openOnFirstUse(file(), true);
        registry.hostInfo();
        Thread.sleep(100);
        assertEquals("memory", registry.ledger.where());
        assertTrue(host.host.isEmpty(), "no reconcile before the record is opened");
        assertEquals(VifState.PLUGGED, registry.vif(A).orElseThrow().state());
        assertEquals(file().toString(), registry.ledger.where());
        eventually("plugged again once opened", () -> host.host.size() == 2);
    }

    @Test
    void startUpReconcileWaitsForTheBackendAndRepairsWhatTheHostLost() throws Exception {
        start(true, true);
        registry.plug(vif(A, "tapa"), instance());
        registry.plug(vif(B, "tapb"), instance());
        registry.deactivate();
        registry = null;
        host.host.clear(); // a reboot

        start(false, true);
        Thread.sleep(100);
        assertTrue(host.host.isEmpty(), "no backend yet");
        OsVifRegistryTest.install(registry, FakeHost.NAME, host);
        eventually("both plugged again", () -> host.host.size() == 4);
        assertTrue(registry.check(List.of()).clean());
    }

    /**
     * The reconcile at start takes its first VIF ahead of the others (whatever that VIF's state): each VIF
     * ends as the record says, a plug and an unplug in flight at the crash finished among them.
     */
    @Test
    void startUpReconcileOfManyEndsEachAsTheRecordSays() throws Exception {
        start(true, true);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = A.substring(0, A.length() - 1) + Integer.toHexString(i);
            ids.add(id);
            registry.plug(vif(id, "tap" + i), instance());
        }
        registry.deactivate();
        registry = null;
        crashDuring(vif(ids.get(0), "tap0"), VifState.UNPLUGGING);
        crashDuring(vif(ids.get(5), "tap5"), VifState.UNPLUGGING);
        crashDuring(vif(C, "tapc"), VifState.PLUGGING);
        host.host.clear(); // a reboot

        start(true, true);
        eventually("all reconciled", () -> host.host.size() == 14);
        for (String id : ids) {
            VifState wanted = id.equals(ids.get(0)) || id.equals(ids.get(5)) ? VifState.UNPLUGGED : VifState.PLUGGED;
            eventually(id + " " + wanted, () -> registry.vif(id).orElseThrow().state() == wanted);
        }
        assertEquals(VifState.PLUGGED, registry.vif(C).orElseThrow().state());
        assertTrue(registry.check(List.of()).clean());
    }

    @Test
    void reportModeChangesNothingAndCheckTellsTheInterruptedCall() throws Exception {
        crashDuring(vif(A, "tapa"), VifState.PLUGGING);
        start(true, false);
        Thread.sleep(200);
        assertTrue(host.host.isEmpty());
        CheckReport r = registry.check(List.of());
        assertEquals(VifCheck.Status.INTERRUPTED, r.vifs().get(0).status());
        assertFalse(r.clean());

        assertEquals(1, registry.repair(List.of(A)).size());
        assertEquals(VifState.PLUGGED, registry.vif(A).orElseThrow().state());
        assertTrue(registry.check(List.of()).clean());
    }

    @Test
    void checkReportsDriftMissingAndOrphansRepairAndGcMendThem() {
        start(true, true);
        registry.plug(vif(A, "tapa"), instance());
        registry.plug(vif(B, "tapb"), instance());
        registry.plug(vif(C, "tapc"), instance());
        assertTrue(registry.check(List.of()).clean());

        host.host.put("tapa", new FakeHost.Thing(A, 9000));              // MTU changed by hand
        host.host.remove("tapb");                                        // device deleted
        host.host.remove("br-tapb");
        host.host.remove("br-tapc");                                     // one of two objects gone
        host.host.put("tapz", new FakeHost.Thing("1ce6394f-cfdb-4c77-818f-ccee8a1dcd0f", 1500)); // orphan
        host.host.put("vnet0", new FakeHost.Thing(null, 1500));          // made by someone else

        CheckReport r = registry.check(List.of());
        assertFalse(r.clean());
        Map<String, VifCheck> byId = r.vifs().stream().collect(Collectors.toMap(VifCheck::vifId, c -> c));
        assertEquals(VifCheck.Status.DRIFTED, byId.get(A).status());
        Finding mtu = byId.get(A).findings().stream().filter(f -> f.verdict() != Finding.Verdict.OK).findFirst().orElseThrow();
        assertEquals("mtu", mtu.item());
        assertEquals("1500", mtu.wanted());
        assertEquals("9000", mtu.found());
        assertEquals(VifCheck.Status.MISSING, byId.get(B).status());
        assertEquals(VifCheck.Status.DRIFTED, byId.get(C).status());
        assertEquals(List.of("tapz"), r.orphans().stream().map(o -> o.object().name()).toList());
        assertEquals(List.of(A), registry.check(List.of(A)).vifs().stream().map(VifCheck::vifId).toList());
        assertEquals(List.of(), registry.check(List.of(A)).orphans(), "orphans only when everything is checked");

        List<VifOutcome> repaired = registry.repair(List.of());
        assertEquals(3, repaired.size());
        assertTrue(repaired.stream().allMatch(VifOutcome::ok));
        assertEquals(VifCheck.Status.OK, registry.check(List.of(A, B, C)).vifs().get(0).status());

        GcReport dry = registry.gc(true);
        assertEquals(List.of("tapz"), dry.removed().stream().map(o -> o.object().name()).toList());
        assertTrue(host.host.containsKey("tapz"), "a dry run removes nothing");
        GcReport gc = registry.gc(false);
        assertEquals(1, gc.removed().size());
        assertFalse(host.host.containsKey("tapz"));
        assertTrue(host.host.containsKey("vnet0"), "unmarked objects are never collected");
        assertTrue(registry.check(List.of()).clean());
    }

    @Test
    void checkAsksTheBackendOnceForAllItsVifsAndVifByVifWhenThatFails() {
        start(true, true);
        registry.plug(vif(A, "tapa"), instance());
        registry.plug(vif(B, "tapb"), instance());
        host.host.remove("tapb");
        host.calls.clear();
        CheckReport bulk = registry.check(List.of());
        assertEquals(List.of("inspectAll 2"), host.calls);
        assertEquals(List.of(VifCheck.Status.OK, VifCheck.Status.DRIFTED), bulk.vifs().stream().map(VifCheck::status).toList());

        host.inspectsInBulk = false;
        host.calls.clear();
        CheckReport one = registry.check(List.of(A, B));
        assertEquals(List.of("inspectAll 2"), host.calls, "then inspect VIF by VIF");
        assertEquals(bulk.vifs(), one.vifs());
        List<VifOutcome> repaired = registry.repair(List.of());
        assertEquals(1, repaired.size());
        assertTrue(registry.check(List.of()).clean());
    }

    @Test
    void gcNeverRemovesWhatAPluggedVifHolds() {
        start(true, true);
        registry.plug(vif(A, "tapa"), null);
        registry.plug(vif(B, "tapb"), null);
        registry.unplug(vif(B, "tapb"), null);
        host.host.put("tapb", new FakeHost.Thing(B, 1500)); // left by a failed unplug
        GcReport gc = registry.gc(false);
        assertEquals(List.of(new MarkedObject(org.jvif.api.HostObject.device("tapb"), B)), gc.removed());
        assertEquals(Set.of("tapa", "br-tapa"), host.host.keySet());
    }

    /**
     * A plug of a plugged VIF that fails (here refused: its new name is another VIF's) leaves the earlier plug
     * on the host; the record says so (PLUGGED, the earlier primitive, the call's error), so check is clean and
     * gc leaves the earlier plug's objects, through the blocking, asynchronous and batch calls alike.
     */
    @Test
    void aFailedPlugOfAPluggedVifLeavesTheEarlierPlugInTheRecord() throws Exception {
        start(true, true);
        registry.plug(vif(A, "tapa"), instance());
        registry.plug(vif(B, "tapb"), null);
        List<Runnable> replugs = List.of(
                () -> assertThrows(PlugException.class, () -> registry.plug(vif(A, "tapb"), null)),
                () -> assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> registry.plugAsync(vif(A, "tapb"), null).toCompletableFuture().get()),
                () -> assertFalse(registry.plugAll(List.of(new VifCall(vif(A, "tapb"), null))).get(0).ok()));
        for (Runnable replug : replugs) {
            replug.run();
            VifRecord a = registry.vif(A).orElseThrow();
            assertEquals(VifState.PLUGGED, a.state());
            assertEquals(vif(A, "tapa").toJson(), a.primitive());
            assertEquals(instance().toJson(), a.instance());
            assertTrue(a.error().startsWith("plugging it again failed, the earlier plug stays: "), a.error());
            assertTrue(a.error().contains("belongs to VIF " + B), a.error());
            assertTrue(registry.check(List.of()).clean());
            assertEquals(List.of(), registry.gc(false).removed());
            assertEquals(Set.of("tapa", "br-tapa", "tapb", "br-tapb"), host.host.keySet());
        }
        // it stays so across a restart, and a VIF never plugged before still records its failure as such
        start(true, true);
        assertEquals(VifState.PLUGGED, registry.vif(A).orElseThrow().state());
        assertThrows(PlugException.class, () -> registry.plug(vif(C, "tapb"), null));
        assertEquals(VifState.PLUG_FAILED, registry.vif(C).orElseThrow().state());
    }

    @Test
    void repairAndCheckRefuseIdsTheRecordDoesNotHold() {
        start(true, true);
        registry.plug(vif(A, "tapa"), null);
        registry.unplug(vif(A, "tapa"), null);
        assertThrows(IllegalArgumentException.class, () -> registry.check(List.of(B)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.repair(List.of(A)));
        assertTrue(e.getMessage().contains("UNPLUGGED"), e.getMessage());
    }

    @Test
    void aVifWhoseBackendCannotInspectIsUncheckedAndRepairPlugsItAgain() {
        start(true, true);
        host.inspects = false;
        registry.plug(vif(A, "tapa"), null);
        assertEquals(VifCheck.Status.UNCHECKED, registry.check(List.of()).vifs().get(0).status());
        host.calls.clear();
        registry.repair(List.of());
        assertEquals(List.of("plug " + A), host.calls);
    }

    @Test
    void aSecondVifWithATakenNameIsRefusedNamingBoth() {
        start(true, true);
        registry.plug(vif(A, "tapa"), null);
        host.calls.clear();
        PlugException e = assertThrows(PlugException.class, () -> registry.plug(vif(B, "tapa"), null));
        HostObjectTaken taken = assertInstanceOf(HostObjectTaken.class, e.getCause());
        assertEquals(A, taken.owner());
        assertEquals(B, taken.vifId());
        assertTrue(e.getMessage().contains(A) && e.getMessage().contains(B), e.getMessage());
        assertEquals(new FakeHost.Thing(A, 1500), host.host.get("tapa"), "refused before anything changed");
        assertEquals(VifState.PLUG_FAILED, registry.vif(B).orElseThrow().state());

        registry.unplug(vif(B, "tapa"), null); // unplugging B never touches A's objects
        assertEquals(new FakeHost.Thing(A, 1500), host.host.get("tapa"));
        assertThrows(PlugException.class, () -> registry.plug(vif(B, "tapa"), null), "A still holds tapa");
        registry.unplug(vif(A, "tapa"), null);
        registry.plug(vif(B, "tapa"), null);
        assertEquals(B, host.host.get("tapa").owner(), "free once A is unplugged");
    }

    @Test
    void reconcileBringsTheHostToADesiredSet() {
        start(true, true);
        registry.plug(vif(A, "tapa"), null);
        registry.plug(vif(B, "tapb"), null);
        host.calls.clear();
        List<VifOutcome> out = registry.reconcile(List.of(new VifCall(vif(B, "tapb"), null), new VifCall(vif(C, "tapc"), null)));
        assertEquals(2, out.size());
        assertEquals(List.of("unplug " + A, "plug " + C), host.calls, "B is plugged as desired: left alone");
        assertEquals(Set.of("tapb", "br-tapb", "tapc", "br-tapc"), host.host.keySet());
        assertEquals(VifState.UNPLUGGED, registry.vif(A).orElseThrow().state());
    }

    @Test
    void unpluggedRecordsAreCompactedBeyondTheLimit() {
        Ledger l = new Ledger(Journal.open(file()), 2, Clock.systemUTC());
        for (String id : List.of(A, B, C)) {
            l.record(vif(id, "tap" + id.charAt(id.length() - 1)), null, VifState.UNPLUGGED, 1, null, null);
        }
        l.close();
        Ledger reopened = new Ledger(Journal.open(file()), 2, Clock.systemUTC());
        assertEquals(2, reopened.all().size(), "the file holds no more than the limit");
        reopened.close();
    }

    /** A configuration made of the given reconcile_on_start and record_file, as Config Admin gives it. */
    static RegistryConfig config(String mode, String file) {
        return new RegistryConfig() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return RegistryConfig.class;
            }

            @Override
            public String reconcile__on__start() {
                return mode;
            }

            @Override
            public String record__file() {
                return file;
            }
        };
    }

    @Test
    void aBadReconcileModeIsRefusedNamingTheKeyAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OsVifRegistry.repairOnStart(config("fix", "")));
        assertEquals("org.jvif.registry: reconcile_on_start must be repair or report, not 'fix'", e.getMessage());
        assertTrue(OsVifRegistry.repairOnStart(config("repair", "")));
        assertFalse(OsVifRegistry.repairOnStart(config("report", "")));
    }

    @Test
    void theFrameworkPropertyGivesTheModeOnlyWhereTheConfigurationDoesNot() {
        // the launcher's one-shot runs set the framework property to report
        assertEquals("report", OsVifRegistry.mode(context(Map.of(), "report"), config("repair", "")));
        assertEquals("repair", OsVifRegistry.mode(context(Map.of("reconcile_on_start", "repair"), "report"),
                config("repair", "")));
        assertEquals("repair", OsVifRegistry.mode(context(Map.of(), null), config("repair", "")));
    }

    /** A component context with these component properties, whose bundle context gives the framework property. */
    private static org.osgi.service.component.ComponentContext context(Map<String, Object> properties, String property) {
        org.osgi.framework.BundleContext bundleContext = (org.osgi.framework.BundleContext) java.lang.reflect.Proxy
                .newProxyInstance(HostStateTest.class.getClassLoader(), new Class<?>[] {org.osgi.framework.BundleContext.class},
                        (proxy, method, args) -> method.getName().equals("getProperty")
                                && OsVifRegistry.RECONCILE_PROPERTY.equals(args[0]) ? property : null);
        return (org.osgi.service.component.ComponentContext) java.lang.reflect.Proxy.newProxyInstance(
                HostStateTest.class.getClassLoader(), new Class<?>[] {org.osgi.service.component.ComponentContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperties" -> new java.util.Hashtable<>(properties);
                    case "getBundleContext" -> bundleContext;
                    default -> null;
                });
    }
}
