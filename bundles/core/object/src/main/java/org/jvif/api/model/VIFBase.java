package org.jvif.api.model;

import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;

/** The base of every VIF type: what all VIFs share, and the network the VIF is plugged into. */
public class VIFBase extends VersionedObject {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.builder("VIFBase", "1.0", VIFBase::new);

    /** Unique identifier of the VIF port. */
    public static final Field<String> ID = DECLARE.field("id", FieldTypes.UUID);
    /** The guest MAC address. */
    public static final Field<String> ADDRESS = DECLARE.nullable("address", FieldTypes.MAC_ADDRESS);
    /** The network to which the VIF is connected. */
    public static final Field<Network> NETWORK = DECLARE.nullable("network", FieldTypes.<Network>object("Network", false));
    /** Name of the os-vif plugin (jvif backend) that plugs it. */
    public static final Field<String> PLUGIN = DECLARE.field("plugin", FieldTypes.STRING);
    /** Whether the VIF is initially online. */
    public static final Field<Boolean> ACTIVE = DECLARE.withDefault("active", FieldTypes.BOOLEAN, Boolean.TRUE);
    /** Whether the host VIF should be preserved on unplug. */
    public static final Field<Boolean> PRESERVE_ON_DELETE = DECLARE.withDefault("preserve_on_delete", FieldTypes.BOOLEAN, Boolean.FALSE);
    /** Whether the network service has provided traffic filtering. */
    public static final Field<Boolean> HAS_TRAFFIC_FILTERING = DECLARE.withDefault("has_traffic_filtering", FieldTypes.BOOLEAN, Boolean.FALSE);
    /** The virtual port profile metadata. */
    public static final Field<VIFPortProfileBase> PORT_PROFILE = DECLARE.field("port_profile", FieldTypes.<VIFPortProfileBase>object("VIFPortProfileBase", true));

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public VIFBase() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected VIFBase(ObjectSchema schema) {
        super(schema);
    }

    public String getId() {
        return get(ID);
    }

    public void setId(String value) {
        set(ID, value);
    }

    public String getAddress() {
        return get(ADDRESS);
    }

    public void setAddress(String value) {
        set(ADDRESS, value);
    }

    public Network getNetwork() {
        return get(NETWORK);
    }

    public void setNetwork(Network value) {
        set(NETWORK, value);
    }

    public String getPlugin() {
        return get(PLUGIN);
    }

    public void setPlugin(String value) {
        set(PLUGIN, value);
    }

    public Boolean getActive() {
        return get(ACTIVE);
    }

    public void setActive(Boolean value) {
        set(ACTIVE, value);
    }

    public Boolean getPreserveOnDelete() {
        return get(PRESERVE_ON_DELETE);
    }

    public void setPreserveOnDelete(Boolean value) {
        set(PRESERVE_ON_DELETE, value);
    }

    public Boolean getHasTrafficFiltering() {
        return get(HAS_TRAFFIC_FILTERING);
    }

    public void setHasTrafficFiltering(Boolean value) {
        set(HAS_TRAFFIC_FILTERING, value);
    }

    public VIFPortProfileBase getPortProfile() {
        return get(PORT_PROFILE);
    }

    public void setPortProfile(VIFPortProfileBase value) {
        set(PORT_PROFILE, value);
    }
}
