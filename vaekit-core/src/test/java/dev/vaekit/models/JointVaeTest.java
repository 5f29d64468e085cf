package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.TensorTest;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.objectives.Loss;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.train.Configs;
import dev.vaekit.train.EpochMetrics;
import dev.vaekit.train.RunConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JointVAE (Dupont 2018): its capacities and objective against their closed forms, its likelihood against an exact
 * marginal, its code of continuous means and classes, and training.
 */
class JointVaeTest extends TensorTest {
    /** 2 continuous dimensions and variables of 3 and 4 classes over 1 × 2 × 2 inputs. */
    static ModelConfig tiny(double capacityEpochs) {
        return FamilyFixtures.tiny(
                "dense-joint-vae",
                4,
                new JointVaeConfig(
                        LikelihoodConfig.builder().build(),
                        List.of(3, 4),
                        new GumbelConfig(0.67, 0.67, 0, false),
                        30,
                        2,
                        5,
                        capacityEpochs));
    }

    @Test
    void theCapacitiesRiseLinearlyAndTheDiscreteOneStopsAtTheSumOfLogK() {
        try (JointVae model = new JointVae(tiny(10), null, manager)) {
            double cap = Math.log(3) + Math.log(4); // 2.48 < the asked 5 nats
            assertThat(model.capacities(0)).containsExactly(0, 0);
            assertThat(model.capacities(5)).containsExactly(new double[] {1, cap / 2}, within(1e-12));
            assertThat(model.capacities(30)).containsExactly(new double[] {2, cap}, within(1e-12));
        }
    }

    @Test
    void theLossIsTheReconstructionAndEachKlsWeightedDistanceToItsCapacity() {
        NDArray x = Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0}, 3, 4);
        try (JointVae model = new JointVae(tiny(10), null, manager)) {
            Fixtures.perturb(model.parameters(), 0.8f, 3);
            Engines.seed(4);
            Loss loss = model.loss(new Batch(x), new LossContext(ObjectiveConfig.defaults(), 5, 100));

            double klZ = Tensors.scalar(loss.extra().get("klZ"));
            double klC = Tensors.scalar(loss.extra().get("klC"));
            double capC = (Math.log(3) + Math.log(4)) / 2;
            assertThat(Tensors.scalar(loss.extra().get("capZ"))).isCloseTo(1, within(1e-6));
            assertThat(Tensors.scalar(loss.extra().get("capC"))).isCloseTo(capC, within(1e-6));
            double expected = -Tensors.scalar(loss.reconstruction()) + 30 * (Math.abs(klZ - 1) + Math.abs(klC - capC));
            assertThat(Tensors.scalar(loss.value())).isCloseTo(expected, within(1e-3));
            assertThat(klZ + klC).isCloseTo(Tensors.scalar(loss.kl()), within(1e-5));
            // the continuous KL is the Gaussian's closed form
            MixedLatentVae.Posterior q = model.posterior(x);
            assertThat(klZ)
                    .isCloseTo(Tensors.scalar(q.gaussian().klToStandardNormal().mean()), within(1e-6));
            assertThat(loss.extra()).containsOnlyKeys("klZ", "klC", "capZ", "capC", "tau");
        }
    }

    @Test
    void aPosteriorEqualToThePriorAndADecoderIgnoringTheCodeGiveTheExactLikelihood() {
        float[] bias = {0.3f, -1f, 1.5f, 0f};
        Dataset data = Fixtures.tinyBinaryData(5, 6);
        try (JointVae model = new JointVae(tiny(10), null, manager)) {
            Fixtures.perturb(model.parameters(), 0.3f, 6);
            FamilyFixtures.constantDecoder(
                    model.parameters(), bias, "encoder.out.weight", "encoder.out.bias", "decoder.out.weight");

            FamilyFixtures.assertExactUnderConstantDecoder(model, data, bias, 11, 2, 1e-5);
        }
    }

    @Test
    void itsCodeIsTheContinuousMeansThenTheClasses() {
        NDArray x = Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 1}, 2, 4);
        try (JointVae model = new JointVae(tiny(10), null, manager)) {
            Fixtures.perturb(model.parameters(), 1.0f, 8);
            NDArray code = model.code(x);
            assertThat(code.getShape()).isEqualTo(new Shape(2, 4));
            MixedLatentVae.Posterior q = model.posterior(x);
            float[] c = code.toFloatArray();
            float[] mean = q.gaussian().mean().toFloatArray();
            assertThat(new float[] {c[0], c[1], c[4], c[5]}).containsExactly(mean);
            for (float v : new float[] {c[2], c[6]}) {
                assertThat(v).isIn(0f, 1f, 2f);
            }
            for (float v : new float[] {c[3], c[7]}) {
                assertThat(v).isIn(0f, 1f, 2f, 3f);
            }
            assertThat(model.render(code).getShape()).isEqualTo(new Shape(2, 4));
            Engines.seed(1);
            assertThat(model.drawCode(x, null).getShape()).isEqualTo(new Shape(2, 4));
            assertThat(model.latentPrior().orElseThrow().id()).isEqualTo("standard-uniform");
        }
    }

    @Test
    void trainingLowersTheLoss() {
        ModelConfig config = tiny(2);
        List<EpochMetrics> epochs = FamilyFixtures.train(
                FamilyFixtures.run(config, ObjectiveConfig.defaults(), 4), Fixtures.brightTopImages(3, 96, 2), manager);
        // the capacities rise over the first two epochs, which raises the loss's floor; the reconstruction improves
        assertThat(epochs.get(3).trainReconstruction())
                .isGreaterThan(epochs.get(0).trainReconstruction() + 0.05);
        assertThat(epochs.get(3).trainTerms()).containsKeys("klZ", "klC", "capZ", "capC", "tau");
        assertThat(epochs.get(3).trainTerms().get("capZ")).isCloseTo(2, within(1e-6));
    }

    @Test
    void itRefusesALatentSizeWithoutRoomForItsVariablesAndTheVaeObjectiveSettings() {
        assertThatThrownBy(() -> tiny(10).toBuilder().latentDim(1).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least 2");
        assertThatThrownBy(() -> Configs.build(null, Map.of("model.type", "dense-joint-vae", "objective.beta", 4)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("capacities");
        RunConfig run = Configs.build(
                null, Map.of("model.type", "dense-joint-vae", "model.discrete", List.of(10, 2), "model.latentDim", 12));
        assertThat(Configs.parseJson(Configs.toJson(run), RunConfig.class, "test"))
                .isEqualTo(run);
        assertThat(run.model().family(JointVaeConfig.class).continuousDims(run.model()))
                .isEqualTo(10);
    }
}
