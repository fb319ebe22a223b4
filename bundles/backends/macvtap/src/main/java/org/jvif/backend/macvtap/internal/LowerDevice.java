package org.jvif.backend.macvtap.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jvif.host.linux.VifChecks;
import org.jvif.host.netlink.InvalidValueException;
import org.jvif.host.netlink.ValidNames;

/** The network device of a PCI function, as sysfs lists it under {@code bus/pci/devices/<address>/net/}. */
final class LowerDevice {
    private static final String FIELD = "VIFDirect.dev_address";
    /** oslo's PCI address, strictly: it becomes a path, so its '.' must be a dot and nothing may follow. */
    private static final Pattern PCI_ADDRESS = Pattern.compile("[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f]\\.[0-7]");

    private LowerDevice() {
    }

    /**
     * The name of the one network device of {@code pciAddress}.
     *
     * @throws InvalidValueException naming {@code VIFDirect.dev_address} when the address is malformed or has
     *         no (or more than one) network device
     */
    static String of(Path sysfsRoot, String pciAddress) {
        VifChecks.required(FIELD, pciAddress);
        if (!PCI_ADDRESS.matcher(pciAddress).matches()) {
            throw new InvalidValueException(FIELD, pciAddress, "expected a PCI address like 0000:81:00.1");
        }
        Path net = sysfsRoot.resolve("bus/pci/devices").resolve(pciAddress).resolve("net");
        List<String> names;
        try (Stream<Path> entries = Files.list(net)) {
            names = entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new InvalidValueException(FIELD, pciAddress, "has no network device (no " + net + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + net + " for " + FIELD + " " + pciAddress, e);
        }
        if (names.isEmpty()) {
            throw new InvalidValueException(FIELD, pciAddress, "has no network device (" + net + " is empty)");
        }
        if (names.size() > 1) {
            throw new InvalidValueException(FIELD, pciAddress, "has several network devices " + names
                    + " under " + net + "; which one to use is ambiguous");
        }
        return ValidNames.interfaceName("network device of " + FIELD + " " + pciAddress, names.get(0));
    }
}
