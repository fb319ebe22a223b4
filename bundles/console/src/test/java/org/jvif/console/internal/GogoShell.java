package org.jvif.console.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;

/** A real Gogo shell for the console's tests: the vif: commands given, tables printed as Gogo prints them. */
final class GogoShell implements AutoCloseable {
    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    final CommandProcessorImpl processor;
    final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    final CommandSession session;

    GogoShell(Map<String, Function> vifCommands) {
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        vifCommands.forEach((name, f) -> processor.addCommand("vif", f, name));
        processor.addConverter(new GogoCommands.TableConverter());
        // the terminal's keyboard has nothing to say: a command reading it would see no line at all
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), terminal, terminal);
    }

    /** What the terminal shows once the line ran, then its result as Gogo formats it. */
    String run(String line) throws Exception {
        Object result = session.execute(line);
        session.getConsole().flush();
        return terminal.toString(StandardCharsets.UTF_8) + (result == null ? "" : session.format(result, 0));
    }

    @Override
    public void close() {
        session.close();
        processor.stop();
        threadIO.stop();
    }
}
