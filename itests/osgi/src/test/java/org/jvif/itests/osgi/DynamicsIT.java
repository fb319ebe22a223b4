package org.jvif.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.jvif.itests.osgi.Platform.eventually;
import static org.jvif.itests.osgi.Platform.installed;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.jvif.api.OsVif;
import org.jvif.api.PluggedVifs;
import org.jvif.api.VifPlugin;
import org.jvif.api.VifRecord;
import org.jvif.api.VifState;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.itests.osgi.Load.Seen;
import org.jvif.itests.osgi.fake.Activator;
import org.jvif.itests.osgi.fake.FakeBackend;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.tinybundles.InnerClassStrategy;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ManagedService;

/**
 * The platform changing under eight callers that plug and unplug without pause ({@link Load}): a backend
 * bundle built at test time with TinyBundles comes, is upgraded and goes, a type bundle leaves and comes
 * back, and the backend's configuration changes through Config Admin. No call may hang, every error must be
 * one os-vif documents, the bookkeeping must end as the callers saw it, and nothing the test started or
 * installed may stay behind.
 */
@RunWith(PaxExam.class)
public class DynamicsIT {
    private static final String FAKE = "org.jvif.itests.osgi.fake";
    private static final String FAKE_LOCATION = "tinybundles:" + FAKE;
    private static final String GENERIC = "org.jvif.vif.generic";
    /** Rounds every caller does after each change: enough for each of its VIFs to meet the change. */
    private static final int ROUNDS = 20;
    /** Threads the framework's services may start on their own while the test runs. */
    private static final Pattern FRAMEWORK_THREADS = Pattern.compile("^(EventAdmin|CM |Felix|SCR ).*");

    @Inject
    private BundleContext context;

    @Inject
    private OsVif osVif;

