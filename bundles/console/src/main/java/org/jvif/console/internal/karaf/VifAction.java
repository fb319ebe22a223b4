package org.jvif.console.internal.karaf;

import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;
import org.jvif.api.OsVif;
import org.jvif.api.PluggedVifs;
import org.jvif.console.internal.CommandFailure;
import org.jvif.console.internal.FleetHosts;
import org.jvif.console.internal.Options;
import org.jvif.console.internal.Table;
import org.jvif.console.internal.VifConsole;

/**
 * The Karaf side of a {@code vif:} command: the same {@link VifConsole} logic, printed with ShellTable.
 * Commands read {@code System.in} and write {@code System.out}, as Karaf's own do: Karaf points them at the
 * command's place in a pipeline ({@code cat lines | vif:objects}, {@code vif:types | grep VIF}), where the
 * session's console and keyboard are the terminal's.
 */
abstract class VifAction implements Action {
    @Reference
    OsVif osVif;

    @Reference(optional = true)
    PluggedVifs pluggedVifs;

    @Reference
    Session session;

    /** The fleet, where the controller's Fleet service runs ({@code --host}). */
    @Reference(optional = true)
    FleetHosts fleet;

    @Option(name = "--verbose", description = "Print the stack trace of a failure")
    boolean verbose;

    VifConsole console() {
        return new VifConsole(osVif, pluggedVifs);
    }

    @Override
    public final Object execute() throws Exception {
        try {
            prepare();
            Object result = run();
            // printed here: Karaf's batch client (bin/client -b) does not print a command's return value
            if (result instanceof Table) {
                print((Table) result);
            } else if (result != null) {
                System.out.println(result);
            }
            return null;
        } catch (Exception e) {
            if (verbose) {
                e.printStackTrace(System.err);
            }
            // one line, its input escaped and cut, as in Gogo
            throw e instanceof CommandFailure ? e : VifConsole.failure(e);
        }
    }

    /** Reads what Karaf's parser left to the command, before {@link #run}. */
    void prepare() throws Exception {
    }

    /**
     * The options that follow the command's arguments: Karaf's parser takes options only before the first
     * argument and hands the rest over as arguments (declared as a last, multi-valued {@code @Argument}).
     * Read as Gogo reads them; {@code --verbose} among them counts.
     *
     * @param valued the options of the command that take a value
     * @throws CommandFailure for an unknown option or an argument too many
     */
    Options trailing(List<String> args, Set<String> valued) throws CommandFailure {
        Options o = new Options(args == null ? List.of() : args, Set.of("--verbose"), valued);
        if (!o.arguments().isEmpty()) {
            throw new CommandFailure(name() + " takes no more arguments: " + o.arguments(), null);
        }
        verbose |= o.flag("--verbose");
        return o;
    }

    abstract Object run() throws Exception;

    /** The command's name, e.g. {@code vif:plug}. */
    String name() {
        Command c = getClass().getAnnotation(Command.class);
        return c.scope() + ":" + c.name();
    }

    void print(Table t) {
        ShellTable table = new ShellTable();
        for (String c : t.columns()) {
            table.column(c);
        }
        for (java.util.List<String> r : t.rows()) {
            table.addRow().addContent(new java.util.ArrayList<Object>(r));
        }
        table.print(System.out);
    }
}
