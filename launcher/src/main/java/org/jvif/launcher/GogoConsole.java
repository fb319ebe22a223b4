package org.jvif.launcher;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Runs one console command through the platform's Gogo {@code CommandProcessor}. The launcher sits
 * outside the framework and cannot see Gogo's API types, so the few calls it needs go through the
 * API interfaces loaded from the Gogo runtime bundle itself.
 *
 * <p>A bare command name is looked up in scope {@code vif} first (Gogo's {@code SCOPE} path
 * {@code vif:*}). The arguments reach the command exactly as given: they are handed over as the
 * session's argument list ({@code $args}), never pasted into the command line, so no quoting,
 * globbing or {@code $} expansion touches them. A command fails by throwing; a non-null return value is printed with Gogo's
 * formatting.
 */
final class GogoConsole implements CommandRunner {

    static final String GOGO_RUNTIME = "org.apache.felix.gogo.runtime";
    private static final String CONVERTER = "org.apache.felix.service.command.Converter";
    static final String COMMAND_PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final String COMMAND_SESSION = "org.apache.felix.service.command.CommandSession";
    private static final String SCOPE_PATH = "vif:*";
    /** Gogo's {@code Converter.INSPECT}: the full, multi-line rendering the shell prints. */
    private static final int INSPECT = 0;
    private static final long POLL_MS = 10;

    private static final String SCOPE = "osgi.command.scope";
    private static final String FUNCTION = "osgi.command.function";

    private final BundleContext context;
    private final Duration commandWait;
    private final AllowedCommands allowed;

    /**
     * @param commandWait how long a command that is not (yet) registered is waited for; a freshly
     *                    booted platform may still be registering its commands
     * @param allowed     the commands that may run
     */
    GogoConsole(BundleContext context, Duration commandWait, AllowedCommands allowed) {
        this.context = context;
        this.commandWait = commandWait;
        this.allowed = allowed;
    }

    @Override
    public Outcome run(List<String> command, Path cwd, InputStream in, OutputStream out, OutputStream err) {
        try {
            long deadline = System.nanoTime() + commandWait.toNanos();
            ServiceReference<?> ref = context.getServiceReference(COMMAND_PROCESSOR);
            while (ref == null && System.nanoTime() < deadline) {
                sleep();
                ref = context.getServiceReference(COMMAND_PROCESSOR);
            }
            if (ref == null) {
                return new Outcome(1, "the Gogo command processor is not running", "");
            }
            Object processor = context.getService(ref);
            if (processor == null) {
                return new Outcome(1, "the Gogo command processor went away", "");
            }
            try {
                return run(ref, processor, command, cwd, in, out, err, deadline);
            } finally {
                context.ungetService(ref);
            }
        } catch (RuntimeException e) {
            // e.g. the platform stopping under the command
            return Outcome.failed(e);
        }
    }

    private Outcome run(ServiceReference<?> ref, Object processor, List<String> command, Path cwd,
                        InputStream in, OutputStream out, OutputStream err, long deadline) {
        Object session = null;
        Method close = null;
        try {
            Class<?> processorType = ref.getBundle().loadClass(COMMAND_PROCESSOR);
            Class<?> sessionType = ref.getBundle().loadClass(COMMAND_SESSION);
            Method put = sessionType.getMethod("put", String.class, Object.class);
            Method execute = sessionType.getMethod("execute", CharSequence.class);
            Method format = sessionType.getMethod("format", Object.class, int.class);
            Method console = sessionType.getMethod("getConsole");
            close = sessionType.getMethod("close");
            session = processorType.getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class)
                    .invoke(processor, in, out, err);
            sessionType.getMethod("currentDir", Path.class).invoke(session, cwd);
            put.invoke(session, "SCOPE", SCOPE_PATH);

            String name = command.get(0);
            if (!Invocation.isCommandName(name)) {
                return new Outcome(2, "not a command name: '" + Outcome.cut(name, 200) + "' (expected name or scope:name)", "");
            }
            String scoped = scope(name, deadline);
            if (scoped == null) {
                return new Outcome(1, "Command not found: " + name, "");
            }
            int colon = scoped.indexOf(':');
            if (!allowed.allows(scoped.substring(0, colon), scoped.substring(colon + 1))) {
                return new Outcome(1, "command " + scoped + " is not allowed through bin/jvif (" + Settings.COMMANDS
                        + " in etc/jvif.properties: " + String.join(", ", allowed.entries()) + ")", "");
            }
            // "$args" expands to the session's argument list, each element one argument, untouched
            put.invoke(session, "args", List.copyOf(command.subList(1, command.size())));
            String line = command.size() > 1 ? scoped + " $args" : scoped;
            Object result = execute.invoke(session, line);
            if (result != null) {
                PrintStream console0 = (PrintStream) console.invoke(session);
                console0.println(format.invoke(session, result, INSPECT));
                console0.flush();
            }
            return Outcome.OK;
        } catch (InvocationTargetException e) {
            return Outcome.failed(e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Outcome.failed(e);
        } finally {
            if (session != null) {
                try {
                    close.invoke(session);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // the command's outcome matters, not the session's goodbye
                }
            }
        }
    }

