package dev.vaekit.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import java.util.Arrays;

/**
 * Kernel density estimation with a Gaussian kernel (Parzen 1962; Silverman 1986): p(x) = (1/n) Σ_i N(x; x_i, H) with a
 * diagonal bandwidth H = diag(h² s_j²), where h is a scalar multiplier and s_j, by {@link Scaling}, either the standard
 * deviation of feature j in the training data (features on different scales get proportionate kernels) or one pooled
 * standard deviation for all features (an isotropic kernel). h is chosen by
 *
 * <ul>
 *   <li>Scott's rule, h = n^(−1/(d+4)) (Scott 1992, eq. 6.42),
 *   <li>Silverman's rule, h = (4/(d+2))^(1/(d+4)) n^(−1/(d+4)) (Silverman 1986, eq. 4.14), or
 *   <li>the held-out log-likelihood of a validation set over a grid of multiples of Scott's h.
 * </ul>
 *
 * With u = x / s (feature by feature),
 *
 * <pre>
 *   log p(x) = logsumexp_i(−‖u − u_i‖² / (2h²)) − log n − Σ_j log(h s_j) − (d/2) log 2π.
 * </pre>
 *
 * The squared distances are computed in double precision by the tensor engine, as ‖u‖² + ‖u_i‖² − 2 u·u_i, for blocks
 * of query rows against all training rows, so memory stays bounded whatever the sizes; one block of distances serves
 * every h of the validation grid. A feature with no spread in the training data gets s_j = 1, so that it does not make
 * every density infinite.
 */
public final class KernelDensity {
    /** How h is chosen. */
    public enum Bandwidth {
        /** Scott's rule of thumb. */
        SCOTT,
        /** Silverman's rule of thumb. */
        SILVERMAN,
        /** The best of a grid of multiples of Scott's h on validation data. */
        VALIDATION
    }

    /** What h multiplies. */
    public enum Scaling {
        /** Each feature's own standard deviation: H = h² diag(s_1², …, s_d²). */
        PER_FEATURE,
        /** One pooled standard deviation, s = √(mean_j s_j²): H = h² s² I. */
        ISOTROPIC
    }

    /** The multiples of Scott's h tried by {@link Bandwidth#VALIDATION}. */
    static final double[] GRID = {0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0, 1.4, 2.0};

    private final float[] train;
    private final int dim;
    private final double[] spread; // s_j
    private final double h;

    private KernelDensity(float[] train, int dim, double[] spread, double h) {
        this.train = train;
        this.dim = dim;
        this.spread = spread;
        this.h = h;
    }

    /** @return Scott's h for n points in d dimensions */
    public static double scott(int n, int d) {
        return Math.pow(n, -1.0 / (d + 4));
    }

    /** @return Silverman's h for n points in d dimensions */
    public static double silverman(int n, int d) {
        return Math.pow(4.0 / (d + 2), 1.0 / (d + 4)) * Math.pow(n, -1.0 / (d + 4));
    }

    /**
     * @param train n × d training rows (kept, not copied)
     * @param dim d
     * @param scaling per-feature or isotropic kernels
     * @param h the bandwidth multiplier
     * @return the estimator
     */
    public static KernelDensity withBandwidth(float[] train, int dim, Scaling scaling, double h) {
        if (!(h > 0)) {
            throw new IllegalArgumentException("bandwidth must be > 0, got " + h);
        }
        return new KernelDensity(train, dim, spread(train, dim, scaling), h);
    }

    /**
     * @param train n × d training rows (kept, not copied)
     * @param dim d
     * @param scaling per-feature or isotropic kernels
     * @param rule Scott, Silverman or validation
     * @param validation rows to choose h on, for {@link Bandwidth#VALIDATION}; else ignored (may be null)
     * @return the estimator
     */
    public static KernelDensity fit(float[] train, int dim, Scaling scaling, Bandwidth rule, float[] validation) {
        int n = train.length / dim;
        double[] spread = spread(train, dim, scaling);
        return switch (rule) {
            case SCOTT -> new KernelDensity(train, dim, spread, scott(n, dim));
            case SILVERMAN -> new KernelDensity(train, dim, spread, silverman(n, dim));
            case VALIDATION -> {
                if (validation == null || validation.length == 0) {
                    throw new IllegalArgumentException("choosing the bandwidth by validation needs validation rows");
                }
                double[] hs = Arrays.stream(GRID).map(g -> g * scott(n, dim)).toArray();
                double[][] scores = new KernelDensity(train, dim, spread, 1).logDensities(validation, hs);
                int best = 0;
                for (int g = 1; g < hs.length; g++) {
                    if (mean(scores[g]) > mean(scores[best])) {
                        best = g;
                    }
                }
                yield new KernelDensity(train, dim, spread, hs[best]);
            }
        };
    }

    private static double[] spread(float[] rows, int dim, Scaling scaling) {
        double[] sd = FeatureMoments.of(rows, dim).sd();
        if (scaling == Scaling.ISOTROPIC) {
            Arrays.fill(
                    sd, Math.sqrt(Arrays.stream(sd).map(s -> s * s).average().orElse(1)));
        }
        return sd;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** @return h, the multiplier of the standard deviations */
    public double bandwidth() {
        return h;
    }

    /** @return the kernel's standard deviation along each feature, h s_j */
    public double[] kernelScale() {
        return Arrays.stream(spread).map(s -> h * s).toArray();
    }

    /**
     * @param rows m × d
     * @return log p(x) of each row, in nats
     */
    public double[] logDensity(float[] rows) {
        return logDensities(rows, new double[] {h})[0];
    }

    /** log p(x) of each row for each of several multipliers h, from one pass over the squared distances. */
    private double[][] logDensities(float[] rows, double[] hs) {
        int n = train.length / dim;
        int m = rows.length / dim;
        double constant = -Math.log(n) - 0.5 * dim * Math.log(2 * Math.PI);
        for (double s : spread) {
            constant -= Math.log(s);
        }
        double[][] out = new double[hs.length][m];
        int block = Math.max(1, DoubleMatrices.BLOCK_DOUBLES / n);
        Engines.disableGradOnThisThread();
        try (NDManager manager = Engines.newManager()) {
            NDArray reference = manager.create(standardised(train), new Shape(n, dim));
            NDArray referenceNorms = reference.square().sum(new int[] {1}).reshape(1, n);
            double[] queries = standardised(rows);
            for (int from = 0; from < m; from += block) {
                int to = Math.min(m, from + block);
                try (NDManager step = manager.newSubManager()) {
                    NDArray x =
                            step.create(Arrays.copyOfRange(queries, from * dim, to * dim), new Shape(to - from, dim));
                    NDArray distances = DoubleMatrices.squaredDistances(x, reference, referenceNorms);
                    for (int g = 0; g < hs.length; g++) {
                        double[] logSum = Tensors.logSumExp(Tensors.scale(distances, -0.5 / (hs[g] * hs[g])), 1, false)
                                .toDoubleArray();
                        for (int r = from; r < to; r++) {
                            out[g][r] = logSum[r - from] + constant - dim * Math.log(hs[g]);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The rows divided feature by feature by s_j, in double precision. */
    private double[] standardised(float[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i] / spread[i % dim];
        }
        return out;
    }
}
