package org.jvif.api.model;

import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;

/** The base of every port profile type. */
public class VIFPortProfileBase extends VersionedObject {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.builder("VIFPortProfileBase", "1.1", VIFPortProfileBase::new);

    /** Datapath offload type of the port (added in 1.1). */
    public static final Field<DatapathOffloadBase> DATAPATH_OFFLOAD = DECLARE.nullable("datapath_offload", FieldTypes.<DatapathOffloadBase>object("DatapathOffloadBase", true));

    public static final ObjectSchema SCHEMA = DECLARE
            .relationship("datapath_offload", "1.1", "1.0")
            .build();

    public VIFPortProfileBase() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected VIFPortProfileBase(ObjectSchema schema) {
        super(schema);
    }

    public DatapathOffloadBase getDatapathOffload() {
        return get(DATAPATH_OFFLOAD);
    }

    public void setDatapathOffload(DatapathOffloadBase value) {
        set(DATAPATH_OFFLOAD, value);
    }
}
