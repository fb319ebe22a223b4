package org.jvif.host.ovsdb.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonGenerator;

import org.jvif.host.ovsdb.AtomicType;
import org.jvif.host.ovsdb.BaseType;
import org.jvif.host.ovsdb.ColumnSchema;
import org.jvif.host.ovsdb.ColumnType;
import org.jvif.host.ovsdb.Comparison;
import org.jvif.host.ovsdb.DatabaseSchema;
import org.jvif.host.ovsdb.Mutator;
import org.jvif.host.ovsdb.NamedUuid;
import org.jvif.host.ovsdb.OvsdbSchemaException;
import org.jvif.host.ovsdb.TableSchema;
import org.jvif.host.ovsdb.Transaction;
import org.jvif.host.ovsdb.TransactionResult;

/** A transaction under construction: operations checked and normalized as they are added. */
final class TransactionImpl implements Transaction {
    static final String OVS_TABLE = "Open_vSwitch";

    final OvsdbClientImpl client;
    final DatabaseSchema schema;
    final List<Op> ops = new ArrayList<>();
    boolean waitForVswitchd;
    Duration timeout;
    private boolean committed;
    /** The first schema error raised while building: such a transaction is never sent. */
    private OvsdbSchemaException rejected;

    TransactionImpl(OvsdbClientImpl client, DatabaseSchema schema) {
        this.client = client;
        this.schema = schema;
    }

    /** Runs a checking step, remembering a schema error so that commit() refuses the transaction. */
    private <T> T checked(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (OvsdbSchemaException e) {
            if (rejected == null) {
                rejected = e;
            }
            throw e;
        }
    }

    private void open() {
        if (committed) {
            throw new IllegalStateException("transaction already committed");
        }
    }

    @Override
    public Insert insert(String table) {
        return add(new InsertOp(table(table)));
    }

    @Override
    public Update update(String table) {
        return add(new UpdateOp(table(table)));
    }

    @Override
    public Mutate mutate(String table) {
        return add(new MutateOp(table(table)));
    }

    @Override
    public Delete delete(String table) {
        return add(new DeleteOp(table(table)));
    }

    @Override
    public Select select(String table) {
        return add(new SelectOp(table(table)));
    }

    @Override
    public Wait waitFor(String table) {
        return add(new WaitOp(table(table)));
    }

    @Override
    public Wait assertAbsent(String table, String column, Object value) {
        return waitFor(table).where(column, value).untilEqual(List.of());
    }

    @Override
    public Wait assertPresent(String table, String column, Object value) {
        return waitFor(table).where(column, value).untilNotEqual(List.of());
    }

    @Override
    public Transaction comment(String comment) {
        Objects.requireNonNull(comment, "comment");
        add(new CommentOp(comment));
        return this;
    }

    @Override
    public Transaction waitForVswitchd() {
        open();
        return checked(() -> {
            if (!schema.hasColumn(OVS_TABLE, "next_cfg") || !schema.hasColumn(OVS_TABLE, "cur_cfg")) {
                throw new OvsdbSchemaException("waiting for ovs-vswitchd needs table Open_vSwitch with columns next_cfg "
                        + "and cur_cfg, which database " + schema.name() + " lacks");
            }
            waitForVswitchd = true;
            return this;
        });
    }

    @Override
    public Transaction timeout(Duration timeout) {
        open();
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
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
        open();
        committed = true;
        if (rejected != null) {
            return CompletableFuture.failedFuture(new OvsdbSchemaException("transaction not sent, one of its operations "
                    + "was rejected: " + rejected.getMessage()));
        }
        return client.commit(this);
    }

    private TableSchema table(String table) {
        open();
        return checked(() -> schema.table(Objects.requireNonNull(table, "table")));
    }

    private <T extends Op> T add(T op) {
        open();
        ops.add(op);
        return op;
    }

    /** The params of a transact with this transaction alone. */
    void writeParams(JsonGenerator g) throws IOException {
        g.writeStartArray();
        g.writeString(schema.name());
        writeOps(g, "");
        if (waitForVswitchd) {
            writeCfgOps(g);
        }
        g.writeEndArray();
    }

