package org.jvif.host.ovsdb.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jvif.host.ovsdb.OvsdbException;
import org.jvif.host.ovsdb.OvsdbOperationException;
import org.jvif.host.ovsdb.Row;
import org.jvif.host.ovsdb.Transaction;
import org.jvif.host.ovsdb.TransactionResult;

/** A transaction's slice of a transact result array, decoded on demand. */
final class ResultImpl implements TransactionResult {
    private final TransactionImpl txn;
    private final List<Object> results;
    private final int offset;
    private final long nextCfg;

    ResultImpl(TransactionImpl txn, List<Object> results, int offset, long nextCfg) {
        this.txn = txn;
        this.results = results;
        this.offset = offset;
        this.nextCfg = nextCfg;
    }

    ResultImpl withNextCfg(long cfg) {
        return new ResultImpl(txn, results, offset, cfg);
    }

    /**
     * The first error within {@code n} results from {@code offset}, attributed to operation i of {@code txn}
     * (with the appended next_cfg operations), or null.
     */
    static OvsdbOperationException error(TransactionImpl txn, List<Object> results, int offset, int n) {
        for (int i = 0; i < n && offset + i < results.size(); i++) {
            if (results.get(offset + i) instanceof Map<?, ?> m && m.get("error") != null) {
                return new OvsdbOperationException(i, txn.describe(i), String.valueOf(m.get("error")),
                        m.get("details") == null ? null : String.valueOf(m.get("details")));
            }
        }
        return null;
    }

    /** The error ovsdb-server appends after all operation results when the commit itself fails, or null. */
    static OvsdbOperationException commitError(List<Object> results, int n) {
        if (results.size() > n && results.get(n) instanceof Map<?, ?> m && m.get("error") != null) {
            return new OvsdbOperationException(-1, "commit", String.valueOf(m.get("error")),
                    m.get("details") == null ? null : String.valueOf(m.get("details")));
        }
        return null;
    }

    /** next_cfg as returned by the select appended after the mutate. */
    static long nextCfg(List<Object> results, int selectIndex) {
        List<Object> rows = JsonStream.array(JsonStream.object(results.get(selectIndex), "select result").get("rows"), "rows");
        if (rows.isEmpty()) {
            throw new OvsdbException("table Open_vSwitch has no row, so ovs-vswitchd cannot be waited for: "
                    + "initialize the database (ovs-vsctl init)");
        }
        return ((Number) JsonStream.object(rows.get(0), "row").get("next_cfg")).longValue();
    }

    private Map<String, Object> result(Transaction.Operation op) {
        if (!(op instanceof TransactionImpl.Op o) || o.txn() != txn) {
            throw new IllegalArgumentException(op + " is not an operation of this transaction");
        }
        return JsonStream.object(results.get(offset + o.index), "operation result");
    }

    @Override
    public UUID uuid(Transaction.Insert insert) {
        List<Object> u = JsonStream.array(result(insert).get("uuid"), "insert uuid");
        return UUID.fromString((String) u.get(1));
    }

    @Override
    public List<Row> rows(Transaction.Select select) {
        TransactionImpl.SelectOp op = (TransactionImpl.SelectOp) select;
        List<Object> rows = JsonStream.array(result(select).get("rows"), "select rows");
        List<Row> out = new ArrayList<>(rows.size());
        for (Object r : rows) {
            out.add(Rows.decode(op.table, null, JsonStream.object(r, "row"), null, null));
        }
        return out;
    }

    @Override
    public int count(Transaction.Operation operation) {
        Object c = result(operation).get("count");
        if (!(c instanceof Number n)) {
            throw new IllegalArgumentException(operation + " has no count (only update, mutate and delete do)");
        }
        return n.intValue();
    }

    @Override
    public long nextCfg() {
        return nextCfg;
    }
}
