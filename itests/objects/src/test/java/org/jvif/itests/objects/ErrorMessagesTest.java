package org.jvif.itests.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.jvif.api.object.Json;
import org.jvif.api.object.VersionedObject;
import org.jvif.api.object.VersionedObjectException;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;

/** An error names the object, the field (down through nested objects and lists) and the value. */
class ErrorMessagesTest {
    private static final String TREE = BenchTree.vif().toJson();

    private static VersionedObjectException read(String from, String to) {
        String text = TREE.replace(from, to);
        assertEquals(false, text.equals(TREE), "the replacement applies");
        return assertThrows(VersionedObjectException.class,
                () -> VersionedObject.fromPrimitive(Json.parse(text), AllTypes.RESOLVER));
    }

    private static void check(String type, String message, VersionedObjectException e) {
        assertEquals(type, e.type(), e.getMessage());
        assertEquals(message, e.getMessage());
    }

    @Test
    void fieldValues() {
        check("ValueError", "VIFOpenVSwitch.network.subnets.objects[0].cidr: invalid IPNetwork 10.10.0.0/33",
                read("\"10.10.0.0/24\"", "\"10.10.0.0/33\""));
        check("ValueError", "VIFOpenVSwitch.network.subnets.objects[1].ips.objects[1].floating_ips[0]: "
                + "failed to detect a valid IP address from '2001:db8:ff::12::1'",
                read("\"2001:db8:ff::12\"", "\"2001:db8:ff::12::1\""));
        check("ValueError", "VIFOpenVSwitch.network.subnets.objects[0].dns[1]: Field `dns[1]' cannot be None",
                read("\"1.1.1.1\"", "null"));
        check("ValueError", "VIFOpenVSwitch.address: Malformed MAC fa:16:3e:12:34",
                read("\"fa:16:3e:12:34:56\"", "\"fa:16:3e:12:34\""));
        check("ValueError", "VIFOpenVSwitch.network.mtu: invalid literal for int() with base 10: 'jumbo'",
                read("\"mtu\": 1450", "\"mtu\": \"jumbo\""));
        check("TypeError", "VIFOpenVSwitch.network.mtu: int() argument must be a string, a bytes-like object or a "
                + "real number, not 'list' (got [1450])", read("\"mtu\": 1450", "\"mtu\": [1450]"));
        check("ValueError", "VIFOpenVSwitch.network.label: A string is required in field label, not a dict (got {})",
                read("\"label\": \"private\"", "\"label\": {}"));
        check("ValueError", "VIFOpenVSwitch.vif_name: Field `vif_name' cannot be None",
                read("\"vif_name\": \"tap5d2c4a1e-7b\"", "\"vif_name\": null"));
        check("TypeError", "VIFOpenVSwitch.network.subnets.objects[0].routes.objects[0].cidr: "
                + "unexpected type <class 'int'> for addr arg (got 3232235520)", read("\"192.168.0.0/16\"",
                        "3232235520"));
    }

    @Test
    void nestedObjects() {
        check("ValueError", "VIFOpenVSwitch.port_profile.datapath_offload: An object of type DatapathOffloadBase is "
                + "required in field datapath_offload, not a Network", read("\"DatapathOffloadRepresentor\"",
                        "\"Network\""));
        check("UnsupportedObjectError", "VIFOpenVSwitch.network.subnets: Unsupported object type SubnetSet",
                read("\"SubnetList\"", "\"SubnetSet\""));
        check("IncompatibleObjectVersion", "VIFOpenVSwitch.network: Version 1.2 of Network is not supported, "
                + "supported version is 1.1", read("\"Network\", \"versioned_object.namespace\": \"os_vif\", "
                        + "\"versioned_object.version\": \"1.1\"", "\"Network\", \"versioned_object.namespace\": "
                        + "\"os_vif\", \"versioned_object.version\": \"1.2\""));
        check("KeyError", "VIFOpenVSwitch.network.subnets.objects[0].ips: missing key 'versioned_object.data'",
                read("\"FixedIPList\", \"versioned_object.namespace\": \"os_vif\", \"versioned_object.version\": "
                        + "\"1.0\", \"versioned_object.data\"", "\"FixedIPList\", \"versioned_object.namespace\": "
                        + "\"os_vif\", \"versioned_object.version\": \"1.0\", \"versioned_object.date\""));
        check("TypeError", "VIFOpenVSwitch.network: string indices must be integers, not 'str' (got 'network')",
                read(BenchTree.vif().getNetwork().toJson(), "\"network\""));
    }

    @Test
    void theTopObject() {
        check("IncompatibleObjectVersion", "VIFOpenVSwitch: Version 2.0 of VIFOpenVSwitch is not supported, "
                + "supported version is 1.0", read("\"VIFOpenVSwitch\", \"versioned_object.namespace\": \"os_vif\", "
                        + "\"versioned_object.version\": \"1.0\"", "\"VIFOpenVSwitch\", \"versioned_object."
                        + "namespace\": \"os_vif\", \"versioned_object.version\": \"2.0\""));
        check("InvalidVersion", "VIFOpenVSwitch: Invalid version: 'one'", read("\"VIFOpenVSwitch\", "
                + "\"versioned_object.namespace\": \"os_vif\", \"versioned_object.version\": \"1.0\"",
                "\"VIFOpenVSwitch\", \"versioned_object.namespace\": \"os_vif\", \"versioned_object.version\": "
                        + "\"one\""));
        check("JSONDecodeError", "Expecting ',' delimiter: line 1 column 7 (char 6)",
                assertThrows(VersionedObjectException.class, () -> Json.parse("[1, 2 3]")));
        check("KeyError", "missing key 'versioned_object.name'", assertThrows(VersionedObjectException.class,
                () -> VersionedObject.fromPrimitive(Json.parse("{\"versioned_object.namespace\": \"os_vif\"}"),
                        AllTypes.RESOLVER)));
    }

    @Test
    void settingFromJava() {
        VIFOpenVSwitch vif = BenchTree.vif();
        check("ValueError", "VIFOpenVSwitch.address: Malformed MAC fa:16:3e", assertThrows(
                VersionedObjectException.class, () -> vif.setAddress("fa:16:3e")));
        check("ValueError", "Subnet.dns[1]: failed to detect a valid IP address from '8.8.8.1.1'", assertThrows(
                VersionedObjectException.class, () -> vif.getNetwork().getSubnets().get(0)
                        .setDns(Arrays.asList("1.1.1.1", "8.8.8.1.1"))));
        check("ValueError", "Subnet.gateway: IPAddress() does not support netmasks or subnet prefixes! See "
                + "documentation for details. (got '8.8.8.8/32')", assertThrows(VersionedObjectException.class,
                        () -> vif.getNetwork().getSubnets().get(0).setGateway("8.8.8.8/32")));
    }
}
