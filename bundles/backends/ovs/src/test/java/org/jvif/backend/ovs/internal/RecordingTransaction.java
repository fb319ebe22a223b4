package org.jvif.backend.ovs.internal;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.jvif.host.ovsdb.AtomicType;
import org.jvif.host.ovsdb.BaseType;
import org.jvif.host.ovsdb.ColumnSchema;
import org.jvif.host.ovsdb.ColumnType;
import org.jvif.host.ovsdb.Comparison;
import org.jvif.host.ovsdb.DatabaseSchema;
import org.jvif.host.ovsdb.Mutator;
import org.jvif.host.ovsdb.NamedUuid;
import org.jvif.host.ovsdb.OvsdbClient;
import org.jvif.host.ovsdb.TableSchema;
import org.jvif.host.ovsdb.Transaction;
import org.jvif.host.ovsdb.TransactionResult;

/**
 * A {@link Transaction} that sends nothing: it records each operation as one readable line, e.g.
 * {@code insert Port {name=tap1, interfaces=@Interface(tap1)}} or
 * {@code wait Port where _uuid == Port(tap1) columns [name] until == [{name=tap1}]}. Rows of the replica
 * appear by their labels ({@link ReplicaRows}), a named-uuid as {@code @Table(name)} (or {@code @Table#n}
 * for a row without a name); maps print sorted, so lines do not depend on a map's iteration order.
 */
final class RecordingTransaction implements Transaction {
    private final DatabaseSchema schema;
    private final Map<UUID, String> labels;
    private final List<Op<?>> ops = new ArrayList<>();

    RecordingTransaction(boolean mtuRequest, Map<UUID, String> labels) {
        this.schema = schema(mtuRequest);
        this.labels = labels;
    }

