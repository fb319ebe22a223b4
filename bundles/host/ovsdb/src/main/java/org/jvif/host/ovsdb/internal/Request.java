package org.jvif.host.ovsdb.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/** A JSON-RPC request: queued while disconnected, then in flight on one {@link Session} until its reply or timeout. */
final class Request {
    final String method;
    final JsonStream.Writer params;
    final Deadline deadline;
    /** A transact the server may still be executing when we give up: tell it to cancel. */
    final boolean cancelOnTimeout;
    /** Runs on the reader thread before the future completes, so nothing read later overtakes it. */
    final Consumer<Object> onReply;
    final CompletableFuture<Object> future = new CompletableFuture<>();
    volatile Session session;
    volatile long id;
    volatile ScheduledFuture<?> timer;

    Request(String method, JsonStream.Writer params, Deadline deadline, boolean cancelOnTimeout, Consumer<Object> onReply) {
        this.method = method;
        this.params = params;
        this.deadline = deadline;
        this.cancelOnTimeout = cancelOnTimeout;
        this.onReply = onReply;
    }

    void complete(Object result) {
        stopTimer();
        if (onReply != null) {
            try {
                onReply.accept(result);
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
                return;
            }
        }
        future.complete(result);
    }

    void fail(Throwable t) {
        stopTimer();
        future.completeExceptionally(t);
    }

    private void stopTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }
}
