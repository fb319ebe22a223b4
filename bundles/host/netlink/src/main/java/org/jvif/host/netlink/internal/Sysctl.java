package org.jvif.host.netlink.internal;

import static org.jvif.host.netlink.internal.Native.LIBC;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jvif.host.netlink.InvalidValueException;

/**
 * The per-device sysctls os-vif writes. /proc/sys/net shows the namespace of the calling thread, so
 * these run on the namespace's thread.
 */
final class Sysctl {
    private static final int O_WRONLY = 1;
    private static final Path IPV6 = Path.of("/proc/sys/net/ipv6");
    /** What os-vif writes per device: family and key. */
    private static final String[][] SYSCTLS = {{"ipv6", "disable_ipv6"}, {"ipv4", "arp_ignore"}, {"ipv4", "arp_announce"}};

    private Sysctl() {
    }

    static void disableIpv6(String device) {
        String operation = "disabling IPv6 on " + device;
        if (!write("/proc/sys/net/ipv6/conf/" + device + "/disable_ipv6", "1", operation)
                && Files.isDirectory(IPV6)) {
            throw Native.error(Native.ENOENT, operation, null);
        }
    }

    static void setArpFiltering(String device) {
        String operation = "setting ARP filtering on " + device;
        if (!write("/proc/sys/net/ipv4/conf/" + device + "/arp_ignore", "1", operation)
                || !write("/proc/sys/net/ipv4/conf/" + device + "/arp_announce", "2", operation)) {
            throw Native.error(Native.ENOENT, operation, null);
        }
    }

    /** The sysctls os-vif writes, as the device has them now, by name; those the kernel lacks are left out. */
    static Map<String, String> read(String device) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String[] sysctl : SYSCTLS) {
            Path file = file(device, sysctl);
            try {
                values.put(name(device, sysctl), Files.readString(file, StandardCharsets.US_ASCII).trim());
            } catch (NoSuchFileException e) {
                // no IPv6 here, or no such device
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + file, e);
            }
        }
        return values;
    }

    /** Refuses, before anything is written, a name that is not one of these sysctls or a value that is no integer. */
    static void checkRestorable(String device, Map<String, String> values) {
        Set<String> names = new HashSet<>();
        for (String[] sysctl : SYSCTLS) {
            names.add(name(device, sysctl));
        }
        values.forEach((name, value) -> {
            if (!names.contains(name)) {
                throw new InvalidValueException("sysctl", name, "not one os-vif writes for " + device);
            }
            if (value == null || !value.matches("-?[0-9]{1,10}")) {
                throw new InvalidValueException(name, value, "not an integer");
            }
        });
    }

    /** Writes back values {@link #read} gave; a device gone meanwhile has nothing to restore. */
    static void restore(String device, Map<String, String> values) {
        for (String[] sysctl : SYSCTLS) {
            String value = values.get(name(device, sysctl));
            if (value != null) {
                write(file(device, sysctl).toString(), value, "restoring " + name(device, sysctl));
            }
        }
    }

    private static Path file(String device, String[] sysctl) {
        return Path.of("/proc/sys/net", sysctl[0], "conf", device, sysctl[1]);
    }

    private static String name(String device, String[] sysctl) {
        return "net." + sysctl[0] + ".conf." + device + "." + sysctl[1];
    }

    /** Writes the value; false if the file does not exist. */
    private static boolean write(String path, String value, String operation) {
        int fd = LIBC.open(path, O_WRONLY | Namespaces.O_CLOEXEC, 0);
        if (fd < 0) {
            int errno = Native.errno();
            if (errno == Native.ENOENT) {
                return false;
            }
            throw Native.error(errno, operation, null);
        }
        try {
            byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
            ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length).put(bytes).clear();
            if (LIBC.write(fd, buffer, bytes.length) < 0) {
                throw Native.error(Native.errno(), operation, null);
            }
            return true;
        } finally {
            LIBC.close(fd);
        }
    }
}
