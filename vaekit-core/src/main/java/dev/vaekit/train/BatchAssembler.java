package dev.vaekit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.DataConfig;
import dev.vaekit.data.DataSource;
import dev.vaekit.data.Dataset;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Builds minibatches in Java: gathers the rows of one slice of an epoch's permutation into a reused direct buffer,
 * drawing x_bin ~ Bernoulli(x) on the way for dynamic binarisation, and hands the buffer to the engine without a copy.
 * Measured against the engine-side alternative (a 60000-row gather per epoch, then per batch a uniform draw, a
 * comparison and a cast): 0.2 ms instead of 0.7 ms per 128-row batch, and no 145 ms gather per epoch.
 */
final class BatchAssembler {
    /** The rows in memory, row-major; null when they are read from {@link #source} batch by batch. */
    private final float[] values;

    private final DataSource source;
    private final float[] scratch;
    private final int dim;
    private final ByteBuffer buffer;
    private final FloatBuffer floats;

    /**
     * The assembler of a run's training rows: an in-memory data set's values (binarised once when the run binarises
     * statically, with one stream over all values as vaekit always has), or any other source read batch by batch
     * (binarised statically row by row, each row from its own seeded stream).
     *
     * @param train the training rows
     * @param data the run's data section: its binarization and seed
     * @param batchSize the largest batch
     * @return the assembler
     */
    static BatchAssembler of(DataSource train, DataConfig data, int batchSize) {
        boolean statically = data.binarization() == Binarization.STATIC;
        if (train instanceof Dataset inMemory) {
            float[] values = statically
                    ? Binarization.sample(inMemory.features(), data.binarizationSeed())
                    : inMemory.features();
            return new BatchAssembler(values, null, train.dim(), batchSize);
        }
        DataSource rows = statically ? Binarization.sample(train, data.binarizationSeed()) : train;
        return new BatchAssembler(null, rows, train.dim(), batchSize);
    }

    /**
     * @param values the training rows, row-major
     * @param dim features per row
     * @param batchSize the largest batch
     */
    BatchAssembler(float[] values, int dim, int batchSize) {
        this(values, null, dim, batchSize);
    }

    private BatchAssembler(float[] values, DataSource source, int dim, int batchSize) {
        this.values = values;
        this.source = source;
        // no batch holds more rows than the data (a larger training.batchSize means the whole data set)
        int rows = source != null ? Math.min(batchSize, source.size()) : Math.min(batchSize, values.length / dim);
        long bytes = (long) rows * dim * Float.BYTES;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("training.batchSize: a batch of " + rows + " rows of " + dim + " values"
                    + " takes " + bytes + " bytes, more than one buffer holds (" + (Integer.MAX_VALUE - 8)
                    + "); expected at most " + (Integer.MAX_VALUE - 8) / ((long) dim * Float.BYTES) + " rows");
        }
        this.scratch = source == null ? null : new float[rows * dim];
        this.dim = dim;
        this.buffer = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
        this.floats = buffer.asFloatBuffer();
    }

    /**
     * Writes the rows {@code order[from..to)} into the buffer, binarised when {@code noise} is given: Java only, so
     * that it may run on another thread than the engine's calls ({@link BatchPrefetcher}).
     *
     * @param order the epoch's permutation of row indices
     * @param from first position in {@code order}, inclusive
     * @param to last position, exclusive
     * @param noise the epoch's generator for dynamic binarisation, or null to copy the values as they are
     */
    void fill(int[] order, int from, int to, SplittableRandom noise) {
        int rows = to - from;
        float[] batchValues = values;
        if (source != null) { // read the batch's rows, then place them as an in-memory batch's are
            source.read(Arrays.copyOfRange(order, from, to), scratch);
            batchValues = scratch;
        }
        for (int r = 0; r < rows; r++) {
            int src = source != null ? r * dim : order[from + r] * dim;
            int dst = r * dim;
            if (noise == null) {
                floats.put(dst, batchValues, src, dim);
            } else {
                for (int j = 0; j < dim; j++) {
                    // u uniform on a 2^-24 grid in [0, 1): P(u < x) = x for every float32 x in [0, 1]
                    float u = (noise.nextInt() >>> 8) * 0x1.0p-24f;
                    floats.put(dst + j, u < batchValues[src + j] ? 1f : 0f);
                }
            }
        }
    }

    /**
     * @param manager owner of the tensor
     * @param rows rows written by the last {@link #fill}
     * @return those rows as a (rows, dim) float32 tensor that shares the buffer (no copy): valid until the next fill
     */
    NDArray wrap(NDManager manager, int rows) {
        ByteBuffer batch = buffer.duplicate().order(ByteOrder.nativeOrder());
        batch.position(0).limit(rows * dim * Float.BYTES);
        return manager.create(batch.slice().order(ByteOrder.nativeOrder()), new Shape(rows, dim), DataType.FLOAT32);
    }

    /** @return an assembler of the same rows with a buffer of its own */
    BatchAssembler twin() {
        return new BatchAssembler(values, source, dim, floats.capacity() / dim);
    }
}
