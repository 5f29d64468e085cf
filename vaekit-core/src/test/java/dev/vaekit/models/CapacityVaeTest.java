package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.TensorTest;
import dev.vaekit.engine.Engines;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.Loss;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.train.Configs;
import dev.vaekit.train.EpochMetrics;
import dev.vaekit.train.RunConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The capacity-annealed β-VAE (Burgess et al. 2018): its schedule, its objective against the ELBO's terms, its config. */
class CapacityVaeTest extends TensorTest {
    private static ModelConfig tiny(double gamma, double max, double epochs) {
        return FamilyFixtures.tiny(
                "dense-capacity-vae", new CapacityVaeConfig(VaeConfig.defaults(), gamma, max, epochs));
    }

    @Test
    void theCapacityRisesLinearlyToItsMaximumAndStaysThere() {
        CapacityVaeConfig c = new CapacityVaeConfig(VaeConfig.defaults(), 1000, 25, 10);
        assertThat(c.capacity(0)).isEqualTo(0);
        assertThat(c.capacity(2.5)).isCloseTo(6.25, within(1e-12));
        assertThat(c.capacity(10)).isEqualTo(25);
        assertThat(c.capacity(37)).isEqualTo(25);
        assertThat(new CapacityVaeConfig(VaeConfig.defaults(), 1000, 25, 0).capacity(0))
                .isEqualTo(25);
    }

    @Test
    void theObjectiveIsTheReconstructionPlusGammaTimesTheKlsDistanceFromTheCapacity() {
        Engines.disableGradOnThisThread();
        Batch batch = new Batch(Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0}, 3, 4));
        try (CapacityVae model = new CapacityVae(tiny(7, 4, 2), null, manager)) {
            Engines.seed(31);
            Loss elbo = model.elbo(batch, Estimator.B, 1, 1f, 0f);
            double reconstruction = elbo.reconstruction().getFloat();
            double kl = elbo.kl().getFloat();
            // C below the KL early on, above it later: |KL − C| takes both signs
            for (double progress : new double[] {0, 0.5, 1, 2, 3}) {
                double capacity = Math.min(4, 2 * progress);
                Engines.seed(31);
                Loss loss = model.loss(batch, new LossContext(ObjectiveConfig.defaults(), progress, 100));
                assertThat((double) loss.value().getFloat())
                        .as("progress %s", progress)
                        .isCloseTo(-reconstruction + 7 * Math.abs(kl - capacity), within(1e-4));
                assertThat((double) loss.extra().get("capacity").getFloat()).isCloseTo(capacity, within(1e-6));
                assertThat((double) loss.bound().getFloat())
                        .isCloseTo(elbo.bound().getFloat(), within(1e-5));
            }
        }
    }

    @Test
    void itTrainsThroughTheModelContract() {
        List<EpochMetrics> epochs = FamilyFixtures.trainTwoEpochs(tiny(5, 2, 1), manager);
        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(0).trainTerms()).containsOnlyKeys("capacity");
        // the epoch's mean of C over its batches: 0..1 nats in the first epoch (mean 0.875 of 8 batches), 2 in the
        // second
        assertThat(epochs.get(0).trainTerms().get("capacity")).isCloseTo(0.875, within(1e-6));
        assertThat(epochs.get(1).trainTerms().get("capacity")).isCloseTo(2, within(1e-6));
        try (Model model = Model.create(tiny(5, 2, 1), null, manager)) {
            assertThat(model.capabilities().likelihood()).isEqualTo(Capabilities.Likelihood.BOUND);
            assertThat(model.likelihood()).isPresent();
        }
    }

    @Test
    void itsFieldsRoundTripAndWhatItWouldIgnoreIsRefused() {
        RunConfig config = Configs.build(
                null, Map.of("model.type", "conv-capacity-vae", "model.hidden", List.of(8), "model.capacityMax", 12.0));
        assertThat(Configs.parseJson(Configs.toJson(config), RunConfig.class, "test"))
                .isEqualTo(config);
        assertThat(config.model().family(CapacityVaeConfig.class))
                .isEqualTo(new CapacityVaeConfig(VaeConfig.defaults(), 1000, 12, 10));
        assertThatThrownBy(() ->
                        Configs.build(null, Map.of("model.type", "dense-capacity-vae", "objective.warmupEpochs", 2.0)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("leave objective.warmupEpochs at 0");
        assertThatThrownBy(() -> new CapacityVaeConfig(VaeConfig.defaults(), 1000, -1, 10))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.capacityMax (--capacity-max) must be a finite number >= 0");
    }
}
