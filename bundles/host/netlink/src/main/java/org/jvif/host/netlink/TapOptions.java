package org.jvif.host.netlink;

import java.util.Objects;
import java.util.OptionalInt;


/**
 * How a tap device is made through /dev/net/tun (always IFF_TAP | IFF_NO_PI, always persistent, as
 * {@code ip tuntap add mode tap} does), and what {@link Link#tap()} reports back.
 */
public final class TapOptions {
    public static final TapOptions DEFAULTS = new TapOptions(false, -1, -1);

    private final boolean multiQueue;
    private final int owner;
    private final int group;

    private TapOptions(boolean multiQueue, int owner, int group) {
        this.multiQueue = multiQueue;
        this.owner = owner;
        this.group = group;
    }

    /** IFF_MULTI_QUEUE, for vhost multiqueue guests. */
    public TapOptions withMultiQueue(boolean multiQueue) {
        return new TapOptions(multiQueue, owner, group);
    }

    /** TUNSETOWNER: the uid allowed to attach. */
    public TapOptions withOwner(int uid) {
        return new TapOptions(multiQueue, ValidValues.id("owner", uid), group);
    }

    /** TUNSETGROUP: the gid allowed to attach. */
    public TapOptions withGroup(int gid) {
        return new TapOptions(multiQueue, owner, ValidValues.id("group", gid));
    }

    public boolean multiQueue() {
        return multiQueue;
    }

    public OptionalInt owner() {
        return owner < 0 ? OptionalInt.empty() : OptionalInt.of(owner);
    }

    public OptionalInt group() {
        return group < 0 ? OptionalInt.empty() : OptionalInt.of(group);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TapOptions o && o.multiQueue == multiQueue && o.owner == owner && o.group == group;
    }

    @Override
    public int hashCode() {
        return Objects.hash(multiQueue, owner, group);
    }

    @Override
    public String toString() {
        return "TapOptions[multiQueue=" + multiQueue + ", owner=" + owner() + ", group=" + group() + "]";
    }
}
