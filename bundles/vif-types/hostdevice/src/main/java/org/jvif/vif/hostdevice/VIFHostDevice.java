package org.jvif.vif.hostdevice;

import org.jvif.api.model.VIFBase;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;

/** A host-device VIF: the guest gets an SR-IOV VF or a whole PF directly (libvirt type="hostdev"). */
public class VIFHostDevice extends VIFBase {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.extend(VIFBase.SCHEMA, "VIFHostDevice", "1.0", VIFHostDevice::new);

    /** The type of the host device: ethernet or generic. */
    public static final Field<String> DEV_TYPE = DECLARE.field("dev_type", FieldTypes.enumOf("VIFHostDeviceDevType", "ethernet", "generic"));
    /** PCI address of the host device. */
    public static final Field<String> DEV_ADDRESS = DECLARE.field("dev_address", FieldTypes.PCI_ADDRESS);

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public VIFHostDevice() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected VIFHostDevice(ObjectSchema schema) {
        super(schema);
    }

    public String getDevType() {
        return get(DEV_TYPE);
    }

    public void setDevType(String value) {
        set(DEV_TYPE, value);
    }

    public String getDevAddress() {
        return get(DEV_ADDRESS);
    }

    public void setDevAddress(String value) {
        set(DEV_ADDRESS, value);
    }

    /** {@code dev_type} values (os-vif's VIFHostDeviceDevType). */
    public static final String ETHERNET = "ethernet";
    public static final String GENERIC = "generic";
}