    void writeOps(JsonGenerator g, String prefix) throws IOException {
        for (Op op : ops) {
            op.write(g, prefix);
        }
    }

    /** Bump next_cfg and read it back, as ovs-vsctl and ovsdbapp do; the table has a single row. */
    static void writeCfgOps(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("op", "mutate");
        g.writeStringField("table", OVS_TABLE);
        g.writeArrayFieldStart("where");
        g.writeEndArray();
        g.writeArrayFieldStart("mutations");
        g.writeStartArray();
        g.writeString("next_cfg");
        g.writeString("+=");
        g.writeNumber(1);
        g.writeEndArray();
        g.writeEndArray();
        g.writeEndObject();
        g.writeStartObject();
        g.writeStringField("op", "select");
        g.writeStringField("table", OVS_TABLE);
        g.writeArrayFieldStart("where");
        g.writeEndArray();
        g.writeArrayFieldStart("columns");
        g.writeString("next_cfg");
        g.writeEndArray();
        g.writeEndObject();
    }

    static final String[] CFG_OPS = {"mutate Open_vSwitch next_cfg += 1", "select Open_vSwitch next_cfg"};

    /** Describes operation i of this transaction, including the appended next_cfg operations. */
    String describe(int i) {
        if (i < ops.size()) {
            return ops.get(i).describe();
        }
        int k = i - ops.size();
        return waitForVswitchd && k < CFG_OPS.length ? CFG_OPS[k] : "operation " + i;
    }

    /** One clause of a {@code where} (of an operation, or of a conditional monitor). */
    record Cond(ColumnSchema column, Comparison function, Object datum) {
        /**
         * Checks the value against the column: sets may be compared with any number of elements (e.g. includes
         * one port); ordering functions apply to one integer or real only.
         *
         * @param owner the transaction named-uuids must come from, null for none
         */
        static Cond of(ColumnSchema c, Comparison function, Object value, TransactionImpl owner) {
            Objects.requireNonNull(function, "function");
            ColumnType t = c.type();
            switch (function) {
                case LT, LE, GT, GE:
                    AtomicType k = t.key().type();
                    if (t.isMap() || t.max() != 1 || (k != AtomicType.INTEGER && k != AtomicType.REAL)) {
                        throw new OvsdbSchemaException(c + ": " + function.jsonName()
                                + " only applies to integer or real columns of one value, not " + t);
                    }
                    break;
                default:
                    break;
            }
            ColumnType relaxed = t.isScalar() ? t : new ColumnType(t.key(), t.value(), 0, ColumnType.UNLIMITED);
            return new Cond(c, function, Values.datum(relaxed, value, c + " (where " + function.jsonName() + ")", owner));
        }

        void write(JsonGenerator g, String prefix) throws IOException {
            g.writeStartArray();
            g.writeString(column.name());
            g.writeString(function.jsonName());
            Values.write(g, datum, prefix);
            g.writeEndArray();
        }
    }

    private static List<String> existing(TableSchema table, String... columns) {
        for (String c : columns) {
            table.column(c);
        }
        return List.of(columns);
    }

    abstract class Op implements Operation {
        final int index = ops.size();
        final TableSchema table;
        final List<Cond> where = new ArrayList<>(1);

        Op(TableSchema table) {
            this.table = table;
        }

        TransactionImpl txn() {
            return TransactionImpl.this;
        }

        @Override
        public int index() {
            return index;
        }

        @Override
        public String table() {
            return table.name();
        }

        abstract String name();

        abstract void writeBody(JsonGenerator g, String prefix) throws IOException;

        void write(JsonGenerator g, String prefix) throws IOException {
            g.writeStartObject();
            g.writeStringField("op", name());
            g.writeStringField("table", table.name());
            writeBody(g, prefix);
            g.writeEndObject();
        }

