package org.jvif.host.netlink;

import java.time.Duration;

/**
 * The one place that says which values may reach the kernel, beside {@link ValidNames}: each is checked here
 * before a request is made.
 */
public final class ValidValues {
    public static final int MIN_MTU = 68;
    public static final int MAX_MTU = 65535;
    private static final Duration MIN_STP_FORWARD_DELAY = Duration.ofSeconds(2);
    private static final Duration MAX_STP_FORWARD_DELAY = Duration.ofSeconds(30);

    private ValidValues() {
    }

    public static int mtu(int mtu) {
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new InvalidValueException("mtu", mtu, "must be " + MIN_MTU + ".." + MAX_MTU);
        }
        return mtu;
    }

    /** An address a device may own: neither multicast (nor broadcast) nor all-zero. */
    public static MacAddress unicast(MacAddress address) {
        if (address == null) {
            throw new InvalidValueException("address", null, "an address is required");
        }
        if (address.isMulticast()) {
            throw new InvalidValueException("address", address, "is a multicast address");
        }
        if (address.isZero()) {
            throw new InvalidValueException("address", address, "is all-zero");
        }
        return address;
    }

    public static int vlanId(int vlanId) {
        if (vlanId < 1 || vlanId > 4094) {
            throw new InvalidValueException("vlanId", vlanId, "must be 1..4094");
        }
        return vlanId;
    }

    public static MacvlanMode mode(MacvlanMode mode) {
        if (mode == null) {
            throw new InvalidValueException("mode", null, "expected one of private, vepa, bridge, passthru");
        }
        return mode;
    }

    /** A bridge timer in the kernel's clock_t unit (USER_HZ = 100, so centiseconds). */
    public static long centiseconds(String field, Duration duration) {
        if (duration == null) {
            throw new InvalidValueException(field, null, "a duration is required");
        }
        if (duration.isNegative()) {
            throw new InvalidValueException(field, duration, "must not be negative");
        }
        if (duration.getSeconds() > 0xffffffffL / 100) {
            throw new InvalidValueException(field, duration, "is too long");
        }
        if (duration.getNano() % 10_000_000 != 0) {
            throw new InvalidValueException(field, duration, "must be whole hundredths of a second");
        }
        return duration.toMillis() / 10;
    }

    /** The kernel's forward delay range while STP is on, checked here so the bridge is never half made. */
    public static BridgeOptions bridge(BridgeOptions bridge) {
        Duration delay = bridge.forwardDelay().orElse(null);
        if (delay != null && bridge.stp().orElse(false)
                && (delay.compareTo(MIN_STP_FORWARD_DELAY) < 0 || delay.compareTo(MAX_STP_FORWARD_DELAY) > 0)) {
            throw new InvalidValueException("forwardDelay", delay, "must be 2..30 s while STP is on");
        }
        return bridge;
    }

    /** A uid or gid for a tap owner. */
    public static int id(String field, int id) {
        if (id < 0) {
            throw new InvalidValueException(field, id, "must not be negative");
        }
        return id;
    }

    /** IFALIASZ less its NUL. */
    private static final int MAX_ALIAS_BYTES = 255;

    /** A device alias: UTF-8, at most 255 bytes, no control characters. */
    public static byte[] alias(String alias) {
        if (alias == null) {
            throw new InvalidValueException("alias", null, "must not be null (empty removes it)");
        }
        for (int i = 0; i < alias.length(); i++) {
            if (Character.isISOControl(alias.charAt(i))) {
                throw new InvalidValueException("alias", alias, "contains a control character");
            }
        }
        byte[] bytes = alias.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length > MAX_ALIAS_BYTES) {
            throw new InvalidValueException("alias", alias, "longer than " + MAX_ALIAS_BYTES + " bytes");
        }
        return bytes;
    }
}
