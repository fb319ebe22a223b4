package org.jvif.host.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ValidNamesTest {
    private static void refused(String message, org.junit.jupiter.api.function.Executable check) {
        assertEquals(message, assertThrows(InvalidValueException.class, check).getMessage());
    }

    @Test
    void interfaceNamesFollowTheKernelsRules() {
        assertEquals("tap0123456789ab", ValidNames.interfaceName("VIFGeneric.vif_name", "tap0123456789ab"));
        refused("invalid VIFGeneric.vif_name \"tap0123456789abc\": must be 1..15 bytes, is 16",
                () -> ValidNames.interfaceName("VIFGeneric.vif_name", "tap0123456789abc"));
        refused("invalid VIFGeneric.vif_name \"\": must be 1..15 bytes, is 0",
                () -> ValidNames.interfaceName("VIFGeneric.vif_name", ""));
        refused("invalid VIFGeneric.vif_name null: an interface name is required",
                () -> ValidNames.interfaceName("VIFGeneric.vif_name", null));
        refused("invalid VIFBridge.bridge_name \"br:0\": must not contain ':'",
                () -> ValidNames.interfaceName("VIFBridge.bridge_name", "br:0"));
        refused("invalid VIFBridge.bridge_name \"..\": must not be . or ..",
                () -> ValidNames.interfaceName("VIFBridge.bridge_name", ".."));
        refused("invalid VIFBridge.bridge_name \"b r\": must not contain whitespace or control characters",
                () -> ValidNames.interfaceName("VIFBridge.bridge_name", "b r"));
        // bytes, not characters: 8 two-byte characters are 16 bytes
        refused("invalid VIFGeneric.vif_name \"éééééééé\": must be 1..15 bytes, is 16",
                () -> ValidNames.interfaceName("VIFGeneric.vif_name", "éééééééé"));
        // the kernel reads '%' as a template (tap%d becomes tap0): never let it pick the name
        refused("invalid VIFGeneric.vif_name \"tap%d\": must not contain '%' (the kernel would pick the name itself)",
                () -> ValidNames.interfaceName("VIFGeneric.vif_name", "tap%d"));
    }

    @Test
    void namespaceNamesAreFilesUnderRunNetns() {
        assertNull(ValidNames.namespaceProblem("tenant:1%"));
        assertEquals("must not contain '/'", ValidNames.namespaceProblem("a/b"));
        assertEquals("must not be . or ..", ValidNames.namespaceProblem(".."));
        refused("invalid network_namespace \"\": must be 1..255 bytes, is 0",
                () -> ValidNames.namespaceName("network_namespace", ""));
    }
}
