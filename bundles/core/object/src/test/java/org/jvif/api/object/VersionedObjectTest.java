package org.jvif.api.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.Network;
import org.jvif.api.model.Subnet;
import org.jvif.api.model.SubnetList;
import org.jvif.api.model.VIFBase;

/** Set and unset fields, defaults, change tracking, equality and repr, as oslo.versionedobjects has them. */
class VersionedObjectTest {
    static final ObjectResolver RESOLVER = ObjectResolver.of(VIFBase.SCHEMA, Network.SCHEMA, SubnetList.SCHEMA,
            Subnet.SCHEMA, InstanceInfo.SCHEMA);

    @Test
    void aNewNetworkHasOsVifsConstructorDefaults() {
        Network net = new Network();
        assertEquals(Set.of("subnets", "multi_host", "should_provide_bridge", "should_provide_vlan", "mtu"),
                net.whatChanged());
        assertEquals(false, net.getMultiHost());
        assertEquals(false, net.getShouldProvideBridge());
        assertEquals(false, net.getShouldProvideVlan());
        assertTrue(net.isSet("mtu"));
        assertNull(net.getMtu());
        assertFalse(net.isSet("vlan"));
        assertTrue(net.getSubnets().isEmpty());
        assertEquals(Set.of("objects"), net.getSubnets().whatChanged());
        assertEquals("Network(bridge=<?>,bridge_interface=<?>,id=<?>,label=<?>,mtu=None,multi_host=False,"
                + "should_provide_bridge=False,should_provide_vlan=False,subnets=SubnetList,vlan=<?>)", net.toString());
        // what os-vif 3.0.0 writes for network.Network(); its changes are a set, jvif lists them in field order
        assertEquals("{\"versioned_object.name\": \"Network\", \"versioned_object.namespace\": \"os_vif\", "
                + "\"versioned_object.version\": \"1.1\", \"versioned_object.data\": {\"subnets\": "
                + "{\"versioned_object.name\": \"SubnetList\", \"versioned_object.namespace\": \"os_vif\", "
                + "\"versioned_object.version\": \"1.0\", \"versioned_object.data\": {\"objects\": []}, "
                + "\"versioned_object.changes\": [\"objects\"]}, \"multi_host\": false, \"should_provide_bridge\": "
                + "false, \"should_provide_vlan\": false, \"mtu\": null}, \"versioned_object.changes\": "
                + "[\"subnets\", \"multi_host\", \"should_provide_bridge\", \"should_provide_vlan\", \"mtu\"]}",
                net.toJson());
    }

