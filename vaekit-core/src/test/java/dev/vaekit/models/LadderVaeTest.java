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
import dev.vaekit.eval.LikelihoodReport;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.Loss;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.train.Configs;
import dev.vaekit.train.EpochMetrics;
import dev.vaekit.train.RunConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ladder VAE (Sønderby et al. 2016) and its bottom-up variant (Burda et al. 2015): the precision-weighted merge
 * against the product of Gaussians, a one-layer ladder against the VAE, the importance weights against an exact
 * marginal, the closed-form KLs against their sampled means, training, and the weights round trip.
 */
class LadderVaeTest extends TensorTest {
    /** A ladder VAE on 1 × 2 × 2 inputs with layers of the given sizes (top last). */
    static ModelConfig tiny(LadderInference inference, int... dims) {
        List<Integer> lower = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        for (int l = 0; l + 1 < dims.length; l++) {
            lower.add(dims[l]);
            widths.add(6);
        }
        return FamilyFixtures.tiny(
                "dense-ladder-vae",
                dims[dims.length - 1],
                new LadderVaeConfig(LikelihoodConfig.builder().build(), lower, widths, 2, inference));
    }

    private static double logNormal(double z, double mean, double variance) {
        return -0.5 * (Math.log(2 * Math.PI * variance) + (z - mean) * (z - mean) / variance);
    }

    @Test
    void theMergedGaussianIsTheNormalisedProductOfTheTwo() {
        float[] meanA = {0.3f, -1.2f, 2f};
        float[] logVarA = {0.1f, -0.7f, 1.5f};
        float[] meanB = {-0.5f, 0.4f, 1.9f};
        float[] logVarB = {-0.2f, 0.9f, -2f};
        Shape shape = new Shape(1, 3);
        NDArray[] merged = LadderVae.merge(
                Tensors.create(manager, meanA, shape),
                Tensors.create(manager, logVarA, shape),
                Tensors.create(manager, meanB, shape),
                Tensors.create(manager, logVarB, shape));
        float[] mean = merged[0].toFloatArray();
        float[] logVar = merged[1].toFloatArray();
        for (int j = 0; j < 3; j++) {
            double va = Math.exp(logVarA[j]);
            double vb = Math.exp(logVarB[j]);
            // N(z; a, A) N(z; b, B) = N(a; b, A + B) · N(z; μ, σ²) for every z
            double normaliser = logNormal(meanA[j], meanB[j], va + vb);
            for (double z = -3; z <= 3; z += 0.5) {
                double product = logNormal(z, meanA[j], va) + logNormal(z, meanB[j], vb);
                assertThat(logNormal(z, mean[j], Math.exp(logVar[j])) + normaliser)
                        .as("dimension %d at z = %s", j, z)
                        .isCloseTo(product, within(1e-4));
            }
        }
    }

