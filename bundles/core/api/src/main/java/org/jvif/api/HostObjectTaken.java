package org.jvif.api;

/**
 * A plug would take a host object that carries another VIF's mark ({@link OwnerMark}). Backends throw it
 * before they make or change anything; os-vif would overwrite the object, jvif refuses.
 */
public class HostObjectTaken extends OsVifException {
    private static final long serialVersionUID = 1L;

    private final transient HostObject object;
    private final String owner;
    private final String vifId;

    public HostObjectTaken(HostObject object, String owner, String vifId) {
        super(object + " belongs to VIF " + owner + ", refusing to plug VIF " + vifId + " over it; nothing was changed",
                null);
        this.object = object;
        this.owner = owner;
        this.vifId = vifId;
    }

    public HostObject object() {
        return object;
    }

    /** The VIF the object is marked as belonging to. */
    public String owner() {
        return owner;
    }

    /** The VIF whose plug was refused. */
    public String vifId() {
        return vifId;
    }
}
