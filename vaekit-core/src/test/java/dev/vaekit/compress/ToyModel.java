package dev.vaekit.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A latent variable model in plain Java whose ELBO is computable to quadrature accuracy: L independent latent
 * coordinates z_k ~ N(0, 1), and D features, feature j depending only on z_{j mod L} (and, in the autoregressive
 * variant, on feature j−1). Each coordinate's group of features is then a one-dimensional problem: the posterior
 * q(z_k | x) is the Gaussian with the true posterior's mean and variance (moment matching, by quadrature on a grid),
 * and E_q[log p(x_j | z_k)] is a one-dimensional integral, so −ELBO(x) = Σ_k KL(q_k ‖ N(0, 1)) + Σ_j E_q[−log p(x_j |
 * z)] is exact up to the quadrature (trapezoid over μ ± 12σ with 801 points; the integrand is smooth and Gaussian-weighted, so the rule converges geometrically and its error is far below 10⁻⁶ nats).
 */
final class ToyModel implements LatentVariableModel {
    /** The likelihood's family. */
    enum Kind {
        BERNOULLI,
        CATEGORICAL,
        LOGISTIC_MIXTURE,
        AUTOREGRESSIVE_BERNOULLI
    }

    private static final int GRID = 801;
    private static final double HALF_WIDTH = 12;
    private static final int COMPONENTS = 2;

    final Kind kind;
    final int latent;
    final int features;
    final int classes;
    private final double[][] slope;
    private final double[][] offset;
    private final double[][] extra;
    private int posteriorCalls;
    private int likelihoodCalls;

    /**
     * @param kind the likelihood
     * @param latent L
     * @param features D
     * @param classes the values of a categorical feature (ignored otherwise)
     * @param seed the seed of the parameters
     */
    ToyModel(Kind kind, int latent, int features, int classes, long seed) {
        this.kind = kind;
        this.latent = latent;
        this.features = features;
        this.classes = kind == Kind.CATEGORICAL ? classes : kind == Kind.LOGISTIC_MIXTURE ? 256 : 2;
        Random random = new Random(seed);
        int width = kind == Kind.CATEGORICAL ? classes : kind == Kind.LOGISTIC_MIXTURE ? COMPONENTS : 1;
        slope = new double[features][width];
        offset = new double[features][width];
        extra = new double[features][width];
        for (int j = 0; j < features; j++) {
            for (int w = 0; w < width; w++) {
                switch (kind) {
                    case BERNOULLI, AUTOREGRESSIVE_BERNOULLI -> {
                        slope[j][w] = 2.5 * (random.nextDouble() - 0.5) * 2;
                        offset[j][w] = random.nextGaussian();
                        extra[j][w] = 2 * random.nextGaussian(); // the autoregressive weight on x_{j−1}
                    }
                    case CATEGORICAL -> {
                        slope[j][w] = 2 * random.nextGaussian();
                        offset[j][w] = random.nextGaussian();
                    }
                    case LOGISTIC_MIXTURE -> {
                        slope[j][w] = 1.5 * random.nextGaussian(); // the mean is tanh(slope z + offset)
                        offset[j][w] = 0.5 * random.nextGaussian();
                        extra[j][w] = -2.5 - random.nextDouble(); // the log-scale
                    }
                }
            }
        }
    }

    @Override
    public int latentDimension() {
        return latent;
    }

    @Override
    public int featureCount() {
        return features;
    }

    @Override
    public int alphabetSize() {
        return classes;
    }

    int posteriorCalls() {
        return posteriorCalls;
    }

    int likelihoodCalls() {
        return likelihoodCalls;
    }

    @Override
    public ObservationModel likelihood(double[] z) {
        likelihoodCalls++;
        double[] zCopy = z.clone();
        return (index, example) -> distribution(index, zCopy[index % latent], index == 0 ? 0 : example[index - 1]);
    }

    /** p(x_j | z_k, x_{j−1}). */
    FeatureDistribution distribution(int j, double z, int previous) {
        return switch (kind) {
            case BERNOULLI -> new FeatureDistribution.Bernoulli(slope[j][0] * z + offset[j][0]);
            case AUTOREGRESSIVE_BERNOULLI -> new FeatureDistribution.Bernoulli(
                    slope[j][0] * z + offset[j][0] + extra[j][0] * (previous - 0.5));
            case CATEGORICAL -> {
                double[] logits = new double[classes];
                for (int v = 0; v < classes; v++) {
                    logits[v] = slope[j][v] * z + offset[j][v];
                }
                yield new FeatureDistribution.Categorical(logits);
            }
            case LOGISTIC_MIXTURE -> {
                double[] means = new double[COMPONENTS];
                for (int m = 0; m < COMPONENTS; m++) {
                    means[m] = Math.tanh(slope[j][m] * z + offset[j][m]);
                }
                yield new FeatureDistribution.LogisticMixture(new double[] {0.3, -0.2}, means, extra[j].clone());
            }
        };
    }