    /**
     * The command's {@code scope:name} as Gogo would find it: a bare name in scope vif first, else in
     * the one scope that has it (two others: ambiguous, refused rather than picked at random).
     *
     * @return null when no command of that name is registered by the deadline
     */
    private String scope(String name, long deadline) {
        int colon = name.indexOf(':');
        String filter = colon >= 0
                ? "(&(" + SCOPE + "=" + name.substring(0, colon) + ")(" + FUNCTION + "=" + name.substring(colon + 1) + "))"
                : "(" + FUNCTION + "=" + name + ")";
        while (true) {
            TreeSet<String> scopes = new TreeSet<>();
            try {
                ServiceReference<?>[] refs = context.getAllServiceReferences(null, filter);
                for (ServiceReference<?> r : refs == null ? new ServiceReference<?>[0] : refs) {
                    if (r.getProperty(SCOPE) instanceof String scope) {
                        scopes.add(scope);
                    }
                }
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException(e); // the name was checked: no filter syntax in it
            }
            String bare = colon >= 0 ? name.substring(colon + 1) : name;
            if (scopes.contains("vif") && colon < 0) {
                return "vif:" + bare;
            }
            if (scopes.size() == 1) {
                return scopes.first() + ":" + bare;
            }
            if (scopes.size() > 1) {
                throw new IllegalArgumentException("command " + name + " is in scopes " + String.join(", ", scopes)
                        + ": say which (scope:name)");
            }
            if (System.nanoTime() >= deadline) {
                return null;
            }
            sleep();
        }
    }

    /**
     * Offers Gogo a {@code Converter} from a bundle id or symbolic name to the {@link Bundle}, so that
     * {@code felix:stop 15} works without the interactive shell (whose converters do this there).
     * Implemented with a proxy: the launcher cannot see Gogo's API types.
     */
    static void offerBundleConverter(BundleContext context) {
        for (Bundle b : context.getBundles()) {
            if (GOGO_RUNTIME.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                try {
                    Class<?> converter = b.loadClass(CONVERTER);
                    Object proxy = Proxy.newProxyInstance(converter.getClassLoader(), new Class<?>[] {converter},
                            (self, method, args) -> switch (method.getName()) {
                                case "convert" -> args[0] == Bundle.class ? bundle(context, args[1]) : null;
                                case "hashCode" -> System.identityHashCode(self);
                                case "equals" -> self == args[0];
                                case "toString" -> "jvif bundle converter";
                                default -> null; // format: Gogo's own formatting
                            });
                    context.registerService(CONVERTER, proxy, null);
                } catch (ClassNotFoundException e) {
                    // a Gogo without converters: nothing to offer
                }
                return;
            }
        }
    }

    private static Bundle bundle(BundleContext context, Object in) {
        String s = String.valueOf(in);
        if (s.matches("\\d{1,18}")) {
            return context.getBundle(Long.parseLong(s));
        }
        for (Bundle b : context.getBundles()) {
            if (s.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the console", e);
        }
    }
}
