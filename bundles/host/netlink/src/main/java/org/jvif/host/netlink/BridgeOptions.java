package org.jvif.host.netlink;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;


/**
 * Bridge attributes (IFLA_BR_*): set at creation, and reported by {@link Link#bridge()}. Unset fields keep
 * the kernel's defaults. Immutable; each {@code with} method validates at once.
 */
public final class BridgeOptions {
    /** Kernel defaults for everything. */
    public static final BridgeOptions DEFAULTS = new BridgeOptions(null, null, null, null);

    private final Duration forwardDelay;
    private final Boolean stp;
    private final Boolean multicastSnooping;
    private final Duration ageingTime;

    private BridgeOptions(Duration forwardDelay, Boolean stp, Boolean multicastSnooping, Duration ageingTime) {
        this.forwardDelay = forwardDelay;
        this.stp = stp;
        this.multicastSnooping = multicastSnooping;
        this.ageingTime = ageingTime;
    }

    /** Whole hundredths of a second; creating a bridge with STP on needs 2..30 s (the kernel's range). */
    public BridgeOptions withForwardDelay(Duration forwardDelay) {
        ValidValues.centiseconds("forwardDelay", forwardDelay);
        return new BridgeOptions(forwardDelay, stp, multicastSnooping, ageingTime);
    }

    /** Kernel STP on or off. */
    public BridgeOptions withStp(boolean stp) {
        return new BridgeOptions(forwardDelay, stp, multicastSnooping, ageingTime);
    }

    public BridgeOptions withMulticastSnooping(boolean multicastSnooping) {
        return new BridgeOptions(forwardDelay, stp, multicastSnooping, ageingTime);
    }

    /** How long learnt MACs live; zero keeps them forever (os-vif's hybrid-plug bridges use 0). */
    public BridgeOptions withAgeingTime(Duration ageingTime) {
        ValidValues.centiseconds("ageingTime", ageingTime);
        return new BridgeOptions(forwardDelay, stp, multicastSnooping, ageingTime);
    }

    public Optional<Duration> forwardDelay() {
        return Optional.ofNullable(forwardDelay);
    }

    public Optional<Boolean> stp() {
        return Optional.ofNullable(stp);
    }

    public Optional<Boolean> multicastSnooping() {
        return Optional.ofNullable(multicastSnooping);
    }

    public Optional<Duration> ageingTime() {
        return Optional.ofNullable(ageingTime);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BridgeOptions o && Objects.equals(forwardDelay, o.forwardDelay)
                && Objects.equals(stp, o.stp)
                && Objects.equals(multicastSnooping, o.multicastSnooping)
                && Objects.equals(ageingTime, o.ageingTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(forwardDelay, stp, multicastSnooping, ageingTime);
    }

    @Override
    public String toString() {
        return "BridgeOptions[forwardDelay=" + forwardDelay + ", stp=" + stp + ", multicastSnooping="
                + multicastSnooping + ", ageingTime=" + ageingTime + "]";
    }
}
