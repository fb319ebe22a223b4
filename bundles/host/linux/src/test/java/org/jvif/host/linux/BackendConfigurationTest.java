package org.jvif.host.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvif.host.netlink.LinkManager;
import org.jvif.host.netlink.LinkSettings;
import org.jvif.host.netlink.NamespaceManager;
import org.jvif.host.netlink.NetNamespace;

/** Activation, updates and the namespace handle, against two private namespaces. */
class BackendConfigurationTest {
    private static final String PID = "org.jvif.backend.test";
    private static final String PREFIX = "jvif-t-cfg-"
            + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 20);
    private static final String NS1 = PREFIX + "-1";
    private static final String NS2 = PREFIX + "-2";

    @interface Config {
        int network__device__mtu() default 1500;

        String network__namespace() default "";
    }

    record Settings(int mtu) {
        static Settings read(BackendOptions options) {
            return new Settings(options.networkDeviceMtu());
        }
    }

    private static BackendConfiguration<Settings> configuration(Map<String, ?> properties, RecordingLogger log) {
        return new BackendConfiguration<>(PID, Config.class, properties, Settings::read, log);
    }

    @BeforeAll
    static void createNamespaces() {
        // each holds one veth pair named after it, so a call can tell which namespace it ran in
        for (String ns : List.of(NS1, NS2)) {
            try (NetNamespace handle = NetNamespace.create(ns)) {
                handle.links().createVethPair(marker(ns), LinkSettings.NONE, marker(ns) + "p", LinkSettings.NONE);
            }
        }
    }

    @AfterAll
    static void deleteNamespaces() {
        for (String ns : List.of(NS1, NS2)) {
            if (NetNamespace.exists(ns)) {
                NetNamespace.delete(ns);
            }
        }
    }

    private static String marker(String ns) {
        return "m" + ns.substring(ns.length() - 1);
    }

    private static long namespaceThreads(String ns) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("jvif-netns-" + ns) && t.isAlive()).count();
    }

    private static boolean sees(BackendConfiguration<Settings> config, String ns) {
        return config.now().call(links -> links.exists(marker(ns)));
    }

    @Test
    void aBadValueAtActivationLeavesItOutOfServiceSayingWhyUntilAGoodOneComes() {
        RecordingLogger log = new RecordingLogger();
        BackendConfiguration<Settings> config = configuration(
                Map.of("network_device_mtu", "x", "network_namespace", NS1), log);
        String why = PID + ": invalid network_device_mtu \"x\": not an integer";
        assertEquals(Optional.of(why), config.outOfService());
        assertEquals("out of service: " + why, assertThrows(IllegalStateException.class, config::now).getMessage());
        assertEquals(List.of("ERROR " + why + "; out of service until it is fixed"), log.messages);
        // a key that is no option: never ignored, so a misspelt namespace cannot send plugs to the host's
        config = configuration(Map.of("network_namspace", NS1), log);
        assertEquals(Optional.of(PID + ": unknown network_namspace \"" + NS1 + "\": not an option of " + PID
                + " (options: network_device_mtu, network_namespace)"), config.outOfService());
        assertTrue(config.modify(Map.of("network_namespace", NS1)));
        assertEquals(Optional.empty(), config.outOfService());
        assertTrue(sees(config, NS1));
        config.close();
    }

    @Test
    void aConfigurationFileConfigAdminCouldNotReadIsNeverTakenForNoConfiguration(@TempDir Path etc)
            throws Exception {
        String before = System.getProperty("felix.fileinstall.dir");
        System.setProperty("felix.fileinstall.dir", "/nonexistent," + etc);
        try {
            Path file = etc.resolve(PID + ".cfg");
            Files.writeString(file, "network_device_mtu = 1400\\u00G1\n", StandardCharsets.ISO_8859_1);
            BackendConfiguration<Settings> config = configuration(Map.of(), new RecordingLogger());
            assertEquals(Optional.of(PID + ": " + file + ": unreadable (Malformed \\uxxxx encoding.), so Config "
                    + "Admin has no configuration"), config.outOfService());
            assertThrows(IllegalStateException.class, config::now);

            // a readable file not delivered yet: plugs and the status wait for it
            Files.writeString(file, "network_device_mtu = 1400\n", StandardCharsets.ISO_8859_1);
            RecordingLogger log = new RecordingLogger();
            BackendConfiguration<Settings> pending = configuration(Map.of(), log);
            assertEquals(List.of("INFO " + PID + ": " + file + ": Config Admin has not delivered it; out of service "
                    + "until it is delivered"), log.messages);
            CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)
                    .execute(() -> pending.modify(Map.of("service.pid", PID, "network_device_mtu", "1400")));
            assertEquals(Optional.empty(), pending.outOfService());
            assertEquals(1400, pending.now().settings().mtu());
            // delivered by Config Admin: the file is not looked at
            assertEquals(Optional.empty(), configuration(Map.of("service.pid", PID), new RecordingLogger()).outOfService());
        } finally {
            if (before == null) {
                System.clearProperty("felix.fileinstall.dir");
            } else {
                System.setProperty("felix.fileinstall.dir", before);
            }
        }
    }

    @Test
    void aBadUpdateIsRefusedWholeAndThePreviousConfigurationStays() {
        RecordingLogger log = new RecordingLogger();
        BackendConfiguration<Settings> config = configuration(
                Map.of("network_device_mtu", 9000, "network_namespace", NS1), log);
        var before = config.now();
        assertFalse(config.modify(Map.of("network_device_mtu", 70000, "network_namespace", NS2)));
        assertSame(before, config.now());
        assertEquals(List.of("WARNING " + PID + ": invalid network_device_mtu 70000: must be 68..65535; "
                + "keeping the previous configuration"), log.messages);
        assertTrue(sees(config, NS1));
        config.close();
    }

    @Test
    void anUpdateMovesPlugsToTheNewNamespaceAndClosesTheOldHandle() {
        long baseline = namespaceThreads(NS1);
        BackendConfiguration<Settings> config = configuration(
                Map.of("network_namespace", NS1), new RecordingLogger());
        assertEquals(baseline, namespaceThreads(NS1), "opened on first use only");
        assertTrue(sees(config, NS1));
        assertFalse(sees(config, NS2));
        assertEquals(baseline + 1, namespaceThreads(NS1), "kept open between plugs");

        assertTrue(config.modify(Map.of("network_namespace", NS2, "network_device_mtu", "1450")));
        assertEquals(1450, config.now().settings().mtu());
        assertEquals(baseline, namespaceThreads(NS1), "the idle old handle is closed at once");
        assertTrue(sees(config, NS2));
        assertFalse(sees(config, NS1));

        config.close();
        assertEquals(0, namespaceThreads(NS2));
    }

    @Test
    void aPlugRunningDuringAnUpdateKeepsItsNamespace() {
        BackendConfiguration<Settings> config = configuration(
                Map.of("network_namespace", NS1), new RecordingLogger());
        var snapshot = config.now();
        boolean[] seen = new boolean[2];
        snapshot.call(links -> {
            config.modify(Map.of("network_namespace", NS2));
            seen[0] = links.exists(marker(NS1));
            return null;
        });
        assertTrue(seen[0]);
        // a late plug on the retired snapshot still works and closes its handle again
        boolean late = snapshot.call(links -> links.exists(marker(NS1)));
        assertTrue(late);
        assertEquals(0, namespaceThreads(NS1));
        config.close();
    }

    @Test
    void aMissingNamespaceFailsThePlugNamingTheOption() {
        BackendConfiguration<Settings> config = configuration(
                Map.of("network_namespace", PREFIX + "-none"), new RecordingLogger());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sees(config, NS1));
        assertTrue(e.getMessage().startsWith("network_namespace \"" + PREFIX + "-none\": cannot open it: ENOENT"),
                e.getMessage());
        config.close();
    }

    @Test
    void namespacesComeFromTheGivenService() {
        // a fake NamespaceManager stands in for the netlink library: its handle's links are what plugs get
        List<String> opened = new ArrayList<>();
        LinkManager fakeLinks = (LinkManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {LinkManager.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        NetNamespace handle = (NetNamespace) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {NetNamespace.class}, (proxy, method, args) -> method.getName().equals("links")
                        ? fakeLinks : null);
        NamespaceManager namespaces = (NamespaceManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {NamespaceManager.class}, (proxy, method, args) -> {
                    opened.add(method.getName() + " " + args[0]);
                    return handle;
                });
        BackendConfiguration<Settings> config = new BackendConfiguration<>(PID, Config.class,
                Map.of("network_namespace", "fake-ns"), Settings::read, new RecordingLogger(), namespaces);
        assertSame(fakeLinks, config.now().call(links -> links));
        assertEquals(List.of("open fake-ns"), opened);
        config.close();
    }
}
