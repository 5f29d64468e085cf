package dev.vaekit.compress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A hand-built Markov chain of L Gaussian latent layers in plain Java, the fixture of the Bit-Swap tests: linear
 * Gaussian conditionals between the layers and Bernoulli features,
 *
 * <pre>
 *   p(z_L) = N(0, I);  p(z_{l,k} | z_{l+1}) = N(a_{l,k} z_{l+1, k mod d_{l+1}} + b_{l,k}, s²_{l,k});
 *   p(x_j | z_1) = Bernoulli(σ(w_j z_{1, j mod d_1} + c_j));
 *   q(z_{1,k} | x) = N(m_k(x), t²_k(x)), the Laplace approximation of coordinate k's posterior under N(0, 1) from
 *       its features: precision 1 + Σ_j w_j² σ'(c_j), mean Σ_j w_j (x_j − σ(c_j)) / precision;
 *   q(z_{l+1,k} | z_l) = N(α z_{l, k mod d_l} + β, τ²), the exact posterior of the linear Gaussian p(z_{l, k mod d_l} |
 *       z_{l+1}) under a N(0, 1) prior on its parent: α = (a/s²)/(1 + a²/s²), β = −b α, τ² = 1/(1 + a²/s²).
 * </pre>
 *
 * With all layers of one size K the model is K independent columns (coordinate k of every layer, and the features j ≡
 * k mod K), so its −ELBO is computable: the posterior of a column is a linear Gaussian chain, whose joint mean and
 * covariance give every Gaussian term of the ELBO in closed form, and E_q[log p(x_j | z_1)] is a one-dimensional
 * integral (trapezoid rule over μ ± 12σ with 801 points, as {@link ToyModel}). It counts its calls; tests subclass it
 * to break it.
 */
class ChainToyModel implements LatentChainModel {
    private static final int GRID = 801;
    private static final double HALF_WIDTH = 12;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    final int[] sizes;
    final int features;
    private final double[][] a;
    private final double[][] b;
    private final double[][] s2;
    private final double[] w;
    private final double[] c;
    int posteriorCalls;
    int layerPosteriorCalls;
    int layerPriorCalls;
    int likelihoodCalls;

    /**
     * @param sizes d_1 … d_L, bottom first
     * @param features D
     * @param seed the seed of the parameters
     */
    ChainToyModel(int[] sizes, int features, long seed) {
        this.sizes = sizes.clone();
        this.features = features;
        Random random = new Random(seed);
        int layers = sizes.length;
        a = new double[layers][];
        b = new double[layers][];
        s2 = new double[layers][];
        for (int l = 0; l + 1 < layers; l++) {
            a[l] = new double[sizes[l]];
            b[l] = new double[sizes[l]];
            s2[l] = new double[sizes[l]];
            for (int k = 0; k < sizes[l]; k++) {
                a[l][k] = (random.nextBoolean() ? 1 : -1) * (0.6 + 0.8 * random.nextDouble());
                b[l][k] = 0.3 * random.nextGaussian();
                s2[l][k] = 0.15 + 0.35 * random.nextDouble();
            }
        }
        w = new double[features];
        c = new double[features];
        for (int j = 0; j < features; j++) {
            w[j] = (random.nextBoolean() ? 1 : -1) * (1 + 2 * random.nextDouble());
            c[j] = 0.5 * random.nextGaussian();
        }
    }

    @Override
    public int[] layerSizes() {
        return sizes.clone();
    }

    @Override
    public int featureCount() {
        return features;
    }

    @Override
    public int alphabetSize() {
        return 2;
    }

    @Override
    public GaussianPosterior posterior(int[] x) {
        posteriorCalls++;
        int d = sizes[0];
        double[] precision = new double[d];
        double[] sum = new double[d];
        Arrays.fill(precision, 1);
        for (int j = 0; j < features; j++) {
            double p = sigmoid(c[j]);
            precision[j % d] += w[j] * w[j] * p * (1 - p);
            sum[j % d] += w[j] * (x[j] - p);
        }
        double[] mean = new double[d];
        double[] logVariance = new double[d];
        for (int k = 0; k < d; k++) {
            mean[k] = sum[k] / precision[k];
            logVariance[k] = -Math.log(precision[k]);
        }
        return new GaussianPosterior(mean, logVariance);
    }

    @Override
    public GaussianPosterior layerPosterior(int layer, double[] below) {
        layerPosteriorCalls++;
        int d = sizes[layer];
        double[] mean = new double[d];
        double[] logVariance = new double[d];
        for (int k = 0; k < d; k++) {
            double[] q = inverse(layer - 1, k % sizes[layer - 1]);
            mean[k] = q[0] * below[k % sizes[layer - 1]] + q[1];
            logVariance[k] = Math.log(q[2]);
        }
        return new GaussianPosterior(mean, logVariance);
    }

    /** α, β, τ² of the posterior of p(z_{l,k} | parent)'s parent under N(0, 1). */
    private double[] inverse(int l, int k) {
        double ratio = a[l][k] / s2[l][k];
        double precision = 1 + a[l][k] * ratio;
        double alpha = ratio / precision;
        return new double[] {alpha, -b[l][k] * alpha, 1 / precision};
    }

