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
import dev.vaekit.objectives.Mmd;
import dev.vaekit.objectives.MmdKernel;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.train.Configs;
import dev.vaekit.train.EpochMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * WAE-MMD (Tolstikhin et al. 2018) with a deterministic encoder: its objective from the reconstruction and the MMD, what
 * it can do (samples from its prior, no likelihood), its config.
 */
class WaeMmdTest extends TensorTest {
    static ModelConfig tiny(double lambda) {
        return FamilyFixtures.tiny(
                "dense-wae-mmd", new WaeMmdConfig(LikelihoodConfig.builder().build(), lambda, MmdKernel.IMQ, 1));
    }

    @Test
    void theObjectiveIsTheReconstructionPlusLambdaTimesTheMmdOfTheCodes() {
        Engines.disableGradOnThisThread();
        NDArray x = Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0}, 3, 4);
        try (WaeMmd model = new WaeMmd(tiny(10), null, manager)) {
            NDArray z = model.code(x);
            double reconstruction =
                    model.observation().logProb(x, model.decode(z)).mean().getFloat();
            Engines.seed(61);
            double mmd = Mmd.squared(z, model.latentPrior().orElseThrow().sample(manager, 3), MmdKernel.IMQ, 1)
                    .getFloat();
            Engines.seed(61);
            Loss loss = model.loss(new Batch(x), new LossContext(ObjectiveConfig.defaults(), 0, 10));

            assertThat((double) loss.value().getFloat()).isCloseTo(-reconstruction + 10 * mmd, within(1e-4));
            assertThat((double) loss.reconstruction().getFloat()).isCloseTo(reconstruction, within(1e-5));
            assertThat((double) loss.kl().getFloat()).isZero();
            assertThat(loss.extra()).containsOnlyKeys("mmd");
            Engines.seed(61);
            assertThat((double) model.validationLoss(new Batch(x)).value().getFloat())
                    .isCloseTo(loss.value().getFloat(), within(1e-6));
        }
    }

    @Test
    void itSamplesFromItsPriorButHasNoLikelihoodAndNoPosteriorToSample() {
        try (Model model = Model.create(tiny(10), null, manager)) {
            Capabilities c = model.capabilities();
            assertThat(c.likelihood()).isEqualTo(Capabilities.Likelihood.NONE);
            assertThat(c.prior()).isTrue();
            assertThat(c.posteriorSampling()).isFalse();
            assertThat(c.latentSpace()).isTrue();
            assertThat(model.likelihood()).isEmpty();
            assertThatThrownBy(() -> model.requireLikelihood("eval"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("eval needs a model with an estimate of log p(x), but this is a WAE-MMD")
                    .hasMessageContaining("its samples come from its prior");
            Autoencoder codes = model.requireAutoencoder();
            assertThatThrownBy(() -> codes.drawCode(manager.zeros(new ai.djl.ndarray.types.Shape(1, 4)), null))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("encodes each example to one code");
            Engines.seed(62);
            float[] draws = model.sample(manager, 5, 1, null).toFloatArray();
            assertThat(draws).hasSize(20);
            for (float v : draws) {
                assertThat(v).isBetween(0f, 1f);
            }
        }
    }

    @Test
    void itTrainsThroughTheModelContractAndRefusesTheVaesObjectiveSettings() {
        List<EpochMetrics> epochs = FamilyFixtures.trainTwoEpochs(tiny(10), manager);
        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(1).trainTerms()).containsOnlyKeys("mmd");
        assertThat(epochs.get(1).trainKl()).isZero();
        assertThatThrownBy(() -> Configs.build(null, Map.of("model.type", "dense-wae-mmd", "objective.beta", 4)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a dense-wae-mmd minimises −log p(x|z=enc(x)) + λ·MMD");
        assertThatThrownBy(() -> Configs.build(null, Map.of("model.type", "dense-wae-mmd", "model.prior", "vamp")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not apply to a dense-wae-mmd");
        var config = Configs.build(null, Map.of("model.type", "dense-wae-mmd", "model.waeLambda", 3.0));
        assertThat(config.model().family(WaeMmdConfig.class).waeLambda()).isEqualTo(3);
    }
}