    /** A client whose only use is to hand out this transaction, as {@code OvsdbPlan.compile} asks. */
    OvsdbClient client() {
        return (OvsdbClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {OvsdbClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("transaction")) {
                        return this;
                    }
                    throw new UnsupportedOperationException("a recording client only makes a transaction: " + method);
                });
    }

    /** Of the Open_vSwitch schema only what a plan looks at: whether Interface has mtu_request. */
    private static DatabaseSchema schema(boolean mtuRequest) {
        Map<String, ColumnSchema> columns = new LinkedHashMap<>();
        if (mtuRequest) {
            columns.put("mtu_request", new ColumnSchema("Interface", "mtu_request",
                    new ColumnType(BaseType.of(AtomicType.INTEGER), null, 0, 1), true, false));
        }
        return new DatabaseSchema("Open_vSwitch", "8.0.0",
                Map.of("Interface", new TableSchema("Interface", columns, false, 0, List.of())));
    }

    /** Every operation so far, one line each, in order. */
    List<String> lines() {
        return ops.stream().map(Op::toString).collect(Collectors.toList());
    }

    /** The indexes of the wait operations (what a plan calls its guards). */
    Set<Integer> waits() {
        Set<Integer> out = new java.util.HashSet<>();
        for (Op<?> op : ops) {
            if (op.kind.equals("wait") || op.kind.startsWith("assert")) {
                out.add(op.index);
            }
        }
        return out;
    }

    private String show(Object v) {
        if (v instanceof UUID u) {
            return labels.getOrDefault(u, u.toString());
        }
        if (v instanceof NamedUuid n) {
            return "@" + n.name();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, String> sorted = new TreeMap<>();
            m.forEach((k, x) -> sorted.put(show(k), show(x)));
            return sorted.toString();
        }
        if (v instanceof Set<?> s) {
            return s.stream().map(this::show).sorted().collect(Collectors.toList()).toString();
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(this::show).collect(Collectors.toList()).toString();
        }
        return String.valueOf(v);
    }

    private <T extends Op<?>> T add(T op) {
        ops.add(op);
        return op;
    }

    /**
     * One operation; its line is made when asked, as operations are filled in after they are added.
     *
     * @param <T> what its {@code where} returns, for the kinds that have one
     */
    private class Op<T> implements Transaction.Operation {
        final String kind;
        final String table;
        final int index = ops.size();
        final List<String> where = new ArrayList<>();
        final Map<String, Object> row = new LinkedHashMap<>();
        final List<String> mutations = new ArrayList<>();
        String columns = "";
        String until = "";

        Op(String kind, String table) {
            this.kind = kind;
            this.table = table;
        }

        @Override
        public int index() {
            return index;
        }

        @Override
        public String table() {
            return table;
        }

        @SuppressWarnings("unchecked")
        public T where(String column, Comparison function, Object value) {
            where.add(column + " " + function.jsonName() + " " + show(value));
            return (T) this;
        }

        /** Of Select and Wait. */
        @SuppressWarnings("unchecked")
        public T columns(String... names) {
            columns = " columns " + List.of(names);
            return (T) this;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(kind).append(' ').append(table);
            if (!where.isEmpty()) {
                b.append(" where ").append(String.join(" and ", where));
            }
            if (!row.isEmpty()) {
                b.append(kind.equals("insert") ? " " : " set ");
                b.append(row.entrySet().stream().map(e -> e.getKey() + "=" + show(e.getValue()))
                        .collect(Collectors.joining(", ", "{", "}")));
            }
            if (!mutations.isEmpty()) {
                b.append(": ").append(String.join(", ", mutations));
            }
            return b.append(columns).append(until).toString();
        }
    }

    private final class InsertOp extends Op<Insert> implements Insert {
        private NamedUuid uuid;

        InsertOp(String table) {
            super("insert", table);
        }

        @Override
        public Insert set(String column, Object value) {
            row.put(column, value);
            return this;
        }

        @Override
        public NamedUuid uuid() {
            if (uuid == null) {
                String name = row.get("name") instanceof String n ? table + "(" + n + ")"
                        : table + "#" + ops.stream().filter(o -> o.kind.equals("insert") && o.table.equals(table)
                                && o.index < index).count();
                uuid = new NamedUuid() {
                    @Override
                    public String name() {
                        return name;
                    }

                    @Override
                    public String table() {
                        return table;
                    }
                };
            }
            return uuid;
        }
    }

    private final class UpdateOp extends Op<Update> implements Update {
        UpdateOp(String table) {
            super("update", table);
        }

        @Override
        public Update set(String column, Object value) {
            row.put(column, value);
            return this;
        }
    }

    private final class MutateOp extends Op<Mutate> implements Mutate {
        MutateOp(String table) {
            super("mutate", table);
        }

        @Override
        public Mutate mutation(String column, Mutator mutator, Object value) {
            mutations.add(column + " " + mutator.name().toLowerCase() + " " + show(value));
            return this;
        }
    }

    private final class DeleteOp extends Op<Delete> implements Delete {
        DeleteOp(String table) {
            super("delete", table);
        }
    }

    private final class SelectOp extends Op<Select> implements Select {
        SelectOp(String table) {
            super("select", table);
        }
    }

    private final class WaitOp extends Op<Wait> implements Wait {
        WaitOp(String kind, String table) {
            super(kind, table);
        }

        @Override
        public Wait untilEqual(List<? extends Map<String, ?>> rows) {
            until = " until == " + show(rows);
            return this;
        }

        @Override
        public Wait untilNotEqual(List<? extends Map<String, ?>> rows) {
            until = " until != " + show(rows);
            return this;
        }

        @Override
        public Wait timeout(Duration timeout) {
            until += " timeout " + timeout;
            return this;
        }
    }

    @Override
    public Insert insert(String table) {
        return add(new InsertOp(table));
    }

    @Override
    public Update update(String table) {
        return add(new UpdateOp(table));
    }

    @Override
    public Mutate mutate(String table) {
        return add(new MutateOp(table));
    }

    @Override
    public Delete delete(String table) {
        return add(new DeleteOp(table));
    }

    @Override
    public Select select(String table) {
        return add(new SelectOp(table));
    }

    @Override
    public Wait waitFor(String table) {
        return add(new WaitOp("wait", table));
    }

    @Override
    public Wait assertAbsent(String table, String column, Object value) {
        WaitOp w = add(new WaitOp("assert absent", table));
        return w.where(column, Comparison.EQ, value);
    }

    @Override
    public Wait assertPresent(String table, String column, Object value) {
        WaitOp w = add(new WaitOp("assert present", table));
        return w.where(column, Comparison.EQ, value);
    }

    @Override
    public Transaction comment(String comment) {
        return this;
    }

    @Override
    public Transaction waitForVswitchd() {
        throw new UnsupportedOperationException("a plan leaves the vswitchd wait to its committer");
    }

    @Override
    public Transaction timeout(Duration timeout) {
        return this;
    }

    @Override
    public DatabaseSchema schema() {
        return schema;
    }

    @Override
    public int size() {
        return ops.size();
    }

    @Override
    public CompletableFuture<TransactionResult> commit() {
        throw new UnsupportedOperationException("a recording transaction is never sent");
    }
}
