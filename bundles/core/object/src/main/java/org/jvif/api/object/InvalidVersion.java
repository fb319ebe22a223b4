package org.jvif.api.object;

/** A version string that is not a version at all (packaging's InvalidVersion). */
public class InvalidVersion extends VersionedObjectException {
    private static final long serialVersionUID = 1L;

    public InvalidVersion(String text) {
        super("InvalidVersion", "Invalid version: '" + text + "'");
    }

    private InvalidVersion(InvalidVersion original, String path) {
        super(original, path);
    }

    @Override
    public VersionedObjectException at(String path) {
        return new InvalidVersion(this, path);
    }
}
