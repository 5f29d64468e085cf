package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.TensorTest;
import dev.vaekit.engine.Engines;
import dev.vaekit.objectives.Loss;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.objectives.SlicedWasserstein;
import dev.vaekit.train.EpochMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SWAE (Kolouri et al. 2018): its objective from the reconstruction and SW₂², what it can do, its config. */
class SwaeTest extends TensorTest {
    private static ModelConfig tiny(double lambda, int projections) {
        return FamilyFixtures.tiny(
                "dense-swae", new SwaeConfig(LikelihoodConfig.builder().build(), lambda, projections));
    }

    @Test
    void theObjectiveIsTheReconstructionPlusLambdaTimesTheSlicedWassersteinDistance() {
        Engines.disableGradOnThisThread();
        NDArray x = Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0}, 3, 4);
        try (Swae model = new Swae(tiny(4, 20), null, manager)) {
            NDArray z = model.code(x);
            double reconstruction =
                    model.observation().logProb(x, model.decode(z)).mean().getFloat();
            Engines.seed(71);
            NDArray prior = model.latentPrior().orElseThrow().sample(manager, 3);
            double sw = SlicedWasserstein.squared(z, prior, 20).getFloat();
            Engines.seed(71);
            Loss loss = model.loss(new Batch(x), new LossContext(ObjectiveConfig.defaults(), 0, 10));
            assertThat((double) loss.value().getFloat()).isCloseTo(-reconstruction + 4 * sw, within(1e-4));
            assertThat(loss.extra()).containsOnlyKeys("sw");
        }
    }

    @Test
    void itSamplesFromItsPriorAndHasNoLikelihood() {
        try (Model model = Model.create(tiny(10, 50), null, manager)) {
            assertThat(model.capabilities().likelihood()).isEqualTo(Capabilities.Likelihood.NONE);
            assertThat(model.capabilities().prior()).isTrue();
            assertThat(model.capabilities().posteriorSampling()).isFalse();
            assertThat(model.likelihood()).isEmpty();
        }
        assertThat(SwaeConfig.defaults())
                .isEqualTo(new SwaeConfig(LikelihoodConfig.builder().build(), 10, 50));
    }

    @Test
    void itTrainsThroughTheModelContractAndRefusesBadSettings() {
        List<EpochMetrics> epochs = FamilyFixtures.trainTwoEpochs(tiny(10, 50), manager);
        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(1).trainTerms()).containsOnlyKeys("sw");
        assertThatThrownBy(() -> new SwaeConfig(LikelihoodConfig.builder().build(), 10, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.swaeProjections (--swae-projections) must be in [1, 10000], got 0");
    }
}
