package dev.vaekit.train;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs numbered work items (the optimiser's chunks of weights) on the calling thread and on up to three helper
 * threads shared by the process, each item once, and returns the largest of the values they return.
 *
 * <p>Items are claimed one at a time from a counter, so the calling thread never waits for a helper that has not
 * started: on a busy machine, where the helpers get no core, it claims and runs every item itself and only waits for
 * items a helper has already begun (one chunk, microseconds). Which thread runs an item does not change its result,
 * so a pass is deterministic. The helpers are daemon threads that end after a second without work.
 */
final class ChunkWorkers {
    /** One work item. */
    interface Work {
        /**
         * @param worker 0 for the calling thread, 1 … {@link #workers()} − 1 for the helpers: the index of the
         *     scratch space to use, never used by two threads at once
         * @param item the item, in [0, items)
         * @return a value to reduce with {@link Math#max(float, float)} (NaN propagates)
         */
        float run(int worker, int item);
    }

    private static final int HELPERS = Math.max(0, Math.min(Runtime.getRuntime().availableProcessors() - 1, 3));
    private static final ThreadPoolExecutor POOL = helperPool();

    private ChunkWorkers() {}

    /** @return how many threads may run items at once: the caller and the helpers */
    static int workers() {
        return HELPERS + 1;
    }

    /**
     * Runs items 0 … items − 1.
     *
     * @param items how many
     * @param work what to run for each
     * @return the largest value returned, or 0 when there were no items
     */
    static float maxOver(int items, Work work) {
        Pass pass = new Pass(items, work);
        for (int h = 1; h <= Math.min(HELPERS, items - 1); h++) {
            int worker = h;
            POOL.execute(() -> pass.drain(worker));
        }
        pass.drain(0);
        return pass.await();
    }

    private static ThreadPoolExecutor helperPool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                Math.max(1, HELPERS), Math.max(1, HELPERS), 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "vaekit-optimizer");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The items of one call. */
    private static final class Pass {
        private final int items;
        private final Work work;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private final float[] largest = new float[HELPERS + 1];
        private volatile Throwable failure;

        Pass(int items, Work work) {
            this.items = items;
            this.work = work;
        }

        void drain(int worker) {
            float max = 0f;
            int item;
            while ((item = next.getAndIncrement()) < items) {
                try {
                    max = Math.max(max, work.run(worker, item));
                } catch (Throwable t) {
                    failure = t;
                }
                largest[worker] = max; // published to the caller by the increment below
                done.incrementAndGet();
            }
        }

        float await() {
            for (int spins = 0; done.get() < items; spins++) {
                if (spins < 1000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield(); // a helper was descheduled in the middle of an item
                }
            }
            Throwable t = failure;
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            float max = 0f;
            for (float m : largest) {
                max = Math.max(max, m);
            }
            return max;
        }
    }
}
