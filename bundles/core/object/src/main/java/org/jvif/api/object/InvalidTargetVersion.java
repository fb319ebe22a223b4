package org.jvif.api.object;

/** A target version newer than the object's own. */
public class InvalidTargetVersion extends VersionedObjectException {
    private static final long serialVersionUID = 1L;

    public InvalidTargetVersion(String version) {
        super("InvalidTargetVersion", "Invalid target version " + version);
    }

    private InvalidTargetVersion(InvalidTargetVersion original, String path) {
        super(original, path);
    }

    @Override
    public VersionedObjectException at(String path) {
        return new InvalidTargetVersion(this, path);
    }
}
