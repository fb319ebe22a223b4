package org.jvif.api.model;

import java.util.List;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;

/** A fixed IP address and its floating IPs. */
public class FixedIP extends VersionedObject {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.builder("FixedIP", "1.0", FixedIP::new);

    public static final Field<String> ADDRESS = DECLARE.field("address", FieldTypes.IP_ADDRESS);
    public static final Field<List<String>> FLOATING_IPS = DECLARE.field("floating_ips", FieldTypes.LIST_OF_IP_ADDRESS);

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public FixedIP() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected FixedIP(ObjectSchema schema) {
        super(schema);
    }

    public String getAddress() {
        return get(ADDRESS);
    }

    public void setAddress(String value) {
        set(ADDRESS, value);
    }

    public List<String> getFloatingIps() {
        return get(FLOATING_IPS);
    }

    public void setFloatingIps(List<String> value) {
        set(FLOATING_IPS, value);
    }
}
