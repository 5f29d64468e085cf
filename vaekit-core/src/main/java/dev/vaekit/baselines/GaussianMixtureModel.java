package dev.vaekit.baselines;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * A mixture of K Gaussians, p(x) = Σ_k π_k N(x; μ_k, Σ_k), fitted by expectation–maximisation (Dempster et al. 1977;
 * Bishop 2006, §9.2.2) from a k-means++ start (Arthur &amp; Vassilvitskii 2007), with full or diagonal covariances.
 * Each restart draws its own k-means++ centres; the fit with the highest training log-likelihood is kept. Every
 * covariance gets {@link Options#regularization} added to its diagonal (as scikit-learn's {@code reg_covar}), which
 * keeps it positive definite when a component collapses onto few points. All arithmetic is in double precision and
 * seeded, so a fit is deterministic.
 */
public final class GaussianMixtureModel {

    /** The covariance structure of the components. */
    public enum Covariance {
        /** A full d × d covariance per component. */
        FULL,
        /** A diagonal covariance per component. */
        DIAGONAL
    }

    /**
     * How to fit.
     *
     * @param components K ≥ 1
     * @param covariance full or diagonal
     * @param restarts fits from different k-means++ starts, ≥ 1
     * @param maxIterations EM iterations per fit, ≥ 1
     * @param tolerance stop when the mean log-likelihood per example improves by less than this
     * @param regularization added to every covariance's diagonal, ≥ 0
     * @param seed seed of the k-means++ draws
     */
    public record Options(
            int components,
            Covariance covariance,
            int restarts,
            int maxIterations,
            double tolerance,
            double regularization,
            long seed) {
        /** Validates the settings. */
        public Options {
            if (components < 1 || restarts < 1 || maxIterations < 1 || !(tolerance >= 0) || !(regularization >= 0)) {
                throw new IllegalArgumentException("GMM options: components, restarts and maxIterations must be >= 1, "
                        + "tolerance and regularization >= 0");
            }
        }

        /** @return K components, full covariances, 3 restarts, 200 iterations, tolerance 10⁻⁴, reg 10⁻⁶, seed 1 */
        public static Options of(int components, Covariance covariance) {
            return new Options(components, covariance, 3, 200, 1e-4, 1e-6, 1);
        }

        /** @return a copy with another number of components */
        public Options withComponents(int k) {
            return new Options(k, covariance, restarts, maxIterations, tolerance, regularization, seed);
        }
    }

    private final int dim;
    private final double[] weights;
    private final double[][] means;
    private final double[][][] covariances; // full: d × d; diagonal: 1 × d
    private final Covariance covariance;
    private final double trainLogLikelihood;
    private final int iterations;
    // per component: the lower Cholesky factor L (Σ = L Lᵀ) or the diagonal's square roots, and log det Σ
    private double[][][] factors;
    private double[] logDets;

    private GaussianMixtureModel(
            int dim,
            double[] weights,
            double[][] means,
            double[][][] covariances,
            Covariance covariance,
            double trainLogLikelihood,
            int iterations) {
        this.dim = dim;
        this.weights = weights;
        this.means = means;
        this.covariances = covariances;
        this.covariance = covariance;
        this.trainLogLikelihood = trainLogLikelihood;
        this.iterations = iterations;
        factorise();
    }

    /**
     * Fits by EM, keeping the best of the restarts.
     *
     * @param rows row-major data, n × d, n ≥ K
     * @param dim d
     * @param options how
     * @return the fit
     */
    public static GaussianMixtureModel fit(float[] rows, int dim, Options options) {
        int n = rows.length / dim;
        if (n < options.components()) {
            throw new IllegalArgumentException(
                    "a GMM of " + options.components() + " components needs at least as " + "many rows, got " + n);
        }
        double[][] x = new double[n][dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                x[i][j] = rows[i * dim + j];
            }
        }
        SplittableRandom random = new SplittableRandom(options.seed());
        GaussianMixtureModel best = null;
        for (int r = 0; r < options.restarts(); r++) {
            GaussianMixtureModel m = fitOnce(x, dim, options, random.split());
            if (best == null || m.trainLogLikelihood > best.trainLogLikelihood) {
                best = m;
            }
        }
        return best;
    }

    private static GaussianMixtureModel fitOnce(double[][] x, int dim, Options o, SplittableRandom random) {
        int n = x.length;
        int k = o.components();
        // k-means++ centres, then one hard assignment to start the M-step
        double[][] centres = kMeansPlusPlus(x, k, random);
        double[][] resp = new double[n][k];
        for (int i = 0; i < n; i++) {
            int nearest = 0;
            double bestDistance = Double.MAX_VALUE;
            for (int c = 0; c < k; c++) {
                double dist = squaredDistance(x[i], centres[c]);
                if (dist < bestDistance) {
                    bestDistance = dist;
                    nearest = c;
                }
            }
            resp[i][nearest] = 1;
        }
        GaussianMixtureModel model = mStep(x, dim, resp, o);
        double previous = Double.NEGATIVE_INFINITY;
        int iteration = 0;
        while (iteration < o.maxIterations()) {
            iteration++;
            double meanLogLikelihood = model.eStep(x, resp);
            model = mStep(x, dim, resp, o);
            if (meanLogLikelihood - previous < o.tolerance()) {
                previous = meanLogLikelihood;
                break;
            }
            previous = meanLogLikelihood;
        }
        double total = 0;
        for (double v : model.logDensity(x)) {
            total += v;
        }
        return new GaussianMixtureModel(
                dim, model.weights, model.means, model.covariances, o.covariance(), total, iteration);
    }

    private static double[][] kMeansPlusPlus(double[][] x, int k, SplittableRandom random) {
        int n = x.length;
        double[][] centres = new double[k][];
        centres[0] = x[random.nextInt(n)].clone();
        double[] nearest = new double[n];
        Arrays.fill(nearest, Double.MAX_VALUE);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], squaredDistance(x[i], centres[c - 1]));
                total += nearest[i];
            }
            // the next centre with probability proportional to the squared distance to the nearest centre so far
            double u = random.nextDouble() * total;
            int chosen = n - 1;
            for (int i = 0; i < n; i++) {
                u -= nearest[i];
                if (u <= 0) {
                    chosen = i;
                    break;
                }
            }
            centres[c] = x[chosen].clone();
        }
        return centres;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            s += d * d;
        }
        return s;
    }

    /** M-step (Bishop 2006, eq. 9.24–9.26) from responsibilities. */
    private static GaussianMixtureModel mStep(double[][] x, int dim, double[][] resp, Options o) {
        int n = x.length;
        int k = o.components();
        double[] weights = new double[k];
        double[][] means = new double[k][dim];
        double[][][] covs = new double[k][][];
        for (int c = 0; c < k; c++) {
            double nk = 1e-10;
            for (int i = 0; i < n; i++) {
                nk += resp[i][c];
                for (int j = 0; j < dim; j++) {
                    means[c][j] += resp[i][c] * x[i][j];
                }
            }
            for (int j = 0; j < dim; j++) {
                means[c][j] /= nk;
            }
            weights[c] = nk / n;
            double[][] cov = o.covariance() == Covariance.FULL ? new double[dim][dim] : new double[1][dim];
            double[] diff = new double[dim];
            for (int i = 0; i < n; i++) {
                double r = resp[i][c];
                if (r == 0) {
                    continue;
                }
                for (int j = 0; j < dim; j++) {
                    diff[j] = x[i][j] - means[c][j];
                }
                if (o.covariance() == Covariance.FULL) {
                    for (int a = 0; a < dim; a++) {
                        double ra = r * diff[a];
                        for (int b = a; b < dim; b++) {
                            cov[a][b] += ra * diff[b];
                        }
                    }
                } else {
                    for (int j = 0; j < dim; j++) {
                        cov[0][j] += r * diff[j] * diff[j];
                    }
                }
            }
            if (o.covariance() == Covariance.FULL) {
                for (int a = 0; a < dim; a++) {
                    for (int b = a; b < dim; b++) {
                        cov[a][b] /= nk;
                        cov[b][a] = cov[a][b];
                    }
                    cov[a][a] += o.regularization();
                }
            } else {
                for (int j = 0; j < dim; j++) {
                    cov[0][j] = cov[0][j] / nk + o.regularization();
                }
            }
            covs[c] = cov;
        }
        return new GaussianMixtureModel(dim, weights, means, covs, o.covariance(), Double.NaN, 0);
    }

    /** E-step (Bishop 2006, eq. 9.23): fills the responsibilities and returns the mean log-likelihood. */
    private double eStep(double[][] x, double[][] resp) {
        int k = weights.length;
        double[] logP = new double[k];
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                logP[c] = Math.log(weights[c]) + componentLogDensity(c, x[i]);
                max = Math.max(max, logP[c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(logP[c] - max);
            }
            double logSum = max + Math.log(sum);
            for (int c = 0; c < k; c++) {
                resp[i][c] = Math.exp(logP[c] - logSum);
            }
            total += logSum;
        }
        return total / x.length;
    }

    private void factorise() {
        int k = weights.length;
        factors = new double[k][][];
        logDets = new double[k];
        for (int c = 0; c < k; c++) {
            if (covariance == Covariance.DIAGONAL) {
                double[] sd = new double[dim];
                for (int j = 0; j < dim; j++) {
                    sd[j] = Math.sqrt(covariances[c][0][j]);
                    logDets[c] += Math.log(covariances[c][0][j]);
                }
                factors[c] = new double[][] {sd};
                continue;
            }
            DMatrixRMaj m = new DMatrixRMaj(covariances[c]);
            CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(dim, true);
            if (!chol.decompose(m)) {
                throw new IllegalStateException(
                        "covariance of component " + c + " is not positive definite; raise " + "the regularization");
            }
            DMatrixRMaj l = chol.getT(null);
            double[][] lower = new double[dim][dim];
            for (int a = 0; a < dim; a++) {
                for (int b = 0; b <= a; b++) {
                    lower[a][b] = l.get(a, b);
                }
                logDets[c] += 2 * Math.log(lower[a][a]);
            }
            factors[c] = lower;
        }
    }

    /** log N(x; μ_c, Σ_c) through the Cholesky factor: solve L y = x − μ, then −½(d log 2π + log|Σ| + ‖y‖²). */
    private double componentLogDensity(int c, double[] x) {
        double quad = 0;
        if (covariance == Covariance.DIAGONAL) {
            double[] sd = factors[c][0];
            for (int j = 0; j < dim; j++) {
                double z = (x[j] - means[c][j]) / sd[j];
                quad += z * z;
            }
        } else {
            double[][] l = factors[c];
            double[] y = new double[dim];
            for (int a = 0; a < dim; a++) {
                double v = x[a] - means[c][a];
                for (int b = 0; b < a; b++) {
                    v -= l[a][b] * y[b];
                }
                y[a] = v / l[a][a];
                quad += y[a] * y[a];
            }
        }
        return -0.5 * (dim * Math.log(2 * Math.PI) + logDets[c] + quad);
    }

    private double[] logDensity(double[][] x) {
        double[] out = new double[x.length];
        double[] logP = new double[weights.length];
        for (int i = 0; i < x.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < weights.length; c++) {
                logP[c] = Math.log(weights[c]) + componentLogDensity(c, x[i]);
                max = Math.max(max, logP[c]);
            }
            double sum = 0;
            for (double v : logP) {
                sum += Math.exp(v - max);
            }
            out[i] = max + Math.log(sum);
        }
        return out;
    }

    /**
     * @param rows n × d
     * @return log p(x) of each row, in nats
     */
    public double[] logDensity(float[] rows) {
        int n = rows.length / dim;
        double[][] x = new double[n][dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                x[i][j] = rows[i * dim + j];
            }
        }
        return logDensity(x);
    }

    /**
     * Draws points: a component by its weight, then x = μ + L ε.
     *
     * @param n how many
     * @param seed the draws' seed
     * @return n × d, row-major
     */
    public float[] sample(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[n * dim];
        double[] eps = new double[dim];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            int c = 0;
            while (c < weights.length - 1 && (u -= weights[c]) > 0) {
                c++;
            }
            for (int j = 0; j < dim; j++) {
                eps[j] =
                        Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            }
            for (int a = 0; a < dim; a++) {
                double v = means[c][a];
                if (covariance == Covariance.DIAGONAL) {
                    v += factors[c][0][a] * eps[a];
                } else {
                    for (int b = 0; b <= a; b++) {
                        v += factors[c][a][b] * eps[b];
                    }
                }
                out[i * dim + a] = (float) v;
            }
        }
        return out;
    }

    /** @return the number of free parameters: K − 1 weights, K·d means, and K·d(d+1)/2 or K·d variances */
    public long parameterCount() {
        long k = weights.length;
        long perCovariance = covariance == Covariance.FULL ? (long) dim * (dim + 1) / 2 : dim;
        return k - 1 + k * dim + k * perCovariance;
    }

    /**
     * The Bayesian information criterion of the fit on its training data, −2 log L + p log n (Schwarz 1978): lower is
     * better.
     *
     * @param n the number of training rows
     * @return BIC
     */
    public double bic(int n) {
        return -2 * trainLogLikelihood + parameterCount() * Math.log(n);
    }

    /**
     * Fits each number of components and keeps the one with the lowest BIC.
     *
     * @param rows n × d
     * @param dim d
     * @param candidates the K to try
     * @param options everything but K
     * @return the chosen fit
     */
    public static GaussianMixtureModel selectByBic(float[] rows, int dim, int[] candidates, Options options) {
        int n = rows.length / dim;
        GaussianMixtureModel best = null;
        for (int k : candidates) {
            GaussianMixtureModel m = fit(rows, dim, options.withComponents(k));
            if (best == null || m.bic(n) < best.bic(n)) {
                best = m;
            }
        }
        return best;
    }

    /** @return the mixture weights π_k */
    public double[] weights() {
        return weights.clone();
    }

    /** @return the component means μ_k */
    public double[][] means() {
        return Arrays.stream(means).map(double[]::clone).toArray(double[][]::new);
    }

    /** @return the covariance of component c as a full d × d matrix */
    public double[][] covariance(int c) {
        double[][] out = new double[dim][dim];
        for (int a = 0; a < dim; a++) {
            if (covariance == Covariance.DIAGONAL) {
                out[a][a] = covariances[c][0][a];
            } else {
                out[a] = covariances[c][a].clone();
            }
        }
        return out;
    }

    /** @return K */
    public int components() {
        return weights.length;
    }

    /** @return the log-likelihood of the training data, summed over rows */
    public double trainLogLikelihood() {
        return trainLogLikelihood;
    }

    /** @return EM iterations of the kept fit */
    public int iterations() {
        return iterations;
    }
}
