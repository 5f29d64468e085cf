package dev.vaekit.samplers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MAF sampler on codes from a correlated Gaussian far from N(0, I): its exact log-density matches the Gaussian's
 * closed form (which needs the Jacobian of the standardisation right), integrates to one, and its draws have the
 * Gaussian's moments.
 */
class MafSamplerTest {
    private static final double[] MEAN = {5, -2};
    private static final double[][] LOWER = {{3, 0}, {1.5, 0.5}};

    private static LatentSampler sampler;

    @BeforeAll
    static void fit() {
        SamplerConfig config = SamplerConfig.builder(SamplerKind.MAF)
                .flowLength(2)
                .hidden(List.of(16, 16))
                .epochs(30)
                .batchSize(100)
                .learningRate(3e-3)
                .build();
        sampler = LatentSampler.fitCodes(SamplerFixtures.gaussian(3000, MEAN, LOWER, 1), 2, config);
    }

    @AfterAll
    static void close() {
        sampler.close();
    }

    @Test
    void itsLogDensityOfFreshCodesIsTheGaussians() {
        float[] fresh = SamplerFixtures.gaussian(4000, MEAN, LOWER, 2);
        double truth = SamplerFixtures.mean(SamplerFixtures.gaussianLogDensity(fresh, MEAN, LOWER));
        // log det Σ = 2 log(3 · 0.5): the standardisation's scales enter the density only through its Jacobian
        assertThat(SamplerFixtures.mean(sampler.logDensity(fresh))).isCloseTo(truth, within(0.05));
        HeldOutScore held = sampler.heldOut();
        assertThat(held.estimator()).isEqualTo("exact");
        assertThat(held.logLikelihood()).isCloseTo(truth, within(4 * held.stdErr() + 0.05));
        assertThat(sampler.description()).isEqualTo("MAF, 2 steps of MADE [16, 16], 30 epochs, on standardised codes");
    }

    @Test
    void itsDensityIntegratesToOne() {
        // a grid over ±6 standard deviations of each coordinate (sd 3 and √(1.5² + 0.5²))
        int steps = 240;
        double sd1 = 3;
        double sd2 = Math.hypot(1.5, 0.5);
        double h1 = 12 * sd1 / steps;
        double h2 = 12 * sd2 / steps;
        float[] grid = new float[steps * steps * 2];
        for (int i = 0; i < steps; i++) {
            for (int j = 0; j < steps; j++) {
                int row = i * steps + j;
                grid[2 * row] = (float) (MEAN[0] - 6 * sd1 + (i + 0.5) * h1);
                grid[2 * row + 1] = (float) (MEAN[1] - 6 * sd2 + (j + 0.5) * h2);
            }
        }
        double integral = 0;
        for (double logP : sampler.logDensity(grid)) {
            integral += Math.exp(logP) * h1 * h2;
        }
        assertThat(integral).isCloseTo(1, within(0.03));
    }

    @Test
    void itsDrawsHaveTheGaussiansMoments() {
        float[] draws = sampler.drawCodes(20_000, 1, 3);
        double[] mean = SamplerFixtures.columnMeans(draws, 2);
        double[][] covariance = SamplerFixtures.covariance(draws, 2);
        double[][] truth = SamplerFixtures.covarianceOf(LOWER);
        assertThat(mean[0]).isCloseTo(MEAN[0], within(0.15));
        assertThat(mean[1]).isCloseTo(MEAN[1], within(0.08));
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                assertThat(covariance[a][b])
                        .as("Σ[%d][%d]", a, b)
                        .isCloseTo(truth[a][b], within(0.1 * Math.sqrt(truth[a][a] * truth[b][b])));
            }
        }
        // the same seed draws the same codes, another seed others
        assertThat(sampler.drawCodes(50, 1, 3)).isEqualTo(sampler.drawCodes(50, 1, 3));
        assertThat(sampler.drawCodes(50, 1, 4)).isNotEqualTo(sampler.drawCodes(50, 1, 3));
    }
}
