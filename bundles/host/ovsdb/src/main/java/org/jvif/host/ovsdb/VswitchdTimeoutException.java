package org.jvif.host.ovsdb;

/**
 * The transaction was committed, but ovs-vswitchd did not report {@code cur_cfg >= next_cfg} in time,
 * i.e. it has not applied the change (is it running and connected to this database?).
 */
public class VswitchdTimeoutException extends OvsdbTimeoutException {
    private static final long serialVersionUID = 1L;
    private final long nextCfg;
    private final long curCfg;

    public VswitchdTimeoutException(String message, long nextCfg, long curCfg) {
        super(message);
        this.nextCfg = nextCfg;
        this.curCfg = curCfg;
    }

    /** The configuration number the transaction asked ovs-vswitchd to reach. */
    public long nextCfg() {
        return nextCfg;
    }

    /** The last {@code cur_cfg} seen, or -1 if none. */
    public long curCfg() {
        return curCfg;
    }
}
