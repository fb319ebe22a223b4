package org.jvif.host.ovsdb;

/** A table, column or value does not fit the database schema; raised before anything is sent. */
public class OvsdbSchemaException extends OvsdbException {
    private static final long serialVersionUID = 1L;

    public OvsdbSchemaException(String message) {
        super(message);
    }
}
