package org.jvif.registry.internal;

import java.util.HashMap;
import java.util.Map;
import org.jvif.api.OsVifException;
import org.jvif.api.PluggedVifs;
import org.jvif.api.VifRecord;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Posts each record on {@link PluggedVifs#TOPIC_PREFIX}{@code <state>}. The only class of the registry that
 * names the EventAdmin API (imported optionally), loaded only once an EventAdmin is bound.
 */
final class EventAdminPublisher implements RecordPublisher {
    private final EventAdmin events;

    EventAdminPublisher(EventAdmin events) {
        this.events = events;
    }

    /** {@code events}: the EventAdmin service the registry looked up. */
    static EventAdminPublisher of(Object events) {
        return new EventAdminPublisher((EventAdmin) events);
    }

    /** Posted, never sent: a plug must not wait for the handlers. */
    @Override
    public void publish(VifRecord r, long nanos, Throwable error) {
        events.postEvent(event(r, nanos, error));
    }

    static Event event(VifRecord r, long nanos, Throwable error) {
        Map<String, Object> p = new HashMap<>();
        p.put(PluggedVifs.PROP_VIF_ID, r.vifId());
        p.put(PluggedVifs.PROP_VIF_TYPE, r.vifType());
        if (r.plugin() != null) {
            p.put(PluggedVifs.PROP_PLUGIN, r.plugin());
        }
        if (r.vifName() != null) {
            p.put(PluggedVifs.PROP_VIF_NAME, r.vifName());
        }
        if (r.instanceUuid() != null) {
            p.put(PluggedVifs.PROP_INSTANCE_UUID, r.instanceUuid());
        }
        p.put(PluggedVifs.PROP_DURATION_NANOS, nanos);
        if (error != null) {
            p.put(PluggedVifs.PROP_ERROR, String.valueOf(error.getMessage()));
            p.put(PluggedVifs.PROP_ERROR_TYPE,
                    error instanceof OsVifException ? ((OsVifException) error).type() : error.getClass().getSimpleName());
        }
        return new Event(PluggedVifs.TOPIC_PREFIX + r.state().name(), p);
    }
}
