package org.jvif.console.internal.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvif.api.model.Network;
import org.jvif.api.model.VIFBase;
import org.jvif.console.internal.BareOsVif;
import org.jvif.console.internal.CommandFailure;

/**
 * The Karaf actions through Karaf's own argument parser, reading {@code System.in} and writing
 * {@code System.out} (where Karaf's shell puts a command's place in a pipeline); the session's terminal
 * streams are absent, so a command touching them fails.
 */
class KarafActionsTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;
    private InputStream stdin;

    @BeforeEach
    void redirect() {
        stdout = System.out;
        stderr = System.err;
        stdin = System.in;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
        System.setIn(stdin);
    }

    private Session session() {
        return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (p, m, a) -> m.getName().equals("currentDir") ? dir : null);
    }

    private <A extends VifAction> A prepared(A action, Object... args) throws Exception {
        action.osVif = new BareOsVif();
        action.session = session();
        assertTrue(new DefaultActionPreparator().prepare(action, action.session, List.of(args)));
        return action;
    }

    private static VIFBase vif() {
        VIFBase vif = new VIFBase();
        vif.setId("8b2c8a3e-5a6b-4b0e-9a55-0f0c2c1f0a11");
        vif.setPlugin("nothing");
        return vif;
    }

    @Test
    void optionsMayFollowTheFile() throws Exception {
        Files.writeString(dir.resolve("vif.json"), vif().toJson());
        Files.writeString(dir.resolve("net.json"), new Network().toJson());
        for (Object[] args : List.of(new Object[] {"vif.json", "--instance", "net.json"},
                new Object[] {"--instance", "net.json", "vif.json"})) {
            Action plug = prepared(new PlugAction(), args);
            // the instance file was read: it holds a Network
            CommandFailure f = assertThrows(CommandFailure.class, plug::execute);
            assertEquals("net.json holds a Network, not an InstanceInfo", f.getMessage());
        }
        Action plug = prepared(new PlugAction(), "vif.json", "--instance-uuid", "u", "--project-id", "p");
        CommandFailure f = assertThrows(CommandFailure.class, plug::execute);
        assertEquals("NoMatchingPlugin: No VIF plugin was found with the name nothing", f.getMessage());
        CommandFailure extra = assertThrows(CommandFailure.class, prepared(new UnplugAction(), "vif.json", "other.json")::execute);
        assertEquals("vif:unplug takes no more arguments: [other.json]", extra.getMessage());
    }

    @Test
    void verboseMayFollowTheArguments() throws Exception {
        Files.writeString(dir.resolve("vif.json"), vif().toJson());
        PlugAction plug = prepared(new PlugAction(), "vif.json", "--verbose");
        assertThrows(CommandFailure.class, plug::execute);
        assertTrue(plug.verbose);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("at org.jvif.console.internal.VifConsole.plug"));
        ShowAction show = prepared(new ShowAction(), "some-id", "--verbose");
        CommandFailure f = assertThrows(CommandFailure.class, show::execute);
        assertTrue(show.verbose);
        assertEquals("This platform keeps no record of plugged VIFs", f.getMessage());
        f = assertThrows(CommandFailure.class, prepared(new ShowAction(), "some-id", "--json")::execute);
        assertEquals("Unknown option --json", f.getMessage());
    }

    @Test
    void plugDashReadsStdin() throws Exception {
        System.setIn(new ByteArrayInputStream(vif().toJson().getBytes(StandardCharsets.UTF_8)));
        CommandFailure f = assertThrows(CommandFailure.class, prepared(new PlugAction(), "-")::execute);
        assertEquals("NoMatchingPlugin: No VIF plugin was found with the name nothing", f.getMessage());
        System.setIn(new ByteArrayInputStream(vif().toJson().getBytes(StandardCharsets.UTF_8)));
        f = assertThrows(CommandFailure.class, prepared(new PlugAction(), "-", "--instance-uuid", "u")::execute);
        assertEquals("NoMatchingPlugin: No VIF plugin was found with the name nothing", f.getMessage());
        f = assertThrows(CommandFailure.class, prepared(new UnplugAction())::execute);
        assertEquals("vif:unplug needs a file, or - for stdin", f.getMessage());
    }

    @Test
    void objectsReadsStdinAndWritesStdout() throws Exception {
        System.setIn(new ByteArrayInputStream((new Network().toJson() + "\n").getBytes(StandardCharsets.UTF_8)));
        prepared(new ObjectsAction()).execute();
        assertEquals("{\"primitive\": " + new Network().toJson() + "}\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void failuresAreOneEscapedLineCutToTheirStart() throws Exception {
        HostInfoAction a = prepared(new HostInfoAction());
        a.osVif = new BareOsVif() {
            @Override
            public org.jvif.api.model.HostInfo hostInfo() {
                throw new IllegalStateException("bad \u001b]0;owned\u0007" + "x".repeat(2_000_000));
            }
        };
        CommandFailure f = assertThrows(CommandFailure.class, a::execute);
        assertTrue(f.getMessage().startsWith("IllegalStateException: bad \\x1b]0;owned\\x07xxx"), f.getMessage().substring(0, 40));
        assertTrue(f.getMessage().endsWith("... (2000037 characters, cut)"), f.getMessage().substring(900));
    }

    @Test
    void tablesGoToStdout() throws Exception {
        prepared(new TypesAction()).execute();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(1, List.of(lines).stream().filter(l -> l.contains("VIFBase")).count(), String.join("\n", lines));
    }
}
