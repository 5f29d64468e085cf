package dev.vaekit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.engine.Engines;
import java.util.Arrays;

/**
 * Improved precision and recall of generated rows against real ones (Kynkäänniemi, Karras, Laine, Lehtinen &amp; Aila
 * 2019, "Improved precision and recall metric for assessing generative models", §2). Each set's manifold is estimated
 * as the union of balls around its rows, each ball reaching the row's k-th nearest neighbour in the same set:
 *
 * <pre>
 * f(φ, Φ) = 1 if ‖φ − φ'‖ ≤ ‖φ' − NN_k(φ', Φ)‖ for at least one φ' ∈ Φ, else 0
 * precision = (1/|Φ_g|) Σ_{φ_g ∈ Φ_g} f(φ_g, Φ_r)     the share of generated rows that look real
 * recall    = (1/|Φ_r|) Σ_{φ_r ∈ Φ_r} f(φ_r, Φ_g)     the share of real rows the generator covers
 * </pre>
 *
 * <p>where NN_k(φ', Φ) is the k-th nearest row of Φ to φ' other than φ' itself (the paper uses k = 3). Distances are
 * Euclidean, from ‖a − b‖² = ‖a‖² + ‖b‖² − 2 a·b in double precision, the products by the tensor engine's BLAS a block
 * of rows at a time; the three distance matrices (real–real, generated–generated, generated–real) are never held
 * whole.
 *
 * @param precision the share of generated rows inside the real rows' manifold, in [0, 1]
 * @param recall the share of real rows inside the generated rows' manifold, in [0, 1]
 * @param k the neighbour whose distance is each ball's radius
 * @param realCount |Φ_r|
 * @param generatedCount |Φ_g|
 */
public record PrecisionRecall(double precision, double recall, int k, int realCount, int generatedCount) {

    /** The paper's k. */
    public static final int DEFAULT_K = 3;

    /**
     * Doubles of one block of products (8 MiB): small enough that the allocator reuses its memory from block to block
     * (blocks of 32 MiB were mapped and unmapped each time, and the page faults took longer than the products).
     */
    private static final long BLOCK_DOUBLES = 1L << 20;

    /**
     * @param real Φ_r, n_r × d values, row-major
     * @param generated Φ_g, n_g × d values, row-major
     * @param dim d
     * @param k the neighbour that sets each radius, 1 ≤ k &lt; n_r and k &lt; n_g
     * @return precision and recall
     * @throws IllegalArgumentException for values that are not whole rows or a k out of range
     */
    public static PrecisionRecall of(float[] real, float[] generated, int dim, int k) {
        return of(real, generated, dim, k, BLOCK_DOUBLES);
    }

    /** As {@link #of(float[], float[], int, int)}, with products computed {@code blockDoubles} values at a time. */
    static PrecisionRecall of(float[] real, float[] generated, int dim, int k, long blockDoubles) {
        int nReal = rows(real, dim, "real");
        int nGenerated = rows(generated, dim, "generated");
        if (k < 1 || k >= nReal || k >= nGenerated) {
            throw new IllegalArgumentException("k must be in [1, n − 1] for both sets (" + nReal + " real and "
                    + nGenerated + " generated rows), got " + k);
        }
        double[] realRadii = radii(real, dim, k, blockDoubles);
        double[] generatedRadii = radii(generated, dim, k, blockDoubles);
        boolean[] generatedInReal = new boolean[nGenerated];
        boolean[] realInGenerated = new boolean[nReal];
        double[] realSquared = squares(realRadii);
        double[] generatedSquared = squares(generatedRadii);
        Blocks blocks = new Blocks(generated, real, dim, blockDoubles);
        double[] gNorms = blocks.aNorms;
        double[] rNorms = blocks.bNorms;
        blocks.forEach((from, rows, products) -> {
            for (int i = 0; i < rows; i++) {
                int g = from + i;
                double own = generatedSquared[g];
                double gn = gNorms[g];
                boolean inside = false;
                for (int r = 0, at = i * nReal; r < nReal; r++, at++) {
                    double d2 = gn + rNorms[r] - 2 * products[at]; // a tiny negative from rounding counts as 0
                    inside |= d2 <= realSquared[r];
                    if (d2 <= own) {
                        realInGenerated[r] = true;
                    }
                }
                generatedInReal[g] = inside;
            }
        });
        return new PrecisionRecall(share(generatedInReal), share(realInGenerated), k, nReal, nGenerated);
    }

    /**
     * @param rows n × d values, row-major, n &gt; k
     * @param dim d
     * @param k 1 ≤ k &lt; n
     * @return each row's distance to its k-th nearest other row ‖φ − NN_k(φ)‖
     */
    static double[] radii(float[] rows, int dim, int k) {
        return radii(rows, dim, k, BLOCK_DOUBLES);
    }

