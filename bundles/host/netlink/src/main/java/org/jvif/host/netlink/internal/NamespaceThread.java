package org.jvif.host.netlink.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * One daemon thread that enters a network namespace once and then runs work there, so no other thread
 * ever changes namespace. It dies with the handle, so a thread that left its namespace is never reused.
 */
final class NamespaceThread {
    private static final Runnable STOP = () -> {
    };

    private final BlockingQueue<Runnable> work = new LinkedBlockingQueue<>();
    private final Thread thread;
    private boolean closed;

    /** Starts the thread and waits until {@code enter} (setns or unshare) has run on it. */
    NamespaceThread(String label, Runnable enter) {
        CompletableFuture<Void> entered = new CompletableFuture<>();
        thread = new Thread(() -> {
            try {
                enter.run();
            } catch (Throwable e) {
                entered.completeExceptionally(e);
                return;
            }
            entered.complete(null);
            serve();
        }, "jvif-netns-" + label);
        thread.setDaemon(true);
        thread.start();
        try {
            entered.join();
        } catch (CompletionException e) {
            throw rethrow(e.getCause());
        }
    }

    private void serve() {
        while (true) {
            Runnable next;
            try {
                next = work.take();
            } catch (InterruptedException e) {
                continue;
            }
            if (next == STOP) {
                return;
            }
            next.run();
        }
    }

    <T> T call(Supplier<T> task) {
        if (Thread.currentThread() == thread) {
            return task.get();
        }
        FutureTask<T> future = new FutureTask<>(task::get);
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("network namespace handle " + thread.getName() + " is closed");
            }
            work.add(future);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    // the work is already queued and will run; finish waiting, then restore the flag
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw rethrow(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            work.add(STOP);
        }
        if (Thread.currentThread() != thread) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException(cause);
    }
}