    @Test
    void fieldsAreSetOrUnset() {
        Network net = new Network();
        assertFalse(net.isSet(Network.LABEL));
        assertNull(net.getLabel());
        net.setLabel("private");
        assertTrue(net.isSet("label"));
        assertEquals("private", net.get("label"));
        net.unset(Network.LABEL);
        assertFalse(net.isSet("label"));
        assertNull(net.getLabel());
        // the change stays recorded, as oslo's del leaves _changed_fields alone; the primitive omits it
        assertTrue(net.whatChanged().contains("label"));
        assertFalse(((Map<?, ?>) net.toPrimitive().get(Codec.DATA)).containsKey("label"));
        assertFalse(((List<?>) net.toPrimitive().get(Codec.CHANGES)).contains("label"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.set("lable", "x"));
        assertEquals("Network object has no attribute 'lable'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.isSet("lable"));
        assertThrows(IllegalArgumentException.class, () -> net.get(Subnet.CIDR));
    }

    @Test
    void setDefaultsSetsOnlyUnsetFieldsThatHaveOne() {
        VIFBase vif = new VIFBase();
        vif.setPreserveOnDelete(true);
        vif.resetChanges();
        vif.setDefaults();
        assertEquals(true, vif.getActive());
        assertEquals(true, vif.getPreserveOnDelete()); // already set: kept
        assertEquals(false, vif.getHasTrafficFiltering());
        assertEquals(Set.of("active", "has_traffic_filtering"), vif.whatChanged());
        assertFalse(vif.isSet("plugin"));
        VIFBase other = new VIFBase();
        other.setDefaults("active");
        assertEquals("VIFBase(active=True,address=<?>,has_traffic_filtering=<?>,id=<?>,network=<?>,plugin=<?>,"
                + "port_profile=<?>,preserve_on_delete=<?>)", other.toString());
        VersionedObjectException e = assertThrows(ObjectActionError.class, () -> other.setDefaults("plugin"));
        assertEquals("Object action set_defaults failed because: No default set for field plugin", e.getMessage());
    }

    @Test
    void changesIncludeFieldsHoldingChangedObjects() {
        Subnet subnet = new Subnet();
        subnet.setCidr("10.0.0.0/8");
        Network net = new Network();
        net.setSubnets(new SubnetList(List.of(subnet)));
        net.resetChanges();
        assertEquals(Set.of("subnets"), net.whatChanged()); // the list object itself has changes
        assertTrue(net.hasChanges());
        net.getSubnets().resetChanges();
        assertEquals(Set.of(), net.whatChanged());
        assertFalse(net.hasChanges());
        // a changed element does not make its list object changed (os-vif's lists use VersionedObject's rule)
        assertEquals(Set.of("cidr"), subnet.whatChanged());
        assertEquals(Set.of(), net.getSubnets().whatChanged());
        VIFBase vif = new VIFBase();
        vif.setNetwork(net);
        vif.resetChanges();
        net.setMtu(1450L);
        assertEquals(Set.of("network"), vif.whatChanged());
        assertEquals(List.of("network"), vif.toPrimitive().get(Codec.CHANGES));
    }

    @Test
    void resetChangesIsShallowUnlessRecursive() {
        Subnet subnet = new Subnet();
        subnet.setCidr("10.0.0.0/8");
        Network net = new Network();
        net.setId("x");
        net.setSubnets(new SubnetList(List.of(subnet)));
        net.resetChanges(List.of("mtu"), true); // only mtu, and nothing below it
        assertEquals(Set.of("id", "multi_host", "should_provide_bridge", "should_provide_vlan", "subnets"),
                net.whatChanged());
        assertEquals(Set.of("objects"), net.getSubnets().whatChanged());
        net.resetChanges(List.of("nonexistent"), false); // oslo ignores names of no field
        net.resetChanges();
        assertEquals(Set.of("subnets"), net.whatChanged()); // the list still has its own changes
        assertEquals(Set.of("cidr"), subnet.whatChanged());
        net.resetChanges(null, true);
        assertEquals(Set.of(), net.whatChanged());
        assertEquals(Set.of(), net.getSubnets().whatChanged());
        assertEquals(Set.of(), subnet.whatChanged());
        // recursion follows changed fields only: an unchanged list does not reach its changed element
        subnet.setGateway("10.0.0.1");
        net.getSubnets().resetChanges(null, true);
        assertEquals(Set.of("gateway"), subnet.whatChanged());
        // an empty list of fields is all of them, as oslo's "if fields" has it
        net.setMtu(9000L);
        net.resetChanges(List.of(), false);
        assertEquals(Set.of(), net.whatChanged());
    }

    @Test
    void changesTravelInThePrimitive() {
        Network net = new Network();
        net.setId("x");
        net.resetChanges(List.of("subnets", "id"), false);
        VersionedObject back = VersionedObject.fromPrimitive(Json.parse(net.toJson()), RESOLVER);
        assertEquals(net.whatChanged(), back.whatChanged());
        assertEquals(net, back);
        net.resetChanges(null, true);
        assertFalse(net.toPrimitive().containsKey(Codec.CHANGES));
        back = VersionedObject.fromPrimitive(net.toPrimitive(), RESOLVER);
        assertEquals(Set.of(), back.whatChanged());
    }

    @Test
    void equalityIsByValueSetFieldsAndChanges() {
        Network a = new Network();
        Network b = new Network();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        a.setLabel("x");
        assertNotEquals(a, b);
        b.setLabel("x");
        assertEquals(a, b);
        b.setVlan(null);
        assertNotEquals(a, b); // set to None is not unset
        b.unset(Network.VLAN);
        assertNotEquals(a, b); // vlan is still recorded as changed
        b.resetChanges(List.of("vlan"), false);
        assertEquals(a, b);
        a.resetChanges();
        assertNotEquals(a, b); // same values, other changes
        b.resetChanges();
        assertEquals(a, b);
        assertNotEquals(a, new Subnet());
        assertNotEquals(a, null);
    }

    @Test
    void reprIsOslos() {
        Network net = new Network();
        net.setId("8e4f");
        net.setBridge("br-int");
        net.setMtu(1500L);
        assertEquals("Network(bridge='br-int',bridge_interface=<?>,id=8e4f,label=<?>,mtu=1500,multi_host=False,"
                + "should_provide_bridge=False,should_provide_vlan=False,subnets=SubnetList,vlan=<?>)", net.toString());
        Subnet s = new Subnet();
        s.setCidr("10.0.0.0/8");
        s.setDns(List.of("1.2.3.4", "::1"));
        assertEquals("Subnet(cidr=10.0.0.0/8,dhcp_server=<?>,dns=[1.2.3.4,::1],gateway=<?>,ips=<?>,routes=<?>)",
                s.toString());
        // a field whose text is empty prints as unset: oslo's "x and stringify(x) or '<?>'"
        InstanceInfo i = new InstanceInfo();
        i.setUuid("");
        i.setName("x");
        assertEquals("InstanceInfo(name='x',project_id=<?>,uuid=<?>)", i.toString());
        assertEquals("SubnetList(objects=<?>)", new SubnetList().toString());
        assertEquals("SubnetList(objects=[Subnet])", new SubnetList(List.of(s)).toString());
    }

    @Test
    void versionIsTheClassOrTheOneReadAt() {
        Network net = new Network();
        assertEquals("1.1", net.version().text());
        Map<String, Object> p = net.toPrimitive();
        p.put(Codec.VERSION, "1.0");
        VersionedObject old = VersionedObject.fromPrimitive(p, RESOLVER);
        assertEquals("1.0", old.version().text());
        assertEquals("1.0", old.toPrimitive().get(Codec.VERSION)); // echoed back, as os-vif does
        assertNotEquals(net, old);
    }
}
