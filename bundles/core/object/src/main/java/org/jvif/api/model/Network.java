package org.jvif.api.model;

import java.util.List;
import java.util.Map;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.Version;
import org.jvif.api.object.VersionedObject;

/** A network. Like os-vif, a new one has an empty subnet list, is not multi-host, provides neither bridge nor VLAN, and has no MTU. */
public class Network extends VersionedObject {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.builder("Network", "1.1", Network::new);

    public static final Field<String> ID = DECLARE.field("id", FieldTypes.UUID);
    public static final Field<String> BRIDGE = DECLARE.field("bridge", FieldTypes.STRING);
    public static final Field<String> LABEL = DECLARE.field("label", FieldTypes.STRING);
    public static final Field<SubnetList> SUBNETS = DECLARE.field("subnets", FieldTypes.<SubnetList>object("SubnetList", false));
    public static final Field<Boolean> MULTI_HOST = DECLARE.field("multi_host", FieldTypes.BOOLEAN);
    public static final Field<Boolean> SHOULD_PROVIDE_BRIDGE = DECLARE.field("should_provide_bridge", FieldTypes.BOOLEAN);
    public static final Field<Boolean> SHOULD_PROVIDE_VLAN = DECLARE.field("should_provide_vlan", FieldTypes.BOOLEAN);
    public static final Field<String> BRIDGE_INTERFACE = DECLARE.nullable("bridge_interface", FieldTypes.STRING);
    public static final Field<Long> VLAN = DECLARE.nullable("vlan", FieldTypes.INTEGER);
    /** Added in 1.1. */
    public static final Field<Long> MTU = DECLARE.nullable("mtu", FieldTypes.INTEGER);

    public static final ObjectSchema SCHEMA = DECLARE
            .compat(Network::makeCompatible)
            .build();

    public Network() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected Network(ObjectSchema schema) {
        super(schema);
        // os-vif's Network.__init__ sets these, so they are set (and changed) on every new Network
        set(SUBNETS, new SubnetList(List.of()));
        set(MULTI_HOST, false);
        set(SHOULD_PROVIDE_BRIDGE, false);
        set(SHOULD_PROVIDE_VLAN, false);
        set(MTU, null);
    }

    public String getId() {
        return get(ID);
    }

    public void setId(String value) {
        set(ID, value);
    }

    public String getBridge() {
        return get(BRIDGE);
    }

    public void setBridge(String value) {
        set(BRIDGE, value);
    }

    public String getLabel() {
        return get(LABEL);
    }

    public void setLabel(String value) {
        set(LABEL, value);
    }

    public SubnetList getSubnets() {
        return get(SUBNETS);
    }

    public void setSubnets(SubnetList value) {
        set(SUBNETS, value);
    }

    public Boolean getMultiHost() {
        return get(MULTI_HOST);
    }

    public void setMultiHost(Boolean value) {
        set(MULTI_HOST, value);
    }

    public Boolean getShouldProvideBridge() {
        return get(SHOULD_PROVIDE_BRIDGE);
    }

    public void setShouldProvideBridge(Boolean value) {
        set(SHOULD_PROVIDE_BRIDGE, value);
    }

    public Boolean getShouldProvideVlan() {
        return get(SHOULD_PROVIDE_VLAN);
    }

    public void setShouldProvideVlan(Boolean value) {
        set(SHOULD_PROVIDE_VLAN, value);
    }

    public String getBridgeInterface() {
        return get(BRIDGE_INTERFACE);
    }

    public void setBridgeInterface(String value) {
        set(BRIDGE_INTERFACE, value);
    }

    public Long getVlan() {
        return get(VLAN);
    }

    public void setVlan(Long value) {
        set(VLAN, value);
    }

    public Long getMtu() {
        return get(MTU);
    }

    public void setMtu(Long value) {
        set(MTU, value);
    }

    private static Version makeCompatible(Map<String, Object> data, Version target) {
        if (target.isOlderThan("1.1")) {
            data.remove("mtu");
        }
        return Version.of("1.0");
    }
}
