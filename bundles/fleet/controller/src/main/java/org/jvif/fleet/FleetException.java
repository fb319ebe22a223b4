package org.jvif.fleet;

/** A fleet call that did not reach its outcome, naming the host (and the VIF) it was for. */
public class FleetException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String host;
    private final String vifId;
    private final String errorType;

    /**
     * @param errorType os-vif's exception name when the host's agent reported a failure, else null
     */
    public FleetException(String host, String vifId, String errorType, String message) {
        super("host " + host + (vifId == null ? "" : ", VIF " + vifId) + ": " + message);
        this.host = host;
        this.vifId = vifId;
        this.errorType = errorType;
    }

    public String host() {
        return host;
    }

    public String vifId() {
        return vifId;
    }

    /** os-vif's exception name of a failure on the host (e.g. {@code PlugException}), null for other reasons. */
    public String errorType() {
        return errorType;
    }
}
