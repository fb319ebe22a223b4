package org.jvif.api;

/** The installed port profile class is outside the versions a backend supports. */
public class NoSupportedPortProfileVersion extends OsVifException {
    private static final long serialVersionUID = 1L;

    public NoSupportedPortProfileVersion(String name, String gotVersions, String minVersion, String maxVersion) {
        super("PortProfile class " + name + " versions " + gotVersions + " do not satisfy min=" + minVersion + " max=" + maxVersion, null);
    }
}