        void addWhere(String column, Comparison function, Object value) {
            open();
            where.add(checked(() -> Cond.of(table.column(column), function, value, TransactionImpl.this)));
        }

        void writeWhere(JsonGenerator g, String prefix) throws IOException {
            g.writeArrayFieldStart("where");
            for (Cond c : where) {
                c.write(g, prefix);
            }
            g.writeEndArray();
        }

        String describe() {
            StringBuilder sb = new StringBuilder(name()).append(' ').append(table.name());
            for (int i = 0; i < where.size(); i++) {
                Cond c = where.get(i);
                sb.append(i == 0 ? " where " : " and ").append(c.column().name()).append(' ')
                        .append(c.function().jsonName()).append(' ').append(Values.show(c.datum()));
            }
            return sb.toString();
        }

        Object rowDatum(String column, Object value, boolean insert) {
            open();
            return checked(() -> checkedRowDatum(column, value, insert));
        }

        private Object checkedRowDatum(String column, Object value, boolean insert) {
            ColumnSchema c = table.column(column);
            if (c.isImplicit()) {
                throw new OvsdbSchemaException(c + " cannot be written");
            }
            if (!insert && !c.mutable()) {
                throw new OvsdbSchemaException(c + " is immutable: it can only be set when the row is inserted");
            }
            return Values.datum(c.type(), value, c.toString(), TransactionImpl.this);
        }

        void writeRow(JsonGenerator g, Map<String, Object> row, String prefix) throws IOException {
            g.writeObjectFieldStart("row");
            for (Map.Entry<String, Object> e : row.entrySet()) {
                g.writeFieldName(e.getKey());
                Values.write(g, e.getValue(), prefix);
            }
            g.writeEndObject();
        }
    }

    final class InsertOp extends Op implements Insert {
        final Map<String, Object> row = new LinkedHashMap<>();
        final NamedUuidImpl uuid;

        InsertOp(TableSchema table) {
            super(table);
            uuid = new NamedUuidImpl(TransactionImpl.this, "row" + index, table.name());
        }

        @Override
        String name() {
            return "insert";
        }

        @Override
        public Insert set(String column, Object value) {
            row.put(column, rowDatum(column, value, true));
            return this;
        }

        @Override
        public NamedUuid uuid() {
            return uuid;
        }

        @Override
        void writeBody(JsonGenerator g, String prefix) throws IOException {
            writeRow(g, row, prefix);
            g.writeStringField("uuid-name", prefix + uuid.name());
        }

        @Override
        String describe() {
            Object name = row.get("name");
            return "insert " + table.name() + (name == null ? "" : " name=" + Values.show(name));
        }
    }

    final class UpdateOp extends Op implements Update {
        final Map<String, Object> row = new LinkedHashMap<>();

        UpdateOp(TableSchema table) {
            super(table);
        }

        @Override
        String name() {
            return "update";
        }

        @Override
        public Update where(String column, Comparison function, Object value) {
            addWhere(column, function, value);
            return this;
        }

        @Override
        public Update set(String column, Object value) {
            row.put(column, rowDatum(column, value, false));
            return this;
        }

        @Override
        void writeBody(JsonGenerator g, String prefix) throws IOException {
            writeWhere(g, prefix);
            writeRow(g, row, prefix);
        }
    }

    record Mutation(ColumnSchema column, Mutator mutator, Object datum) {
    }

    final class MutateOp extends Op implements Mutate {
        final List<Mutation> mutations = new ArrayList<>(1);

        MutateOp(TableSchema table) {
            super(table);
        }

        @Override
        String name() {
            return "mutate";
        }

        @Override
        public Mutate where(String column, Comparison function, Object value) {
            addWhere(column, function, value);
            return this;
        }

        @Override
        public Mutate mutation(String column, Mutator mutator, Object value) {
            open();
            Objects.requireNonNull(mutator, "mutator");
            mutations.add(checked(() -> check(column, mutator, value)));
            return this;
        }

