package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Binarization;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.train.Configs;
import dev.vaekit.train.RunConfig;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The VampPrior is the mixture of the encoder's posteriors at its pseudo-inputs, and learns them. */
class VampPriorTest {
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

    private static ModelConfig vamp(int pseudoInputs) {
        return ModelConfig.builder("dense-vae")
                .inputShape(1, 2, 3)
                .latentDim(2)
                .hidden(8)
                .activation(ActivationKind.TANH)
                .family(VaeConfig.builder()
                        .likelihood(LikelihoodKind.BERNOULLI)
                        .prior(PriorKind.VAMP)
                        .pseudoInputs(pseudoInputs)
                        .build())
                .build();
    }

    @Test
    void theLogDensityIsTheMeanOfTheEncodersGaussiansAtThePseudoInputs() {
        try (Vae model = new Vae(vamp(3), manager)) {
            NDArray u = model.parameters().asMap().get("prior.pseudoInputs");
            assertThat(u.getShape()).isEqualTo(new Shape(3, 6));
            DiagonalGaussian q = model.encode(u.clip(0f, 1f));
            float[] mu = q.mean().toFloatArray();
            float[] logVar = q.logVar().toFloatArray();
            float[] z = {0.3f, -1.2f, 2f, 0.1f};
            float[] logP =
                    model.prior().logProb(Fixtures.array(manager, z, 2, 2)).toFloatArray();
            for (int n = 0; n < 2; n++) {
                double sum = 0;
                for (int k = 0; k < 3; k++) {
                    double logN = 0;
                    for (int j = 0; j < 2; j++) {
                        double var = Math.exp(logVar[k * 2 + j]);
                        double diff = z[n * 2 + j] - mu[k * 2 + j];
                        logN += -0.5 * (Math.log(2 * Math.PI * var) + diff * diff / var);
                    }
                    sum += Math.exp(logN);
                }
                assertThat((double) logP[n]).isCloseTo(Math.log(sum / 3), within(1e-4));
            }
        }
    }

    @Test
    void samplesComeFromTheComponentsAndHaveTheCodeShape() {
        try (Vae model = new Vae(vamp(1), manager)) {
            // one component: the draws follow the encoder's Gaussian at the single pseudo-input
            NDArray u = model.parameters().asMap().get("prior.pseudoInputs");
            DiagonalGaussian q = model.encode(u.clip(0f, 1f));
            NDArray z = model.prior().sample(manager, 4000);
            assertThat(z.getShape()).isEqualTo(new Shape(4000, 2));
            float[] mean = z.mean(new int[] {0}).toFloatArray();
            float[] std = z.sub(z.mean(new int[] {0}))
                    .square()
                    .mean(new int[] {0})
                    .sqrt()
                    .toFloatArray();
            float[] mu = q.mean().toFloatArray();
            float[] sigma = q.std().toFloatArray();
            for (int j = 0; j < 2; j++) {
                assertThat(mean[j]).isCloseTo(mu[j], within(0.05f * sigma[j] * 2 + 0.01f));
                assertThat(std[j]).isCloseTo(sigma[j], within(0.05f * sigma[j]));
            }
        }
    }

    @Test
    void theMonteCarloElboSendsGradientsToThePseudoInputs() {
        try (Vae model = new Vae(vamp(4), manager)) {
            NDArray x = Fixtures.array(manager, new float[] {1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0}, 2, 6);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(model.elbo(new Batch(x), Estimator.A, 3, 1f, 0f).value());
            }
            float[] g = model.parameters().gradient("prior.pseudoInputs").toFloatArray();
            double total = 0;
            for (float v : g) {
                total += Math.abs(v);
            }
            assertThat(total).isGreaterThan(0);
        }
    }

    @Test
    void estimatorBIsRefusedBecauseTheKlHasNoClosedForm() {
        assertThatThrownBy(() -> Fixtures.runConfig(
                        Binarization.DYNAMIC,
                        vamp(10),
                        new ObjectiveConfig(Estimator.B, 1, 1.0, 0, 0),
                        Fixtures.training(1, 16, 1e-3, 0, 0, 1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("vamp prior has not: use estimator a or iwae");
        RunConfig ok = Fixtures.runConfig(
                Binarization.DYNAMIC,
                vamp(10),
                new ObjectiveConfig(Estimator.IWAE, 5, 1.0, 0, 0),
                Fixtures.training(1, 16, 1e-3, 0, 0, 1));
        assertThat(ok.model().family(VaeConfig.class).prior()).isEqualTo(PriorKind.VAMP);
    }

    @Test
    void aPlainAutoencoderHasNoPriorToChange() {
        // a plain autoencoder's fields have no prior at all: a config that gives one is refused naming it
        assertThatThrownBy(() -> Configs.build(null, Map.of("model.type", "dense-ae", "model.prior", "vamp")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.prior (--prior) does not apply to a dense-ae (a plain autoencoder)");
        // and a VAE's fields do not fit a plain autoencoder's type
        assertThatThrownBy(() -> ModelConfig.builder("dense-ae")
                        .family(vamp(10).family())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dense-ae takes a AutoencoderConfig, got a VaeConfig");
    }
}
