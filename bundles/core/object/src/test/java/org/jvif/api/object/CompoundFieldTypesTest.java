package org.jvif.api.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jvif.api.model.FixedIP;
import org.jvif.api.model.Network;
import org.jvif.api.model.Subnet;
import org.jvif.api.model.SubnetList;
import org.jvif.api.model.VIFBase;
import org.jvif.api.model.VIFPortProfileBase;

/** Object and list fields, None and defaults, as oslo handles them. */
class CompoundFieldTypesTest {

    /** A port profile class derived from VIFPortProfileBase, as the profile bundles declare theirs. */
    static final class Profile extends VIFPortProfileBase {
        static final ObjectSchema.Builder DECLARE =
                ObjectSchema.extend(VIFPortProfileBase.SCHEMA, "VIFPortProfileTest", "1.1", Profile::new);
        static final Field<String> INTERFACE_ID = DECLARE.field("interface_id", FieldTypes.UUID);
        static final ObjectSchema SCHEMA = DECLARE.build();

        Profile() {
            super(SCHEMA);
        }
    }

    /** A class derived from SubnetList, which Network.subnets (no subclasses) must refuse. */
    static final class OtherSubnetList extends ObjectList<Subnet> {
        static final ObjectSchema SCHEMA = ObjectSchema.extend(SubnetList.SCHEMA, "OtherSubnetList", "1.0",
                OtherSubnetList::new).build();

        OtherSubnetList() {
            super(SCHEMA, SubnetList.OBJECTS);
        }
    }

    static final ObjectResolver RESOLVER = ObjectResolver.of(VIFBase.SCHEMA, Network.SCHEMA, SubnetList.SCHEMA,
            Subnet.SCHEMA, VIFPortProfileBase.SCHEMA, Profile.SCHEMA, FixedIP.SCHEMA);

    private static VersionedObjectException refusedSet(VersionedObject obj, String field, Object value,
            String type) {
        VersionedObjectException e = assertThrows(VersionedObjectException.class, () -> obj.set(field, value));
        assertEquals(type, e.type(), e.getMessage());
        return e;
    }

    @Test
    void objectFieldsTakeTheirClassOnly() {
        VIFBase vif = new VIFBase();
        Network net = new Network();
        vif.setNetwork(net);
        assertSame(net, vif.getNetwork());
        VersionedObjectException e = refusedSet(vif, "network", new Subnet(), "ValueError");
        assertEquals("VIFBase.network: An object of type Network is required in field network, not a Subnet",
                e.getMessage());
        assertEquals("An object of type Network is required in field network, not a str",
                refusedSet(vif, "network", "net", "ValueError").reason());
        refusedSet(vif, "network", Map.of(), "ValueError");
        refusedSet(net, "subnets", new OtherSubnetList(), "ValueError");
    }

    @Test
    void objectFieldsWithSubclassesTakeTheBaseAndItsSubclasses() {
        VIFBase vif = new VIFBase();
        vif.set(VIFBase.PORT_PROFILE, new VIFPortProfileBase());
        vif.set(VIFBase.PORT_PROFILE, new Profile());
        assertEquals("VIFPortProfileTest", vif.getPortProfile().objName());
        refusedSet(vif, "port_profile", new Network(), "ValueError");
    }