        private Mutation check(String column, Mutator mutator, Object value) {
            ColumnSchema c = table.column(column);
            if (c.isImplicit() || !c.mutable()) {
                throw new OvsdbSchemaException(c + " is immutable and cannot be mutated");
            }
            ColumnType t = c.type();
            String what = c + " (" + mutator.jsonName() + ")";
            Object datum;
            if (mutator.isArithmetic()) {
                AtomicType k = t.key().type();
                if (t.isMap() || (k != AtomicType.INTEGER && k != AtomicType.REAL) || (mutator == Mutator.MODULO && k != AtomicType.INTEGER)) {
                    throw new OvsdbSchemaException(c + ": " + mutator.jsonName() + " does not apply to a column of type " + t);
                }
                // the operand is not bound by the column's range; the result is, and the server checks it
                datum = Values.atom(BaseType.of(k), value, what, TransactionImpl.this);
                if ((mutator == Mutator.DIVIDE || mutator == Mutator.MODULO) && ((Number) datum).doubleValue() == 0) {
                    throw new OvsdbSchemaException(what + ": division by zero");
                }
            } else if (t.isScalar()) {
                throw new OvsdbSchemaException(c + " holds a single " + t + ", not a set or map: cannot "
                        + mutator.jsonName());
            } else if (t.isMap() && (mutator == Mutator.INSERT || value instanceof Map)) {
                datum = Values.datum(new ColumnType(t.key(), t.value(), 0, ColumnType.UNLIMITED), value, what, TransactionImpl.this);
            } else {
                // set insert/delete, or map delete by keys
                datum = Values.datum(new ColumnType(t.key(), null, 0, ColumnType.UNLIMITED), value, what, TransactionImpl.this);
            }
            return new Mutation(c, mutator, datum);
        }

        @Override
        void writeBody(JsonGenerator g, String prefix) throws IOException {
            writeWhere(g, prefix);
            g.writeArrayFieldStart("mutations");
            for (Mutation m : mutations) {
                g.writeStartArray();
                g.writeString(m.column().name());
                g.writeString(m.mutator().jsonName());
                Values.write(g, m.datum(), prefix);
                g.writeEndArray();
            }
            g.writeEndArray();
        }

        @Override
        String describe() {
            StringBuilder sb = new StringBuilder(super.describe());
            for (Mutation m : mutations) {
                sb.append(", ").append(m.column().name()).append(' ').append(m.mutator().jsonName()).append(' ')
                        .append(Values.show(m.datum()));
            }
            return sb.toString();
        }
    }

    final class DeleteOp extends Op implements Delete {
        DeleteOp(TableSchema table) {
            super(table);
        }

        @Override
        String name() {
            return "delete";
        }

        @Override
        public Delete where(String column, Comparison function, Object value) {
            addWhere(column, function, value);
            return this;
        }

        @Override
        void writeBody(JsonGenerator g, String prefix) throws IOException {
            writeWhere(g, prefix);
        }
    }

    final class SelectOp extends Op implements Select {
        List<String> columns;

        SelectOp(TableSchema table) {
            super(table);
        }

        @Override
        String name() {
            return "select";
        }

        @Override
        public Select where(String column, Comparison function, Object value) {
            addWhere(column, function, value);
            return this;
        }

        @Override
        public Select columns(String... columns) {
            open();
            this.columns = checked(() -> existing(table, columns));
            return this;
        }

        @Override
        void writeBody(JsonGenerator g, String prefix) throws IOException {
            writeWhere(g, prefix);
            if (columns != null) {
                g.writeArrayFieldStart("columns");
                for (String c : columns) {
                    g.writeString(c);
                }
                g.writeEndArray();
            }
        }
    }

    final class WaitOp extends Op implements Wait {
        List<String> columns;
        String until = "==";
        final List<Map<String, Object>> rows = new ArrayList<>();
        long timeoutMs;

        WaitOp(TableSchema table) {
            super(table);
        }

        @Override
        String name() {
            return "wait";
        }

        @Override
        public Wait where(String column, Comparison function, Object value) {
            addWhere(column, function, value);
            return this;
        }

