package org.jvif.host.ovsdb;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Builds one RFC 7047 {@code transact}: every table, column and value is checked against the server's schema
 * as it is added, and a mismatch throws {@link OvsdbSchemaException} at once, before anything is sent.
 * Values are Java objects (see {@link AtomicType}; sets as any {@link java.util.Collection}, maps as
 * {@link Map}, an empty set or null for "no value" of optional columns) encoded per column type.
 * Not thread-safe: build on one thread, then {@link #commit()}.
 *
 * <pre>{@code
 * Transaction txn = client.transaction();
 * txn.assertAbsent("Port", "name", "tap0");                       // "may not exist", checked by the server
 * NamedUuid iface = txn.insert("Interface").set("name", "tap0").set("mtu_request", 1450).uuid();
 * NamedUuid port = txn.insert("Port").set("name", "tap0").set("interfaces", iface).uuid();
 * txn.mutate("Bridge").where("name", "br-int").insert("ports", port);  // never rewrite Bridge.ports
 * txn.waitForVswitchd().commit().get();
 * }</pre>
 */
@ProviderType
public interface Transaction {
    Insert insert(String table);

    Update update(String table);

    Mutate mutate(String table);

    Delete delete(String table);

    Select select(String table);

    /** RFC 7047 {@code wait}; by default {@code until "=="} no rows, with timeout 0 (checked once). */
    Wait waitFor(String table);

    /** Fails the transaction unless no row of the table has {@code column == value} ("may not exist"). */
    Wait assertAbsent(String table, String column, Object value);

    /** Fails the transaction unless some row of the table has {@code column == value} ("if exists"). */
    Wait assertPresent(String table, String column, Object value);

    /** Adds an RFC 7047 {@code comment} (shows up in ovsdb-server's log and the database file). */
    Transaction comment(String comment);

    /**
     * Also increment {@code Open_vSwitch.next_cfg} and let {@link #commit()} complete only once ovs-vswitchd
     * reports {@code cur_cfg} at least that value, as ovs-vsctl without {@code --no-wait} and ovsdbapp do.
     * Fails with {@link VswitchdTimeoutException} when the timeout runs out first.
     */
    Transaction waitForVswitchd();

    /** Overrides {@link OvsdbOptions#timeout()} for this transaction (including the vswitchd wait). */
    Transaction timeout(Duration timeout);

    /** The schema this transaction is checked against. */
    DatabaseSchema schema();

    /** Number of operations added so far. */
    int size();

    /**
     * Sends the transaction. Completes with the result, or exceptionally with {@link OvsdbOperationException}
     * (the server rejected an operation; nothing committed), {@link OvsdbTimeoutException},
     * {@link OvsdbConnectionException} or {@link OvsdbException}. The transaction cannot be changed afterwards.
     */
    CompletableFuture<TransactionResult> commit();

    /** One operation of this transaction. */
    @ProviderType
    interface Operation {
        /** Index of the operation in its transaction. */
        int index();

        String table();
    }

    /** Operations with a {@code where} clause; without one, they apply to every row of the table. */
    @ProviderType
    interface Conditional<T> {
        T where(String column, Comparison function, Object value);

        default T where(String column, Object value) {
            return where(column, Comparison.EQ, value);
        }

        default T whereUuid(UUID uuid) {
            return where("_uuid", Comparison.EQ, uuid);
        }
    }

    @ProviderType
    interface Insert extends Operation {
        Insert set(String column, Object value);

        /** The {@code named-uuid} of the new row, to reference it from other operations of this transaction. */
        NamedUuid uuid();
    }

    @ProviderType
    interface Update extends Operation, Conditional<Update> {
        Update set(String column, Object value);
    }

    @ProviderType
    interface Mutate extends Operation, Conditional<Mutate> {
        Mutate mutation(String column, Mutator mutator, Object value);

        /** Adds element(s) (a value or a collection) to a set column, or entries (a map) to a map column. */
        default Mutate insert(String column, Object value) {
            return mutation(column, Mutator.INSERT, value);
        }

        /** Removes element(s) from a set column, or keys (a value or collection) or entries (a map) from a map column. */
        default Mutate delete(String column, Object value) {
            return mutation(column, Mutator.DELETE, value);
        }
    }

    @ProviderType
    interface Delete extends Operation, Conditional<Delete> {
    }

    @ProviderType
    interface Select extends Operation, Conditional<Select> {
        /** Columns to return; default all (including {@code _uuid}). */
        Select columns(String... columns);
    }

    @ProviderType
    interface Wait extends Operation, Conditional<Wait> {
        /** Columns compared; default the columns named in the expected rows, or {@code _uuid} if none. */
        Wait columns(String... columns);

        /** Wait until the matching rows, projected on the columns, equal these rows. */
        Wait untilEqual(List<? extends Map<String, ?>> rows);

        /** Wait until the matching rows, projected on the columns, differ from these rows. */
        Wait untilNotEqual(List<? extends Map<String, ?>> rows);

        /** How long the server may wait; default zero (fail at once with error "timed out"). */
        Wait timeout(Duration timeout);
    }
}
