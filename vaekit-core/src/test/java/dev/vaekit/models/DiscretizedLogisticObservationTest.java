package dev.vaekit.models;

import static dev.vaekit.Fixtures.array;
import static dev.vaekit.Fixtures.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.distributions.DiscretizedLogistic;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.nn.Parameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The decoder layout and widths of the discretized-logistic observation model. */
class DiscretizedLogisticObservationTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static LikelihoodConfig likelihood(LikelihoodKind kind, int components) {
        return LikelihoodConfig.builder()
                .kind(kind)
                .mixtureComponents(components)
                .build();
    }

    private static ModelConfig config(LikelihoodKind likelihood, int components) {
        return ModelConfig.builder("dense-vae")
                .inputShape(1, 2, 3)
                .latentDim(2)
                .hidden(4)
                .activation(ActivationKind.RELU)
                .family(VaeConfig.builder()
                        .likelihood(likelihood(likelihood, components))
                        .build())
                .build();
    }

    /** The observation model of {@link #config}, built as the decoder builds it. */
    private ObservationModel observation(LikelihoodKind likelihood, int components) {
        return ObservationModel.create(
                config(likelihood, components), likelihood(likelihood, components), null, new Parameters(manager));
    }

    @Test
    void theDecoderIsWideEnoughForEveryComponentsParameters() {
        assertThat(ObservationModel.parametersPerFeature(likelihood(LikelihoodKind.BERNOULLI, 1)))
                .isEqualTo(1);
        assertThat(ObservationModel.parametersPerFeature(likelihood(LikelihoodKind.GAUSSIAN, 1)))
                .isEqualTo(1);
        assertThat(ObservationModel.parametersPerFeature(likelihood(LikelihoodKind.DISCRETIZED_LOGISTIC, 1)))
                .isEqualTo(2);
        assertThat(ObservationModel.parametersPerFeature(likelihood(LikelihoodKind.DISCRETIZED_LOGISTIC, 5)))
                .isEqualTo(15);
        try (Vae k1 = new Vae(config(LikelihoodKind.DISCRETIZED_LOGISTIC, 1), manager);
                Vae k5 = new Vae(config(LikelihoodKind.DISCRETIZED_LOGISTIC, 5), manager);
                Vae bernoulli = new Vae(config(LikelihoodKind.BERNOULLI, 1), manager)) {
            NDArray z = manager.randomNormal(new Shape(3, 2));
            assertThat(k1.decode(z).getShape()).isEqualTo(new Shape(3, 12));
            assertThat(k5.decode(z).getShape()).isEqualTo(new Shape(3, 90));
            assertThat(bernoulli.decode(z).getShape()).isEqualTo(new Shape(3, 6));
        }
    }

    @Test
    void oneComponentReadsMeansThenLogScales() {
        int d = 6;
        ObservationModel p = observation(LikelihoodKind.DISCRETIZED_LOGISTIC, 1);
        float[] x = {0f, 10 / 255f, 100 / 255f, 128 / 255f, 250 / 255f, 1f};
        float[] out = uniform(7, 2 * d, -1.5, 1);
        NDArray output = array(manager, out, 1, 2 * d);

        float logP = p.logProb(array(manager, x, 1, d), output).toFloatArray()[0];
        float[] perFeature = DiscretizedLogistic.logProbPerFeature(
                        array(manager, x, d),
                        array(manager, java.util.Arrays.copyOfRange(out, 0, d), d),
                        array(manager, java.util.Arrays.copyOfRange(out, d, 2 * d), d))
                .toFloatArray();
        double expected = 0;
        for (float v : perFeature) {
            expected += v;
        }
        assertThat((double) logP).isCloseTo(expected, within(1e-4));
        float[] mean = p.mean(output).toFloatArray();
        for (int j = 0; j < d; j++) {
            assertThat((double) mean[j]).isCloseTo(Math.min(1, Math.max(0, (out[j] + 1) / 2.0)), within(1e-6));
        }
    }

    @Test
    void aMixtureReadsWeightsMeansAndLogScalesComponentMajorOnStackedSamples() {
        int d = 6;
        int k = 3;
        ObservationModel p = observation(LikelihoodKind.DISCRETIZED_LOGISTIC, k);
        float[] x = {0f, 3 / 255f, 77 / 255f, 128 / 255f, 254 / 255f, 1f};
        // two samples of a batch of one: (L = 2, batch = 1, 3·K·d)
        float[] out = uniform(8, 2 * 3 * k * d, -2, 1);
        NDArray output = array(manager, out, 2, 1, 3 * k * d);

        float[] logP = p.logProb(array(manager, x, 1, d), output).toFloatArray();
        float[] mean = p.mean(output).toFloatArray();

        assertThat(logP).hasSize(2);
        assertThat(p.mean(output).getShape()).isEqualTo(new Shape(2, 1, d));
        for (int s = 0; s < 2; s++) {
            int base = s * 3 * k * d;
            double total = 0;
            for (int j = 0; j < d; j++) {
                double[] logWeights = new double[k];
                double norm = 0;
                for (int c = 0; c < k; c++) {
                    logWeights[c] = out[base + c * d + j];
                    norm += Math.exp(logWeights[c]);
                }
                double px = 0;
                double m = 0;
                for (int c = 0; c < k; c++) {
                    float mu = out[base + k * d + c * d + j];
                    float logS = out[base + 2 * k * d + c * d + j];
                    float one = DiscretizedLogistic.logProbPerFeature(
                                    array(manager, new float[] {x[j]}, 1),
                                    array(manager, new float[] {mu}, 1),
                                    array(manager, new float[] {logS}, 1))
                            .toFloatArray()[0];
                    double pi = Math.exp(logWeights[c]) / norm;
                    px += pi * Math.exp(one);
                    m += pi * mu;
                }
                total += Math.log(px);
                assertThat((double) mean[s * d + j]).isCloseTo(Math.min(1, Math.max(0, (m + 1) / 2)), within(1e-5));
            }
            assertThat((double) logP[s]).as("sample %d", s).isCloseTo(total, within(1e-3));
        }
    }
}
