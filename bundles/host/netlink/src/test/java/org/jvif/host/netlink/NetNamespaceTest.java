package org.jvif.host.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jvif.host.netlink.testing.IpWitness;

class NetNamespaceTest {
    private final List<String> created = new ArrayList<>();
    private final List<NetNamespace> opened = new ArrayList<>();

    @AfterEach
    void removeNamespaces() {
        opened.forEach(NetNamespace::close);
        for (String name : created) {
            TestNamespaces.remove(null, name);
        }
    }

    private NetNamespace create(String purpose) {
        String name = TestNamespaces.uniqueName(purpose);
        created.add(name);
        return track(NetNamespace.create(name));
    }

    private NetNamespace track(NetNamespace handle) {
        opened.add(handle);
        return handle;
    }

    @Test
    void createsOpensAndDeletesLikeIpNetns() {
        NetNamespace first = create("life");
        String name = first.name();
        assertTrue(NetNamespace.exists(name));
        assertTrue(IpWitness.namespaces().contains(name), "ip netns list shows it");
        assertTrue(first.links().link("lo").isPresent());

        NetNamespace byName = track(NetNamespace.open(name));
        NetNamespace byPath = track(NetNamespace.open(NetNamespace.RUN_DIR.resolve(name)));
        first.links().createBridge("brlife", BridgeOptions.DEFAULTS, LinkSettings.NONE);
        assertTrue(byName.links().exists("brlife"), "a second handle sees the same namespace");
        assertTrue(byPath.links().exists("brlife"), "a handle opened by path sees it too");
        IpWitness.require(name, "brlife");

        first.close();
        byName.close();
        byPath.close();
        NetNamespace.delete(name);
        assertFalse(NetNamespace.exists(name));
        assertFalse(IpWitness.namespaces().contains(name));
    }

    @Test
    void creatingTwiceIsEexist() {
        NetNamespace handle = create("twice");
        NetlinkException e = assertThrows(NetlinkException.class, () -> NetNamespace.create(handle.name()));
        assertEquals("EEXIST", e.errnoName());
        assertEquals(17, e.errno());
        assertEquals("EEXIST creating network namespace " + handle.name() + ": File exists", e.getMessage());
        assertTrue(handle.links().exists("lo"), "the existing namespace is untouched");
    }

    @Test
    void openingOrDeletingAnUnknownNamespaceIsEnoent() {
        String name = TestNamespaces.uniqueName("none");
        NetlinkException open = assertThrows(NetlinkException.class, () -> NetNamespace.open(name));
        assertEquals("ENOENT", open.errnoName());
        assertEquals("opening network namespace " + name, open.operation());
        NetlinkException delete = assertThrows(NetlinkException.class, () -> NetNamespace.delete(name));
        assertEquals("ENOENT", delete.errnoName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "a b", "tab\tname"})
    void rejectsBadNamespaceNames(String name) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> NetNamespace.create(name));
        assertEquals("namespace", e.field());
        assertEquals(name, e.value());
        assertThrows(InvalidValueException.class, () -> NetNamespace.open(name));
        assertThrows(InvalidValueException.class, () -> NetNamespace.delete(name));
    }

    @Test
    void workRunsOnOneReusedThreadInsideWhileTheCallerStaysPut() {
        NetNamespace handle = create("thread");
        long callerBefore = inode("/proc/thread-self/ns/net");
        long target = inode(NetNamespace.RUN_DIR.resolve(handle.name()).toString());
        assertNotEquals(callerBefore, target);

        assertEquals(target, handle.call(() -> inode("/proc/thread-self/ns/net")));
        Thread first = handle.call(Thread::currentThread);
        Thread second = handle.call(Thread::currentThread);
        assertEquals(first, second, "one thread per handle, reused");
        assertNotEquals(Thread.currentThread(), first);
        assertEquals(callerBefore, inode("/proc/thread-self/ns/net"), "the calling thread never moved");
    }

    @Test
    void exceptionsFromWorkPropagateUnchanged() {
        NetNamespace handle = create("throw");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> handle.call(() -> {
            throw new IllegalStateException("boom");
        }));
        assertEquals("boom", e.getMessage());
        assertEquals(handle.call(() -> 42), 42, "the thread survives");
    }

    @Test
    void currentNamespaceWorksOnTheCallingThread() {
        try (NetNamespace current = NetNamespace.current()) {
            assertEquals(Thread.currentThread(), current.call(Thread::currentThread));
            assertTrue(current.links().link("lo").isPresent());
        }
    }

    @Test
    void closedHandleRefusesWork() {
        NetNamespace handle = create("closed");
        handle.close();
        handle.close();
        assertThrows(IllegalStateException.class, () -> handle.links().links());
        assertThrows(IllegalStateException.class, () -> handle.call(() -> 1));
    }

    @Test
    void namespaceDiesWithItsDevicesWhenDeleted() {
        NetNamespace handle = create("gone");
        String name = handle.name();
        handle.links().createVethPair("gonea", LinkSettings.NONE, "goneb", LinkSettings.NONE);
        handle.close();
        NetNamespace.delete(name);
        assertTrue(IpWitness.link(null, "gonea").isEmpty());
        assertFalse(NetNamespace.exists(name));
    }

    static long inode(String path) {
        try {
            return ((Number) Files.getAttribute(Path.of(path), "unix:ino")).longValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
