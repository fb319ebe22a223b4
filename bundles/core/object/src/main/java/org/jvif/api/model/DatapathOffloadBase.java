package org.jvif.api.model;

import org.jvif.api.object.Field;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;

/** The base of every datapath offload type. */
public class DatapathOffloadBase extends VersionedObject {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.builder("DatapathOffloadBase", "1.0", DatapathOffloadBase::new);


    public static final ObjectSchema SCHEMA = DECLARE
            .build();

    public DatapathOffloadBase() {
        this(SCHEMA);
    }

    /** For subclasses: their own schema, which extends this one. */
    protected DatapathOffloadBase(ObjectSchema schema) {
        super(schema);
    }
}
