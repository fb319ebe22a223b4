package org.jvif.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jvif.api.NoMatchingPlugin;
import org.jvif.api.PlugException;
import org.jvif.api.PluggedVifs;
import org.jvif.api.VifRecord;
import org.jvif.api.VifState;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.jvif.vif.vhostuser.VIFVHostUser;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** The bookkeeping of plugs and unplugs, and the events it posts. */
class LedgerTest {
    private static final String INSTANCE = "d5b67c48-0a05-4d6c-8a2e-7f1a3a2c1b11";

    private final Ticks clock = new Ticks();
    private final Posted events = new Posted();
    private final RecordPublisher publisher = new EventAdminPublisher(events);

    /** A clock one second further on at each reading, from the epoch: records' times tell their order. */
    private static final class Ticks extends Clock {
        private long seconds;

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(++seconds);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** Keeps what is posted; the ledger must never send, which would make a plug wait for the handlers. */
    private static final class Posted implements EventAdmin {
        final List<Event> events = new ArrayList<>();

        @Override
        public void postEvent(Event event) {
            events.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            throw new AssertionError("sendEvent " + event);
        }

        Map<String, Object> properties(int i) {
            Event e = events.get(i);
            Map<String, Object> p = new HashMap<>();
            for (String name : e.getPropertyNames()) {
                if (!name.equals(EventAdmin.class.getName()) && !"event.topics".equals(name)) {
                    p.put(name, e.getProperty(name));
                }
            }
            return p;
        }
    }

    private static VIFBase vif(String id, String plugin) {
        VIFBase vif = new VIFBase();
        if (id != null) {
            vif.setId(id);
        }
        if (plugin != null) {
            vif.setPlugin(plugin);
        }
        return vif;
    }

    private static VIFVHostUser vhostUser() {
        VIFVHostUser vif = new VIFVHostUser();
        vif.setId("a1f3e1d2-9a9d-4c1e-b8c2-3f1f0e6d7c01");
        vif.setPlugin("ovs");
        vif.setVifName("vhu3b0f5e28-1c");
        vif.setPath("/var/run/openvswitch/vhu3b0f5e28-1c");
        vif.setMode("server");
        return vif;
    }

    private static InstanceInfo instance() {
        InstanceInfo instance = new InstanceInfo();
        instance.setUuid(INSTANCE);
        instance.setName("vm-1");
        return instance;
    }

    private static List<String> ids(List<VifRecord> records) {
        return records.stream().map(VifRecord::vifId).collect(Collectors.toList());
    }

    @Test
    void keepsTheLatestRecordOfEachVifById() {
        Ledger ledger = new Ledger(Ledger.LIMIT, clock);
        ledger.record(vif("a", "noop"), null, VifState.PLUGGED, 10, null, null);
        ledger.record(vif("b", "noop"), null, VifState.PLUGGED, 10, null, null);
        ledger.record(vif("a", "noop"), null, VifState.UNPLUGGED, 10, null, null);

        assertEquals(VifState.UNPLUGGED, ledger.get("a").orElseThrow().state());
        assertEquals(VifState.PLUGGED, ledger.get("b").orElseThrow().state());
        assertEquals(List.of("a", "b"), ids(ledger.all()), "one record per VIF, most recent first");
        assertEquals(Optional.empty(), ledger.get("c"));

        ledger.record(vif(null, "noop"), null, VifState.PLUG_FAILED, 10, new NoMatchingPlugin("noop"), null);
        assertEquals(VifState.PLUG_FAILED, ledger.get("").orElseThrow().state(), "a VIF without id is kept under \"\"");
    }

    @Test
    void aRecordSaysWhatWasDoneToTheVifWhenAndHowLong() {
        Ledger ledger = new Ledger(Ledger.LIMIT, clock);
        VIFVHostUser vif = vhostUser();
        ledger.record(vif, instance(), VifState.PLUGGED, 1_500, null, null);
        assertEquals(new VifRecord(vif.getId(), "VIFVHostUser", "ovs", "vhu3b0f5e28-1c", INSTANCE, VifState.PLUGGED,
                Instant.ofEpochSecond(1), Duration.ofNanos(1_500), null, vif.toJson(), instance().toJson()), ledger.get(vif.getId()).orElseThrow());

        IOException cause = new IOException("no such bridge br-int");
        ledger.record(vif, new InstanceInfo(), VifState.UNPLUG_FAILED, 7, new PlugException("vif", cause), null);
        VifRecord failed = ledger.get(vif.getId()).orElseThrow();
        assertEquals("Failed to plug VIF vif. Got error: no such bridge br-int", failed.error());
        assertNull(failed.instanceUuid(), "an instance without uuid");

        VIFBase plain = vif("b", null);
        ledger.record(plain, null, VifState.PLUG_FAILED, 7, new NoMatchingPlugin(null), null);
        VifRecord bare = ledger.get("b").orElseThrow();
        assertEquals("VIFBase", bare.vifType());
        assertNull(bare.plugin());
        assertNull(bare.vifName(), "VIFBase has no vif_name");
        assertNull(bare.instanceUuid());
    }

