package dev.vaekit.latent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.data.Dataset;
import dev.vaekit.distributions.NormalQuantile;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.GaussianVariance;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.Model;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.PlainAutoencoder;
import dev.vaekit.models.Vae;
import dev.vaekit.nn.ActivationKind;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PriorSampledLogLikelihoodTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        Engines.seed(21);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** A 2-d code, no hidden layer: the decoder is one linear map z ↦ W z + b, so p(x|z) has a closed form. */
    private static ModelConfig linear(String type, LikelihoodKind likelihood) {
        return ModelConfig.builder(type)
                .inputShape(1, 1, 3)
                .latentDim(2)
                .hidden(List.of())
                .activation(ActivationKind.TANH)
                .family(Fixtures.withLikelihood(type, Fixtures.likelihood(likelihood, GaussianVariance.FIXED, 0.5)))
                .build();
    }

    private static final float[] W = {1.5f, -0.5f, 0f, 2f, -1f, 1f}; // (3, 2)
    private static final float[] B = {0.2f, -0.3f, 0.1f};

    /** log p(x|z) of the linear decoder, in doubles. */
    private static double logPxGivenZ(float[] x, double z0, double z1, LikelihoodKind likelihood) {
        double sum = 0;
        for (int j = 0; j < 3; j++) {
            double y = W[2 * j] * z0 + W[2 * j + 1] * z1 + B[j];
            if (likelihood == LikelihoodKind.BERNOULLI) {
                double softplus = Math.max(y, 0) + Math.log1p(Math.exp(-Math.abs(y)));
                sum += x[j] * y - softplus;
            } else {
                sum += -0.5 * Math.pow((x[j] - y) / 0.5, 2) - Math.log(0.5) - 0.5 * Math.log(2 * Math.PI);
            }
        }
        return sum;
    }

    /** log ∫ p(x|z) N(z; 0, I) dz by the midpoint rule in Φ-space: z = Φ⁻¹((i + ½)/G), weights 1/G². */
    private static double quadrature(float[] x, LikelihoodKind likelihood) {
        int g = 400;
        double total = 0;
        for (int i = 0; i < g; i++) {
            double z0 = NormalQuantile.phiInverse((i + 0.5) / g);
            for (int j = 0; j < g; j++) {
                total += Math.exp(logPxGivenZ(x, z0, NormalQuantile.phiInverse((j + 0.5) / g), likelihood));
            }
        }
        return Math.log(total / ((double) g * g));
    }

    private Model linearModel(String type, LikelihoodKind likelihood) {
        Model model = Model.create(linear(type, likelihood), null, manager);
        Fixtures.setParameter(model.requireAutoencoder(), "decoder.out.weight", W);
        Fixtures.setParameter(model.requireAutoencoder(), "decoder.out.bias", B);
        return model;
    }

    @Test
    void manyDrawsApproachTheIntegralOverThePrior() {
        float[][] rows = {{1, 0, 1}, {0, 0, 1}, {1, 1, 0}};
        Dataset data = new Dataset("three", new float[] {1, 0, 1, 0, 0, 1, 1, 1, 0}, null, 1, 1, 3);
        for (LikelihoodKind likelihood : List.of(LikelihoodKind.BERNOULLI, LikelihoodKind.GAUSSIAN)) {
            try (Model model = linearModel(PlainAutoencoder.TYPE, likelihood)) {
                double[] estimate =
                        new PriorSampledLogLikelihood(200_000, 3).logLikelihoods(model.requireAutoencoder(), data);

                for (int i = 0; i < rows.length; i++) {
                    assertThat(estimate[i])
                            .as("%s, row %d", likelihood, i)
                            .isCloseTo(quadrature(rows[i], likelihood), within(0.02));
                }
            }
        }
    }

    @Test
    void theModelsKindDoesNotMatterOnlyItsDecoder() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(2);
        float[] x = new float[30 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(2);
        }
        Dataset rows = new Dataset("rows", x, null, 1, 1, 3);
        try (Model ae = linearModel(PlainAutoencoder.TYPE, LikelihoodKind.BERNOULLI);
                Model vae = linearModel(Vae.TYPE, LikelihoodKind.BERNOULLI)) {
            double[] a = new PriorSampledLogLikelihood(50, 7).logLikelihoods(ae.requireAutoencoder(), rows);
            double[] b = new PriorSampledLogLikelihood(50, 7).logLikelihoods(vae.requireAutoencoder(), rows);

            assertThat(b).containsExactly(a);
        }
    }

    @Test
    void theSeedDecidesTheDrawsAndChunkingDoesNotChangeTheEstimate() {
        // 4096 features: a chunk of 16M floats holds 4096 decoded draws, so k = 5000 takes two chunks
        int d = 4096;
        ModelConfig config = ModelConfig.builder(PlainAutoencoder.TYPE)
                .inputShape(1, 1, d)
                .latentDim(2)
                .hidden(List.of())
                .activation(ActivationKind.TANH)
                .family(Fixtures.withLikelihood(
                        PlainAutoencoder.TYPE,
                        Fixtures.likelihood(LikelihoodKind.BERNOULLI, GaussianVariance.FIXED, 0.1)))
                .build();
        float[] x = new float[2 * d];
        for (int i = 0; i < x.length; i += 3) {
            x[i] = 1;
        }
        Dataset data = new Dataset("wide", x, null, 1, 1, d);
        try (Model model = Model.create(config, null, manager)) {
            // zero decoder weights: p(x|z) = p(x|b) for every z, so every estimate is exact whatever the chunking
            Fixtures.setParameter(model.requireAutoencoder(), "decoder.out.weight", new float[d * 2]);
            float[] bias = Fixtures.uniform(8, d, -2, 2);
            Fixtures.setParameter(model.requireAutoencoder(), "decoder.out.bias", bias);
            double[] exact = new double[2];
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < d; j++) {
                    double b = bias[j];
                    exact[i] += x[i * d + j] * b - (Math.max(b, 0) + Math.log1p(Math.exp(-Math.abs(b))));
                }
            }

            double[] estimate = new PriorSampledLogLikelihood(5000, 1).logLikelihoods(model.requireAutoencoder(), data);

            assertThat(estimate[0]).isCloseTo(exact[0], within(0.05));
            assertThat(estimate[1]).isCloseTo(exact[1], within(0.05));
        }
        try (Model model = linearModel(PlainAutoencoder.TYPE, LikelihoodKind.GAUSSIAN)) {
            Dataset rows = new Dataset("rows", Fixtures.uniform(3, 12, 0, 1), null, 1, 1, 3);
            double[] a = new PriorSampledLogLikelihood(40, 5).logLikelihoods(model.requireAutoencoder(), rows);
            double[] b = new PriorSampledLogLikelihood(40, 5).logLikelihoods(model.requireAutoencoder(), rows);
            double[] c = new PriorSampledLogLikelihood(40, 6).logLikelihoods(model.requireAutoencoder(), rows);

            assertThat(b).containsExactly(a);
            assertThat(c).isNotEqualTo(a);
        }
    }

    @Test
    void kMustBePositiveAndRowsTheModelsWidth() {
        assertThatThrownBy(() -> new PriorSampledLogLikelihood(0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k must be >= 1, got 0");
        try (Model model = linearModel(PlainAutoencoder.TYPE, LikelihoodKind.BERNOULLI)) {
            Dataset four = new Dataset("four", new float[4], null, 1, 1, 4);
            assertThatThrownBy(
                            () -> new PriorSampledLogLikelihood(3, 1).logLikelihoods(model.requireAutoencoder(), four))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("takes 3");
        }
    }
}
