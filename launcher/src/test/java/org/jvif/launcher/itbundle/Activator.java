package org.jvif.launcher.itbundle;

import java.util.Hashtable;
import org.apache.felix.service.command.Function;
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
        // a command whose name is no Java method name, as a Function service; the same name in
        // scope vif and in another scope: a bare name must find vif's
        registerFunction(context, "vif", "it-which");
        registerFunction(context, "aaa", "it-which");
    }

    private static void registerFunction(BundleContext context, String scope, String name) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", scope);
        props.put("osgi.command.function", name);
        Function f = (session, arguments) -> scope + ":" + name + " " + arguments;
        context.registerService(Function.class, f, props);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
