package dev.vaekit.train;

import dev.vaekit.engine.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;

/**
 * Runs the parts of an element-wise pass over the weights (the optimiser's update) side by side: part 0 on the calling
 * thread, the others on a few daemon threads kept for the process. The pass runs in Java between libtorch's parallel
 * regions, while libtorch's OpenMP workers sleep ({@code OMP_WAIT_POLICY=PASSIVE}, set by the launcher), so the cores
 * libtorch was given are free for it.
 */
final class SweepWorkers {
    private static ExecutorService pool;

    private SweepWorkers() {}

    /**
     * @return how many parts a pass should have now: libtorch's intra-op thread count on the calling thread, which the
     *     user fixes with {@code --threads} and {@link AdaptiveThreads} otherwise fits to the free cores
     */
    static int parallelism() {
        return Math.max(1, Math.min(Threads.cores(), Threads.current()));
    }

    /**
     * Runs {@code part.test(0..parts-1)} and returns whether all returned true.
     *
     * @param parts how many parts, at least 1
     * @param part the work of one part
     * @return the conjunction of the parts' results
     */
    static boolean all(int parts, IntPredicate part) {
        if (parts == 1) {
            return part.test(0);
        }
        ExecutorService workers = pool();
        List<Future<Boolean>> others = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int index = p;
            others.add(workers.submit(() -> part.test(index)));
        }
        boolean result = part.test(0);
        for (Future<Boolean> other : others) {
            result &= join(other);
        }
        return result;
    }

    private static boolean join(Future<Boolean> future) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the part writes into the weights: it must finish before the caller goes on
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static synchronized ExecutorService pool() {
        if (pool == null) {
            int size = Math.max(1, Threads.cores() - 1);
            pool = Executors.newFixedThreadPool(size, r -> {
                Thread t = new Thread(r, "vaekit-sweep");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }
}
