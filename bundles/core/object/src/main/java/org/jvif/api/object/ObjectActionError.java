package org.jvif.api.object;

/** An action on an object that cannot be done, e.g. a downgrade with no rule for a field that is set. */
public class ObjectActionError extends VersionedObjectException {
    private static final long serialVersionUID = 1L;

    public ObjectActionError(String action, String reason) {
        super("ObjectActionError", "Object action " + action + " failed because: " + reason);
    }

    private ObjectActionError(ObjectActionError original, String path) {
        super(original, path);
    }

    @Override
    public VersionedObjectException at(String path) {
        return new ObjectActionError(this, path);
    }
}
