package org.jvif.api.object;

/** A primitive at a version this platform cannot read: another major, or a newer minor. */
public class IncompatibleObjectVersion extends VersionedObjectException {
    private static final long serialVersionUID = 1L;

    private final String supported;

    public IncompatibleObjectVersion(String objname, String objver, String supported) {
        super("IncompatibleObjectVersion",
                "Version " + objver + " of " + objname + " is not supported, supported version is " + supported);
        this.supported = supported;
    }

    private IncompatibleObjectVersion(IncompatibleObjectVersion original, String path) {
        super(original, path);
        this.supported = original.supported;
    }

    /** The highest version of the object this platform supports. */
    public String supported() {
        return supported;
    }

    @Override
    public VersionedObjectException at(String path) {
        return new IncompatibleObjectVersion(this, path);
    }
}
