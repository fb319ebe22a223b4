package org.jvif.launcher;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.osgi.framework.BundleContext;
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

    static final String COMMAND_PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final String COMMAND_SESSION = "org.apache.felix.service.command.CommandSession";
    private static final String SCOPE_PATH = "vif:*";
    /** Gogo's {@code Converter.INSPECT}: the full, multi-line rendering the shell prints. */
    private static final int INSPECT = 0;
    private static final long POLL_MS = 10;

    private final BundleContext context;
    private final Duration commandWait;

    /**
     * @param commandWait how long a command that is not (yet) registered is waited for; a freshly
     *                    booted platform may still be registering its commands
     */
    GogoConsole(BundleContext context, Duration commandWait) {
        this.context = context;
        this.commandWait = commandWait;
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
            Method get = sessionType.getMethod("get", String.class);
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
            // Gogo's own lookup, scope path included: "*:name" searches vif first, then every scope
            String lookup = name.contains(":") ? name : "*:" + name;
            while (get.invoke(session, lookup) == null && System.nanoTime() < deadline) {
                sleep();
            }
            // "$args" expands to the session's argument list, each element one argument, untouched
            put.invoke(session, "args", List.copyOf(command.subList(1, command.size())));
            String line = command.size() > 1 ? name + " $args" : name;
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

    private static void sleep() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the console", e);
        }
    }
}