    @Test
    void objectFieldsReadTheirClassOnly() {
        VIFBase vif = new VIFBase();
        vif.set("network", new Network());
        Map<String, Object> p = vif.toPrimitive();
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) p.get(Codec.DATA);
        data.put("network", new Subnet().toPrimitive());
        VersionedObjectException e = assertThrows(VersionedObjectException.class,
                () -> VersionedObject.fromPrimitive(p, RESOLVER));
        assertEquals("VIFBase.network: An object of type Network is required in field network, not a Subnet",
                e.getMessage());
        data.put("network", "x");
        assertEquals("TypeError", assertThrows(VersionedObjectException.class,
                () -> VersionedObject.fromPrimitive(p, RESOLVER)).type());
    }

    @Test
    void objectsPrintAsTheirNameAndIdInARepr() {
        VIFBase vif = new VIFBase();
        Network net = new Network();
        vif.setNetwork(net);
        assertEquals("VIFBase(active=<?>,address=<?>,has_traffic_filtering=<?>,id=<?>,network=Network(UNKNOWN),"
                + "plugin=<?>,port_profile=<?>,preserve_on_delete=<?>)", vif.toString());
        net.setId("");
        assertEquals("Network(UNKNOWN)", FieldTypes.object("Network", false).stringify(net));
        net.setId("8e4f");
        assertEquals("Network(8e4f)", FieldTypes.object("Network", false).stringify(net));
        assertEquals("SubnetList", FieldTypes.object("SubnetList", false).stringify(new SubnetList()));
    }

    @Test
    void listsTakeAnyCollectionButNotStringsOrMaps() {
        Subnet s = new Subnet();
        s.set("dns", List.of("8.8.8.8", "::FFFF:1.2.3.4", "0x0a000001"));
        assertEquals(List.of("8.8.8.8", "::ffff:1.2.3.4", "10.0.0.1"), s.getDns());
        s.set("dns", new LinkedHashSet<>(List.of("1.1.1.1")));
        assertEquals(List.of("1.1.1.1"), s.getDns());
        s.set("dns", List.of());
        assertEquals(List.of(), s.getDns());
        assertThrows(UnsupportedOperationException.class, () -> s.getDns().add("1.2.3.4"));
        assertEquals("Subnet.dns: A list is required in field dns, not a str (got '8.8.8.8')",
                refusedSet(s, "dns", "8.8.8.8", "ValueError").getMessage());
        assertEquals("A list is required in field dns, not a dict",
                refusedSet(s, "dns", Map.of("1.2.3.4", 1L), "ValueError").reason());
        assertEquals("A list is required in field dns, not a int",
                refusedSet(s, "dns", 42L, "ValueError").reason());
    }

    @Test
    void listElementsAreCheckedAndNamed() {
        Subnet s = new Subnet();
        assertEquals("Subnet.dns[1]: Field `dns[1]' cannot be None",
                refusedSet(s, "dns", Arrays.asList("1.2.3.4", null), "ValueError").getMessage());
        assertEquals("Subnet.dns[2]: failed to detect a valid IP address from 'x'",
                refusedSet(s, "dns", List.of("1.2.3.4", "::1", "x"), "ValueError").getMessage());
    }

    @Test
    void listsReadWhateverPythonIterates() {
        // a dict yields its keys, a string its characters
        assertEquals(List.of("1.2.3.4", "::1"), readDns(map("1.2.3.4", 1L, "::1", 2L)));
        assertEquals(List.of(), readDns(Map.of()));
        assertEquals(List.of("0.0.0.8", "0.0.0.8"), readDns("88"));
        assertEquals(List.of(), readDns(""));
        VersionedObjectException e = assertThrows(VersionedObjectException.class, () -> readDns("8.8"));
        assertEquals("Subnet.dns[1]: failed to detect a valid IP address from '.'", e.getMessage());
        e = assertThrows(VersionedObjectException.class, () -> readDns(42L));
        assertEquals("TypeError", e.type());
        assertEquals("Subnet.dns: 'int' object is not iterable (got 42)", e.getMessage());
        // as in os-vif, the elements are read before None is refused
        e = assertThrows(VersionedObjectException.class, () -> readDns(Arrays.asList(null, "x")));
        assertEquals("Subnet.dns[1]: failed to detect a valid IP address from 'x'", e.getMessage());
        e = assertThrows(VersionedObjectException.class, () -> readDns(Arrays.asList("1.2.3.4", null)));
        assertEquals("Subnet.dns[1]: Field `dns[1]' cannot be None", e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static List<String> readDns(Object dns) {
        Map<String, Object> p = new Subnet().toPrimitive();
        ((Map<String, Object>) p.get(Codec.DATA)).put("dns", dns);
        return ((Subnet) VersionedObject.fromPrimitive(p, RESOLVER)).getDns();
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void noneIsNoneWhenNullableElseTheDefaultElseRefused() {
        Network net = new Network();
        net.setMtu(null);
        assertNull(net.getMtu());
        assertEquals(true, net.isSet(Network.MTU));
        VIFBase vif = new VIFBase();
        vif.setActive(null);
        assertEquals(true, vif.getActive()); // the default
        vif.set("preserve_on_delete", null);
        assertEquals(false, vif.getPreserveOnDelete());
        VersionedObjectException e = refusedSet(net, "bridge", null, "ValueError");
        assertEquals("Network.bridge: Field `bridge' cannot be None", e.getMessage());
        // and the same when read from a primitive
        Map<String, Object> p = net.toPrimitive();
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) p.get(Codec.DATA);
        data.put("label", null);
        e = assertThrows(VersionedObjectException.class, () -> VersionedObject.fromPrimitive(p, RESOLVER));
        assertEquals("Network.label: Field `label' cannot be None", e.getMessage());
    }

    @Test
    void errorsNameTheWholePathDownToTheValue() {
        Subnet s = new Subnet();
        s.setCidr("10.0.0.0/24");
        Network net = new Network();
        net.setSubnets(new SubnetList(List.of(s)));
        VIFBase vif = new VIFBase();
        vif.setNetwork(net);
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) Json.parse(vif.toJson().replace("10.0.0.0/24", "10.0.0.0/33"));
        VersionedObjectException e = assertThrows(VersionedObjectException.class,
                () -> VersionedObject.fromPrimitive(p, RESOLVER));
        assertEquals("VIFBase.network.subnets.objects[0].cidr: invalid IPNetwork 10.0.0.0/33", e.getMessage());
        assertEquals("VIFBase.network.subnets.objects[0].cidr", e.path());
        assertEquals("invalid IPNetwork 10.0.0.0/33", e.reason());
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            many.add(s);
        }
        Subnet bad = new Subnet();
        many.add(bad);
        e = assertThrows(VersionedObjectException.class, () -> net.set("subnets", many));
        assertEquals("ValueError", e.type());
        assertEquals("Network.subnets: An object of type SubnetList is required in field subnets, not a list "
                + "(got [Subnet, Subnet, Subnet, Subnet])", e.getMessage());
    }
}
