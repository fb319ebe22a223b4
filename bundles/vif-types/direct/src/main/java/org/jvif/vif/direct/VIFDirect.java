package org.jvif.vif.direct;

import org.jvif.api.model.VIFBase;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;

/** A direct VIF: a macvtap device on a host NIC or SR-IOV VF (libvirt type="direct"). */
public class VIFDirect extends VIFBase {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.extend(VIFBase.SCHEMA, "VIFDirect", "1.0", VIFDirect::new);

    /** Name of the device to create. */
    public static final Field<String> VIF_NAME = DECLARE.field("vif_name", FieldTypes.STRING);
    /** PCI address of the host device. */
    public static final Field<String> DEV_ADDRESS = DECLARE.field("dev_address", FieldTypes.PCI_ADDRESS);
    /** Port connection mode: vepa, passthrough or bridge. */
    public static final Field<String> MODE = DECLARE.field("mode", FieldTypes.enumOf("VIFDirectMode", "vepa", "passthrough", "bridge"));
    /** The VLAN device name to use. */
    public static final Field<String> VLAN_NAME = DECLARE.field("vlan_name", FieldTypes.STRING);

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public VIFDirect() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected VIFDirect(ObjectSchema schema) {
        super(schema);
    }

    public String getVifName() {
        return get(VIF_NAME);
    }

    public void setVifName(String value) {
        set(VIF_NAME, value);
    }

    public String getDevAddress() {
        return get(DEV_ADDRESS);
    }

    public void setDevAddress(String value) {
        set(DEV_ADDRESS, value);
    }

    public String getMode() {
        return get(MODE);
    }

    public void setMode(String value) {
        set(MODE, value);
    }

    public String getVlanName() {
        return get(VLAN_NAME);
    }

    public void setVlanName(String value) {
        set(VLAN_NAME, value);
    }

    /** {@code mode} values (os-vif's VIFDirectMode). */
    public static final String VEPA = "vepa";
    public static final String PASSTHROUGH = "passthrough";
    public static final String BRIDGE = "bridge";
}
