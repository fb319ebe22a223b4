package org.jvif.host.ovsdb.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jvif.host.ovsdb.AtomicType;
import org.jvif.host.ovsdb.BaseType;
import org.jvif.host.ovsdb.ColumnSchema;
import org.jvif.host.ovsdb.ColumnType;
import org.jvif.host.ovsdb.DatabaseSchema;
import org.jvif.host.ovsdb.OvsdbException;
import org.jvif.host.ovsdb.TableSchema;

/** Turns a {@code get_schema} reply into {@link DatabaseSchema}. */
final class SchemaParser {
    private static final ColumnType UUID_SCALAR = new ColumnType(BaseType.of(AtomicType.UUID), null, 1, 1);

    private SchemaParser() {
    }

    static DatabaseSchema parse(Object json) {
        Map<String, Object> db = JsonStream.object(json, "schema");
        String name = (String) db.get("name");
        Map<String, TableSchema> tables = new LinkedHashMap<>();
        for (Map.Entry<String, Object> t : JsonStream.object(db.get("tables"), "schema tables").entrySet()) {
            tables.put(t.getKey(), table(t.getKey(), JsonStream.object(t.getValue(), "table " + t.getKey())));
        }
        return new DatabaseSchema(name, (String) db.get("version"), tables);
    }

    private static TableSchema table(String name, Map<String, Object> t) {
        Map<String, ColumnSchema> columns = new LinkedHashMap<>();
        for (Map.Entry<String, Object> c : JsonStream.object(t.get("columns"), name + " columns").entrySet()) {
            Map<String, Object> col = JsonStream.object(c.getValue(), name + "." + c.getKey());
            ColumnType type;
            try {
                type = type(col.get("type"));
            } catch (RuntimeException e) {
                throw new OvsdbException("bad type of column " + name + "." + c.getKey() + " in schema: " + e.getMessage(), e);
            }
            columns.put(c.getKey(), new ColumnSchema(name, c.getKey(), type,
                    !Boolean.FALSE.equals(col.get("mutable")), Boolean.TRUE.equals(col.get("ephemeral"))));
        }
        columns.put("_uuid", new ColumnSchema(name, "_uuid", UUID_SCALAR, false, false));
        columns.put("_version", new ColumnSchema(name, "_version", UUID_SCALAR, false, false));
        List<List<String>> indexes = new ArrayList<>();
        if (t.get("indexes") != null) {
            for (Object index : JsonStream.array(t.get("indexes"), name + " indexes")) {
                List<String> cols = new ArrayList<>();
                for (Object c : JsonStream.array(index, name + " index")) {
                    cols.add((String) c);
                }
                indexes.add(List.copyOf(cols));
            }
        }
        Object maxRows = t.get("maxRows");
        return new TableSchema(name, columns, Boolean.TRUE.equals(t.get("isRoot")),
                maxRows == null ? Long.MAX_VALUE : ((Number) maxRows).longValue(), indexes);
    }

    static ColumnType type(Object json) {
        if (json instanceof String s) {
            return new ColumnType(BaseType.of(AtomicType.of(s)), null, 1, 1);
        }
        Map<String, Object> t = JsonStream.object(json, "column type");
        BaseType key = base(t.get("key"));
        BaseType value = t.containsKey("value") ? base(t.get("value")) : null;
        int min = t.containsKey("min") ? ((Number) t.get("min")).intValue() : 1;
        Object max = t.get("max");
        int mx = max == null ? 1 : "unlimited".equals(max) ? ColumnType.UNLIMITED : ((Number) max).intValue();
        return new ColumnType(key, value, min, mx);
    }

    private static BaseType base(Object json) {
        if (json instanceof String s) {
            return BaseType.of(AtomicType.of(s));
        }
        Map<String, Object> b = JsonStream.object(json, "base type");
        AtomicType type = AtomicType.of((String) b.get("type"));
        Set<Object> enumeration = null;
        if (b.containsKey("enum")) {
            enumeration = new HashSet<>();
            BaseType plain = BaseType.of(type);
            Object e = b.get("enum");
            if (e instanceof List<?> l && l.size() == 2 && "set".equals(l.get(0))) {
                for (Object atom : JsonStream.array(l.get(1), "enum")) {
                    enumeration.add(Values.decodeAtom(plain, atom));
                }
            } else {
                enumeration.add(Values.decodeAtom(plain, e));
            }
        }
        return new BaseType(type, enumeration,
                longOr(b.get("minInteger"), Long.MIN_VALUE), longOr(b.get("maxInteger"), Long.MAX_VALUE),
                doubleOr(b.get("minReal"), Double.NEGATIVE_INFINITY), doubleOr(b.get("maxReal"), Double.POSITIVE_INFINITY),
                (int) longOr(b.get("minLength"), 0), (int) Math.min(Integer.MAX_VALUE, longOr(b.get("maxLength"), Integer.MAX_VALUE)),
                (String) b.get("refTable"), "weak".equals(b.get("refType")));
    }

    private static long longOr(Object v, long dflt) {
        return v == null ? dflt : ((Number) v).longValue();
    }

    private static double doubleOr(Object v, double dflt) {
        return v == null ? dflt : ((Number) v).doubleValue();
    }
}
