package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.TensorTest;
import dev.vaekit.engine.Engines;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.Loss;
import dev.vaekit.objectives.Mmd;
import dev.vaekit.objectives.MmdKernel;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.train.Configs;
import dev.vaekit.train.EpochMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** InfoVAE with the MMD (Zhao et al. 2017): its objective from the ELBO's terms and the MMD, its weights, its config. */
class InfoVaeTest extends TensorTest {
    private static ModelConfig tiny(double alpha, double lambda, MmdKernel kernel) {
        return FamilyFixtures.tiny("dense-info-vae", new InfoVaeConfig(VaeConfig.defaults(), alpha, lambda, kernel, 1));
    }

    @Test
    void theObjectiveWeightsTheKlByOneMinusAlphaAndTheMmdByAlphaPlusLambdaMinusOne() {
        Engines.disableGradOnThisThread();
        Batch batch = new Batch(Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0}, 3, 4));
        LossContext context = new LossContext(ObjectiveConfig.defaults(), 1, 100);
        for (MmdKernel kernel : MmdKernel.values()) {
            try (InfoVae model = new InfoVae(tiny(0.25, 40, kernel), null, manager)) {
                // the same engine draws: ε for z, then the prior's draws for the MMD
                Engines.seed(51);
                Vae.Sampled s = model.sampled(batch, 1);
                NDArray z = s.draw().z().squeeze(0);
                double mmd = Mmd.squared(z, model.prior().sample(manager, 3), kernel, 1)
                        .getFloat();
                Engines.seed(51);
                Loss elbo = model.elbo(batch, Estimator.B, 1, 1f, 0f);
                Engines.seed(51);
                Loss info = model.loss(batch, context);
                double expected =
                        -elbo.reconstruction().getFloat() + 0.75 * elbo.kl().getFloat() + 39.25 * mmd;
                assertThat((double) info.value().getFloat()).as("%s", kernel).isCloseTo(expected, within(1e-3));
                assertThat((double) info.extra().get("mmd").getFloat()).isCloseTo(mmd, within(1e-6));
                assertThat((double) info.bound().getFloat())
                        .isCloseTo(elbo.bound().getFloat(), within(1e-5));
            }
        }
    }

    @Test
    void alphaZeroAndLambdaOneIsTheElbo() {
        Engines.disableGradOnThisThread();
        Batch batch = new Batch(Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 0}, 2, 4));
        try (InfoVae model = new InfoVae(tiny(0, 1, MmdKernel.IMQ), null, manager)) {
            Engines.seed(52);
            Loss info = model.loss(batch, new LossContext(ObjectiveConfig.defaults(), 0, 10));
            Engines.seed(52);
            Loss elbo = model.elbo(batch, Estimator.B, 1, 1f, 0f);
            assertThat((double) info.value().getFloat()).isCloseTo(elbo.value().getFloat(), within(1e-5));
        }
    }

    @Test
    void itIsAVaeWithABoundAndTrainsThroughTheModelContract() {
        try (Model model = Model.create(tiny(0, 1000, MmdKernel.IMQ), null, manager)) {
            assertThat(model.capabilities().likelihood()).isEqualTo(Capabilities.Likelihood.BOUND);
            assertThat(model.capabilities().posteriorSampling()).isTrue();
            assertThat(model.likelihood()).isPresent();
        }
        List<EpochMetrics> epochs = FamilyFixtures.trainTwoEpochs(tiny(0, 100, MmdKernel.RBF), manager);
        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(1).trainTerms()).containsOnlyKeys("mmd");
    }

    @Test
    void itsWeightsAreChecked() {
        assertThatThrownBy(() -> new InfoVaeConfig(VaeConfig.defaults(), 1.5, 10, MmdKernel.IMQ, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.infoAlpha (--info-alpha) must be a finite number <= 1");
        assertThatThrownBy(() -> new InfoVaeConfig(VaeConfig.defaults(), -2, 1, MmdKernel.IMQ, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the weight of the MMD term, must be >= 0");
        assertThatThrownBy(() -> new InfoVaeConfig(VaeConfig.defaults(), 0, 1, MmdKernel.IMQ, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.mmdScale (--mmd-scale) must be a finite number > 0");
        var config = Configs.build(null, Map.of("model.type", "dense-info-vae", "model.mmdKernel", "rbf"));
        assertThat(config.model().family(InfoVaeConfig.class))
                .isEqualTo(new InfoVaeConfig(VaeConfig.defaults(), 0, 1000, MmdKernel.RBF, 1));
    }
}
