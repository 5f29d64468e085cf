package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.TensorTest;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.eval.LikelihoodReport;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.Loss;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.train.Configs;
import dev.vaekit.train.EpochMetrics;
import dev.vaekit.train.RunConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The NVAE-style model (after Vahdat &amp; Kautz 2020): the residual normal KL against its closed form, groups that
 * start as their prior, the importance weights against an exact marginal and the sampled KLs, training, and the
 * weights.
 */
class NvaeTest extends TensorTest {
    /** 1 × 4 × 4 images, two scales of 4 channels (2 × 2 and 1 × 1), two groups of 2 channels at each, z_0 of 3. */
    static ModelConfig tiny() {
        return ModelConfig.builder("nvae")
                .inputShape(1, 4, 4)
                .latentDim(3)
                .hidden(4, 4)
                .residualBlocks(1)
                .activation(ActivationKind.ELU)
                .family(new NvaeConfig(LikelihoodConfig.builder().build(), 2, 2))
                .build();
    }

    @Test
    void theResidualNormalsKlIsItsClosedForm() {
        // q = N(μ_p + Δμ, σ²_p Δσ²) against p = N(μ_p, σ²_p): ½ (Δμ²/σ²_p + Δσ² − log Δσ² − 1) per dimension
        float[] meanP = {0.5f, -1f};
        float[] logVarP = {0.3f, -0.8f};
        float[] deltaMean = {0.2f, 1.1f};
        float[] deltaLogVar = {-0.4f, 0.6f};
        float[] meanQ = {meanP[0] + deltaMean[0], meanP[1] + deltaMean[1]};
        float[] logVarQ = {logVarP[0] + deltaLogVar[0], logVarP[1] + deltaLogVar[1]};
        double expected = 0;
        for (int j = 0; j < 2; j++) {
            expected += 0.5
                    * (deltaMean[j] * deltaMean[j] / Math.exp(logVarP[j])
                            + Math.exp(deltaLogVar[j])
                            - deltaLogVar[j]
                            - 1);
        }
        Shape shape = new Shape(1, 2);
        double kl = Tensors.scalar(HierarchicalVae.gaussianKl(
                Tensors.create(manager, meanQ, shape),
                Tensors.create(manager, logVarQ, shape),
                Tensors.create(manager, meanP, shape),
                Tensors.create(manager, logVarP, shape)));
        assertThat(kl).isCloseTo(expected, within(1e-6));
    }

    @Test
    void everyGroupStartsAsItsPriorWithAZeroKl() {
        NDArray x = Tensors.create(manager, Fixtures.brightTopImages(2, 3, 4).features(), new Shape(3, 16));
        try (Nvae model = new Nvae(tiny(), null, manager)) {
            Engines.seed(1);
            Loss loss = model.validationLoss(new Batch(x));

            assertThat(loss.extra()).containsOnlyKeys("kl1", "kl2", "kl3", "kl4", "kl5");
            for (int l = 1; l <= 4; l++) {
                assertThat(Tensors.scalar(loss.extra().get("kl" + l)))
                        .as("group %d", l)
                        .isZero();
            }
            assertThat(Tensors.scalar(loss.extra().get("kl5"))).isPositive(); // the top vector's posterior is free
            assertThat(model.layerDims()).containsExactly(8, 8, 2, 2, 3);
            assertThat(model.noiseWidth()).isEqualTo(23);
        }
    }

