package org.jvif.api;

/** No backend is installed under the plugin name a VIF gives. */
public class NoMatchingPlugin extends OsVifException {
    private static final long serialVersionUID = 1L;

    public NoMatchingPlugin(String pluginName) {
        super("No VIF plugin was found with the name " + pluginName, null);
    }
}
