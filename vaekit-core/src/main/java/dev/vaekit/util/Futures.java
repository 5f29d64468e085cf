package dev.vaekit.util;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to another thread. */
public final class Futures {
    private Futures() {}

    /**
     * The result of a task, its failure rethrown as the task threw it (an unchecked exception or error), so that work
     * moved to another thread fails as it would have on the caller's.
     *
     * @param future the task
     * @param during what the caller waits for, for the message when it is interrupted (e.g. "decoding images")
     * @param <T> the result's type
     * @return the result
     * @throws IllegalStateException if the caller is interrupted (its flag set again) or the task threw a checked
     *     exception
     */
    public static <T> T get(Future<T> future, String during) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + during, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
