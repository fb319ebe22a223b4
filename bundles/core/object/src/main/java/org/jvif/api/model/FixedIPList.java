package org.jvif.api.model;

import java.util.Collection;
import java.util.List;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectList;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;

/** A list of {@link FixedIP}. */
public class FixedIPList extends ObjectList<FixedIP> {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.builder("FixedIPList", "1.0", FixedIPList::new);

    public static final Field<List<FixedIP>> OBJECTS = DECLARE.field("objects", FieldTypes.<FixedIP>listOfObjects("FixedIP"));

    public static final ObjectSchema SCHEMA = DECLARE
            .list()
            .build();

    public FixedIPList() {
        super(SCHEMA, OBJECTS);
    }

    public FixedIPList(Collection<? extends FixedIP> objects) {
        super(SCHEMA, OBJECTS, objects);
    }

}