    @Override
    public GaussianPosterior layerPrior(int layer, double[] above) {
        layerPriorCalls++;
        int d = sizes[layer];
        double[] mean = new double[d];
        double[] logVariance = new double[d];
        for (int k = 0; k < d; k++) {
            mean[k] = a[layer][k] * above[k % sizes[layer + 1]] + b[layer][k];
            logVariance[k] = Math.log(s2[layer][k]);
        }
        return new GaussianPosterior(mean, logVariance);
    }

    @Override
    public ObservationModel likelihood(double[] bottom) {
        likelihoodCalls++;
        double[] z = bottom.clone();
        return (j, x) -> new FeatureDistribution.Bernoulli(w[j] * z[j % sizes[0]] + c[j]);
    }

    /** log p(x_j = value | z_1 coordinate = z) in nats. */
    private double logProb(int j, double z, int value) {
        double logit = w[j] * z + c[j];
        return value == 1 ? -softplus(-logit) : -softplus(logit);
    }

    /**
     * −ELBO(x) in nats with q as defined, unrounded and undiscretised; for models whose layers all have one size.
     */
    double negativeElbo(int[] x) {
        int layers = sizes.length;
        int columns = sizes[0];
        if (Arrays.stream(sizes).anyMatch(d -> d != columns)) {
            throw new IllegalStateException("the closed form needs layers of one size");
        }
        GaussianPosterior q1 = posterior(x);
        double total = 0;
        for (int k = 0; k < columns; k++) {
            // the column's posterior: z_1 ~ N(m, t²), z_{l+1} = α_l z_l + β_l + τ_l ε; its mean and covariance
            double[] mu = new double[layers];
            double[][] cov = new double[layers][layers];
            mu[0] = q1.mean()[k];
            cov[0][0] = Math.exp(q1.logVariance()[k]);
            total += -0.5 * (LOG_2PI + q1.logVariance()[k]) - 0.5; // E log q(z_1|x)
            for (int l = 1; l < layers; l++) {
                double[] q = inverse(l - 1, k);
                mu[l] = q[0] * mu[l - 1] + q[1];
                for (int j = 0; j < l; j++) {
                    cov[l][j] = q[0] * cov[l - 1][j];
                    cov[j][l] = cov[l][j];
                }
                cov[l][l] = q[0] * q[0] * cov[l - 1][l - 1] + q[2];
                total += -0.5 * (LOG_2PI + Math.log(q[2])) - 0.5; // E log q(z_{l+1}|z_l)
            }
            for (int l = 0; l + 1 < layers; l++) { // E −log p(z_l | z_{l+1}), u = z_l − a z_{l+1} − b
                double mean = mu[l] - a[l][k] * mu[l + 1] - b[l][k];
                double variance = cov[l][l] + a[l][k] * a[l][k] * cov[l + 1][l + 1] - 2 * a[l][k] * cov[l][l + 1];
                total += 0.5 * (LOG_2PI + Math.log(s2[l][k])) + (variance + mean * mean) / (2 * s2[l][k]);
            }
            int topLayer = layers - 1;
            total += 0.5 * LOG_2PI + 0.5 * (mu[topLayer] * mu[topLayer] + cov[topLayer][topLayer]); // E −log p(z_L)
            double sigma = Math.sqrt(cov[0][0]); // E_q −Σ_{j ≡ k} log p(x_j | z_1)
            double h = 2 * HALF_WIDTH / (GRID - 1);
            for (int g = 0; g < GRID; g++) {
                double t = -HALF_WIDTH + g * h;
                double weight =
                        (g == 0 || g == GRID - 1 ? 0.5 : 1) * h * Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
                for (int j = k; j < features; j += columns) {
                    total -= weight * logProb(j, mu[0] + sigma * t, x[j]);
                }
            }
        }
        return total;
    }

    /** n draws of x from the model: z_L ~ N(0, I), each lower layer from its conditional, then x ~ p(x | z_1). */
    List<int[]> sample(int n, long seed) {
        Random random = new Random(seed);
        List<int[]> examples = new ArrayList<>();
        int layers = sizes.length;
        for (int e = 0; e < n; e++) {
            double[] z = new double[sizes[layers - 1]];
            for (int k = 0; k < z.length; k++) {
                z[k] = random.nextGaussian();
            }
            for (int l = layers - 2; l >= 0; l--) {
                double[] below = new double[sizes[l]];
                for (int k = 0; k < below.length; k++) {
                    below[k] = a[l][k] * z[k % z.length] + b[l][k] + Math.sqrt(s2[l][k]) * random.nextGaussian();
                }
                z = below;
            }
            int[] x = new int[features];
            for (int j = 0; j < features; j++) {
                x[j] = random.nextDouble() < Math.exp(logProb(j, z[j % z.length], 1)) ? 1 : 0;
            }
            examples.add(x);
        }
        return examples;
    }

    private static double softplus(double v) {
        return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
