package org.jvif.host.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.jvif.host.netlink.InvalidValueException;
import org.jvif.host.netlink.MacAddress;

class VifChecksTest {
    private static void refused(String message, org.junit.jupiter.api.function.Executable check) {
        assertEquals(message, assertThrows(InvalidValueException.class, check).getMessage());
    }

    @Test
    void addressesMustBeUnicast() {
        assertEquals(MacAddress.parse("fa:16:3e:00:00:01"),
                VifChecks.address("VIFGeneric.address", "fa:16:3e:00:00:01"));
        assertNull(VifChecks.address("VIFGeneric.address", null));
        refused("invalid VIFGeneric.address \"01:00:5e:00:00:01\": is a multicast address",
                () -> VifChecks.address("VIFGeneric.address", "01:00:5e:00:00:01"));
        refused("invalid VIFGeneric.address \"00:00:00:00:00:00\": is all-zero",
                () -> VifChecks.address("VIFGeneric.address", "00:00:00:00:00:00"));
        refused("invalid VIFGeneric.address \"fa:16:3e:00:00:01\n\": expected six hex octets like fa:16:3e:00:00:01",
                () -> VifChecks.address("VIFGeneric.address", "fa:16:3e:00:00:01\n"));
    }

    @Test
    void networkMtuFallsBackToTheOptionLikeOsVif() {
        assertEquals(1500, VifChecks.networkMtu("VIFGeneric.network.mtu", null, 1500));
        assertEquals(1500, VifChecks.networkMtu("VIFGeneric.network.mtu", 0L, 1500));
        assertEquals(9000, VifChecks.networkMtu("VIFGeneric.network.mtu", 9000L, 1500));
        refused("invalid VIFGeneric.network.mtu 65536: must be 68..65535",
                () -> VifChecks.networkMtu("VIFGeneric.network.mtu", 65536L, 1500));
        refused("invalid VIFGeneric.network.mtu -1: must be 68..65535",
                () -> VifChecks.networkMtu("VIFGeneric.network.mtu", -1L, 1500));
    }
}
