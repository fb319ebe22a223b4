package org.jvif.api.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.jvif.api.model.FixedIP;
import org.jvif.api.model.FixedIPList;
import org.jvif.api.model.Subnet;
import org.jvif.api.model.SubnetList;

/** os-vif's list objects: a versioned object with one field, objects, that it behaves as. */
class ObjectListTest {

    private static FixedIP ip(String address) {
        FixedIP ip = new FixedIP();
        ip.setAddress(address);
        return ip;
    }

    @Test
    void aNewListHasItsObjectsUnsetAsOsVifs() {
        // os-vif's list classes never run ObjectListBase.__init__: SubnetList() writes empty data
        SubnetList l = new SubnetList();
        assertFalse(l.isSet("objects"));
        assertEquals(Set.of(), l.whatChanged());
        assertEquals(Map.of(), l.toPrimitive().get(Codec.DATA));
        assertFalse(l.toPrimitive().containsKey(Codec.CHANGES));
        // where os-vif would raise NotImplementedError, jvif's unset list iterates as empty
        assertTrue(l.isEmpty());
        assertEquals(0, l.size());
        assertFalse(l.iterator().hasNext());
    }

    @Test
    void aListBuiltFromObjectsHasThemAsAChange() {
        FixedIP a = ip("10.0.0.11");
        FixedIP b = ip("10.0.0.12");
        FixedIPList l = new FixedIPList(List.of(a, b));
        assertEquals(Set.of("objects"), l.whatChanged());
        assertEquals(2, l.size());
        assertSame(a, l.get(0));
        assertSame(b, l.get(1));
        assertEquals(List.of("10.0.0.11", "10.0.0.12"),
                l.stream().map(FixedIP::getAddress).collect(Collectors.toList()));
        List<String> seen = new ArrayList<>();
        for (FixedIP ip : l) {
            seen.add(ip.getAddress());
        }
        assertEquals(List.of("10.0.0.11", "10.0.0.12"), seen);
        assertThrows(UnsupportedOperationException.class, () -> l.objects().add(a));
    }

    @Test
    void addAppendsAndRecordsTheChange() {
        FixedIPList l = new FixedIPList(List.of());
        l.resetChanges();
        l.add(ip("10.0.0.11"));
        assertEquals(1, l.size());
        assertEquals(Set.of("objects"), l.whatChanged());
        VersionedObjectException e = assertThrows(VersionedObjectException.class,
                () -> l.set("objects", List.of(new Subnet())));
        assertEquals("FixedIPList.objects[0]: An object of type FixedIP is required in field objects[0], not a Subnet",
                e.getMessage());
    }

    @Test
    void listsRoundTripAndDowngradeTheirElements() {
        FixedIP a = ip("10.0.0.11");
        a.setFloatingIps(List.of("172.24.4.10"));
        FixedIPList l = new FixedIPList(List.of(a));
        ObjectResolver r = ObjectResolver.of(FixedIPList.SCHEMA, FixedIP.SCHEMA);
        VersionedObject back = VersionedObject.fromPrimitive(Json.parse(l.toJson()), r);
        assertEquals(l, back);
        assertEquals("FixedIPList(objects=[FixedIP])", back.toString());
        assertEquals(List.of("172.24.4.10"), ((FixedIPList) back).get(0).getFloatingIps());
    }

    @Test
    void listsInAReprShowTheirElements() {
        Subnet s = new Subnet();
        assertEquals("SubnetList(objects=[Subnet,Subnet])", new SubnetList(List.of(s, s)).toString());
        assertEquals("SubnetList(objects=[])", new SubnetList(List.of()).toString());
    }
}
