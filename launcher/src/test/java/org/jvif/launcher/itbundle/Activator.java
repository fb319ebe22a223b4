package org.jvif.launcher.itbundle;

import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers the test commands the way a console bundle does: a service with Gogo's properties. */
public final class Activator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "ittest");
        props.put("osgi.command.function", new String[] {"hello", "args", "fail", "version", "upper", "print", "pid"});
        context.registerService(Commands.class, new Commands(context.getBundle().getVersion().toString()), props);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