    @Test
    void withAPosteriorEqualToThePriorEveryWeightIsTheExactLikelihood() {
        Dataset data = Fixtures.brightTopImages(3, 5, 4);
        try (Nvae model = new Nvae(tiny(), null, manager)) {
            Fixtures.perturb(model.parameters(), 0.3f, 4);
            // heads of every group and of z_0 at zero (q = p = N(0, I) there), a decoder output that ignores h
            for (String name : model.parameters().asMap().keySet()) {
                if (name.endsWith(".prior.weight")
                        || name.endsWith(".prior.bias")
                        || name.endsWith(".posterior.weight")
                        || name.endsWith(".posterior.bias")
                        || name.startsWith("encoder.top.")
                        || name.equals("decoder.out.weight")) {
                    NDArray p = model.parameters().asMap().get(name);
                    model.parameters().assign(p, p.zerosLike());
                }
            }
            float b = 0.7f;
            model.parameters()
                    .assign(model.parameters().asMap().get("decoder.out.bias"), manager.create(new float[] {b}));

            LikelihoodReport r = model.likelihood().orElseThrow().evaluate(data, 5, 1);

            double logP1 = -Math.log1p(Math.exp(-b));
            double logP0 = -Math.log1p(Math.exp(b));
            double exact = 0;
            for (int i = 0; i < data.size(); i++) {
                for (float v : data.row(i)) {
                    exact -= (v * logP1 + (1 - v) * logP0) / data.size();
                }
            }
            assertThat(r.nll()).isCloseTo(exact, within(1e-4));
            assertThat(r.term("kl")).isCloseTo(0, within(1e-5));
        }
    }

    @Test
    void theClosedFormKlsAreTheMeansOfTheSampledLogRatios() {
        NDArray x = Tensors.create(manager, Fixtures.brightTopImages(5, 1, 4).features(), new Shape(1, 16));
        try (Nvae model = new Nvae(tiny(), null, manager)) {
            Fixtures.perturb(model.parameters(), 0.3f, 6);
            Engines.seed(2);
            HierarchicalVae.Pass pass = model.infer(x, manager.randomNormal(new Shape(20_000, 1, 23)));

            double sampled = pass.logQ().sub(pass.logPrior()).mean().getFloat();
            double closed = pass.klSum().mean().getFloat();
            assertThat(sampled).isCloseTo(closed, within(0.08));
            double joint = model.logJoint(x, pass.z()).mean().getFloat();
            assertThat(joint)
                    .isCloseTo(pass.logPxGivenZ().add(pass.logPrior()).mean().getFloat(), within(1e-3));
        }
    }

    @Test
    void trainingLowersTheLossWithTheElboAndWithPiwae() {
        for (ObjectiveConfig objective : new ObjectiveConfig[] {
            new ObjectiveConfig(Estimator.B, 1, 1, 1, 0),
            ObjectiveConfig.builder()
                    .estimator(Estimator.PIWAE)
                    .groups(2)
                    .samples(2)
                    .build()
        }) {
            ModelConfig config = tiny();
            List<EpochMetrics> epochs = FamilyFixtures.train(
                    FamilyFixtures.run(config, objective, 3), Fixtures.brightTopImages(3, 64, 4), manager);
            assertThat(epochs.get(2).trainBound())
                    .as("%s", objective.estimator())
                    .isGreaterThan(epochs.get(0).trainBound() + 0.05);
        }
    }

    @Test
    void itsCodeIsTheTopVectorAndItSamplesAndItsWeightsRoundTrip() {
        NDArray x = Tensors.create(manager, Fixtures.brightTopImages(2, 3, 4).features(), new Shape(3, 16));
        try (Nvae a = new Nvae(tiny(), null, manager);
                Nvae b = new Nvae(tiny(), null, manager)) {
            Fixtures.perturb(a.parameters(), 0.3f, 9);
            assertThat(a.code(x).getShape()).isEqualTo(new Shape(3, 3));
            assertThat(a.render(a.code(x)).getShape()).isEqualTo(new Shape(3, 16));
            Engines.seed(3);
            assertThat(a.sample(manager, 4, 0.8, null).getShape()).isEqualTo(new Shape(4, 16));
            FamilyFixtures.assertWeightsCopy(a, b, x, 4);
        }
        RunConfig run = Configs.build(
                null, Map.of("model.type", "nvae", "model.hidden", List.of(16, 32), "model.latentChannels", 6));
        FamilyFixtures.assertJsonRoundTrip(run);
        assertThat(ModelFamilies.types()).contains("nvae");
    }
}
