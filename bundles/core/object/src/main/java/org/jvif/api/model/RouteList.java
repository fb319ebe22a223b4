package org.jvif.api.model;

import java.util.Collection;
import java.util.List;
import org.jvif.api.object.Field;
import org.jvif.api.object.FieldTypes;
import org.jvif.api.object.ObjectList;
import org.jvif.api.object.ObjectSchema;
import org.jvif.api.object.VersionedObject;

/** A list of {@link Route}. */
public class RouteList extends ObjectList<Route> {
    private static final ObjectSchema.Builder DECLARE = ObjectSchema.builder("RouteList", "1.0", RouteList::new);

    public static final Field<List<Route>> OBJECTS = DECLARE.field("objects", FieldTypes.<Route>listOfObjects("Route"));

    public static final ObjectSchema SCHEMA = DECLARE
            .list()
            .build();

    public RouteList() {
        super(SCHEMA, OBJECTS);
    }

    public RouteList(Collection<? extends Route> objects) {
        super(SCHEMA, OBJECTS, objects);
    }

}