    /** log p(x_j | z_k, x_{j−1}) in nats, unquantised, in double precision. */
    double logProb(int j, double z, int value, int previous) {
        FeatureDistribution d = distribution(j, z, previous);
        if (d instanceof FeatureDistribution.Bernoulli b) {
            double l = b.logit();
            return value == 1 ? -softplus(-l) : -softplus(l);
        }
        if (d instanceof FeatureDistribution.Categorical c) {
            double max = Double.NEGATIVE_INFINITY;
            for (double l : c.logits()) {
                max = Math.max(max, l);
            }
            double sum = 0;
            for (double l : c.logits()) {
                sum += Math.exp(l - max);
            }
            return c.logits()[value] - max - Math.log(sum);
        }
        FeatureDistribution.LogisticMixture mix = (FeatureDistribution.LogisticMixture) d;
        double[] w = mix.weightLogits();
        double wMax = Math.max(w[0], w[1]);
        double wSum = Math.exp(w[0] - wMax) + Math.exp(w[1] - wMax);
        double p = 0;
        for (int m = 0; m < COMPONENTS; m++) {
            double s = Math.exp(Math.max(mix.logScales()[m], -7));
            double y = 2.0 * value / 255 - 1;
            double a = (y + 1.0 / 255 - mix.means()[m]) / s; // the bin's upper edge, +∞ for the highest level
            double b = (y - 1.0 / 255 - mix.means()[m]) / s; // its lower edge, −∞ for the lowest
            // σ(a) − σ(b), computed as σ(−b) − σ(−a) in the upper tail so that it does not cancel to 0
            double mass = b > 0
                    ? (value == 255 ? sigmoid(-b) : sigmoid(-b) - sigmoid(-a))
                    : (value == 255 ? 1 : sigmoid(a)) - (value == 0 ? 0 : sigmoid(b));
            p += Math.exp(w[m] - wMax) / wSum * mass;
        }
        return Math.log(p);
    }

    @Override
    public GaussianPosterior posterior(int[] example) {
        posteriorCalls++;
        double[] mean = new double[latent];
        double[] logVariance = new double[latent];
        for (int k = 0; k < latent; k++) {
            // the true posterior of z_k ∝ N(z; 0, 1) Π_{j ∈ group k} p(x_j | z), its mean and variance on a grid
            double max = Double.NEGATIVE_INFINITY;
            double[] logPost = new double[GRID];
            double[] zs = new double[GRID];
            for (int g = 0; g < GRID; g++) {
                double z = -8 + 16.0 * g / (GRID - 1);
                zs[g] = z;
                logPost[g] = -0.5 * z * z + groupLogLikelihood(example, k, z);
                max = Math.max(max, logPost[g]);
            }
            double mass = 0;
            double first = 0;
            double second = 0;
            for (int g = 0; g < GRID; g++) {
                double w = Math.exp(logPost[g] - max);
                mass += w;
                first += w * zs[g];
                second += w * zs[g] * zs[g];
            }
            double mu = first / mass;
            double variance = Math.max(second / mass - mu * mu, 1e-6);
            mean[k] = mu;
            logVariance[k] = Math.log(variance);
        }
        return new GaussianPosterior(mean, logVariance);
    }

    /** Σ_{j ∈ group k} log p(x_j | z). */
    double groupLogLikelihood(int[] example, int k, double z) {
        double sum = 0;
        for (int j = k; j < features; j += latent) {
            sum += logProb(j, z, example[j], j == 0 ? 0 : example[j - 1]);
        }
        return sum;
    }

    /**
     * −ELBO(x) in nats with q = {@link #posterior}, the q(z|x) the coder uses (before rounding to the parameter grid):
     * Σ_k [KL(q_k ‖ N(0, 1)) + E_{q_k}[−Σ_{j ∈ group k} log p(x_j | z)]]. Not for the autoregressive kind.
     */
    double negativeElbo(int[] example) {
        GaussianPosterior q = posterior(example);
        double total = 0;
        for (int k = 0; k < latent; k++) {
            double mu = q.mean()[k];
            double variance = Math.exp(q.logVariance()[k]);
            double sigma = Math.sqrt(variance);
            total += 0.5 * (mu * mu + variance - q.logVariance()[k] - 1);
            double h = 2 * HALF_WIDTH / (GRID - 1);
            double expectation = 0;
            for (int g = 0; g < GRID; g++) {
                double t = -HALF_WIDTH + g * h;
                double weight =
                        (g == 0 || g == GRID - 1 ? 0.5 : 1) * h * Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
                expectation += weight * groupLogLikelihood(example, k, mu + sigma * t);
            }
            total -= expectation;
        }
        return total;
    }

    /** n draws of x from the model: z ~ N(0, I), then x ~ p(x | z), feature by feature. */
    List<int[]> sample(int n, long seed) {
        Random random = new Random(seed);
        List<int[]> examples = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            double[] z = new double[latent];
            for (int k = 0; k < latent; k++) {
                z[k] = random.nextGaussian();
            }
            int[] x = new int[features];
            for (int j = 0; j < features; j++) {
                int previous = j == 0 ? 0 : x[j - 1];
                double u = random.nextDouble();
                double cumulative = 0;
                int value = classes - 1;
                for (int v = 0; v < classes; v++) {
                    cumulative += Math.exp(logProb(j, z[j % latent], v, previous));
                    if (u < cumulative) {
                        value = v;
                        break;
                    }
                }
                x[j] = value;
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