    @Test
    void aOneLayerLadderIsTheVaeWithTheSameWeights() {
        ModelConfig ladderConfig = tiny(LadderInference.LADDER, 2);
        NDArray x = Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 1}, 2, 4);
        try (LadderVae ladder = new LadderVae(ladderConfig, null, manager);
                Vae vae = new Vae(Fixtures.tinyModel(), manager)) {
            // the VAE's encoder 4-8-(2+2) is the ladder's up.0 (4-8) and head.0 (8-4); the decoders are named alike
            Map<String, String> names = Map.of(
                    "up.0.out.weight", "encoder.layers.0.weight",
                    "up.0.out.bias", "encoder.layers.0.bias",
                    "head.0.weight", "encoder.out.weight",
                    "head.0.bias", "encoder.out.bias");
            ladder.parameters().asMap().forEach((name, p) -> {
                String source = names.getOrDefault(name, name);
                ladder.parameters().assign(p, vae.parameters().asMap().get(source));
            });
            for (Estimator estimator : new Estimator[] {Estimator.B, Estimator.A, Estimator.IWAE}) {
                ObjectiveConfig objective = new ObjectiveConfig(estimator, 3, 1, 0, 0);
                Engines.seed(4);
                Loss a = ladder.loss(new Batch(x), new LossContext(objective, 0, 10));
                Engines.seed(4);
                Loss b = vae.loss(new Batch(x), new LossContext(objective, 0, 10));
                assertThat(Tensors.scalar(a.value()))
                        .as("%s", estimator)
                        .isCloseTo(Tensors.scalar(b.value()), within(1e-5));
                assertThat(Tensors.scalar(a.kl())).isCloseTo(Tensors.scalar(b.kl()), within(1e-5));
            }
        }
    }

    @Test
    void withAPosteriorEqualToThePriorEveryWeightIsTheExactLikelihood() {
        // heads that say nothing (σ̂² = softplus(10⁶) = 10⁶) make the ladder's q the prior itself; a decoder that
        // ignores z (zero
        // weights, bias b) gives p(x|z) = Π sigmoid(b)^x (1 − sigmoid(b))^(1 − x) = p(x). Then log w = log p(x) for
        // every draw, through three layers of prior and posterior terms that must cancel exactly.
        float[] bias = {0.5f, -1f, 2f, 0f};
        Dataset data = Fixtures.tinyBinaryData(5, 6);
        try (LadderVae model = new LadderVae(tiny(LadderInference.LADDER, 3, 2, 2), null, manager)) {
            Fixtures.perturb(model.parameters(), 0.3f, 8);
            for (int l = 0; l < 3; l++) {
                NDArray w = model.parameters().asMap().get("head." + l + ".weight");
                NDArray b = model.parameters().asMap().get("head." + l + ".bias");
                model.parameters().assign(w, w.zerosLike());
                int d = (int) b.getShape().get(0) / 2;
                float[] values = new float[2 * d];
                for (int j = d; j < 2 * d; j++) {
                    values[j] = l == 2 ? 0f : 1e6f; // the top's q is N(0, I) = p(z_L)
                }
                model.parameters().assign(b, manager.create(values));
            }
            FamilyFixtures.constantDecoder(model.parameters(), bias, "decoder.out.weight");

            LikelihoodReport r = FamilyFixtures.assertExactUnderConstantDecoder(model, data, bias, 7, 3, 1e-4);
            assertThat(r.estimator()).contains("ladder").contains("k = 7");
        }
    }

    @Test
    void theClosedFormKlsAreTheMeansOfTheSampledLogRatios() {
        NDArray x = Fixtures.array(manager, new float[] {1, 0, 1, 1}, 1, 4);
        for (LadderInference inference : LadderInference.values()) {
            try (LadderVae model = new LadderVae(tiny(inference, 3, 2), null, manager)) {
                Fixtures.perturb(model.parameters(), 0.5f, 9);
                Engines.seed(10);
                int draws = 40_000;
                HierarchicalVae.Pass pass = model.infer(x, manager.randomNormal(new Shape(draws, 1, 5)));
                double sampled = pass.logQ().sub(pass.logPrior()).mean().getFloat();
                double closed = pass.klSum().mean().getFloat();
                // the sampled log-ratio has a spread of about 2 nats here: 40,000 draws pin its mean to ±0.03
                assertThat(sampled).as("%s", inference).isCloseTo(closed, within(0.05));
                // and the generative path alone scores the draws as the pass did
                List<NDArray> held = pass.z();
                double joint = model.logJoint(x, held).mean().getFloat();
                double fromPass = pass.logPxGivenZ().add(pass.logPrior()).mean().getFloat();
                assertThat(joint).isCloseTo(fromPass, within(1e-3));
            }
        }
    }

    @Test
    void theImportanceSampledBoundRisesWithKAboveTheElbo() {
        Dataset data = Fixtures.tinyBinaryData(6, 20);
        try (LadderVae model = new LadderVae(tiny(LadderInference.LADDER, 3, 2), null, manager)) {
            Fixtures.perturb(model.parameters(), 0.5f, 11);
            LikelihoodReport one = model.likelihood().orElseThrow().evaluate(data, 1, 5);
            LikelihoodReport many = model.likelihood().orElseThrow().evaluate(data, 500, 5);

            assertThat(-one.nll()).isCloseTo(one.term("elbo"), within(1.0));
            assertThat(-many.nll()).isGreaterThan(many.term("elbo") + 0.05);
            // the same rows score the same whatever the batch: row 3 alone, then within the whole
            double[] all =
                    model.likelihood().orElseThrow().score(data, 50, 2, 0).logLikelihood();
            double[] alone = model.likelihood()
                    .orElseThrow()
                    .score(data.slice(3, 4), 50, 2, 3)
                    .logLikelihood();
            assertThat(alone[0]).isCloseTo(all[3], within(1e-5));
        }
    }

    @Test
    void itsExtraTermsAreEachLayersKlAndTheyAddUpToTheKl() {
        NDArray x = Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 1}, 2, 4);
        try (LadderVae model = new LadderVae(tiny(LadderInference.LADDER, 3, 2, 2), null, manager)) {
            Engines.seed(12);
            Loss loss = model.validationLoss(new Batch(x));

            assertThat(loss.extra()).containsOnlyKeys("kl1", "kl2", "kl3");
            double sum =
                    loss.extra().values().stream().mapToDouble(Tensors::scalar).sum();
            assertThat(sum).isCloseTo(Tensors.scalar(loss.kl()), within(1e-5));
            assertThat(Tensors.scalar(loss.bound()))
                    .isCloseTo(Tensors.scalar(loss.reconstruction()) - sum, within(1e-5));
        }
    }

    @Test
    void itsCodeIsTheTopLayerAndItDecodesAndSamples() {
        NDArray x = Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 1}, 2, 4);
        try (LadderVae model = new LadderVae(tiny(LadderInference.LADDER, 3, 2), null, manager)) {
            Autoencoder view = model.autoencoder().orElseThrow();
            NDArray code = view.code(x);
            assertThat(code.getShape()).isEqualTo(new Shape(2, 2));
            NDArray[] top = model.topPosterior(x);
            assertThat(code.toFloatArray()).containsExactly(top[0].toFloatArray());
            assertThat(view.render(code).getShape()).isEqualTo(new Shape(2, 4));
            Engines.seed(1);
            NDArray samples = model.sample(manager, 5, 1.0, null);
            assertThat(samples.getShape()).isEqualTo(new Shape(5, 4));
            float[] means = samples.toFloatArray();
            for (float m : means) {
                assertThat(m).isBetween(0f, 1f);
            }
            assertThat(model.capabilities().prior()).isTrue();
            assertThat(model.capabilities().likelihood()).isEqualTo(Capabilities.Likelihood.BOUND);
            assertThatThrownBy(() -> model.sample(manager, 2, 0, null)).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void trainingLowersTheLoss() {
        Object[][] cases = {
            {ObjectiveConfig.defaults(), LadderInference.LADDER},
            {new ObjectiveConfig(Estimator.IWAE, 4, 1, 0, 0), LadderInference.BOTTOM_UP},
            {
                ObjectiveConfig.builder()
                        .estimator(Estimator.PIWAE)
                        .groups(2)
                        .samples(2)
                        .build(),
                LadderInference.LADDER
            }
        };
        for (Object[] c : cases) {
            ObjectiveConfig objective = (ObjectiveConfig) c[0];
            LadderInference inference = (LadderInference) c[1];
            ModelConfig config = tiny(inference, 3, 2);
            List<EpochMetrics> epochs = FamilyFixtures.train(
                    FamilyFixtures.run(config, objective, 4), Fixtures.brightTopImages(3, 96, 2), manager);
            assertThat(epochs.get(3).trainLoss())
                    .as("%s, %s", objective.estimator(), inference)
                    .isLessThan(epochs.get(0).trainLoss() - 0.05);
            assertThat(epochs.get(3).trainTerms()).containsOnlyKeys("kl1", "kl2");
        }
    }

    @Test
    void weightsRoundTripAndTheConfigToo() {
        NDArray x = Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 1}, 2, 4);
        FamilyFixtures.assertWeightsCopy(tiny(LadderInference.BOTTOM_UP, 3, 2), x, manager);
        RunConfig run = Configs.build(
                null,
                Map.of(
                        "model.type",
                        "dense-ladder-vae",
                        "model.lowerLatents",
                        List.of(64, 32),
                        "model.upperHidden",
                        List.of(128, 64),
                        "model.inference",
                        "bottom-up"));
        RunConfig back = FamilyFixtures.assertJsonRoundTrip(run);
        assertThat(back.model().family(LadderVaeConfig.class).inference()).isEqualTo(LadderInference.BOTTOM_UP);
        assertThatThrownBy(() -> Configs.build(
                        null, Map.of("model.type", "dense-ladder-vae", "model.lowerLatents", List.of(64, 32))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("one width per model.lowerLatents entry");
    }
}
