package org.jvif.fleet.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A caller's stage of a fleet call, settled where its outcome is learnt (the OVSDB reader thread, as a rule): a
 * caller blocked in {@code get} or {@code join} wakes at once, without a hand-off to another thread first (one
 * thread switch less on every call, about a tenth of a millisecond on a busy host), while the stages a caller
 * chains on it run on the callbacks executor, never on the reader thread, where a blocking call would hold up every
 * report behind it. The outcome goes to {@link #settled} first, which blocked callers wait on and the state methods
 * read; this future itself completes on the callbacks executor, so whatever is chained on it, by a caller or by the
 * JDK's own relays ({@code thenCompose}, {@code allOf}), runs there, or in the caller's thread once it is done.
 */
final class Reply<T> extends CompletableFuture<T> {
    private final Executor callbacks;
    /** Completed at once where the outcome is learnt; what blocked callers wait on. */
    private final CompletableFuture<T> settled = new CompletableFuture<>();

    Reply(Executor callbacks) {
        this.callbacks = callbacks;
    }

    /** Settles the call: blocked callers wake here, chained stages run on the callbacks executor. */
    void settle(T value, Throwable error) {
        if (error == null ? !settled.complete(value) : !settled.completeExceptionally(error)) {
            return;
        }
        try {
            callbacks.execute(() -> relay(value, error));
        } catch (RejectedExecutionException e) {
            relay(value, error); // the executor is gone (the service stopping): nobody is left to chain on the reader
        }
    }

    private void relay(T value, Throwable error) {
        if (error == null) {
            super.complete(value);
        } else {
            super.completeExceptionally(error);
        }
    }

    // ---- outcomes given from outside (timeouts, close, a caller) settle it alike ----

    @Override
    public boolean complete(T value) {
        boolean first = settled.complete(value);
        super.complete(value);
        return first;
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        boolean first = settled.completeExceptionally(ex);
        super.completeExceptionally(ex);
        return first;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean first = settled.cancel(mayInterruptIfRunning);
        super.cancel(mayInterruptIfRunning);
        return first;
    }

    // ---- the state, as settled ----

    @Override
    public T get() throws InterruptedException, ExecutionException {
        return settled.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        return settled.get(timeout, unit);
    }

    @Override
    public T join() {
        return settled.join();
    }

    @Override
    public T getNow(T valueIfAbsent) {
        return settled.getNow(valueIfAbsent);
    }

    @Override
    public boolean isDone() {
        return settled.isDone();
    }

    @Override
    public boolean isCompletedExceptionally() {
        return settled.isCompletedExceptionally();
    }

    @Override
    public boolean isCancelled() {
        return settled.isCancelled();
    }

    @Override
    public String toString() {
        return "fleet call " + settled;
    }
}
