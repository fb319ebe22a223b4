package org.jvif.itests.osgi.fake;

import java.util.Hashtable;
import java.util.Map;
import org.jvif.api.VifPlugin;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ManagedService;

/**
 * Publishes the fake backend on the whiteboard: a {@link VifPlugin} service the registry picks up, and a
 * {@link ManagedService} for its configuration. The framework takes both away when the bundle stops.
 */
public final class Activator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        FakeBackend backend = new FakeBackend(context.getBundle().getVersion());
        backend.registeredAs(context.registerService(VifPlugin.class, backend, backend.properties()));
        context.registerService(ManagedService.class, backend,
                new Hashtable<>(Map.of(Constants.SERVICE_PID, FakeBackend.PID)));
    }

    @Override
    public void stop(BundleContext context) {
    }
}
