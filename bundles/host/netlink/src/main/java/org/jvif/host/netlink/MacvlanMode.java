package org.jvif.host.netlink;

import java.util.Locale;

/** Modes of macvlan and macvtap links (IFLA_MACVLAN_MODE). */
public enum MacvlanMode {
    PRIVATE(1),
    VEPA(2),
    BRIDGE(4),
    PASSTHRU(8);

    private final int kernelValue;

    MacvlanMode(int kernelValue) {
        this.kernelValue = kernelValue;
    }

    /** The MACVLAN_MODE_* value. */
    public int kernelValue() {
        return kernelValue;
    }

    /** Parses the names {@code ip link} and os-vif use: private, vepa, bridge, passthru. */
    public static MacvlanMode parse(String name) {
        if (name != null) {
            for (MacvlanMode mode : values()) {
                if (mode.toString().equals(name.toLowerCase(Locale.ROOT))) {
                    return mode;
                }
            }
        }
        throw new InvalidValueException("mode", name, "expected one of private, vepa, bridge, passthru");
    }

    /** The mode for a MACVLAN_MODE_* value, or null for one this enum does not model. */
    public static MacvlanMode fromKernel(int value) {
        for (MacvlanMode mode : values()) {
            if (mode.kernelValue == value) {
                return mode;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
