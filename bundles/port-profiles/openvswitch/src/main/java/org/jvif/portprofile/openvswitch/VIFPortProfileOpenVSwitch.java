package org.jvif.portprofile.openvswitch;

import java.util.Map;
import org.jvif.api.model.VIFPortProfileBase;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.Version;

/** Port profile for Open vSwitch networks: what associates a VIF with an Open vSwitch interface. */
public class VIFPortProfileOpenVSwitch extends VIFPortProfileBase {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.extend(VIFPortProfileBase.SCHEMA, "VIFPortProfileOpenVSwitch", "1.4", VIFPortProfileOpenVSwitch::new);

    /** UUID of the interface (the OVS iface-id). */
    public static final Field<String> INTERFACE_ID = DECLARE.field("interface_id", FieldTypes.UUID);
    /** The Open vSwitch port profile for the interface. */
    public static final Field<String> PROFILE_ID = DECLARE.field("profile_id", FieldTypes.STRING);
    /** Datapath type of the bridge (added in 1.1). */
    public static final Field<String> DATAPATH_TYPE = DECLARE.nullable("datapath_type", FieldTypes.STRING);
    /** Whether the plugin should add the port to the bridge (added in 1.3). */
    public static final Field<Boolean> CREATE_PORT = DECLARE.withDefault("create_port", FieldTypes.BOOLEAN, Boolean.FALSE);
    /** Whether the plugin should create the TAP device (added in 1.4). */
    public static final Field<Boolean> CREATE_TAP = DECLARE.withDefault("create_tap", FieldTypes.BOOLEAN, Boolean.FALSE);
    /** Whether to enable multiqueue on the TAP device (added in 1.4). */
    public static final Field<Boolean> MULTIQUEUE = DECLARE.withDefault("multiqueue", FieldTypes.BOOLEAN, Boolean.FALSE);

    public static final ObjectSchema SCHEMA = DECLARE
            .compat(VIFPortProfileOpenVSwitch::makeCompatible)
            .build();

    public VIFPortProfileOpenVSwitch() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected VIFPortProfileOpenVSwitch(ObjectSchema schema) {
        super(schema);
    }

    public String getInterfaceId() {
        return get(INTERFACE_ID);
    }

    public void setInterfaceId(String value) {
        set(INTERFACE_ID, value);
    }

    public String getProfileId() {
        return get(PROFILE_ID);
    }

    public void setProfileId(String value) {
        set(PROFILE_ID, value);
    }

    public String getDatapathType() {
        return get(DATAPATH_TYPE);
    }

    public void setDatapathType(String value) {
        set(DATAPATH_TYPE, value);
    }

    public Boolean getCreatePort() {
        return get(CREATE_PORT);
    }

    public void setCreatePort(Boolean value) {
        set(CREATE_PORT, value);
    }

    public Boolean getCreateTap() {
        return get(CREATE_TAP);
    }

    public void setCreateTap(Boolean value) {
        set(CREATE_TAP, value);
    }

    public Boolean getMultiqueue() {
        return get(MULTIQUEUE);
    }

    public void setMultiqueue(Boolean value) {
        set(MULTIQUEUE, value);
    }

    private static Version makeCompatible(Map<String, Object> data, Version target) {
        if (target.isOlderThan("1.4")) {
            data.remove("create_tap");
            data.remove("multiqueue");
        }
        if (target.isOlderThan("1.3")) {
            data.remove("create_port");
        }
        if (target.isOlderThan("1.1")) {
            data.remove("datapath_type");
        }
        return Version.of(target.isOlderThan("1.2") ? "1.0" : "1.1");
    }
}
