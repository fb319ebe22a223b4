package org.jvif.host.netlink.internal;

import static org.jvif.host.netlink.internal.Native.LIBC;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jvif.host.netlink.NamespaceManager;
import org.jvif.host.netlink.NetNamespace;
import org.jvif.host.netlink.ValidNames;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Opening, creating and deleting network namespaces, the way iproute2's {@code ip netns} does. */
@Component(service = NamespaceManager.class)
public final class Namespaces implements NamespaceManager {
    static final int O_CLOEXEC = 0x80000;
    private static final int O_RDONLY = 0;
    private static final int O_CREAT = 0x40;
    private static final int O_EXCL = 0x80;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int MS_BIND = 0x1000;
    private static final int MS_REC = 0x4000;
    private static final int MS_SHARED = 1 << 20;
    private static final int MNT_DETACH = 2;
    private static final String RUN_DIR = NetNamespace.RUN_DIR.toString();

    /**
     * Framework (or system) property: {@code on_first_use} leaves the binding of the C library to the first call
     * that needs it, for a platform that touches no device (the launcher's one-shot runs of commands that only
     * describe the platform).
     */
    static final String BIND_PROPERTY = "org.jvif.host.netlink.bind";

    /** Serializes this JVM's changes to /run/netns. */
    private static final Object RUN_DIR_LOCK = new Object();

    /** For Declarative Services and {@link java.util.ServiceLoader}. */
    public Namespaces() {
    }

    /**
     * Binds the C library (jnr-ffi generates its glue, a good part of a one-shot command's start-up) on a
     * thread of its own, while the platform goes on starting; a namespace opened meanwhile waits for it.
     */
    @Activate
    void activate(BundleContext context) {
        if ("on_first_use".equals(context.getProperty(BIND_PROPERTY))) {
            return;
        }
        Thread bind = new Thread(Native::load, "jvif-netlink-bind");
        bind.setDaemon(true);
        bind.start();
    }

    @Override
    public NetNamespace current() {
        return new NamespaceHandle("current", null);
    }

    @Override
    public NetNamespace open(String name) {
        ValidNames.namespaceName("namespace", name);
        return open(RUN_DIR + "/" + name, name);
    }

    @Override
    public NetNamespace open(Path file) {
        return open(file.toString(), file.toString());
    }

    @Override
    public NetNamespace open(int fd) {
        return enter(fd, "fd " + fd);
    }

    private static NetNamespace open(String path, String label) {
        int fd = Native.check(LIBC.open(path, O_RDONLY | O_CLOEXEC, 0), "opening network namespace " + label);
        try {
            return enter(fd, label);
        } finally {
            LIBC.close(fd);
        }
    }

    private static NetNamespace enter(int fd, String label) {
        NamespaceThread thread = new NamespaceThread(label,
                () -> Native.check(LIBC.setns(fd, CLONE_NEWNET), "entering network namespace " + label));
        return new NamespaceHandle(label, thread);
    }

    @Override
    public NetNamespace create(String name) {
        ValidNames.namespaceName("namespace", name);
        String path = RUN_DIR + "/" + name;
        String operation = "creating network namespace " + name;
        synchronized (RUN_DIR_LOCK) {
            prepareRunDir(operation);
            // the mount point; O_EXCL makes a second create of the same name fail with EEXIST
            LIBC.close(Native.check(LIBC.open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0), operation));
            try {
                // the new thread unshares into a fresh namespace and pins it by bind-mounting its own ns file
                NamespaceThread thread = new NamespaceThread(name, () -> {
                    Native.check(LIBC.unshare(CLONE_NEWNET), operation);
                    Native.check(LIBC.mount("/proc/self/task/" + LIBC.gettid() + "/ns/net", path, "none", MS_BIND,
                            null), operation + ": bind-mounting it");
                });
                return new NamespaceHandle(name, thread);
            } catch (RuntimeException e) {
                LIBC.umount2(path, MNT_DETACH);
                LIBC.unlink(path);
                throw e;
            }
        }
    }

    /**
     * Creates /run/netns and makes it a shared mount (bind-mounting it onto itself first if it is not a
     * mount point), so namespace mounts made later propagate to every mount namespace.
     */
    private static void prepareRunDir(String operation) {
        if (LIBC.mkdir(RUN_DIR, 0755) < 0 && Native.errno() != Native.EEXIST) {
            throw Native.error(Native.errno(), operation + ": creating " + RUN_DIR, null);
        }
        boolean boundOnItself = false;
        while (LIBC.mount("", RUN_DIR, "none", MS_SHARED | MS_REC, null) < 0) {
            int errno = Native.errno();
            if (errno != Native.EINVAL || boundOnItself) {
                throw Native.error(errno, operation + ": making " + RUN_DIR + " a shared mount", null);
            }
            Native.check(LIBC.mount(RUN_DIR, RUN_DIR, "none", MS_BIND | MS_REC, null),
                    operation + ": bind-mounting " + RUN_DIR + " onto itself");
            boundOnItself = true;
        }
    }

    @Override
    public void delete(String name) {
        ValidNames.namespaceName("namespace", name);
        String path = RUN_DIR + "/" + name;
        String operation = "deleting network namespace " + name;
        synchronized (RUN_DIR_LOCK) {
            // EINVAL: not a mount point (a stale file); remove it all the same
            if (LIBC.umount2(path, MNT_DETACH) < 0 && Native.errno() != Native.EINVAL) {
                throw Native.error(Native.errno(), operation, null);
            }
            Native.check(LIBC.unlink(path), operation);
        }
    }

    @Override
    public boolean exists(String name) {
        ValidNames.namespaceName("namespace", name);
        return Files.exists(NetNamespace.RUN_DIR.resolve(name));
    }
}
