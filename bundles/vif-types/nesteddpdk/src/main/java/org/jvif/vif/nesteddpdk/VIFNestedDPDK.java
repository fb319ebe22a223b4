package org.jvif.vif.nesteddpdk;

import org.jvif.api.model.VIFBase;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;

/** A nested DPDK VIF, used by Kuryr-Kubernetes for pods inside a VM. */
public class VIFNestedDPDK extends VIFBase {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.extend(VIFBase.SCHEMA, "VIFNestedDPDK", "1.0", VIFNestedDPDK::new);

    /** PCI address of the device. */
    public static final Field<String> PCI_ADDRESS = DECLARE.field("pci_address", FieldTypes.STRING);
    /** Name of the driver the device was previously bound to. */
    public static final Field<String> DEV_DRIVER = DECLARE.field("dev_driver", FieldTypes.STRING);

    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public VIFNestedDPDK() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected VIFNestedDPDK(ObjectSchema schema) {
        super(schema);
    }

    public String getPciAddress() {
        return get(PCI_ADDRESS);
    }

    public void setPciAddress(String value) {
        set(PCI_ADDRESS, value);
    }

    public String getDevDriver() {
        return get(DEV_DRIVER);
    }

    public void setDevDriver(String value) {
        set(DEV_DRIVER, value);
    }
}
