package dev.vaekit.samplers;

import java.util.List;
import java.util.SplittableRandom;

/** Codes with known densities, their moments, and small sampler configs, shared by the sampler tests. */
final class SamplerFixtures {
    private SamplerFixtures() {}

    /**
     * Draws of a Gaussian mixture: a component by its weight, then μ_c + L_c ε.
     *
     * @param n how many
     * @param weights π_c
     * @param means μ_c
     * @param lowers lower Cholesky factors L_c of the covariances
     * @param seed seed of the draws
     * @return n × d, row-major
     */
    static float[] mixture(int n, double[] weights, double[][] means, double[][][] lowers, long seed) {
        int d = means[0].length;
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[n * d];
        double[] eps = new double[d];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            int c = 0;
            while (c < weights.length - 1 && (u -= weights[c]) > 0) {
                c++;
            }
            for (int j = 0; j < d; j++) {
                eps[j] = gaussian(random);
            }
            for (int a = 0; a < d; a++) {
                double v = means[c][a];
                for (int b = 0; b <= a; b++) {
                    v += lowers[c][a][b] * eps[b];
                }
                out[i * d + a] = (float) v;
            }
        }
        return out;
    }

    /** n draws of N(μ, L Lᵀ). */
    static float[] gaussian(int n, double[] mean, double[][] lower, long seed) {
        return mixture(n, new double[] {1}, new double[][] {mean}, new double[][][] {lower}, seed);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /**
     * log N(z; μ, L Lᵀ) = −½ ‖L⁻¹(z − μ)‖² − Σ_j log L_jj − (d/2) log 2π, by forward substitution.
     *
     * @return one value per row
     */
    static double[] gaussianLogDensity(float[] codes, double[] mean, double[][] lower) {
        int d = mean.length;
        double[] out = new double[codes.length / d];
        double[] y = new double[d];
        double logDet = 0;
        for (int j = 0; j < d; j++) {
            logDet += Math.log(lower[j][j]);
        }
        for (int i = 0; i < out.length; i++) {
            double squares = 0;
            for (int a = 0; a < d; a++) {
                double v = codes[i * d + a] - mean[a];
                for (int b = 0; b < a; b++) {
                    v -= lower[a][b] * y[b];
                }
                y[a] = v / lower[a][a];
                squares += y[a] * y[a];
            }
            out[i] = -0.5 * squares - logDet - 0.5 * d * Math.log(2 * Math.PI);
        }
        return out;
    }

    /** log Σ_c π_c N(z; μ_c, L_c L_cᵀ) of each row. */
    static double[] mixtureLogDensity(float[] codes, double[] weights, double[][] means, double[][][] lowers) {
        int n = codes.length / means[0].length;
        double[][] parts = new double[weights.length][];
        for (int c = 0; c < weights.length; c++) {
            parts[c] = gaussianLogDensity(codes, means[c], lowers[c]);
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < weights.length; c++) {
                max = Math.max(max, Math.log(weights[c]) + parts[c][i]);
            }
            double sum = 0;
            for (int c = 0; c < weights.length; c++) {
                sum += Math.exp(Math.log(weights[c]) + parts[c][i] - max);
            }
            out[i] = max + Math.log(sum);
        }
        return out;
    }

    /** Σ = L Lᵀ. */
    static double[][] covarianceOf(double[][] lower) {
        int d = lower.length;
        double[][] out = new double[d][d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                for (int k = 0; k < d; k++) {
                    out[a][b] += lower[a][k] * lower[b][k];
                }
            }
        }
        return out;
    }

    /** The rows' mean per column. */
    static double[] columnMeans(float[] rows, int d) {
        int n = rows.length / d;
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += rows[i * d + j] / (double) n;
            }
        }
        return mean;
    }

    /** The rows' sample covariance (divisor n − 1). */
    static double[][] covariance(float[] rows, int d) {
        int n = rows.length / d;
        double[] mean = columnMeans(rows, d);
        double[][] out = new double[d][d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    out[a][b] += (rows[i * d + a] - mean[a]) * (rows[i * d + b] - mean[b]) / (n - 1);
                }
            }
        }
        return out;
    }

    static double mean(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }

    /** A fast config of each kind: K = 2; two MAF steps of MADE [16, 16]; a [16, 16] second VAE; a few epochs. */
    static SamplerConfig tiny(SamplerKind kind) {
        SamplerConfig.Builder b = SamplerConfig.builder(kind).seed(5);
        return switch (kind) {
            case GMM -> b.components(2).build();
            case MAF -> b.flowLength(2)
                    .hidden(List.of(16, 16))
                    .epochs(3)
                    .batchSize(50)
                    .build();
            case TWO_STAGE -> b.hidden(List.of(16, 16))
                    .epochs(3)
                    .batchSize(50)
                    .importanceSamples(5)
                    .build();
        };
    }
}