    private static double[] radii(float[] rows, int dim, int k, long blockDoubles) {
        int n = rows(rows, dim, "the");
        if (k < 1 || k >= n) {
            throw new IllegalArgumentException("k must be in [1, " + (n - 1) + "] for " + n + " rows, got " + k);
        }
        double[][] nearest = new double[n][k]; // the k smallest squared distances so far, ascending
        for (double[] row : nearest) {
            Arrays.fill(row, Double.POSITIVE_INFINITY);
        }
        Blocks blocks = new Blocks(rows, rows, dim, blockDoubles);
        double[] norms = blocks.aNorms;
        blocks.forEach((from, count, products) -> {
            for (int i = 0; i < count; i++) {
                int self = from + i;
                double own = norms[self];
                double[] smallest = nearest[self];
                double largest = smallest[k - 1];
                for (int j = 0, at = i * n; j < n; j++, at++) {
                    double d2 = own + norms[j] - 2 * products[at];
                    if (d2 < largest && j != self) {
                        insert(smallest, Math.max(0, d2)); // rounding can make a tiny square negative; it is 0
                        largest = smallest[k - 1];
                    }
                }
            }
        });
        double[] radius = new double[n];
        for (int i = 0; i < n; i++) {
            radius[i] = Math.sqrt(nearest[i][k - 1]);
        }
        return radius;
    }

    /** Puts a value into an ascending array of the smallest values seen, dropping the largest. */
    private static void insert(double[] smallest, double value) {
        int last = smallest.length - 1;
        if (!(value < smallest[last])) {
            return;
        }
        int at = last;
        while (at > 0 && smallest[at - 1] > value) {
            smallest[at] = smallest[at - 1];
            at--;
        }
        smallest[at] = value;
    }

    private static int rows(float[] values, int dim, String what) {
        if (dim < 1 || values.length % dim != 0) {
            throw new IllegalArgumentException(
                    what + " rows: " + values.length + " values are not whole rows of " + dim);
        }
        return values.length / dim;
    }

    private static double[] squares(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] * values[i];
        }
        return out;
    }

    private static double share(boolean[] flags) {
        int count = 0;
        for (boolean f : flags) {
            if (f) {
                count++;
            }
        }
        return (double) count / flags.length;
    }

    /** Receives the dot products of a block of rows of the first set with every row of the second. */
    @FunctionalInterface
    interface BlockConsumer {
        /**
         * @param from the block's first row of the first set
         * @param rows its number of rows
         * @param products a_{from+i} · b_j at {@code i · m + j} for the m rows of the second set, so that ‖a − b‖² =
         *     ‖a‖² + ‖b‖² − 2 a·b
         */
        void accept(int from, int rows, double[] products);
    }

    /** The dot products between two sets of rows, a block of the first set's rows at a time, and their squared norms. */
    private static final class Blocks {
        private final double[] a;
        private final double[] b;
        private final int dim;
        private final long blockDoubles;
        /** ‖a_i‖². */
        final double[] aNorms;
        /** ‖b_j‖². */
        final double[] bNorms;

        Blocks(float[] a, float[] b, int dim, long blockDoubles) {
            this.a = toDouble(a);
            this.b = a == b ? this.a : toDouble(b);
            this.dim = dim;
            this.blockDoubles = blockDoubles;
            this.aNorms = norms(this.a, dim);
            this.bNorms = a == b ? aNorms : norms(this.b, dim);
        }

        void forEach(BlockConsumer consumer) {
            int n = a.length / dim;
            int m = b.length / dim;
            int block = (int) Math.max(1, Math.min(n, blockDoubles / m));
            Engines.disableGradOnThisThread();
            try (NDManager manager = Engines.newManager()) {
                NDArray bT = manager.create(b, new Shape(m, dim)).transpose();
                for (int from = 0; from < n; from += block) {
                    int rows = Math.min(block, n - from);
                    double[] products;
                    try (NDManager step = manager.newSubManager()) {
                        NDArray q = step.create(
                                Arrays.copyOfRange(a, from * dim, (from + rows) * dim), new Shape(rows, dim));
                        products = q.matMul(bT).toDoubleArray(); // (rows, m)
                    }
                    consumer.accept(from, rows, products);
                }
            }
        }

        private static double[] toDouble(float[] values) {
            double[] out = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = values[i];
            }
            return out;
        }

        private static double[] norms(double[] rows, int dim) {
            double[] out = new double[rows.length / dim];
            for (int i = 0; i < out.length; i++) {
                double s = 0;
                for (int j = i * dim; j < (i + 1) * dim; j++) {
                    s += rows[j] * rows[j];
                }
                out[i] = s;
            }
            return out;
        }
    }
}
