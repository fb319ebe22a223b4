package org.jvif.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedCommandsTest {

    private static final AllowedCommands DEFAULT = AllowedCommands.parse("k", List.of(AllowedCommands.DEFAULT.split(",\\s*")));

    @Test
    void theDefaultAllowsTheVifCommandsAndWhatAnOperatorNeeds() {
        assertTrue(DEFAULT.allows("vif", "plug"));
        assertTrue(DEFAULT.allows("vif", "host-info"));
        for (String felix : List.of("lb", "headers", "start", "stop", "update", "refresh")) {
            assertTrue(DEFAULT.allows("felix", felix), felix);
        }
        assertTrue(DEFAULT.allows("scr", "list"));
        assertTrue(DEFAULT.allows("cm", "getConfiguration"));
        // files, scripts and installs from anywhere: not through bin/jvif
        for (String[] c : new String[][] {{"felix", "ls"}, {"felix", "install"}, {"felix", "cd"}, {"gogo", "sh"}, {"gogo", "source"},
                {"gogo", "exec"}, {"cm", "createFactoryConfiguration"}, {"scr", "disable"}}) {
            assertFalse(DEFAULT.allows(c[0], c[1]), String.join(":", c));
        }
    }

    @Test
    void entriesAreScopedNamesOrWholeScopes() {
        assertThrows(IllegalArgumentException.class, () -> AllowedCommands.parse("jvif.commands", List.of("lb")));
        assertThrows(IllegalArgumentException.class, () -> AllowedCommands.parse("jvif.commands", List.of("*:*")));
        assertThrows(IllegalArgumentException.class, () -> AllowedCommands.parse("jvif.commands", List.of("felix:l*")));
        assertTrue(AllowedCommands.parse("jvif.commands", List.of("ittest:*")).allows("ittest", "anything"));
    }
}
