package dev.vaekit.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.engine.Engines;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
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
    /** Per component: L⁻ᵀ (d × d, row-major) for full covariances, 1/σ (length d) for diagonal ones. */
    private double[][] whiteners;

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
        Engines.disableGradOnThisThread();
        try (NDManager manager = Engines.newManager()) {
            NDArray data = manager.create(rows, new Shape(n, dim)).toType(DataType.FLOAT64, false);
            for (int r = 0; r < options.restarts(); r++) {
                GaussianMixtureModel m = fitOnce(data, x, dim, options, random.split());
                if (best == null || m.trainLogLikelihood > best.trainLogLikelihood) {
                    best = m;
                }
            }
        }
        return best;
    }

    private static GaussianMixtureModel fitOnce(
            NDArray data, double[][] x, int dim, Options o, SplittableRandom random) {
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
        GaussianMixtureModel model = mStep(data, resp, o);
        double previous = Double.NEGATIVE_INFINITY;
        int iteration = 0;
        while (iteration < o.maxIterations()) {
            iteration++;
            double meanLogLikelihood = model.eStep(data, resp);
            model = mStep(data, resp, o);
            if (meanLogLikelihood - previous < o.tolerance()) {
                previous = meanLogLikelihood;
                break;
            }
            previous = meanLogLikelihood;
        }
        double total = 0;
        for (double v : model.logDensity(data)) {
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

    /**
     * M-step (Bishop 2006, eq. 9.24–9.26) from responsibilities r (n × K), on the engine: N_k = Σ_i r_ik, μ = rᵀX / N_k,
     * and for full covariances one weighted Gram matrix Σ_k = (r_k ⊙ (X − μ_k))ᵀ (X − μ_k) / N_k per component.
     */
    private static GaussianMixtureModel mStep(NDArray data, double[][] resp, Options o) {
        int n = Math.toIntExact(data.getShape().get(0));
        int dim = Math.toIntExact(data.getShape().get(1));
        int k = o.components();
        double[] flat = new double[n * k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(resp[i], 0, flat, i * k, k);
        }
        double[] weights = new double[k];
        double[][] means = new double[k][];
        double[][][] covs = new double[k][][];
        // an op's result belongs to its receiver's manager (data's), so a scope, not a sub-manager, frees them
        try (NDScope scope = new NDScope();
                NDManager step = data.getManager().newSubManager()) {
            scope.suppressNotUsedWarning();
            NDArray r = step.create(flat, new Shape(n, k));
            NDArray counts = r.sum(new int[] {0}).add(1e-10);
            NDArray centres = r.transpose().matMul(data).div(counts.reshape(k, 1));
            double[] nk = counts.toDoubleArray();
            double[] mu = centres.toDoubleArray();
            for (int c = 0; c < k; c++) {
                weights[c] = nk[c] / n;
                means[c] = Arrays.copyOfRange(mu, c * dim, (c + 1) * dim);
                NDArray diff = data.sub(step.create(means[c]));
                NDArray rc = r.get(":, " + c).reshape(n, 1);
                double[][] cov;
                if (o.covariance() == Covariance.FULL) {
                    double[] gram = diff.mul(rc).transpose().matMul(diff).toDoubleArray();
                    cov = new double[dim][dim];
                    for (int a = 0; a < dim; a++) {
                        for (int b = 0; b < dim; b++) {
                            cov[a][b] = gram[a * dim + b] / nk[c];
                        }
                        cov[a][a] += o.regularization();
                    }
                } else {
                    double[] variances =
                            diff.square().mul(rc).sum(new int[] {0}).toDoubleArray();
                    cov = new double[1][dim];
                    for (int j = 0; j < dim; j++) {
                        cov[0][j] = variances[j] / nk[c] + o.regularization();
                    }
                }
                covs[c] = cov;
            }
        }
        return new GaussianMixtureModel(dim, weights, means, covs, o.covariance(), Double.NaN, 0);
    }

    /** E-step (Bishop 2006, eq. 9.23): fills the responsibilities and returns the mean log-likelihood. */
    private double eStep(NDArray data, double[][] resp) {
        int k = weights.length;
        double[][] logP = logJoint(data);
        double total = 0;
        for (int i = 0; i < resp.length; i++) {
            double logSum = logSumExp(logP[i]);
            for (int c = 0; c < k; c++) {
                resp[i][c] = Math.exp(logP[i][c] - logSum);
            }
            total += logSum;
        }
        return total / resp.length;
    }

    private static double logSumExp(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (double x : v) {
            sum += Math.exp(x - max);
        }
        return max + Math.log(sum);
    }

    /**
     * log π_c + log N(x_i; μ_c, Σ_c) for every row and component. With Σ_c = L_c L_cᵀ, the quadratic form is ‖y‖² for
     * yᵀ = (x − μ_c)ᵀ L_c⁻ᵀ: one n × d × d product per component, done by the engine.
     */
    private double[][] logJoint(NDArray data) {
        int n = Math.toIntExact(data.getShape().get(0));
        int k = weights.length;
        double[][] out = new double[n][k];
        // an op's result belongs to its receiver's manager (data's), so a scope, not a sub-manager, frees them
        try (NDScope scope = new NDScope();
                NDManager step = data.getManager().newSubManager()) {
            scope.suppressNotUsedWarning();
            for (int c = 0; c < k; c++) {
                NDArray centred = data.sub(step.create(means[c]));
                NDArray y = covariance == Covariance.FULL
                        ? centred.matMul(step.create(whiteners[c], new Shape(dim, dim)))
                        : centred.mul(step.create(whiteners[c]));
                double[] quad = y.square().sum(new int[] {1}).toDoubleArray();
                double constant = Math.log(weights[c]) - 0.5 * (dim * Math.log(2 * Math.PI) + logDets[c]);
                for (int i = 0; i < n; i++) {
                    out[i][c] = constant - 0.5 * quad[i];
                }
            }
        }
        return out;
    }

    private void factorise() {
        int k = weights.length;
        factors = new double[k][][];
        whiteners = new double[k][];
        logDets = new double[k];
        for (int c = 0; c < k; c++) {
            if (covariance == Covariance.DIAGONAL) {
                double[] sd = new double[dim];
                for (int j = 0; j < dim; j++) {
                    sd[j] = Math.sqrt(covariances[c][0][j]);
                    logDets[c] += Math.log(covariances[c][0][j]);
                }
                factors[c] = new double[][] {sd};
                whiteners[c] = new double[dim];
                for (int j = 0; j < dim; j++) {
                    whiteners[c][j] = 1 / sd[j];
                }
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
            DMatrixRMaj inverse = new DMatrixRMaj(dim, dim);
            if (!CommonOps_DDRM.invert(l, inverse)) {
                throw new IllegalStateException("the Cholesky factor of component " + c + " is singular");
            }
            whiteners[c] = new double[dim * dim];
            for (int a = 0; a < dim; a++) {
                for (int b = 0; b < dim; b++) {
                    whiteners[c][a * dim + b] = inverse.get(b, a); // L⁻ᵀ, row-major
                }
            }
        }
    }

    private double[] logDensity(NDArray data) {
        double[][] logP = logJoint(data);
        double[] out = new double[logP.length];
        for (int i = 0; i < logP.length; i++) {
            out[i] = logSumExp(logP[i]);
        }
        return out;
    }

    /**
     * @param rows n × d
     * @return log p(x) of each row, in nats
     */
    public double[] logDensity(float[] rows) {
        Engines.disableGradOnThisThread();
        try (NDManager manager = Engines.newManager()) {
            return logDensity(
                    manager.create(rows, new Shape(rows.length / dim, dim)).toType(DataType.FLOAT64, false));
        }
    }

    /**
     * A mixture with given parameters and full covariances, e.g. one read back from a file. Nothing is added to the
     * covariances.
     *
     * @param weights π_k, each in (0, 1], summing to 1 within 10⁻⁶
     * @param means μ_k, K rows of d values
     * @param covariances Σ_k, K symmetric (up to a relative 10⁻⁹) positive definite d × d matrices
     * @return the mixture
     * @throws IllegalArgumentException if the shapes disagree, a value is not finite or the weights are not a
     *     distribution
     * @throws IllegalStateException if a covariance is not positive definite
     */
    public static GaussianMixtureModel of(double[] weights, double[][] means, double[][][] covariances) {
        int k = weights.length;
        if (k < 1 || means.length != k || covariances.length != k || means[0].length < 1) {
            throw new IllegalArgumentException("a GMM needs K >= 1 weights, means and covariances, got " + k + ", "
                    + means.length + " and " + covariances.length);
        }
        int dim = means[0].length;
        double total = 0;
        for (int c = 0; c < k; c++) {
            if (!(weights[c] > 0 && weights[c] <= 1)) {
                throw new IllegalArgumentException("GMM weight " + c + " must be in (0, 1], got " + weights[c]);
            }
            total += weights[c];
            if (means[c].length != dim || covariances[c].length != dim) {
                throw new IllegalArgumentException("GMM component " + c + " is not of dimension " + dim);
            }
            for (int a = 0; a < dim; a++) {
                if (!Double.isFinite(means[c][a]) || covariances[c][a].length != dim) {
                    throw new IllegalArgumentException("GMM component " + c + " has a non-finite mean or a "
                            + "covariance that is not " + dim + " x " + dim);
                }
                for (int b = 0; b < dim; b++) {
                    double x = covariances[c][a][b];
                    double y = covariances[c][b][a];
                    // symmetric up to rounding: a fitted covariance is a Gram matrix computed by the engine
                    if (!Double.isFinite(x) || Math.abs(x - y) > 1e-9 * Math.max(Math.abs(x), Math.abs(y))) {
                        throw new IllegalArgumentException("GMM covariance " + c + " is not a finite symmetric matrix");
                    }
                }
            }
        }
        if (Math.abs(total - 1) > 1e-6) {
            throw new IllegalArgumentException("GMM weights must sum to 1, got " + total);
        }
        double[][][] covs = new double[k][][];
        for (int c = 0; c < k; c++) {
            covs[c] = Arrays.stream(covariances[c]).map(double[]::clone).toArray(double[][]::new);
        }
        return new GaussianMixtureModel(
                dim,
                weights.clone(),
                Arrays.stream(means).map(double[]::clone).toArray(double[][]::new),
                covs,
                Covariance.FULL,
                Double.NaN,
                0);
    }

    /**
     * Draws points: a component by its weight, then x = μ + L ε.
     *
     * @param n how many
     * @param seed the draws' seed
     * @return n × d, row-major
     */
    public float[] sample(int n, long seed) {
        return sample(n, 1, seed);
    }

    /**
     * Draws points at a temperature: a component by its weight, then x = μ + T L ε, each component's covariance scaled
     * by T² (T = 1 gives {@link #sample(int, long)}'s draws).
     *
     * @param n how many
     * @param temperature T &gt; 0
     * @param seed the draws' seed
     * @return n × d, row-major
     */
    public float[] sample(int n, double temperature, long seed) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("the temperature must be a finite number > 0, got " + temperature);
        }
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
                eps[j] = temperature
                        * Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                        * Math.cos(2 * Math.PI * random.nextDouble());
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
