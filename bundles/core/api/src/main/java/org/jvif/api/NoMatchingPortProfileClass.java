package org.jvif.api;

/** A backend describes a port profile class that no installed bundle provides. */
public class NoMatchingPortProfileClass extends OsVifException {
    private static final long serialVersionUID = 1L;

    public NoMatchingPortProfileClass(String name) {
        super("No PortProfile class was found with the name " + name, null);
    }
}
