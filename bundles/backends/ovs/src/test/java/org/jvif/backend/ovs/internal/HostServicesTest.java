package org.jvif.backend.ovs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.jvif.host.netlink.LinkManager;
import org.jvif.host.netlink.NamespaceManager;
import org.jvif.host.netlink.NetNamespace;
import org.jvif.host.ovsdb.OvsdbClient;
import org.jvif.host.ovsdb.OvsdbConnectionException;
import org.jvif.host.ovsdb.OvsdbConnector;
import org.jvif.host.ovsdb.OvsdbOptions;

/**
 * The host libraries come in as services: fakes stand in for the OVSDB connector and the namespaces, and the
 * backend uses only them (no root, no kernel, no Open vSwitch).
 */
class HostServicesTest {

    /** Knows one namespace; hands out handles whose links touch no kernel. */
    static final class FakeNamespaces implements NamespaceManager {
        final List<String> opened = new ArrayList<>();
        final RecordingLinks links = new RecordingLinks();

        @Override
        public NetNamespace current() {
            return handle("current");
        }

        @Override
        public NetNamespace open(String name) {
            opened.add(name);
            return handle(name);
        }

        @Override
        public NetNamespace open(Path file) {
            throw new UnsupportedOperationException();
        }

        @Override
        public NetNamespace open(int fd) {
            throw new UnsupportedOperationException();
        }

        @Override
        public NetNamespace create(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean exists(String name) {
            return name.equals("fake-ns");
        }

        private NetNamespace handle(String name) {
            return new NetNamespace() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public LinkManager links() {
                    return links.links;
                }

                @Override
                public <T> T call(Supplier<T> work) {
                    return work.get();
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** Never reaches a server: every connection fails, saying so. */
    static final class FakeConnector implements OvsdbConnector {
        final List<String> remotes = new ArrayList<>();

        @Override
        public OvsdbClient connect(OvsdbOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public synchronized CompletableFuture<OvsdbClient> connectAsync(OvsdbOptions options) {
            remotes.add(options.remote().toString());
            return CompletableFuture.failedFuture(new OvsdbConnectionException("fake connector: no server at "
                    + options.remote()));
        }
    }

    @Test
    void theBackendConnectsAndOpensThroughTheServices() {
        FakeConnector connector = new FakeConnector();
        FakeNamespaces namespaces = new FakeNamespaces();
        OvsPlugin plugin = new OvsPlugin(connector, namespaces);
        plugin.activate(Map.of("network_namespace", "fake-ns", "ovsdb_connection", "tcp:192.0.2.1:6640",
                "ovs_vsctl_timeout", 5));
        try {
            assertEquals(List.of("fake-ns"), namespaces.opened);
            assertEquals("tcp:192.0.2.1:6640", connector.remotes.get(0), "connecting starts at activation");

            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> plugin.plug(Vifs.ovs("br-int", null), Vifs.instance()));
            assertTrue(message(e).contains("fake connector: no server at tcp:192.0.2.1:6640"), message(e));
        } finally {
            plugin.deactivate();
        }
    }

    @Test
    void aNamespaceTheServiceDoesNotKnowIsRefused() {
        FakeNamespaces namespaces = new FakeNamespaces();
        OvsPlugin plugin = new OvsPlugin(new FakeConnector(), namespaces);
        plugin.activate(Map.of("network_namespace", "other-ns", "ovsdb_connection", "tcp:192.0.2.1:6640"));
        try {
            String why = plugin.outOfService().orElseThrow();
            assertTrue(why.contains("network_namespace = \"other-ns\" refused: no such network namespace"), why);
            assertEquals(List.of(), namespaces.opened);
        } finally {
            plugin.deactivate();
        }
    }

    private static String message(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append(" / ");
        }
        return b.toString();
    }
}
