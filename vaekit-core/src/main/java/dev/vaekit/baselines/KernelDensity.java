package dev.vaekit.baselines;

/**
 * Kernel density estimation with a Gaussian kernel (Parzen 1962; Silverman 1986): p(x) = (1/n) Σ_i N(x; x_i, H) with a
 * diagonal bandwidth H = diag(h² s_j²), s_j the standard deviation of feature j in the training data (features on
 * different scales get proportionate kernels), and h chosen by
 *
 * <ul>
 *   <li>Scott's rule, h = n^(−1/(d+4)) (Scott 1992, eq. 6.42),
 *   <li>Silverman's rule, h = (4/(d+2))^(1/(d+4)) n^(−1/(d+4)) (Silverman 1986, eq. 4.14), or
 *   <li>the held-out log-likelihood of a validation set over a grid of multiples of Scott's h.
 * </ul>
 *
 * log p(x) = logsumexp_i(−½ Σ_j ((x_j − x_ij)/(h s_j))²) − log n − Σ_j log(h s_j) − (d/2) log 2π, in double precision.
 * A feature with no spread in the training data gets s_j = 1, so that it does not make every density infinite.
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

    /** The multiples of Scott's h tried by {@link Bandwidth#VALIDATION}. */
    static final double[] GRID = {0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0, 1.4, 2.0};

    private final float[] train;
    private final int dim;
    private final double[] scale; // h · s_j
    private final double h;

    private KernelDensity(float[] train, int dim, double[] spread, double h) {
        this.train = train;
        this.dim = dim;
        this.h = h;
        this.scale = new double[dim];
        for (int j = 0; j < dim; j++) {
            scale[j] = h * spread[j];
        }
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
     * @param h the bandwidth multiplier
     * @return the estimator
     */
    public static KernelDensity withBandwidth(float[] train, int dim, double h) {
        if (!(h > 0)) {
            throw new IllegalArgumentException("bandwidth must be > 0, got " + h);
        }
        return new KernelDensity(train, dim, spread(train, dim), h);
    }

    /**
     * @param train n × d training rows (kept, not copied)
     * @param dim d
     * @param rule Scott or Silverman
     * @param validation rows to choose h on, for {@link Bandwidth#VALIDATION}; else ignored (may be null)
     * @return the estimator
     */
    public static KernelDensity fit(float[] train, int dim, Bandwidth rule, float[] validation) {
        int n = train.length / dim;
        double[] spread = spread(train, dim);
        return switch (rule) {
            case SCOTT -> new KernelDensity(train, dim, spread, scott(n, dim));
            case SILVERMAN -> new KernelDensity(train, dim, spread, silverman(n, dim));
            case VALIDATION -> {
                if (validation == null || validation.length == 0) {
                    throw new IllegalArgumentException("choosing the bandwidth by validation needs validation rows");
                }
                KernelDensity best = null;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (double multiple : GRID) {
                    KernelDensity k = new KernelDensity(train, dim, spread, multiple * scott(n, dim));
                    double score = mean(k.logDensity(validation));
                    if (score > bestScore) {
                        bestScore = score;
                        best = k;
                    }
                }
                yield best;
            }
        };
    }

    private static double[] spread(float[] rows, int dim) {
        int n = rows.length / dim;
        double[] mean = new double[dim];
        double[] sq = new double[dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                mean[j] += rows[i * dim + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                double d = rows[i * dim + j] - mean[j];
                sq[j] += d * d;
            }
        }
        double[] sd = new double[dim];
        for (int j = 0; j < dim; j++) {
            sd[j] = n > 1 ? Math.sqrt(sq[j] / (n - 1)) : 0;
            if (!(sd[j] > 0)) {
                sd[j] = 1;
            }
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

    /** @return h, the multiplier of the per-feature standard deviations */
    public double bandwidth() {
        return h;
    }

    /**
     * @param rows m × d
     * @return log p(x) of each row, in nats
     */
    public double[] logDensity(float[] rows) {
        int n = train.length / dim;
        int m = rows.length / dim;
        double constant = -Math.log(n) - 0.5 * dim * Math.log(2 * Math.PI);
        double[] inverse = new double[dim];
        for (int j = 0; j < dim; j++) {
            constant -= Math.log(scale[j]);
            inverse[j] = 1 / scale[j];
        }
        double[] out = new double[m];
        double[] exponents = new double[n];
        for (int r = 0; r < m; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double q = 0;
                for (int j = 0; j < dim; j++) {
                    double z = (rows[r * dim + j] - train[i * dim + j]) * inverse[j];
                    q += z * z;
                }
                exponents[i] = -0.5 * q;
                max = Math.max(max, exponents[i]);
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += Math.exp(exponents[i] - max);
            }
            out[r] = max + Math.log(sum) + constant;
        }
        return out;
    }
}