    @Test
    void eachRecordIsPostedWithTheDocumentedProperties() {
        Ledger ledger = new Ledger(Ledger.LIMIT, clock);
        VIFVHostUser vif = vhostUser();
        ledger.record(vif, instance(), VifState.PLUGGED, 1_500, null, publisher);
        ledger.record(vif, instance(), VifState.UNPLUG_FAILED, 20,
                new PlugException("vif", new IOException("no such bridge br-int")), publisher);
        ledger.record(vif("b", null), null, VifState.PLUG_FAILED, 3, new IllegalStateException("gone"), publisher);
        ledger.record(vif("b", null), null, VifState.UNPLUGGED, 4, null, publisher);

        assertEquals(List.of("org/jvif/vif/PLUGGED", "org/jvif/vif/UNPLUG_FAILED", "org/jvif/vif/PLUG_FAILED",
                "org/jvif/vif/UNPLUGGED"), events.events.stream().map(Event::getTopic).collect(Collectors.toList()));
        assertTrue(events.events.stream().allMatch(e -> e.getTopic().startsWith(PluggedVifs.TOPIC_PREFIX)));
        assertEquals(Map.of(PluggedVifs.PROP_VIF_ID, vif.getId(), PluggedVifs.PROP_VIF_TYPE, "VIFVHostUser",
                PluggedVifs.PROP_PLUGIN, "ovs", PluggedVifs.PROP_VIF_NAME, "vhu3b0f5e28-1c",
                PluggedVifs.PROP_INSTANCE_UUID, INSTANCE, PluggedVifs.PROP_DURATION_NANOS, 1_500L),
                events.properties(0), "no error on success");
        Map<String, Object> failed = events.properties(1);
        assertEquals("Failed to plug VIF vif. Got error: no such bridge br-int", failed.get(PluggedVifs.PROP_ERROR));
        assertEquals("PlugException", failed.get(PluggedVifs.PROP_ERROR_TYPE), "os-vif's name for its errors");
        assertEquals(20L, failed.get(PluggedVifs.PROP_DURATION_NANOS));
        assertEquals(Map.of(PluggedVifs.PROP_VIF_ID, "b", PluggedVifs.PROP_VIF_TYPE, "VIFBase",
                PluggedVifs.PROP_DURATION_NANOS, 3L, PluggedVifs.PROP_ERROR, "gone",
                PluggedVifs.PROP_ERROR_TYPE, "IllegalStateException"), events.properties(2),
                "what is unknown is left out; other errors by their class name");
        assertEquals(Map.of(PluggedVifs.PROP_VIF_ID, "b", PluggedVifs.PROP_VIF_TYPE, "VIFBase",
                PluggedVifs.PROP_DURATION_NANOS, 4L), events.properties(3));
    }

    @Test
    void withoutEventAdminItOnlyRecords() {
        Ledger ledger = new Ledger(Ledger.LIMIT, clock);
        ledger.record(vif("a", "noop"), null, VifState.PLUGGED, 1, null, null);
        assertEquals(List.of("a"), ids(ledger.all()));
    }

    @Test
    void beyondTheLimitUnpluggedVifsGoOldestFirst() {
        Ledger ledger = new Ledger(3, clock);
        for (String id : List.of("a", "b", "c")) {
            ledger.record(vif(id, "noop"), null, VifState.UNPLUGGED, 1, null, publisher);
        }
        ledger.record(vif("d", "noop"), null, VifState.PLUGGED, 1, null, publisher);
        assertEquals(List.of("d", "c", "b"), ids(ledger.all()), "a was the oldest unplugged");

        ledger.record(vif("e", "noop"), null, VifState.PLUG_FAILED, 1, new NoMatchingPlugin("noop"), publisher);
        ledger.record(vif("f", "noop"), null, VifState.UNPLUG_FAILED, 1, new NoMatchingPlugin("noop"), publisher);
        assertEquals(List.of("f", "e", "d"), ids(ledger.all()));

        ledger.record(vif("g", "noop"), null, VifState.PLUGGED, 1, null, publisher);
        assertEquals(List.of("g", "f", "e", "d"), ids(ledger.all()),
                "plugged VIFs and failures are kept beyond the limit");

        ledger.record(vif("d", "noop"), null, VifState.UNPLUGGED, 1, null, publisher);
        assertEquals(List.of("g", "f", "e"), ids(ledger.all()), "the one unplugged VIF goes, however recent");
        assertEquals(8, events.events.size(), "every plug and unplug is posted, kept or not");
    }

    /** The operator's audit trail: one INFO line per plug and unplug, failures at WARNING with the cause. */
    @Test
    void eachPlugAndUnplugIsOneAuditLine() {
        List<java.util.logging.LogRecord> lines = new ArrayList<>();
        long test = Thread.currentThread().getId();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                // this test's own lines: other tests' registries publish theirs on threads of their own, later
                if (r.getLongThreadID() == test) {
                    lines.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger audit = java.util.logging.Logger.getLogger("org.jvif.audit");
        audit.addHandler(handler);
        try {
            Ledger ledger = new Ledger(Ledger.LIMIT, clock);
            ledger.record(vif("a", "noop"), null, VifState.PLUGGED, 1_500_000, null, null);
            ledger.record(vif("b", "ovs"), null, VifState.PLUG_FAILED, 2_000_000, new NoMatchingPlugin("ovs"), null);
        } finally {
            audit.removeHandler(handler);
        }
        assertEquals(2, lines.size());
        assertEquals(java.util.logging.Level.INFO, lines.get(0).getLevel());
        assertEquals("PLUGGED VIF a (VIFBase, plugin noop) in 1.500 ms", lines.get(0).getMessage());
        assertEquals(java.util.logging.Level.WARNING, lines.get(1).getLevel());
        assertTrue(lines.get(1).getMessage().startsWith("PLUG_FAILED VIF b (VIFBase, plugin ovs) in 2.000 ms: NoMatchingPlugin: "),
                lines.get(1).getMessage());
        for (long nanos : new long[] {0, 499, 500, 1_499, 1_500_000, 12_345_678, 999_999_999, 3_600_000_000_000L}) {
            assertEquals(String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6), Ledger.millis(nanos), nanos + " ns");
        }
    }
}