    @Inject
    private PluggedVifs pluggedVifs;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return Platform.options(
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject(),
                // TinyBundles runs where Pax Exam runs it, on the test's class path; the framework shows its API
                // to the test
                systemPackage("org.ops4j.pax.tinybundles;version=1.0.0"));
    }

    @Test
    public void aBackendBuiltAtRuntimeComesIsUpgradedAndGoesUnderLoad() throws Exception {
        byte[] first = fakeBackend("1.0.0");
        byte[] upgrade = fakeBackend("1.1.0");
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        Load load = load();
        load.start();
        Bundle[] fake = new Bundle[1];
        try {
            load.awaitRounds(ROUNDS);
            assertTrue("the fake backend is not there yet", load.seen(Seen.NO_MATCHING_PLUGIN) > 0);
            assertEquals(0, load.seen(Seen.PLUGGED_FAKE));

            load.watched("install and start the fake backend 1.0.0", () -> {
                fake[0] = context.installBundle(FAKE_LOCATION, new ByteArrayInputStream(first));
                fake[0].start();
            });
            eventually("the registry routes to the fake backend",
                    () -> List.of(FakeBackend.NAME, "noop").equals(List.copyOf(osVif.plugins())));
            assertEquals("1.0", fakeGenericMaxVersion());
            long plugged = load.seen(Seen.PLUGGED_FAKE);
            load.awaitRounds(ROUNDS);
            assertTrue("plugs reach the new backend", load.seen(Seen.PLUGGED_FAKE) > plugged);

            typeBundleLeavesAndComesBack(load);

            load.watched("update the fake backend to 1.1.0",
                    () -> fake[0].update(new ByteArrayInputStream(upgrade)));
            assertEquals(Bundle.ACTIVE, fake[0].getState());
            assertEquals(new Version(1, 1, 0), fake[0].getVersion());
            assertEquals("host info shows the upgraded backend", "1.1", fakeGenericMaxVersion());
            plugged = load.seen(Seen.PLUGGED_FAKE);
            load.awaitRounds(ROUNDS);
            assertTrue("plugs reach the upgraded backend", load.seen(Seen.PLUGGED_FAKE) > plugged);

            typeBundleLeavesAndComesBack(load);

            load.watched("stop the fake backend", fake[0]::stop);
            eventually("the registry drops the fake backend", () -> List.of("noop").equals(List.copyOf(osVif.plugins())));
            long noMatch = load.seen(Seen.NO_MATCHING_PLUGIN);
            load.awaitRounds(ROUNDS);
            assertTrue(load.seen(Seen.NO_MATCHING_PLUGIN) > noMatch);

            load.watched("uninstall the fake backend", fake[0]::uninstall);
            load.awaitRounds(ROUNDS);
        } catch (Throwable e) {
            load.stopAfterFailure();
            throw e;
        }
        load.stop();
        System.out.println("DynamicsIT backend: " + load.counts());

        assertEquals(List.of(), load.unexpected());
        Map<String, VifRecord> records = bookkeepingAsSeen(load);
        records.values().stream().filter(r -> FakeBackend.NAME.equals(r.plugin())).forEach(r -> assertEquals(
                r.vifId() + " was last called with the fake backend gone", "No VIF plugin was found with the name fake",
                r.error()));
        assertNothingLeftOf(fake[0]);
        assertNoThreadLeft(before, load);
    }

    @Test
    public void aConfigurationChangeTakesEffectUnderLoad() throws Exception {
        Bundle fake = context.installBundle(FAKE_LOCATION, new ByteArrayInputStream(fakeBackend("1.0.0")));
        fake.start();
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        Load load = load();
        load.start();
        org.osgi.service.cm.Configuration configuration = configurationAdmin.getConfiguration(FakeBackend.PID, null);
        try {
            load.awaitRounds(ROUNDS);
            assertTrue(load.seen(Seen.PLUGGED_FAKE) > 0);
            assertEquals("nothing fails without a configuration", 0, load.seen(Seen.FAILED_ON_PURPOSE));

            load.watched("configure fail_every=3, plug_delay_ms=1",
                    () -> configuration.update(settings(FakeBackend.FAIL_EVERY, 3, FakeBackend.PLUG_DELAY_MS, 1)));
            awaitFailEvery(3);
            load.awaitRounds(ROUNDS);
            assertTrue("every third call fails", load.failedOnPurposeWith(3) > 0);

            load.watched("configure fail_every=2", () -> configuration.update(settings(FakeBackend.FAIL_EVERY, 2)));
            awaitFailEvery(2);
            load.awaitRounds(ROUNDS);
            assertTrue("every second call fails", load.failedOnPurposeWith(2) > 0);

            load.watched("delete the configuration", configuration::delete);
            awaitFailEvery(0);
            long failed = load.seen(Seen.FAILED_ON_PURPOSE);
            load.awaitRounds(ROUNDS);
            // only calls that had read the settings before they changed, at most one per caller
            long late = load.seen(Seen.FAILED_ON_PURPOSE) - failed;
            assertTrue(late + " calls failed on purpose after the configuration was deleted", late <= Load.CALLERS);

            load.watched("uninstall the fake backend", fake::uninstall);
            load.awaitRounds(ROUNDS);
        } catch (Throwable e) {
            load.stopAfterFailure();
            throw e;
        }
        load.stop();
        System.out.println("DynamicsIT configuration: " + load.counts());

        assertEquals(List.of(), load.unexpected());
        assertTrue(load.seen(Seen.FAILED_ON_PURPOSE) > 0);
        bookkeepingAsSeen(load);
        assertNothingLeftOf(fake);
        assertNull(configurationAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + FakeBackend.PID + ")"));
        assertNoThreadLeft(before, load);
    }

    /** VIFGeneric's bundle leaves while callers decode it and a backend describes it, then comes back. */
    private void typeBundleLeavesAndComesBack(Load load) throws Exception {
        Bundle generic = installed(context, GENERIC);
        String location = generic.getLocation();
        load.watched("uninstall " + GENERIC, generic::uninstall);
        eventually("VIFGeneric leaves", () -> osVif.schema("VIFGeneric") == null);
        assertEquals("host info drops the type that left", List.of(), fakeInfo().getVifInfo());
        long unsupported = load.seen(Seen.UNSUPPORTED_OBJECT);
        load.awaitRounds(ROUNDS);
        assertTrue(load.seen(Seen.UNSUPPORTED_OBJECT) > unsupported);

        load.watched("install " + GENERIC + " again", () -> context.installBundle(location).start());
        eventually("VIFGeneric is back", () -> osVif.types().size() == 31);
        long decoded = load.seen(Seen.DECODED);
        load.awaitRounds(ROUNDS);
        assertTrue(load.seen(Seen.DECODED) > decoded);
    }

    private Load load() throws IOException {
        Map<String, Map<String, Object>> corpus = Platform.corpus();
        return new Load(osVif, corpus.get("VIFGeneric/full-ipv4"),
                (InstanceInfo) osVif.fromPrimitive(corpus.get("InstanceInfo/full")));
    }

    /**
     * The fake backend as a bundle of its own, at {@code version}; bnd works out its imports. It exports
     * nothing, so an update or uninstall leaves no old revision behind.
     */
    private static byte[] fakeBackend(String version) throws IOException {
        try (InputStream jar = TinyBundles.bundle()
                .symbolicName(FAKE)
                .setHeader(Constants.BUNDLE_VERSION, version)
                .setHeader(Constants.IMPORT_PACKAGE, "org.jvif.api;version=\"[2.0,3)\",org.jvif.api.*;version=\"[1.0,2)\",*")
                .activator(Activator.class)
                .addClass(FakeBackend.class, InnerClassStrategy.ALL)
                .build(TinyBundles.bndBuilder())) {
            return jar.readAllBytes();
        }
    }

    private HostPluginInfo fakeInfo() {
        return osVif.hostInfo().plugin(FakeBackend.NAME).orElseThrow(() -> new AssertionError("no fake in host info"));
    }

    private String fakeGenericMaxVersion() {
        List<HostVIFInfo> vifs = fakeInfo().getVifInfo();
        assertEquals(1, vifs.size());
        return vifs.get(0).getMaxVersion();
    }

    private static Hashtable<String, Object> settings(Object... keyValues) {
        Hashtable<String, Object> d = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            d.put((String) keyValues[i], keyValues[i + 1]);
        }
        return d;
    }

    /** Config Admin delivers on its own thread: wait until the backend says the setting is in force. */
    private void awaitFailEvery(int failEvery) throws InterruptedException {
        eventually("the fake backend at " + FakeBackend.FAIL_EVERY + "=" + failEvery, 30, () -> {
            ServiceReference<?>[] refs = fakeServices();
            return refs != null && refs.length == 1
                    && Integer.valueOf(failEvery).equals(refs[0].getProperty(FakeBackend.FAIL_EVERY_PROPERTY));
        });
        assertTrue("the registry still routes to the backend after its properties changed",
                osVif.plugins().contains(FakeBackend.NAME));
    }

    private ServiceReference<?>[] fakeServices() {
        try {
            return context.getServiceReferences(VifPlugin.class.getName(),
                    "(" + VifPlugin.PLUGIN_NAME + "=" + FakeBackend.NAME + ")");
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** For every VIF, the last record is what its caller saw last; one record per VIF. */
    private Map<String, VifRecord> bookkeepingAsSeen(Load load) {
        Map<String, VifState> seen = load.lastOutcomes();
        assertEquals(Load.CALLERS * Load.VIFS_EACH, seen.size());
        Map<String, VifRecord> records = pluggedVifs.vifs().stream().filter(r -> seen.containsKey(r.vifId()))
                .collect(Collectors.toMap(VifRecord::vifId, Function.identity()));
        assertEquals(seen.keySet(), records.keySet());
        seen.forEach((id, state) -> {
            assertEquals(id, state, records.get(id).state());
            assertEquals(id, records.get(id), pluggedVifs.vif(id).orElseThrow());
        });
        return records;
    }

    /** The uninstalled bundle's services are gone, from the framework and from the registry. */
    private void assertNothingLeftOf(Bundle uninstalled) throws InvalidSyntaxException {
        assertEquals(Bundle.UNINSTALLED, uninstalled.getState());
        ServiceReference<?>[] all = context.getAllServiceReferences(null, null);
        assertFalse(Arrays.stream(all).anyMatch(r -> r.getBundle() == null
                || r.getBundle().getBundleId() == uninstalled.getBundleId()));
        assertNull(fakeServices());
        ServiceReference<?>[] plugins = context.getServiceReferences(VifPlugin.class.getName(), null);
        assertEquals(1, plugins.length);
        assertEquals("noop", plugins[0].getProperty(VifPlugin.PLUGIN_NAME));
        assertNull(context.getServiceReferences(ManagedService.class.getName(),
                "(" + Constants.SERVICE_PID + "=" + FakeBackend.PID + ")"));
        assertEquals(List.of("noop"), List.copyOf(osVif.plugins()));
        assertTrue(osVif.hostInfo().plugin(FakeBackend.NAME).isEmpty());
        assertEquals(31, osVif.types().size());
    }

    /** Every thread the test started has ended, and any other new thread is one of the framework's services. */
    private static void assertNoThreadLeft(Set<Thread> before, Load load) throws InterruptedException {
        for (Thread t : load.threads()) {
            assertFalse(t.getName() + " is still running", t.isAlive());
        }
        // a thread that has just finished its work may need a moment to end
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> left = threadsSince(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = threadsSince(before);
        }
        assertEquals("threads started during the test and still running", List.of(), left);
        System.out.println("DynamicsIT threads before: " + before.size() + ", after: " + Thread.getAllStackTraces().size());
    }

    private static List<String> threadsSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && !FRAMEWORK_THREADS.matcher(t.getName()).matches())
                .map(Thread::getName).sorted().collect(Collectors.toList());
    }
}
