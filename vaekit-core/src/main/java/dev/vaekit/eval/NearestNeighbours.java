package dev.vaekit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import java.util.Arrays;

/**
 * The nearest reference row of each query row, by one matrix product per chunk of queries, in one of two metrics:
 *
 * <ul>
 *   <li>{@link Metric#EUCLIDEAN}: ‖q − r‖, from ‖q − r‖² = ‖q‖² + ‖r‖² − 2 q·r (rounding can make a tiny square
 *       negative; it is clamped to 0);
 *   <li>{@link Metric#ANGLE}: the angle arccos(q·r / (‖q‖ ‖r‖)) in degrees, blind to brightness. A faint image is
 *       near every dark-background image in Euclidean distance (a blank 28×28 image is closer to its nearest MNIST
 *       digit than most MNIST digits are to theirs), but not in angle. A zero row is at 90° from everything.
 * </ul>
 */
public final class NearestNeighbours {
    /** Distances held at once, in floats (about 64 MB). */
    private static final long CHUNK_FLOATS = 16L << 20;

    private NearestNeighbours() {}

    /** How rows are compared. */
    public enum Metric {
        /** Euclidean distance. */
        EUCLIDEAN,
        /** Angle between the rows as vectors, in degrees. */
        ANGLE
    }

    /**
     * For each query, the index of and distance to its nearest reference row.
     *
     * @param distance distances (or angles in degrees), one per query
     * @param index row of the reference that is nearest, one per query
     */
    public record Result(double[] distance, int[] index) {
        /** @return the mean distance */
        public double meanDistance() {
            return Arrays.stream(distance).average().orElse(Double.NaN);
        }
    }

    /**
     * @param queries row-major query rows, {@code dim} values each
     * @param reference row-major reference rows, {@code dim} values each, at least one
     * @param dim values per row
     * @param metric how rows are compared
     * @param manager where the temporary tensors are made (they are freed before returning)
     * @return per query, the nearest reference row and its distance
     */
    public static Result find(float[] queries, float[] reference, int dim, Metric metric, NDManager manager) {
        if (dim < 1 || queries.length % dim != 0 || reference.length % dim != 0 || reference.length == 0) {
            throw new IllegalArgumentException("rows of " + dim + " values: got " + queries.length + " query and "
                    + reference.length + " reference values");
        }
        Engines.disableGradOnThisThread();
        boolean angle = metric == Metric.ANGLE;
        int n = queries.length / dim;
        int m = reference.length / dim;
        int rowsPerChunk = (int) Math.max(1, Math.min(n, CHUNK_FLOATS / m));
        double[] distance = new double[n];
        int[] index = new int[n];
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray r = Tensors.create(manager, angle ? unitRows(reference, dim) : reference, new Shape(m, dim));
            NDArray rSquared = r.square().sum(new int[] {1}).reshape(1, m);
            NDArray rT = r.transpose();
            for (int from = 0; from < n; from += rowsPerChunk) {
                int rows = Math.min(rowsPerChunk, n - from);
                try (NDScope chunk = new NDScope()) {
                    chunk.suppressNotUsedWarning();
                    float[] part = Arrays.copyOfRange(queries, from * dim, (from + rows) * dim);
                    NDArray q = Tensors.create(manager, angle ? unitRows(part, dim) : part, new Shape(rows, dim));
                    NDArray products = q.matMul(rT); // (rows, m)
                    float[] best;
                    long[] arg;
                    if (angle) {
                        best = products.max(new int[] {1}).toFloatArray(); // largest cosine
                        arg = products.argMax(1).toLongArray();
                    } else {
                        NDArray qSquared = q.square().sum(new int[] {1}).reshape(rows, 1);
                        NDArray d2 = qSquared.add(rSquared).sub(Tensors.scale(products, 2));
                        best = d2.min(new int[] {1}).toFloatArray();
                        arg = d2.argMin(1).toLongArray();
                    }
                    for (int i = 0; i < rows; i++) {
                        distance[from + i] = angle
                                ? Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, best[i]))))
                                : Math.sqrt(Math.max(0, best[i]));
                        index[from + i] = (int) arg[i];
                    }
                }
            }
        }
        return new Result(distance, index);
    }

    /** Each row divided by its Euclidean norm; a zero row stays zero. */
    private static float[] unitRows(float[] rows, int dim) {
        float[] out = new float[rows.length];
        for (int start = 0; start < rows.length; start += dim) {
            double norm = 0;
            for (int j = start; j < start + dim; j++) {
                norm += (double) rows[j] * rows[j];
            }
            norm = Math.sqrt(norm);
            for (int j = start; j < start + dim; j++) {
                out[j] = norm > 0 ? (float) (rows[j] / norm) : 0f;
            }
        }
        return out;
    }
}
