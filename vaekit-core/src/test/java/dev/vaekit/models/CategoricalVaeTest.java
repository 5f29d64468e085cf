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
import dev.vaekit.distributions.GumbelSoftmax;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.eval.LikelihoodReport;
import dev.vaekit.objectives.Loss;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.train.Configs;
import dev.vaekit.train.EpochMetrics;
import dev.vaekit.train.RunConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The categorical VAE (Jang et al. 2017): its likelihood against the exact marginal of a one-variable model (a sum over
 * the K classes), its KL against the closed form, its code, training with an annealed temperature, and its weights.
 */
class CategoricalVaeTest extends TensorTest {
    /** N categorical variables of K classes over 1 × 2 × 2 binary inputs. */
    static ModelConfig tiny(int variables, int classes) {
        return FamilyFixtures.tiny(
                "dense-categorical-vae",
                variables,
                new CategoricalVaeConfig(
                        LikelihoodConfig.builder().build(), classes, new GumbelConfig(1.0, 0.5, 0.3, false)));
    }

    /** log p(x) = log (1/K) Σ_k p(x|c = k) of each row, by enumerating the classes of a one-variable model. */
    private static double[] exactLogPx(CategoricalVae model, Dataset data, int classes) {
        NDArray x = Tensors.create(model.parameters().manager(), data.features(), new Shape(data.size(), 4));
        double[] logPx = new double[data.size()];
        double[][] perClass = new double[classes][];
        for (int k = 0; k < classes; k++) {
            float[] codes = new float[data.size()];
            java.util.Arrays.fill(codes, k);
            NDArray out = model.decode(Tensors.create(x.getManager(), codes, new Shape(data.size(), 1)), null, null);
            float[] lp = model.observation().logProb(x, out).toFloatArray();
            perClass[k] = new double[lp.length];
            for (int i = 0; i < lp.length; i++) {
                perClass[k][i] = lp[i];
            }
        }
        for (int i = 0; i < data.size(); i++) {
            double[] w = new double[classes];
            for (int k = 0; k < classes; k++) {
                w[k] = perClass[k][i];
            }
            logPx[i] = ImportanceSampledLogLikelihood.logMeanExp(w);
        }
        return logPx;
    }

    @Test
    void theImportanceSampledLikelihoodOfOneVariableConvergesToTheSumOverItsClasses() {
        Dataset data = Fixtures.tinyBinaryData(3, 8);
        try (CategoricalVae model = new CategoricalVae(tiny(1, 5), null, manager)) {
            Fixtures.perturb(model.parameters(), 1.0f, 5);
            // a posterior that is not the true one, but not far from the uniform either, so that every class keeps
            // enough proposal mass for the importance weights to have a small variance
            for (String name : new String[] {"encoder.out.weight", "encoder.out.bias"}) {
                NDArray p = model.parameters().asMap().get(name);
                model.parameters().assign(p, Tensors.scale(p, 0.3));
            }
            double[] exact = exactLogPx(model, data, 5);

            double[] estimated =
                    model.likelihood().orElseThrow().score(data, 4000, 1, 0).logLikelihood();
            LikelihoodReport report = model.likelihood().orElseThrow().evaluate(data, 4000, 1);

            double mean = 0;
            for (int i = 0; i < exact.length; i++) {
                // the proposal covers all 5 classes, so 4,000 draws pin the estimate to a few thousandths
                assertThat(estimated[i]).as("row %d", i).isCloseTo(exact[i], within(0.02));
                mean += exact[i] / exact.length;
            }
            assertThat(-report.nll()).isCloseTo(mean, within(0.01));
            assertThat(report.term("elbo")).isLessThanOrEqualTo(mean + 1e-6);
        }
    }

    @Test
    void aPosteriorEqualToThePriorAndADecoderIgnoringTheCodeGiveTheExactLikelihood() {
        float[] bias = {1f, -0.5f, 0f, 2f};
        Dataset data = Fixtures.tinyBinaryData(4, 6);
        try (CategoricalVae model = new CategoricalVae(tiny(3, 4), null, manager)) {
            Fixtures.perturb(model.parameters(), 0.3f, 6);
            FamilyFixtures.constantDecoder(
                    model.parameters(), bias, "encoder.out.weight", "encoder.out.bias", "decoder.out.weight");

            FamilyFixtures.assertExactUnderConstantDecoder(model, data, bias, 9, 2, 1e-5);
        }
    }

