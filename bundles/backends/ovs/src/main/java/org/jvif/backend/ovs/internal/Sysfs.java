package org.jvif.backend.ovs.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jvif.backend.ovs.internal.OvsExceptions.PciDeviceNotFoundById;
import org.jvif.backend.ovs.internal.OvsExceptions.RepresentorNotFound;

/**
 * Finds SR-IOV VF representors the way os-vif's {@code linux_net} does, reading sysfs under a configurable
 * root (tests give a fake tree). Where os-vif lists a directory in the kernel's order, this takes names in
 * sorted order, so the answer does not depend on directory order.
 */
final class Sysfs {
    private static final Pattern VIRTFN = Pattern.compile("virtfn(\\d+)");
    /** phys_port_name holding only the VF number. */
    private static final Pattern INT = Pattern.compile("^(\\d+)$");
    private static final Pattern VF = Pattern.compile("vf(\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PF = Pattern.compile("pf(\\d+)", Pattern.CASE_INSENSITIVE);
    /** The function number in a PCI address (bus:dev.func). */
    private static final Pattern PF_FUNC = Pattern.compile("\\.(\\d+)");
    /** phys_port_name of an uplink representor, e.g. p0. */
    private static final Pattern UPLINK_PORT = Pattern.compile("p(\\d+)", Pattern.CASE_INSENSITIVE);

    private final Path root;

    Sysfs(Path root) {
        this.root = root;
    }

    private Path pciDevice(String pci) {
        return root.resolve("bus/pci/devices").resolve(pci);
    }

    private Path netDevice(String ifname) {
        return root.resolve("class/net").resolve(ifname);
    }

    /** os-vif's {@code get_vf_num_by_pci_address}: N of the PF's {@code virtfnN} link that points at the VF. */
    String vfNumber(String vfPci) {
        for (String entry : list(pciDevice(vfPci).resolve("physfn"))) {
            Matcher m = VIRTFN.matcher(entry);
            if (!m.matches()) {
                continue;
            }
            Path target = readLink(pciDevice(vfPci).resolve("physfn").resolve(entry));
            if (target != null && target.getFileName() != null && target.getFileName().toString().equals(vfPci)) {
                return m.group(1);
            }
        }
        throw new PciDeviceNotFoundById(vfPci);
    }

    /** os-vif's {@code get_pf_pci_from_vf}. */
    String pfPci(String vfPci) {
        Path target = readLink(pciDevice(vfPci).resolve("physfn"));
        if (target == null || target.getFileName() == null) {
            throw new PciDeviceNotFoundById(vfPci);
        }
        return target.getFileName().toString();
    }

    /**
     * os-vif's {@code get_ifname_by_pci_address(pf_interface=True, switchdev=True)}: the PF's netdev in
     * switchdev mode, preferring the uplink representor (phys_port_name pN).
     */
    String pfInterface(String vfPci) {
        String fallback = null;
        for (String netdev : list(pciDevice(vfPci).resolve("physfn/net"))) {
            if (!isSwitchdev(netdev)) {
                continue;
            }
            if (fallback == null) {
                fallback = netdev;
            }
            String portName = physPortName(netdev);
            if (portName != null && UPLINK_PORT.matcher(portName).find()) {
                return netdev;
            }
        }
        if (fallback == null) {
            throw new PciDeviceNotFoundById(vfPci);
        }
        return fallback;
    }

    /**
     * os-vif's {@code get_representor_port}: the netdev on the PF's switch whose phys_port_name names the VF
     * (and, when it names a PF too, this PF's function).
     */
    String representor(String pfIfname, String vfNum) {
        String pfSwitchId;
        try {
            pfSwitchId = readFirstLine(netDevice(pfIfname).resolve("phys_switch_id"));
        } catch (IOException e) {
            throw new RepresentorNotFound(pfIfname, vfNum);
        }
        List<String> devices;
        try {
            devices = listOrFail(netDevice(pfIfname).resolve("subsystem"));
        } catch (IOException e) {
            throw new RepresentorNotFound(pfIfname, vfNum);
        }
        String pfFunc = pfFunction(pfIfname);
        if (pfFunc == null) {
            throw new RepresentorNotFound(pfIfname, vfNum);
        }
        for (String device : devices) {
            String portName;
            try {
                String switchId = readFirstLine(netDevice(device).resolve("phys_switch_id"));
                if (switchId == null || switchId.isEmpty() || !switchId.equals(pfSwitchId)) {
                    continue;
                }
                portName = readFirstLine(netDevice(device).resolve("phys_port_name"));
            } catch (IOException e) {
                continue;
            }
            if (portName == null) {
                continue;
            }
            Matcher pf = PF.matcher(portName);
            if (pf.find() && !sameNumber(pf.group(1), pfFunc)) {
                continue;
            }
            String representorNum = vfOf(portName);
            if (representorNum != null && sameNumber(representorNum, vfNum)) {
                return device;
            }
        }
        throw new RepresentorNotFound(pfIfname, vfNum);
    }

    private static String vfOf(String physPortName) {
        Matcher m = INT.matcher(physPortName);
        if (m.find()) {
            return m.group(1);
        }
        m = VF.matcher(physPortName);
        return m.find() ? m.group(1) : null;
    }

    private static boolean sameNumber(String a, String b) {
        try {
            return Long.parseLong(a) == Long.parseLong(b);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The function number of the PF's PCI address (os-vif's {@code _get_pf_func}). */
    private String pfFunction(String pfIfname) {
        Path device = netDevice(pfIfname).resolve("device");
        if (!Files.isDirectory(device)) {
            return null;
        }
        Path target = readLink(device);
        if (target == null) {
            return null;
        }
        Matcher m = PF_FUNC.matcher(target.toString());
        return m.find() ? m.group(1) : null;
    }

    private boolean isSwitchdev(String netdev) {
        try {
            String id = readFirstLine(netDevice(netdev).resolve("phys_switch_id"));
            return id != null && !id.isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private String physPortName(String netdev) {
        try {
            return readFirstLine(netDevice(netdev).resolve("phys_port_name"));
        } catch (IOException e) {
            return null;
        }
    }

    /** The first line of a file, trimmed; null when there is no such regular file. */
    private static String readFirstLine(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (Stream<String> lines = Files.lines(file)) {
            return lines.findFirst().orElse("").trim();
        }
    }

    private static Path readLink(Path link) {
        try {
            return Files.readSymbolicLink(link);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static List<String> list(Path dir) {
        try {
            return listOrFail(dir);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<String> listOrFail(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort(null);
        return names;
    }
}
