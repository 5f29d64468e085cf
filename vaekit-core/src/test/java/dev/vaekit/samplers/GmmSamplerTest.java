package dev.vaekit.samplers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.baselines.GaussianMixtureModel;
import org.junit.jupiter.api.Test;

/** The Gaussian mixture sampler recovers a known mixture of codes, and scores held-out codes as it does. */
class GmmSamplerTest {
    private static final double[] WEIGHTS = {0.6, 0.4};
    private static final double[][] MEANS = {{-3, 1}, {2, -1}};
    private static final double[][][] LOWERS = {{{1.0, 0}, {0.5, 0.8}}, {{0.6, 0}, {-0.3, 0.5}}};

    private static float[] codes(int n, long seed) {
        return SamplerFixtures.mixture(n, WEIGHTS, MEANS, LOWERS, seed);
    }

    private static GaussianMixtureModel mixture(LatentSampler sampler) {
        return ((GmmDensity) sampler.density()).mixture();
    }

    @Test
    void recoversTheWeightsMeansAndCovariancesOfAKnownMixture() {
        try (LatentSampler sampler = LatentSampler.fitCodes(
                codes(5000, 1),
                2,
                SamplerConfig.builder(SamplerKind.GMM).components(2).build())) {
            GaussianMixtureModel fit = mixture(sampler);
            assertThat(sampler.spec().fitCodes()).isEqualTo(4500);
            assertThat(sampler.heldOut().codes()).isEqualTo(500);
            for (int t = 0; t < 2; t++) {
                // the fitted component nearest the true mean
                double[][] means = fit.means();
                int c = dist(means[0], MEANS[t]) < dist(means[1], MEANS[t]) ? 0 : 1;
                assertThat(fit.weights()[c]).as("weight %d", t).isCloseTo(WEIGHTS[t], within(0.03));
                assertThat(means[c][0]).isCloseTo(MEANS[t][0], within(0.1));
                assertThat(means[c][1]).isCloseTo(MEANS[t][1], within(0.1));
                double[][] truth = SamplerFixtures.covarianceOf(LOWERS[t]);
                double[][] fitted = fit.covariance(c);
                for (int a = 0; a < 2; a++) {
                    for (int b = 0; b < 2; b++) {
                        assertThat(fitted[a][b]).as("Σ_%d[%d][%d]", t, a, b).isCloseTo(truth[a][b], within(0.1));
                    }
                }
            }
        }
    }

    private static double dist(double[] a, double[] b) {
        return Math.hypot(a[0] - b[0], a[1] - b[1]);
    }

    @Test
    void itsLogLikelihoodOfFreshCodesIsTheTrueMixturesAndTheHeldOutScoreAgrees() {
        float[] fresh = codes(4000, 2);
        double truth = SamplerFixtures.mean(SamplerFixtures.mixtureLogDensity(fresh, WEIGHTS, MEANS, LOWERS));
        try (LatentSampler sampler = LatentSampler.fitCodes(
                codes(5000, 1),
                2,
                SamplerConfig.builder(SamplerKind.GMM).components(2).build())) {
            // the same codes under the fitted and the true density: the difference is the fit's error alone
            assertThat(SamplerFixtures.mean(sampler.logDensity(fresh))).isCloseTo(truth, within(0.02));
            HeldOutScore held = sampler.heldOut();
            assertThat(held.estimator()).isEqualTo("exact");
            assertThat(held.logLikelihood()).isCloseTo(truth, within(4 * held.stdErr() + 0.02));
            assertThat(held.stdErr()).isBetween(0.02, 0.1);
            // N(0, I) on the same codes: E log N(z; 0, I) = −½ Σ_c π_c (‖μ_c‖² + tr Σ_c) − log 2π in two dimensions
            double expectedSquares = 0;
            for (int c = 0; c < 2; c++) {
                double[][] sigma = SamplerFixtures.covarianceOf(LOWERS[c]);
                expectedSquares += WEIGHTS[c]
                        * (MEANS[c][0] * MEANS[c][0] + MEANS[c][1] * MEANS[c][1] + sigma[0][0] + sigma[1][1]);
            }
            HeldOutScore normal = sampler.standardNormal();
            assertThat(normal.logLikelihood())
                    .isCloseTo(-0.5 * expectedSquares - Math.log(2 * Math.PI), within(4 * normal.stdErr()));
            assertThat(normal.logLikelihood()).isLessThan(held.logLikelihood() - 1);
        }
    }

    @Test
    void bicChoosesTheTrueNumberOfComponentsFromTheDefaultGrid() {
        try (LatentSampler sampler =
                LatentSampler.fitCodes(codes(3000, 3), 2, SamplerConfig.defaults(SamplerKind.GMM))) {
            assertThat(mixture(sampler).components()).isEqualTo(2);
            assertThat(sampler.spec().components()).isEqualTo(2);
            assertThat(sampler.description()).isEqualTo("GMM, full covariances, K = 2 (BIC among 1, 2, 4, 8, 16, 32)");
        }
    }

    @Test
    void theTemperatureScalesEachComponentsCovarianceByItsSquare() {
        double[] mean = {1, -2};
        double[][] lower = {{1.5, 0}, {0.9, 0.7}};
        try (LatentSampler sampler = LatentSampler.fitCodes(
                SamplerFixtures.gaussian(2000, mean, lower, 4),
                2,
                SamplerConfig.builder(SamplerKind.GMM).components(1).build())) {
            double[][] fitted = mixture(sampler).covariance(0);
            float[] cold = sampler.drawCodes(40_000, 0.5, 11);
            double[][] coldCovariance = SamplerFixtures.covariance(cold, 2);
            double[] coldMean = SamplerFixtures.columnMeans(cold, 2);
            for (int a = 0; a < 2; a++) {
                assertThat(coldMean[a]).isCloseTo(mixture(sampler).means()[0][a], within(0.02));
                for (int b = 0; b < 2; b++) {
                    assertThat(coldCovariance[a][b]).isCloseTo(0.25 * fitted[a][b], within(0.02));
                }
            }
            // T = 1 draws the mixture itself
            assertThat(sampler.drawCodes(100, 1, 12)).isEqualTo(mixture(sampler).sample(100, 12));
        }
    }
}
