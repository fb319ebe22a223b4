package org.jvif.host.ovsdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import org.jvif.host.ovsdb.ColumnType;
import org.jvif.host.ovsdb.DatabaseSchema;
import org.jvif.host.ovsdb.NamedUuid;
import org.jvif.host.ovsdb.Row;
import org.jvif.host.ovsdb.Transaction;
import org.jvif.host.ovsdb.testing.OvsSandbox;
import org.junit.jupiter.api.Test;

/** Wire format of values and operations, per column type, against the installed vswitch schema (no server). */
class EncodingTest {
    static final DatabaseSchema SCHEMA = schema();

    static DatabaseSchema schema() {
        try (JsonParser p = JsonStream.FACTORY.createParser(Files.readAllBytes(OvsSandbox.SCHEMA))) {
            return SchemaParser.parse(JsonStream.read(p, p.nextToken()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String json(JsonStream.Writer w) throws IOException {
        ByteArrayBuilder bb = new ByteArrayBuilder();
        try (JsonGenerator g = JsonStream.FACTORY.createGenerator(bb)) {
            w.write(g);
        }
        return new String(bb.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void valuesFollowColumnTypes() throws IOException {
        UUID u = UUID.fromString("2f4c1f5f-6b6e-4a4b-9c5e-1d1d1d1d1d1d");
        TransactionImpl t = new TransactionImpl(null, SCHEMA);
        NamedUuid iface = t.insert("Interface").set("name", "tap0")
                .set("mtu_request", 1450)                                      // optional integer: bare atom
                .set("external_ids", new LinkedHashMap<>(Map.of("k", "v"))).uuid();
        t.insert("Port").set("name", "tap0").set("interfaces", List.of(iface)).set("tag", null)
                .set("trunks", List.of(1, 2));
        t.mutate("Bridge").whereUuid(u).insert("ports", Set.of(u)).delete("external_ids", List.of("a"));
        t.waitFor("Port").where("name", "tap0").untilEqual(List.of(Map.of("tag", Set.of())));
        t.comment("jvif");
        assertEquals("[\"Open_vSwitch\","
                + "{\"op\":\"insert\",\"table\":\"Interface\",\"row\":{\"name\":\"tap0\",\"mtu_request\":1450,"
                + "\"external_ids\":[\"map\",[[\"k\",\"v\"]]]},\"uuid-name\":\"row0\"},"
                + "{\"op\":\"insert\",\"table\":\"Port\",\"row\":{\"name\":\"tap0\",\"interfaces\":[\"named-uuid\",\"row0\"],"
                + "\"tag\":[\"set\",[]],\"trunks\":[\"set\",[1,2]]},\"uuid-name\":\"row1\"},"
                + "{\"op\":\"mutate\",\"table\":\"Bridge\",\"where\":[[\"_uuid\",\"==\",[\"uuid\",\"" + u + "\"]]],"
                + "\"mutations\":[[\"ports\",\"insert\",[\"uuid\",\"" + u + "\"]],[\"external_ids\",\"delete\",\"a\"]]},"
                + "{\"op\":\"wait\",\"table\":\"Port\",\"timeout\":0,\"where\":[[\"name\",\"==\",\"tap0\"]],"
                + "\"columns\":[\"tag\"],\"until\":\"==\",\"rows\":[{\"tag\":[\"set\",[]]}]},"
                + "{\"op\":\"comment\",\"comment\":\"jvif\"}]", json(t::writeParams));
    }

    @Test
    void mergedTransactionsKeepNamedUuidsApartAndAddOneCfgBump() throws IOException {
        TransactionImpl a = new TransactionImpl(null, SCHEMA);
        a.insert("Port").set("name", "a").set("interfaces", a.insert("Interface").set("name", "a").uuid());
        String ops = json(g -> {
            g.writeStartArray();
            a.writeOps(g, "b7_");
            TransactionImpl.writeCfgOps(g);
            g.writeEndArray();
        });
        assertTrue(ops.contains("\"interfaces\":[\"named-uuid\",\"b7_row1\"]},\"uuid-name\":\"b7_row0\""), ops);
        assertTrue(ops.endsWith("{\"op\":\"mutate\",\"table\":\"Open_vSwitch\",\"where\":[],\"mutations\":[[\"next_cfg\",\"+=\",1]]},"
                + "{\"op\":\"select\",\"table\":\"Open_vSwitch\",\"where\":[],\"columns\":[\"next_cfg\"]}]"), ops);
    }

    @Test
    void decodingPerColumnType() {
        ColumnType ports = SCHEMA.table("Bridge").column("ports").type();
        UUID u = UUID.randomUUID();
        assertEquals(Set.of(u), Values.decode(ports, List.of("uuid", u.toString())));
        assertEquals(Set.of(), Values.decode(ports, List.of("set", List.of())));
        assertEquals(Map.of("k", "v"), Values.decode(SCHEMA.table("Bridge").column("external_ids").type(),
                List.of("map", List.of(List.of("k", "v")))));
        Row r = Rows.decode(SCHEMA.table("Interface"), u, Map.of("name", "x"), null, List.of("name", "mtu_request", "ofport"));
        assertEquals(Set.of(), r.get("mtu_request"));
        assertTrue(r.getOptional("ofport").isEmpty());
        assertEquals(0L, Rows.decode(SCHEMA.table("Open_vSwitch"), u, Map.of(), null, List.of("next_cfg")).getLong("next_cfg"));
    }

    @Test
    void enumsAndReferencesComeFromTheSchema() {
        assertTrue(SCHEMA.table("Port").column("vlan_mode").type().key().enumeration().contains("trunk"));
        assertEquals("Interface", SCHEMA.table("Port").column("interfaces").type().key().refTable());
        assertTrue(SCHEMA.table("Open_vSwitch").isRoot());
        assertEquals(1, SCHEMA.table("Open_vSwitch").maxRows());
        assertEquals(List.of(List.of("name")), SCHEMA.table("Port").indexes());
        Transaction t = new TransactionImpl(null, SCHEMA);
        t.update("Port").set("vlan_mode", "trunk");
    }
}
