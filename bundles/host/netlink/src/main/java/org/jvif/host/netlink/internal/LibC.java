package org.jvif.host.netlink.internal;

import java.nio.ByteBuffer;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Encoding;

/**
 * The few libc calls this bundle needs. Public only because jnr-ffi implements it from its own class
 * loader; the package stays private to the bundle. Paths are UTF-8, like the interface names in them,
 * whatever the JVM's default charset.
 */
@Encoding("UTF-8")
public interface LibC {
    int socket(int domain, int type, int protocol);

    int bind(int fd, ByteBuffer address, int length);

    int setsockopt(int fd, int level, int option, ByteBuffer value, int length);

    long send(int fd, ByteBuffer buffer, long length, int flags);

    long recv(int fd, ByteBuffer buffer, long length, int flags);

    int open(String path, int flags, int mode);

    long write(int fd, ByteBuffer buffer, long length);

    int close(int fd);

    int ioctl(int fd, long request, ByteBuffer argument);

    int ioctl(int fd, long request, long argument);

    int setns(int fd, int nstype);

    int unshare(int flags);

    int mount(String source, String target, String fstype, long flags, Pointer data);

    int umount2(String target, int flags);

    int mkdir(String path, int mode);

    int unlink(String path);

    int gettid();

    String strerrorname_np(int errnum);

    String strerrordesc_np(int errnum);
}
