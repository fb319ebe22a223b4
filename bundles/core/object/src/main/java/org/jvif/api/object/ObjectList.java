package org.jvif.api.object;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * An os-vif list object (oslo's ObjectListBase: {@code SubnetList}, {@code FixedIPList},
 * {@code RouteList}): a versioned object whose one field, {@code objects}, it behaves as.
 *
 * @param <T> the element type
 */
public abstract class ObjectList<T extends VersionedObject> extends VersionedObject implements Iterable<T> {
    private final Field<List<T>> objects;

    /**
     * A list with {@code objects} unset: os-vif's list classes never run oslo's ObjectListBase
     * constructor, so {@code SubnetList()} writes empty data. It still iterates as empty.
     */
    protected ObjectList(ObjectSchema schema, Field<List<T>> objects) {
        super(schema);
        this.objects = objects;
    }

    /** A list holding {@code items}, recorded as changed (oslo's {@code SubnetList(objects=[...])}). */
    protected ObjectList(ObjectSchema schema, Field<List<T>> objects, Collection<? extends T> items) {
        this(schema, objects);
        set(objects, new ArrayList<>(items));
    }

    /** The elements, unmodifiable. */
    public final List<T> objects() {
        return listOf(objects);
    }

    public final int size() {
        return objects().size();
    }

    public final boolean isEmpty() {
        return objects().isEmpty();
    }

    public final T get(int index) {
        return objects().get(index);
    }

    /** Appends an element and records {@code objects} as changed. */
    public final void add(T item) {
        List<T> next = new ArrayList<>(objects());
        next.add(item);
        set(objects, next);
    }

    @Override
    public final Iterator<T> iterator() {
        return objects().iterator();
    }

    public final Stream<T> stream() {
        return objects().stream();
    }
}