        @Override
        public Wait columns(String... columns) {
            open();
            List<String> cols = checked(() -> existing(table, columns));
            checked(() -> checkRowColumns(cols, rows));
            this.columns = cols;
            return this;
        }

        @Override
        public Wait untilEqual(List<? extends Map<String, ?>> rows) {
            return until("==", rows);
        }

        @Override
        public Wait untilNotEqual(List<? extends Map<String, ?>> rows) {
            return until("!=", rows);
        }

        private Wait until(String until, List<? extends Map<String, ?>> expected) {
            open();
            List<Map<String, Object>> converted = checked(() -> rows(expected));
            this.until = until;
            this.rows.clear();
            this.rows.addAll(converted);
            return this;
        }

        private List<Map<String, Object>> rows(List<? extends Map<String, ?>> expected) {
            List<Map<String, Object>> converted = new ArrayList<>(expected.size());
            for (Map<String, ?> r : expected) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (Map.Entry<String, ?> e : r.entrySet()) {
                    ColumnSchema c = table.column(e.getKey());
                    row.put(e.getKey(), Values.datum(c.type(), e.getValue(), c + " (wait rows)", TransactionImpl.this));
                }
                converted.add(row);
            }
            checkRowColumns(columns, converted);
            return converted;
        }

        private Void checkRowColumns(List<String> columns, List<Map<String, Object>> rows) {
            if (columns == null) {
                return null;
            }
            for (Map<String, Object> r : rows) {
                for (String c : r.keySet()) {
                    if (!columns.contains(c)) {
                        throw new OvsdbSchemaException("wait " + table.name() + ": expected rows name column " + c
                                + ", which is not among the compared columns " + columns);
                    }
                }
            }
            return null;
        }

        @Override
        public Wait timeout(Duration timeout) {
            open();
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("wait timeout must not be negative: " + timeout);
            }
            this.timeoutMs = timeout.toMillis();
            return this;
        }

        List<String> effectiveColumns() {
            if (columns != null) {
                return columns;
            }
            Set<String> cols = new LinkedHashSet<>();
            for (Map<String, Object> r : rows) {
                cols.addAll(r.keySet());
            }
            return cols.isEmpty() ? List.of("_uuid") : List.copyOf(cols);
        }

        @Override
        void writeBody(JsonGenerator g, String prefix) throws IOException {
            g.writeNumberField("timeout", timeoutMs);
            writeWhere(g, prefix);
            g.writeArrayFieldStart("columns");
            for (String c : effectiveColumns()) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeStringField("until", until);
            g.writeArrayFieldStart("rows");
            for (Map<String, Object> r : rows) {
                g.writeStartObject();
                for (Map.Entry<String, Object> e : r.entrySet()) {
                    g.writeFieldName(e.getKey());
                    Values.write(g, e.getValue(), prefix);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }

        @Override
        String describe() {
            StringBuilder sb = new StringBuilder(super.describe()).append(" until ").append(until).append(" [");
            for (int i = 0; i < rows.size(); i++) {
                sb.append(i == 0 ? "" : ", ");
                StringBuilder r = new StringBuilder("{");
                rows.get(i).forEach((k, v) -> r.append(r.length() == 1 ? "" : ", ").append(k).append('=').append(Values.show(v)));
                sb.append(r).append('}');
            }
            return sb.append(']').toString();
        }
    }

    final class CommentOp extends Op {
        final String comment;

        CommentOp(String comment) {
            super(null);
            this.comment = comment;
        }

        @Override
        String name() {
            return "comment";
        }

        @Override
        public String table() {
            return null;
        }

        @Override
        void write(JsonGenerator g, String prefix) throws IOException {
            g.writeStartObject();
            g.writeStringField("op", "comment");
            g.writeStringField("comment", comment);
            g.writeEndObject();
        }

        @Override
        void writeBody(JsonGenerator g, String prefix) {
        }

        @Override
        String describe() {
            return "comment";
        }
    }
}
