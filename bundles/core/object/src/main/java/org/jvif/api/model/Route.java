package org.jvif.api.model;

import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;

/** A route. */
public class Route extends VersionedObject {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.builder("Route", "1.0", Route::new);

    public static final Field<String> CIDR = DECLARE.field("cidr", FieldTypes.IP_NETWORK);
    public static final Field<String> GATEWAY = DECLARE.field("gateway", FieldTypes.IP_ADDRESS);
    public static final Field<String> INTERFACE = DECLARE.field("interface", FieldTypes.STRING);

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public Route() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected Route(ObjectSchema schema) {
        super(schema);
    }

    public String getCidr() {
        return get(CIDR);
    }

    public void setCidr(String value) {
        set(CIDR, value);
    }

    public String getGateway() {
        return get(GATEWAY);
    }

    public void setGateway(String value) {
        set(GATEWAY, value);
    }

    public String getInterface() {
        return get(INTERFACE);
    }

    public void setInterface(String value) {
        set(INTERFACE, value);
    }
}
