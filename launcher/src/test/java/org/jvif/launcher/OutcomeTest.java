package org.jvif.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    @Test
    void oneLineWhateverTheMessage() {
        assertEquals("a b c", Outcome.oneLine(new IllegalStateException("  a\n  b\r\nc \n")));
        assertEquals("java.lang.NullPointerException", Outcome.oneLine(new NullPointerException()));
    }

    @Test
    void reportsOneLineUnlessVerbose() {
        Outcome o = Outcome.failed(new IllegalArgumentException("vif.address: 'zz' is no MAC address"));
        assertEquals(1, o.status());
        assertEquals("jvif: vif.address: 'zz' is no MAC address\n", report(o, false));
        String verbose = report(o, true);
        assertTrue(verbose.startsWith("jvif: vif.address: 'zz' is no MAC address\njava.lang.IllegalArgumentException"), verbose);
        assertTrue(verbose.contains("\tat org.jvif.launcher.OutcomeTest"), verbose);
        assertEquals("", report(Outcome.OK, true));
    }

    private static String report(Outcome o, boolean verbose) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        o.report(new PrintStream(b, true, StandardCharsets.UTF_8), verbose);
        return b.toString(StandardCharsets.UTF_8);
    }
}
