package org.jvif.api.model;

import java.util.List;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;

/** A subnet of a network. */
public class Subnet extends VersionedObject {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.builder("Subnet", "1.0", Subnet::new);

    public static final Field<String> CIDR = DECLARE.field("cidr", FieldTypes.IP_NETWORK);
    public static final Field<List<String>> DNS = DECLARE.field("dns", FieldTypes.LIST_OF_IP_ADDRESS);
    public static final Field<String> GATEWAY = DECLARE.field("gateway", FieldTypes.IP_ADDRESS);
    public static final Field<FixedIPList> IPS = DECLARE.field("ips", FieldTypes.<FixedIPList>object("FixedIPList", false));
    public static final Field<RouteList> ROUTES = DECLARE.field("routes", FieldTypes.<RouteList>object("RouteList", false));
    public static final Field<String> DHCP_SERVER = DECLARE.field("dhcp_server", FieldTypes.IP_ADDRESS);

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public Subnet() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected Subnet(ObjectSchema schema) {
        super(schema);
    }

    public String getCidr() {
        return get(CIDR);
    }

    public void setCidr(String value) {
        set(CIDR, value);
    }

    public List<String> getDns() {
        return get(DNS);
    }

    public void setDns(List<String> value) {
        set(DNS, value);
    }

    public String getGateway() {
        return get(GATEWAY);
    }

    public void setGateway(String value) {
        set(GATEWAY, value);
    }

    public FixedIPList getIps() {
        return get(IPS);
    }

    public void setIps(FixedIPList value) {
        set(IPS, value);
    }

    public RouteList getRoutes() {
        return get(ROUTES);
    }

    public void setRoutes(RouteList value) {
        set(ROUTES, value);
    }

    public String getDhcpServer() {
        return get(DHCP_SERVER);
    }

    public void setDhcpServer(String value) {
        set(DHCP_SERVER, value);
    }
}
