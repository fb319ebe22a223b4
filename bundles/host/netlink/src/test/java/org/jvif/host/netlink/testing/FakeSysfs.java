package org.jvif.host.netlink.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A sysfs tree of SR-IOV NICs in switchdev mode, laid out as the kernel does: PCI devices with their
 * physfn/virtfnN links and net/ directories, netdevs under class/net with phys_switch_id, phys_port_name,
 * device and subsystem.
 */
public final class FakeSysfs implements AutoCloseable {
    public final Path root;

    public FakeSysfs() {
        try {
            root = Files.createTempDirectory("jvif-sysfs");
            Files.createDirectories(root.resolve("bus/pci/devices"));
            Files.createDirectories(root.resolve("class/net"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PF at {@code pci} whose netdev {@code ifname} is on switch {@code switchId}; null port name: none. */
    public FakeSysfs pf(String pci, String ifname, String switchId, String physPortName) {
        try {
            Path dev = Files.createDirectories(root.resolve("bus/pci/devices").resolve(pci));
            Files.createDirectories(dev.resolve("net").resolve(ifname));
            netdev(ifname, switchId, physPortName);
            Files.createSymbolicLink(root.resolve("class/net").resolve(ifname).resolve("device"),
                    Path.of("../../../bus/pci/devices/" + pci));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** VF number {@code n} of the PF at {@code pfPci}, at {@code vfPci}. */
    public FakeSysfs vf(String pfPci, int n, String vfPci) {
        try {
            Path dev = Files.createDirectories(root.resolve("bus/pci/devices").resolve(vfPci));
            Files.createSymbolicLink(dev.resolve("physfn"), Path.of("../" + pfPci));
            Files.createSymbolicLink(root.resolve("bus/pci/devices").resolve(pfPci).resolve("virtfn" + n),
                    Path.of("../" + vfPci));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A netdev (e.g. a VF representor) on switch {@code switchId} with that phys_port_name (null: none). */
    public FakeSysfs netdev(String ifname, String switchId, String physPortName) {
        try {
            Path dir = Files.createDirectories(root.resolve("class/net").resolve(ifname));
            if (switchId != null) {
                Files.writeString(dir.resolve("phys_switch_id"), switchId + "\n");
            }
            if (physPortName != null) {
                Files.writeString(dir.resolve("phys_port_name"), physPortName + "\n");
            }
            Files.createSymbolicLink(dir.resolve("subsystem"), Path.of(".."));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
