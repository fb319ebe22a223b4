package org.jvif.api.model;

import java.util.Collection;
import java.util.List;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectList;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;

/** A list of {@link Subnet}. */
public class SubnetList extends ObjectList<Subnet> {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.builder("SubnetList", "1.0", SubnetList::new);

    public static final Field<List<Subnet>> OBJECTS = DECLARE.field("objects", FieldTypes.<Subnet>listOfObjects("Subnet"));

    public static final ObjectSchema SCHEMA = DECLARE
            .list()
            .build();

    public SubnetList() {
        super(SCHEMA, OBJECTS);
    }

    public SubnetList(Collection<? extends Subnet> objects) {
        super(SCHEMA, OBJECTS, objects);
    }

}
