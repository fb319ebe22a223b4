package org.jvif.console.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.jvif.api.VifHostState;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code vif:check}, {@code vif:repair} and {@code vif:gc} for Apache Felix Gogo, one {@link Function} each
 * (as {@link GogoCommands}, writing to the command's place in a pipeline); under Karaf the actions {@code internal.karaf.CheckAction} and friends serve.
 */
@Component(immediate = true)
public final class HostStateCommands {
    private static final String KARAF_SHELL = "org.apache.karaf.shell.api.console.SessionFactory";

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public HostStateCommands(BundleContext context, @Reference VifHostState hostState) {
        if (context.getServiceReference(KARAF_SHELL) != null) {
            return;
        }
        HostStateConsole console = new HostStateConsole(hostState);
        register(context, "check", "vif:check [ID...] [--json]  (exit status 1 when anything is off)", Set.of("--json"),
                (s, o) -> console.check(o.arguments(), o.flag("--json")));
        register(context, "repair", "vif:repair ID... | --all", Set.of("--all"),
                (s, o) -> console.repair(o.arguments(), o.flag("--all")));
        register(context, "gc", "vif:gc [--dry-run]  (removes host objects marked as jvif's that no plugged VIF explains)",
                Set.of("--dry-run"), (s, o) -> {
                    if (!o.arguments().isEmpty()) {
                        throw new CommandFailure("vif:gc takes no arguments", null);
                    }
                    return console.gc(o.flag("--dry-run"));
                });
    }

    @Deactivate
    void deactivate() {
        GogoCommands.unregister(registrations);
    }

    @FunctionalInterface
    private interface Body {
        HostStateConsole.Outcome run(CommandSession session, Options options) throws Exception;
    }

    /** A failing outcome is shown on the session's output first, then the command fails with its line. */
    private void register(BundleContext context, String name, String usage, Set<String> flags, Body body) {
        Set<String> allFlags = new java.util.HashSet<>(flags);
        allFlags.add("--verbose");
        allFlags.add("--help");
        Function f = (session, args) -> {
            Options o = new Options(args, allFlags, Set.of());
            if (o.flag("--help")) {
                return "usage: " + usage;
            }
            HostStateConsole.Outcome out;
            try {
                out = body.run(session, o);
            } catch (Exception e) {
                if (o.flag("--verbose")) {
                    e.printStackTrace(GogoCommands.err());
                }
                throw e instanceof CommandFailure ? e : VifConsole.failure(e);
            }
            if (out.failure() == null) {
                return out.shown();
            }
            PrintStream console = GogoCommands.out();
            console.print(out.shown());
            if (!(out.shown() instanceof Table)) {
                console.println();
            }
            console.flush();
            throw new CommandFailure(out.failure(), null);
        };
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "vif");
        props.put("osgi.command.function", name);
        registrations.add(context.registerService(Function.class, f, props));
    }
}