    @Test
    void theKlTermIsEachVariablesKlToTheUniformInClosedForm() {
        NDArray x = Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 1}, 2, 4);
        try (CategoricalVae model = new CategoricalVae(tiny(3, 4), null, manager)) {
            Fixtures.perturb(model.parameters(), 1.0f, 7);
            Engines.seed(3);
            Loss loss = model.validationLoss(new Batch(x));

            float[] logits = model.posterior(x).logits().stream()
                    .map(NDArray::toFloatArray)
                    .reduce(new float[0], CategoricalVaeTest::concat);
            // 3 variables × 2 rows, each K = 4 logits
            double kl = 0;
            for (int v = 0; v < 3; v++) {
                NDArray l = model.posterior(x).logits().get(v);
                float[] values = l.toFloatArray();
                for (int row = 0; row < 2; row++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < 4; k++) {
                        max = Math.max(max, values[row * 4 + k]);
                    }
                    double z = 0;
                    for (int k = 0; k < 4; k++) {
                        z += Math.exp(values[row * 4 + k] - max);
                    }
                    for (int k = 0; k < 4; k++) {
                        double p = Math.exp(values[row * 4 + k] - max) / z;
                        kl += p * Math.log(p * 4) / 2;
                    }
                }
            }
            assertThat(logits).hasSize(24);
            assertThat(Tensors.scalar(loss.kl())).isCloseTo(kl, within(1e-5));
            assertThat(Tensors.scalar(loss.bound()))
                    .isCloseTo(Tensors.scalar(loss.reconstruction()) - kl, within(1e-5));
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void itsCodeIsTheMostProbableClassAndDecodingItFeedsTheOneHot() {
        NDArray x = Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 1}, 2, 4);
        try (CategoricalVae model = new CategoricalVae(tiny(3, 4), null, manager)) {
            Fixtures.perturb(model.parameters(), 1.0f, 8);
            NDArray code = model.code(x);
            assertThat(code.getShape()).isEqualTo(new Shape(2, 3));
            float[] c = code.toFloatArray();
            for (int v = 0; v < 3; v++) {
                float[] argmax = model.posterior(x)
                        .logits()
                        .get(v)
                        .argMax(1)
                        .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                        .toFloatArray();
                assertThat(c[v]).isEqualTo(argmax[0]);
                assertThat(c[3 + v]).isEqualTo(argmax[1]);
            }
            // decoding rounds and clamps a code's classes: 1.4 → 1, −3 → 0, 9 → 3
            NDArray odd = manager.create(new float[] {1.4f, -3f, 9f}, new Shape(1, 3));
            NDArray exact = manager.create(new float[] {1f, 0f, 3f}, new Shape(1, 3));
            assertThat(model.render(odd).toFloatArray())
                    .containsExactly(model.render(exact).toFloatArray());
            NDArray oneHots = MixedLatentVae.joinDraws(
                    null,
                    List.of(
                            manager.create(new float[] {0, 1, 0, 0}, new Shape(1, 4)),
                            manager.create(new float[] {1, 0, 0, 0}, new Shape(1, 4)),
                            manager.create(new float[] {0, 0, 0, 1}, new Shape(1, 4))));
            assertThat(model.decoderInput(odd).toFloatArray()).containsExactly(oneHots.toFloatArray());
            // its prior draws classes uniformly; samples are images
            Engines.seed(2);
            NDArray prior = model.latentPrior().orElseThrow().sample(manager, 4000);
            float[] classes = prior.toFloatArray();
            int[] counts = new int[4];
            for (float v : classes) {
                counts[(int) v]++;
            }
            for (int count : counts) {
                assertThat(count).isBetween(2800, 3200); // 12,000 draws, 3,000 expected per class
            }
            assertThat(model.sample(manager, 5, 1.0, null).getShape()).isEqualTo(new Shape(5, 4));
            assertThatThrownBy(() -> model.sample(manager, 5, 0.5, null)).isInstanceOf(InvalidInputException.class);
            assertThat(model.capabilities().likelihood()).isEqualTo(Capabilities.Likelihood.BOUND);
        }
    }

    @Test
    void trainingWithAnAnnealedTemperatureLowersTheLoss() {
        for (boolean straightThrough : new boolean[] {false, true}) {
            ModelConfig base = tiny(4, 3);
            CategoricalVaeConfig own = base.family(CategoricalVaeConfig.class);
            ModelConfig config = base.toBuilder()
                    .family(new CategoricalVaeConfig(
                            own.likelihood(), own.categories(), new GumbelConfig(1.0, 0.5, 0.3, straightThrough)))
                    .build();
            List<EpochMetrics> epochs = FamilyFixtures.train(
                    FamilyFixtures.run(config, ObjectiveConfig.defaults(), 4),
                    Fixtures.brightTopImages(3, 96, 2),
                    manager);
            assertThat(epochs.get(3).trainLoss())
                    .as("straight-through %s", straightThrough)
                    .isLessThan(epochs.get(0).trainLoss() - 0.05);
            // τ(t) = max(0.5, exp(−0.3 t)) averaged over each epoch's steps: it falls
            assertThat(epochs.get(3).trainTerms().get("tau"))
                    .isLessThan(epochs.get(0).trainTerms().get("tau"));
            assertThat(epochs.get(0).trainTerms().get("tau")).isCloseTo(0.886, within(0.005));
        }
    }

    @Test
    void weightsAndConfigRoundTripAndOtherEstimatorsAreRefused() {
        NDArray x = Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 1}, 2, 4);
        FamilyFixtures.assertWeightsCopy(tiny(3, 4), x, manager);
        RunConfig run = Configs.build(
                null,
                Map.of(
                        "model.type",
                        "conv-categorical-vae",
                        "model.hidden",
                        List.of(8),
                        "model.categories",
                        7,
                        "model.straightThrough",
                        true));
        RunConfig back = FamilyFixtures.assertJsonRoundTrip(run);
        assertThat(back.model().family(CategoricalVaeConfig.class).gumbel().straightThrough())
                .isTrue();
        assertThatThrownBy(() -> Configs.build(
                        null, Map.of("model.type", "dense-categorical-vae", "objective.estimator", "iwae")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("use estimator b");
        assertThatThrownBy(
                        () -> Configs.build(null, Map.of("model.type", "dense-categorical-vae", "model.categories", 1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.categories");
        assertThat(ModelFamilies.types())
                .contains("dense-categorical-vae", "conv-categorical-vae", "resnet-categorical-vae");
        assertThat(GumbelSoftmax.temperature(1, 0.5, 0.3, 0)).isEqualTo(1);
    }
}
