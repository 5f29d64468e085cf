package dev.vaekit.models;

import static dev.vaekit.Fixtures.parameter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.train.Configs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VaeTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        Engines.seed(3);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static ModelConfig mnistDefault() {
        return Configs.defaults().model().withInputShape(1, 28, 28);
    }

    private static Map<String, Shape> shapes(Vae model) {
        Map<String, Shape> s = new LinkedHashMap<>();
        model.parameters().asMap().forEach((k, v) -> s.put(k, v.getShape()));
        return s;
    }

    @Test
    void defaultModelHasPyTorchLayoutsAndNamesInCreationOrder() {
        try (Vae model = new Vae(mnistDefault(), manager)) {
            Map<String, Shape> expected = new LinkedHashMap<>();
            expected.put("encoder.layers.0.weight", new Shape(400, 784));
            expected.put("encoder.layers.0.bias", new Shape(400));
            expected.put("encoder.out.weight", new Shape(40, 400));
            expected.put("encoder.out.bias", new Shape(40));
            expected.put("decoder.layers.0.weight", new Shape(400, 20));
            expected.put("decoder.layers.0.bias", new Shape(400));
            expected.put("decoder.out.weight", new Shape(784, 400));
            expected.put("decoder.out.bias", new Shape(784));

            assertThat(shapes(model)).containsExactlyEntriesOf(expected);
            assertThat(model.parameters().count())
                    .isEqualTo(400L * 784 + 400 + 40 * 400 + 40 + 400 * 20 + 400 + 784 * 400 + 784);
            model.parameters().asMap().forEach((name, p) -> {
                assertThat(p.getName()).isEqualTo(name);
                assertThat(p.hasGradient()).as(name).isTrue();
            });
        }
    }

    @Test
    void decoderMirrorsSeveralHiddenLayers() {
        ModelConfig c = ModelConfig.builder("dense-vae")
                .inputShape(1, 2, 3)
                .latentDim(4)
                .hidden(10, 5)
                .activation(ActivationKind.ELU)
                .family(VaeConfig.builder().likelihood(LikelihoodKind.BERNOULLI).build())
                .build();
        try (Vae model = new Vae(c, manager)) {
            assertThat(shapes(model))
                    .containsEntry("encoder.layers.0.weight", new Shape(10, 6))
                    .containsEntry("encoder.layers.1.weight", new Shape(5, 10))
                    .containsEntry("encoder.out.weight", new Shape(8, 5))
                    .containsEntry("decoder.layers.0.weight", new Shape(5, 4))
                    .containsEntry("decoder.layers.1.weight", new Shape(10, 5))
                    .containsEntry("decoder.out.weight", new Shape(6, 10))
                    .hasSize(12);
        }
    }

    @Test
    void weightsAreInitialisedUniformlyWithinOneOverRootFanIn() {
        try (Vae model = new Vae(mnistDefault(), manager)) {
            float[] w = parameter(model, "encoder.layers.0.weight");
            double bound = 1 / Math.sqrt(784);
            double max = 0;
            double sum = 0;
            for (float v : w) {
                max = Math.max(max, Math.abs(v));
                sum += v;
            }
            assertThat(max).isLessThanOrEqualTo(bound).isGreaterThan(0.95 * bound);
            assertThat(Math.abs(sum / w.length)).isLessThan(0.01 * bound);
        }
    }

    @Test
    void encodeAndDecodeShapes() {
        try (Vae model = new Vae(mnistDefault(), manager)) {
            NDArray x = manager.randomUniform(0, 1, new Shape(5, 784));

            DiagonalGaussian q = model.encode(x);
            NDArray out = model.decode(manager.randomNormal(new Shape(3, 20)));

            assertThat(q.mean().getShape()).isEqualTo(new Shape(5, 20));
            assertThat(q.logVar().getShape()).isEqualTo(new Shape(5, 20));
            assertThat(out.getShape()).isEqualTo(new Shape(3, 784));
            assertThat(model.observation().mean(out).getShape()).isEqualTo(new Shape(3, 784));
        }
    }

    @Test
    void encoderComputesXTimesWTransposedPlusBiasWithMeanRowsFirst() {
        try (Vae model = new Vae(Fixtures.tinyModel(), manager)) {
            float[] x = {0.2f, -1f, 0.5f, 1f};
            float[] w0 = parameter(model, "encoder.layers.0.weight"); // (8, 4)
            float[] b0 = parameter(model, "encoder.layers.0.bias");
            float[] w1 = parameter(model, "encoder.out.weight"); // (4, 8)
            float[] b1 = parameter(model, "encoder.out.bias");
            double[] h = new double[8];
            for (int o = 0; o < 8; o++) {
                double s = b0[o];
                for (int i = 0; i < 4; i++) {
                    s += w0[o * 4 + i] * x[i];
                }
                h[o] = Math.tanh(s);
            }
            double[] out = new double[4];
            for (int o = 0; o < 4; o++) {
                out[o] = b1[o];
                for (int i = 0; i < 8; i++) {
                    out[o] += w1[o * 8 + i] * h[i];
                }
            }

            DiagonalGaussian q = model.encode(manager.create(x, new Shape(1, 4)));

            float[] mu = q.mean().toFloatArray();
            float[] logVar = q.logVar().toFloatArray();
            assertThat((double) mu[0]).isCloseTo(out[0], within(1e-5));
            assertThat((double) mu[1]).isCloseTo(out[1], within(1e-5));
            assertThat((double) logVar[0]).isCloseTo(out[2], within(1e-5));
            assertThat((double) logVar[1]).isCloseTo(out[3], within(1e-5));
        }
    }

    @Test
    void decodeWorksOnTheLastAxisOfStackedSamples() {
        try (Vae model = new Vae(Fixtures.tinyModel(), manager)) {
            NDArray z = manager.randomNormal(new Shape(3, 2, 2));

            NDArray stacked = model.decode(z);
            NDArray flat = model.decode(z.reshape(6, 2));

            assertThat(stacked.getShape()).isEqualTo(new Shape(3, 2, 4));
            assertThat(stacked.reshape(6, 4).toFloatArray()).containsExactly(flat.toFloatArray());
        }
    }

    /** A 6-4-2 ReLU VAE with a Gaussian likelihood. */
    private static ModelConfig gaussian(GaussianVariance variance, double sigma) {
        return ModelConfig.builder("dense-vae")
                .inputShape(1, 2, 3)
                .latentDim(2)
                .hidden(4)
                .activation(ActivationKind.RELU)
                .family(VaeConfig.builder()
                        .likelihood(Fixtures.likelihood(LikelihoodKind.GAUSSIAN, variance, sigma))
                        .build())
                .build();
    }

    @Test
    void learnedGaussianSigmaIsAParameterInitialisedAtTheConfiguredSigma() {
        ModelConfig shared = gaussian(GaussianVariance.SHARED, 0.5);
        ModelConfig perDim = gaussian(GaussianVariance.PER_DIMENSION, 0.5);
        ModelConfig fixed = gaussian(GaussianVariance.FIXED, 0.5);
        try (Vae a = new Vae(shared, manager);
                Vae b = new Vae(perDim, manager);
                Vae c = new Vae(fixed, manager)) {
            assertThat(shapes(a)).containsEntry("decoder.logSigma", new Shape(1));
            assertThat(shapes(b)).containsEntry("decoder.logSigma", new Shape(6));
            assertThat(shapes(c)).doesNotContainKey("decoder.logSigma");
            assertThat(parameter(a, "decoder.logSigma")[0]).isCloseTo((float) Math.log(0.5), within(1e-6f));

            // all three give the same density while the learned sigma is still at its initial value
            NDArray x = manager.randomUniform(0, 1, new Shape(2, 6));
            NDArray mean = manager.randomUniform(0, 1, new Shape(2, 6));
            float[] la = a.observation().logProb(x, mean).toFloatArray();
            float[] lb = b.observation().logProb(x, mean).toFloatArray();
            float[] lc = c.observation().logProb(x, mean).toFloatArray();
            for (int i = 0; i < 2; i++) {
                assertThat(la[i]).isCloseTo(lc[i], within(1e-3f));
                assertThat(lb[i]).isCloseTo(lc[i], within(1e-3f));
            }
            // the Gaussian mean is the decoder output itself
            assertThat(c.observation().mean(mean)).isSameAs(mean);
        }
    }

    @Test
    void closeFreesTheParameters() {
        Vae model = new Vae(Fixtures.tinyModel(), manager);
        NDManager owner = model.parameters().manager();

        model.close();

        assertThat(owner.isOpen()).isFalse();
        assertThat(manager.isOpen()).isTrue();
    }
}
