package org.jvif.vif.vhostuser;

import java.util.Map;
import org.jvif.api.model.VIFBase;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.Version;

/** A vhost-user VIF: traffic between the guest and a userspace switch over a UNIX socket (libvirt type="vhostuser"). */
public class VIFVHostUser extends VIFBase {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.extend(VIFBase.SCHEMA, "VIFVHostUser", "1.1", VIFVHostUser::new);

    /** Name of the vhostuser port to create (added in 1.1). */
    public static final Field<String> VIF_NAME = DECLARE.field("vif_name", FieldTypes.STRING);
    /** UNIX socket path. */
    public static final Field<String> PATH = DECLARE.field("path", FieldTypes.STRING);
    /** UNIX socket role: client or server. */
    public static final Field<String> MODE = DECLARE.field("mode", FieldTypes.enumOf("VIFVHostUserMode", "client", "server"));

    public static final ObjectSchema SCHEMA = DECLARE
            .compat(VIFVHostUser::makeCompatible)
            .build();

    public VIFVHostUser() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected VIFVHostUser(ObjectSchema schema) {
        super(schema);
    }

    public String getVifName() {
        return get(VIF_NAME);
    }

    public void setVifName(String value) {
        set(VIF_NAME, value);
    }

    public String getPath() {
        return get(PATH);
    }

    public void setPath(String value) {
        set(PATH, value);
    }

    public String getMode() {
        return get(MODE);
    }

    public void setMode(String value) {
        set(MODE, value);
    }

    /** {@code mode} values (os-vif's VIFVHostUserMode). */
    public static final String CLIENT = "client";
    public static final String SERVER = "server";

    private static Version makeCompatible(Map<String, Object> data, Version target) {
        if (target.isOlderThan("1.1")) {
            data.remove("vif_name");
        }
        return Version.of("1.0");
    }
}
