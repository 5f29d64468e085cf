package dev.vaekit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.util.Futures;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Double buffering of minibatches: while the training thread runs the step on batch b, a background thread fills
 * batch b + 1 into a second buffer, so that the gather, dynamic binarisation and, for data read or rendered batch by
 * batch, the reading leave the step's critical path. The fills run one after another on one thread, in batch order,
 * and draw from the epoch's noise stream in that order: the batches are exactly those of {@link
 * BatchAssembler#fill} called batch after batch on the training thread.
 */
final class BatchPrefetcher implements AutoCloseable {
    private final BatchAssembler[] buffers;
    private final ExecutorService filler = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "vaekit-batches");
        thread.setDaemon(true);
        return thread;
    });

    /** @param assembler the training rows' assembler; a twin of it provides the second buffer */
    BatchPrefetcher(BatchAssembler assembler) {
        this.buffers = new BatchAssembler[] {assembler, assembler.twin()};
    }

    /**
     * Starts an epoch's batches; the first is being filled when this returns.
     *
     * @param order the epoch's permutation of the rows
     * @param batches how many batches the epoch takes from the front of {@code order}
     * @param batchSize rows per batch (the last may have fewer when the epoch reaches the end of {@code order})
     * @param noise the epoch's generator for dynamic binarisation, or null; used by the filling thread only
     * @return the epoch's batches, to be taken in order with {@link Epoch#next}
     */
    Epoch epoch(int[] order, int batches, int batchSize, SplittableRandom noise) {
        return new Epoch(order, batches, batchSize, noise);
    }

    /** The batches of one epoch. */
    final class Epoch {
        private final int[] order;
        private final int batches;
        private final int batchSize;
        private final SplittableRandom noise;
        private int taken;
        private Future<?> pending;

        private Epoch(int[] order, int batches, int batchSize, SplittableRandom noise) {
            this.order = order;
            this.batches = batches;
            this.batchSize = batchSize;
            this.noise = noise;
            this.pending = batches > 0 ? fill(0) : null;
        }

        private Future<?> fill(int b) {
            return filler.submit(() -> buffers[b % 2].fill(order, b * batchSize, end(b), noise));
        }

        /** @return the end (exclusive) in {@code order} of batch b's rows */
        private int end(int b) {
            return Math.min(order.length, (b + 1) * batchSize);
        }

        /**
         * The next batch, once filled; the following one starts filling into the other buffer, which the previous
         * batch's tensor used (the caller has closed it: a step's tensors live only for the step).
         *
         * @param manager owner of the tensor
         * @return the batch, sharing its buffer until the next call
         */
        NDArray next(NDManager manager) {
            int b = taken++;
            if (b >= batches) {
                throw new IllegalStateException("the epoch has " + batches + " batches");
            }
            Futures.get(pending, "a batch was read"); // a failed read (an unreadable file) is rethrown as thrown
            pending = b + 1 < batches ? fill(b + 1) : null;
            return buffers[b % 2].wrap(manager, end(b) - b * batchSize);
        }
    }

    @Override
    public void close() {
        filler.shutdownNow();
    }
}
