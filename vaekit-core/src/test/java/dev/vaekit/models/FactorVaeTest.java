package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.TensorTest;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.Parameters;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.Loss;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.train.AuxiliaryTrainer;
import dev.vaekit.train.Configs;
import dev.vaekit.train.RunConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * FactorVAE (Kim &amp; Mnih 2018): its discriminator's estimate of the total correlation against the closed form of a
 * Gaussian, the permutation that makes draws of Π_j q(z_j), its objective against the ELBO, and its config.
 */
class FactorVaeTest extends TensorTest {
    /** {@link Fixtures#tinyModel()}'s networks as a FactorVAE with weight γ and a discriminator of the given size. */
    static ModelConfig tiny(double gamma, int width, int layers) {
        ModelConfig vae = Fixtures.tinyModel();
        return ModelConfig.builder("dense-factor-vae")
                .inputShape(vae.inputShape())
                .latentDim(vae.latentDim())
                .hidden(vae.hidden())
                .activation(vae.activation())
                .family(new FactorVaeConfig(VaeConfig.defaults(), gamma, width, layers, 1e-3, 0.5, 0.9))
                .build();
    }

    /** n draws of the 2-D Gaussian N(0, [[1, ρ], [ρ, 1]]). */
    private NDArray correlated(NDManager m, int n, double rho, SplittableRandom random) {
        float[] z = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double a = random.nextGaussian();
            z[2 * i] = (float) a;
            z[2 * i + 1] = (float) (rho * a + Math.sqrt(1 - rho * rho) * random.nextGaussian());
        }
        return Tensors.create(m, z, new Shape(n, 2));
    }

    @Test
    void theTrainedDiscriminatorEstimatesTheTotalCorrelationOfAGaussian() {
        // For z ~ N(0, [[1, ρ], [ρ, 1]]), KL(q(z) ‖ q(z_1) q(z_2)) = −½ log(1 − ρ²): 0.511 nats for ρ = 0.8. The
        // optimal discriminator's logit is the log density ratio, so the mean logit of fresh draws estimates it.
        double rho = 0.8;
        double closedForm = -0.5 * Math.log(1 - rho * rho);
        Engines.seed(21);
        try (FactorVae model = new FactorVae(tiny(1, 32, 3), null, manager)) {
            AuxiliaryObjective codesAsData = new AuxiliaryObjective() {
                @Override
                public String name() {
                    return "discriminator";
                }

                @Override
                public Parameters parameters() {
                    return model.auxiliary().orElseThrow().parameters();
                }

                @Override
                public Optimizer optimizer() {
                    return new Optimizer(3e-3, 0.5, 0.9);
                }

                @Override
                public Result loss(Batch batch, LossContext context) {
                    return model.discriminatorLoss(batch.x()); // the batch holds the codes themselves
                }
            };
            SplittableRandom random = new SplittableRandom(22);
            LossContext context = new LossContext(ObjectiveConfig.defaults(), 0, 1);
            double accuracy = 0;
            try (AuxiliaryTrainer trainer = new AuxiliaryTrainer(codesAsData)) {
                for (int step = 0; step < 1500; step++) {
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        AuxiliaryTrainer.Step s = trainer.step(
                                Engines.engine(), new Batch(correlated(manager, 256, rho, random)), context);
                        accuracy = s.terms().get("discriminatorAccuracy");
                    }
                }
            }
            Engines.disableGradOnThisThread();
            double estimate =
                    model.logit(correlated(manager, 20_000, rho, random)).mean().getFloat();
            double independent =
                    model.logit(correlated(manager, 20_000, 0, random)).mean().getFloat();
            // measured: 0.456 against 0.511. Under the product of the marginals the mean logit is −KL(Π_j q ‖ q)
            // = −½ (2/(1 − ρ²) − 2 + log(1 − ρ²)) = −1.267 (measured −1.127)
            assertThat(estimate).isCloseTo(closedForm, within(0.08));
            double reverse = -0.5 * (2 / (1 - rho * rho) - 2 + Math.log(1 - rho * rho));
            assertThat(independent).isCloseTo(reverse, within(0.25));
            assertThat(accuracy).isGreaterThan(0.55).isLessThan(0.8);
        }
    }

    @Test
    void permutingEachDimensionKeepsItsValuesAndRemovesTheCorrelation() {
        Engines.seed(23);
        NDArray z = correlated(manager, 4000, 0.9, new SplittableRandom(24));
        NDArray permuted = FactorVae.permuteDimensions(z);

        float[] a = z.toFloatArray();
        float[] b = permuted.toFloatArray();
        for (int d = 0; d < 2; d++) {
            float[] before = column(a, d);
            float[] after = column(b, d);
            Arrays.sort(before);
            Arrays.sort(after);
            assertThat(after).as("dimension %d holds the same values", d).containsExactly(before);
        }
        assertThat(correlation(b)).isCloseTo(0, within(0.05));
        assertThat(correlation(a)).isCloseTo(0.9, within(0.02));
    }

    private static float[] column(float[] z, int d) {
        float[] c = new float[z.length / 2];
        for (int i = 0; i < c.length; i++) {
            c[i] = z[2 * i + d];
        }
        return c;
    }

    private static double correlation(float[] z) {
        int n = z.length / 2;
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < n; i++) {
            double x = z[2 * i];
            double y = z[2 * i + 1];
            sx += x;
            sy += y;
            sxx += x * x;
            syy += y * y;
            sxy += x * y;
        }
        double cov = sxy / n - sx / n * sy / n;
        return cov / Math.sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n));
    }

    @Test
    void withoutItsTotalCorrelationTermTheObjectiveIsTheElbo() {
        Engines.disableGradOnThisThread();
        Batch batch = new Batch(Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0}, 3, 4));
        LossContext context = new LossContext(ObjectiveConfig.defaults(), 2, 100);
        try (FactorVae plain = new FactorVae(tiny(0, 8, 2), null, manager);
                FactorVae weighted = new FactorVae(tiny(7, 8, 2), null, manager)) {
            weighted.parameters().load(plain.parameters().snapshot(), "the plain model");
            Engines.seed(25);
            Loss factor = plain.loss(batch, context);
            Engines.seed(25);
            Loss elbo = plain.elbo(batch, Estimator.B, 1, 1f, 0f);
            assertThat((double) factor.value().getFloat())
                    .isCloseTo(elbo.value().getFloat(), within(1e-5));
            assertThat((double) factor.bound().getFloat())
                    .isCloseTo(elbo.bound().getFloat(), within(1e-5));
            assertThat(factor.extra()).containsOnlyKeys("tc");

            // the same draw under γ = 7 adds 7 times the discriminator's mean logit of the other model's discriminator
            Engines.seed(25);
            Vae.Sampled s = weighted.sampled(batch, 1);
            double tc = weighted.logit(s.draw().z().squeeze(0)).mean().getFloat();
            Engines.seed(25);
            Loss heavy = weighted.loss(batch, context);
            assertThat((double) heavy.extra().get("tc").getFloat()).isCloseTo(tc, within(1e-6));
            assertThat((double) heavy.value().getFloat()).isCloseTo(elbo.value().getFloat() + 7 * tc, within(1e-4));
        }
    }

    @Test
    void itIsARegisteredFamilyWithADiscriminatorOfItsOwn() {
        assertThat(ModelFamilies.types()).contains("dense-factor-vae", "conv-factor-vae", "resnet-factor-vae");
        try (Model model = Model.create(tiny(40, 16, 3), null, manager)) {
            assertThat(model.capabilities().likelihood()).isEqualTo(Capabilities.Likelihood.BOUND);
            AuxiliaryObjective d = model.auxiliary().orElseThrow();
            assertThat(d.name()).isEqualTo("discriminator");
            assertThat(d.parameters().asMap().keySet())
                    .containsExactly(
                            "discriminator.layers.0.weight",
                            "discriminator.layers.0.bias",
                            "discriminator.layers.1.weight",
                            "discriminator.layers.1.bias",
                            "discriminator.out.weight",
                            "discriminator.out.bias");
            assertThat(model.parameters().asMap().keySet()).noneMatch(n -> n.startsWith("discriminator"));
            assertThat(d.optimizer()).isEqualTo(new AuxiliaryObjective.Optimizer(1e-3, 0.5, 0.9));
        }
        assertThat(FactorVaeConfig.defaults())
                .isEqualTo(new FactorVaeConfig(VaeConfig.defaults(), 40, 1000, 6, 1e-4, 0.5, 0.9));
    }

    @Test
    void itsFieldsRoundTripThroughAConfigFile() {
        RunConfig config = Configs.build(
                null,
                Map.of(
                        "model.type",
                        "conv-factor-vae",
                        "model.hidden",
                        List.of(8),
                        "model.factorGamma",
                        12.5,
                        "model.discriminatorWidth",
                        64));

        RunConfig back = Configs.parseJson(Configs.toJson(config), RunConfig.class, "test");
        assertThat(back).isEqualTo(config);
        assertThat(back.model().family(FactorVaeConfig.class).factorGamma()).isEqualTo(12.5);
        assertThat(back.model().family(FactorVaeConfig.class).discriminatorLayers())
                .isEqualTo(6);
    }

    @Test
    void itRefusesWhatItCannotUse() {
        assertThatThrownBy(() -> new FactorVaeConfig(
                        VaeConfig.builder().prior(PriorKind.VAMP).build(), 40, 10, 2, 1e-4, 0.5, 0.9))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("keep model.prior standard");
        assertThatThrownBy(() -> new FactorVaeConfig(VaeConfig.defaults(), -1, 10, 2, 1e-4, 0.5, 0.9))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.factorGamma (--factor-gamma) must be a finite number >= 0");
        assertThatThrownBy(() -> new FactorVaeConfig(VaeConfig.defaults(), 40, 100_000, 2, 1e-4, 0.5, 0.9))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.discriminatorWidth");
        assertThatThrownBy(() -> new FactorVaeConfig(VaeConfig.defaults(), 40, 10, 2, 1e-4, 1, 0.9))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must be in [0, 1)");
        assertThatThrownBy(() -> Configs.build(null, Map.of("model.type", "dense-factor-vae", "objective.beta", 4)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("leave objective.estimator, beta, samples and freeBits at b, 1, 1 and 0");
    }
}
