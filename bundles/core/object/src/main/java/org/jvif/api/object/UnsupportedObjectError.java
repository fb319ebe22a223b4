package org.jvif.api.object;

/** An object name that is not registered, or a namespace other than os_vif. */
public class UnsupportedObjectError extends VersionedObjectException {
    private static final long serialVersionUID = 1L;

    public UnsupportedObjectError(String objtype) {
        super("UnsupportedObjectError", "Unsupported object type " + objtype);
    }

    private UnsupportedObjectError(UnsupportedObjectError original, String path) {
        super(original, path);
    }

    @Override
    public VersionedObjectException at(String path) {
        return new UnsupportedObjectError(this, path);
    }
}
