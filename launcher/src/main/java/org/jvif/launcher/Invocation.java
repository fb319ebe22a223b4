package org.jvif.launcher;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What one {@code bin/jvif} call asks for. Launcher options come before the command; everything
 * after the command name belongs to the command, so a command may have its own {@code --verbose}.
 */
record Invocation(Mode mode, boolean verbose, boolean sandbox, List<String> command) {

    enum Mode {
        /** no arguments: the platform in the foreground with the interactive Gogo shell */
        SHELL,
        /** {@code start}: the platform in the background */
        START,
        STOP,
        STATUS,
        /** one console command, inside the running platform or in a platform of its own */
        COMMAND,
        /** the background platform itself, spawned by {@code start}; not for people */
        DAEMON,
        HELP
    }

    /** A Gogo command name, optionally with its scope; nothing that Gogo's parser would read as syntax. */
    private static final Pattern COMMAND_NAME = Pattern.compile("([A-Za-z0-9_][A-Za-z0-9_.-]*:)?[A-Za-z0-9_][A-Za-z0-9_.-]*");

    static final String USAGE = """
            usage: jvif [--verbose] [--sandbox]                 interactive Gogo shell
                   jvif start | stop | status                   platform in the background
                   jvif [--verbose] [--sandbox] COMMAND [ARG...]
                                                                run one console command: a bare name is
                                                                looked up in scope vif first, scope:name
                                                                names the scope; stdin goes to the command
            options: --verbose  full stack trace on failure
                     --sandbox  run in a fresh network namespace with its own Open vSwitch""";

    /** A plain command name, bare or scope:name; the platform's end checks it again (the client is anyone's). */
    static boolean isCommandName(String name) {
        return COMMAND_NAME.matcher(name).matches();
    }

    static Invocation parse(List<String> args) throws UsageException {
        boolean verbose = false;
        boolean sandbox = false;
        boolean daemon = false;
        boolean endOfOptions = false;
        int i = 0;
        for (; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--verbose") || a.equals("-v")) {
                verbose = true;
            } else if (a.equals("--sandbox")) {
                sandbox = true;
            } else if (a.equals("--daemon")) {
                daemon = true;
            } else if (a.equals("--help") || a.equals("-h")) {
                return new Invocation(Mode.HELP, verbose, sandbox, List.of());
            } else if (a.equals("--")) {
                endOfOptions = true;
                i++;
                break;
            } else if (a.startsWith("-")) {
                throw new UsageException("unknown option: " + a);
            } else {
                break;
            }
        }
        List<String> rest = List.copyOf(args.subList(i, args.size()));
        if (daemon) {
            if (!rest.isEmpty() || sandbox) {
                throw new UsageException("--daemon takes nothing else");
            }
            return new Invocation(Mode.DAEMON, verbose, false, List.of());
        }
        if (rest.isEmpty()) {
            return new Invocation(Mode.SHELL, verbose, sandbox, List.of());
        }
        String first = rest.get(0);
        // after "--" a control word is a command name like any other
        Mode control = endOfOptions ? null : switch (first) {
            case "start" -> Mode.START;
            case "stop" -> Mode.STOP;
            case "status" -> Mode.STATUS;
            default -> null;
        };
        if (control != null) {
            if (rest.size() > 1) {
                throw new UsageException(first + " takes no arguments");
            }
            if (sandbox) {
                throw new UsageException("--sandbox applies to a command or the shell, not to " + first);
            }
            return new Invocation(control, verbose, false, List.of());
        }
        if (!isCommandName(first)) {
            throw new UsageException("not a command name: '" + first + "' (expected name or scope:name)");
        }
        return new Invocation(Mode.COMMAND, verbose, sandbox, rest);
    }
}
