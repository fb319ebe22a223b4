package org.jvif.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jvif.launcher.Invocation.Mode;
import org.junit.jupiter.api.Test;

class InvocationTest {

    private static Invocation parse(String... args) throws UsageException {
        return Invocation.parse(List.of(args));
    }

    @Test
    void noArgumentsIsTheShell() throws Exception {
        assertEquals(new Invocation(Mode.SHELL, false, false, List.of()), parse());
        assertEquals(new Invocation(Mode.SHELL, true, false, List.of()), parse("--verbose"));
    }

    @Test
    void controlWords() throws Exception {
        assertEquals(Mode.START, parse("start").mode());
        assertEquals(Mode.STOP, parse("stop").mode());
        assertEquals(Mode.STATUS, parse("status").mode());
        assertEquals(Mode.HELP, parse("--help").mode());
        assertEquals(Mode.DAEMON, parse("--daemon").mode());
    }

    @Test
    void aCommandKeepsItsArgumentsVerbatim() throws Exception {
        Invocation i = parse("--verbose", "host-info", "--json", "--verbose", "a b", "");
        assertEquals(Mode.COMMAND, i.mode());
        assertTrue(i.verbose());
        assertFalse(i.sandbox());
        assertEquals(List.of("host-info", "--json", "--verbose", "a b", ""), i.command());
    }

    @Test
    void scopedNamesAndDoubleDash() throws Exception {
        assertEquals(List.of("vif:host-info"), parse("vif:host-info").command());
        // after --, a control word is a command name like any other
        assertEquals(new Invocation(Mode.COMMAND, false, false, List.of("start", "1")), parse("--", "start", "1"));
        assertEquals(List.of("felix:start", "5"), parse("felix:start", "5").command());
    }

    @Test
    void sandboxIsAFlagOfCommandsAndShell() throws Exception {
        assertTrue(parse("--sandbox", "host-info").sandbox());
        assertTrue(parse("--sandbox").sandbox());
        assertThrows(UsageException.class, () -> parse("--sandbox", "start"));
    }

    @Test
    void mistakesAreUsageErrors() {
        assertThrows(UsageException.class, () -> parse("--nope"));
        assertThrows(UsageException.class, () -> parse("status", "now"));
        assertThrows(UsageException.class, () -> parse("--daemon", "x"));
        // nothing Gogo's parser would read as syntax gets through as a command name
        for (String bad : List.of("a;b", "$x", "(lb)", "a b", "x:", ":x", "a:b:c", "{x}", "'lb'")) {
            assertThrows(UsageException.class, () -> parse(bad), bad);
        }
    }
}
