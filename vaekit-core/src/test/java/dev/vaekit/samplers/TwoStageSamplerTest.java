package dev.vaekit.samplers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two-stage sampler's second VAE trains on codes from a correlated 4-dimensional Gaussian: its learned decoder
 * variance γ falls well below its start (Dai &amp; Wipf 2019 show γ → 0 as the second stage fits), its draws have the
 * codes' mean and covariance, and its importance-sampled log-likelihood of held-out codes nears the Gaussian's.
 */
class TwoStageSamplerTest {
    private static final double[] MEAN = {1, -1, 0.5, 2};
    private static final double[][] LOWER = {
        {1.0, 0, 0, 0},
        {0.8, 0.6, 0, 0},
        {-0.5, 0.3, 0.7, 0},
        {0.2, -0.4, 0.5, 1.2}
    };

    private static LatentSampler sampler;

    @BeforeAll
    static void fit() {
        SamplerConfig config = SamplerConfig.builder(SamplerKind.TWO_STAGE)
                .hidden(List.of(64, 64))
                .epochs(40)
                .batchSize(100)
                .importanceSamples(50)
                .build();
        sampler = LatentSampler.fitCodes(SamplerFixtures.gaussian(4000, MEAN, LOWER, 1), 4, config);
    }

    @AfterAll
    static void close() {
        sampler.close();
    }

    @Test
    void theLearnedDecoderVarianceShrinks() {
        NDArray logSigma =
                ((ModelDensity) sampler.density()).model().parameters().asMap().get("decoder.logSigma");
        double gamma = Math.exp(2 * logSigma.toFloatArray()[0]);
        assertThat(gamma).isLessThan(0.3); // from 1, on codes standardised to unit variance
        assertThat(sampler.description())
                .startsWith("two-stage VAE (Dai & Wipf 2019): dense [64, 64], v of 4 dimensions, learned γ = ")
                .endsWith(", 40 epochs, on standardised codes");
    }

    @Test
    void itsDrawsHaveTheCodesMeanAndCovariance() {
        float[] draws = sampler.drawCodes(20_000, 1, 3);
        double[] mean = SamplerFixtures.columnMeans(draws, 4);
        double[][] covariance = SamplerFixtures.covariance(draws, 4);
        double[][] truth = SamplerFixtures.covarianceOf(LOWER);
        for (int a = 0; a < 4; a++) {
            assertThat(mean[a]).as("mean %d", a).isCloseTo(MEAN[a], within(0.1 * Math.sqrt(truth[a][a])));
            for (int b = 0; b < 4; b++) {
                assertThat(covariance[a][b])
                        .as("Σ[%d][%d]", a, b)
                        .isCloseTo(truth[a][b], within(0.15 * Math.sqrt(truth[a][a] * truth[b][b])));
            }
        }
    }

    @Test
    void itsHeldOutLogLikelihoodNearsTheGaussians() {
        float[] fresh = SamplerFixtures.gaussian(4000, MEAN, LOWER, 2);
        double truth = SamplerFixtures.mean(SamplerFixtures.gaussianLogDensity(fresh, MEAN, LOWER));
        HeldOutScore held = sampler.heldOut();
        assertThat(held.estimator()).startsWith("importance sampling, k = 50");
        assertThat(held.codes()).isEqualTo(400);
        // an importance-sampled estimate of a learned density: at most a little above the truth, and not far below
        assertThat(held.logLikelihood()).isBetween(truth - 0.5, truth + 4 * held.stdErr());
        assertThat(sampler.standardNormal().logLikelihood()).isLessThan(held.logLikelihood() - 1);
    }
}
