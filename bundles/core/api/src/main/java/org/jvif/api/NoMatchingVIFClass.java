package org.jvif.api;

/** A backend describes a VIF class that no installed bundle provides. */
public class NoMatchingVIFClass extends OsVifException {
    private static final long serialVersionUID = 1L;

    public NoMatchingVIFClass(String name) {
        super("No VIF class was found with the name " + name, null);
    }
}
