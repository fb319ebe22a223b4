package org.jvif.api;

/** The installed VIF class is outside the versions a backend supports. */
public class NoSupportedVIFVersion extends OsVifException {
    private static final long serialVersionUID = 1L;

    public NoSupportedVIFVersion(String name, String gotVersions, String minVersion, String maxVersion) {
        super("VIF class " + name + " versions " + gotVersions + " do not satisfy min=" + minVersion + " max=" + maxVersion, null);
    }
}
