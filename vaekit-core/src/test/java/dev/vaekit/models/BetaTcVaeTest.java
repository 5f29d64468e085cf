package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.Loss;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.train.Configs;
import dev.vaekit.train.EpochMetrics;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.Trainer;
import dev.vaekit.train.TrainerState;
import dev.vaekit.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The β-TCVAE (Chen et al. 2018): its KL decomposition against closed forms, its objective against the ELBO, and its
 * config and training through the model contract.
 */
class BetaTcVaeTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** {@link Fixtures#tinyModel()}'s networks as a β-TCVAE with the given weights. */
    private static ModelConfig tiny(double alpha, double beta, double gamma) {
        ModelConfig vae = Fixtures.tinyModel();
        return ModelConfig.builder("dense-beta-tc-vae")
                .inputShape(vae.inputShape())
                .latentDim(vae.latentDim())
                .hidden(vae.hidden())
                .activation(vae.activation())
                .family(new BetaTcVaeConfig(VaeConfig.defaults(), alpha, beta, gamma))
                .build();
    }

    /**
     * A minibatch that is the whole data set (M = N), each q(z|x_n) = N(μ_n, σ² I) in two dimensions, the means drawn
     * from N(0, Σ_μ) with correlation ρ, and one code z_n ~ q(z|x_n) each. For large N the aggregate posterior q(z) is
     * close to the Gaussian N(0, Σ_μ + σ² I), whose parts have closed forms.
     */
    private BetaTcVae.Decomposition gaussianAggregate(int n, double rho, double sigma, long seed) {
        return gaussianAggregate(n, n, rho, sigma, seed);
    }

    /** As above, the n examples a minibatch of a data set of N drawn the same way. */
    private BetaTcVae.Decomposition gaussianAggregate(int n, long datasetSize, double rho, double sigma, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] mu = new float[2 * n];
        float[] z = new float[2 * n];
        float[] logVar = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double a = random.nextGaussian();
            double b = rho * a + Math.sqrt(1 - rho * rho) * random.nextGaussian();
            mu[2 * i] = (float) a;
            mu[2 * i + 1] = (float) b;
            for (int d = 0; d < 2; d++) {
                z[2 * i + d] = (float) (mu[2 * i + d] + sigma * random.nextGaussian());
                logVar[2 * i + d] = (float) Math.log(sigma * sigma);
            }
        }
        Shape shape = new Shape(n, 2);
        DiagonalGaussian q =
                new DiagonalGaussian(Tensors.create(manager, mu, shape), Tensors.create(manager, logVar, shape));
        return BetaTcVae.decompose(Tensors.create(manager, z, shape), q, datasetSize);
    }

    @Test
    void theTotalCorrelationOfAGaussianAggregateMatchesItsClosedForm() {
        double rho = 0.8;
        double sigma = 0.5;
        BetaTcVae.Decomposition parts = gaussianAggregate(2000, rho, sigma, 11);

        // Σ = Σ_μ + σ² I; TC of a Gaussian = ½ (Σ_d log Σ_dd − log det Σ); MI = ½ log(det Σ / σ^{2D});
        // Σ_d KL(N(0, Σ_dd) ‖ N(0, 1)) = ½ Σ_d (Σ_dd − 1 − log Σ_dd)
        double s = 1 + sigma * sigma;
        double det = s * s - rho * rho;
        double tc = 0.5 * (2 * Math.log(s) - Math.log(det));
        double mi = 0.5 * Math.log(det / Math.pow(sigma, 4));
        double dimKl = s - 1 - Math.log(s);
        // the whole data set as one minibatch: the aggregate posterior exactly (measured: 0.248, 1.328, 0.018)
        assertThat((double) parts.totalCorrelation().getFloat()).isCloseTo(tc, within(0.03));
        assertThat((double) parts.mutualInformation().getFloat()).isCloseTo(mi, within(0.04));
        assertThat((double) parts.dimensionwiseKl().getFloat()).isCloseTo(dimKl, within(0.015));
        // a minibatch of 500 of 20,000 examples, weighted (measured: 0.302, 1.329); MWS is biased for finite M
        BetaTcVae.Decomposition sampled = gaussianAggregate(500, 20_000, rho, sigma, 14);
        assertThat((double) sampled.totalCorrelation().getFloat()).isCloseTo(tc, within(0.06));
        assertThat((double) sampled.mutualInformation().getFloat()).isCloseTo(mi, within(0.05));
    }

    @Test
    void independentCodesHaveNoTotalCorrelation() {
        BetaTcVae.Decomposition parts = gaussianAggregate(2000, 0, 0.5, 12);

        assertThat((double) parts.totalCorrelation().getFloat()).isCloseTo(0, within(0.03));
    }

    @Test
    void thePartsAddUpToTheSampledKlOfEveryCode() {
        BetaTcVae.Decomposition parts = gaussianAggregate(64, 0.3, 0.7, 13);

        // (log q(z|x) − log q(z)) + (log q(z) − log Π q(z_j)) + (log Π q(z_j) − log p(z)) = log q(z|x) − log p(z)
        double sum = parts.mutualInformation().getFloat()
                + parts.totalCorrelation().getFloat()
                + parts.dimensionwiseKl().getFloat();
        double direct = parts.logQzGivenX().sub(parts.logPz()).mean().getFloat();
        assertThat(sum).isCloseTo(direct, within(1e-4));
    }

    @Test
    void withUnitWeightsTheObjectiveIsTheElboOfEstimatorA() {
        NDArray x = Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0}, 3, 4);
        Batch batch = new Batch(x);
        ObjectiveConfig objective = ObjectiveConfig.defaults();
        try (BetaTcVae model = new BetaTcVae(tiny(1, 1, 1), null, manager)) {
            Engines.seed(5);
            Loss tc = model.loss(batch, new LossContext(objective, 3, 100));
            Engines.seed(5);
            Loss elbo = model.elbo(batch, Estimator.A, 1, 1f, 0f);

            assertThat((double) tc.value().getFloat()).isCloseTo(elbo.value().getFloat(), within(1e-4));
            assertThat((double) tc.reconstruction().getFloat())
                    .isCloseTo(elbo.reconstruction().getFloat(), within(1e-5));
            assertThat(tc.extra()).containsOnlyKeys("mi", "tc", "dimKl");
        }
    }

    @Test
    void aHeavierTotalCorrelationWeightRaisesTheLossByItsTerm() {
        NDArray x = Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 0}, 2, 4);
        Batch batch = new Batch(x);
        LossContext context = new LossContext(ObjectiveConfig.defaults(), 0, 50);
        try (BetaTcVae plain = new BetaTcVae(tiny(1, 1, 1), null, manager)) {
            Engines.seed(6);
            Loss one = plain.loss(batch, context);
            try (BetaTcVae heavy = new BetaTcVae(tiny(1, 6, 1), null, manager)) {
                heavy.parameters().load(plain.parameters().snapshot(), "the plain model");
                Engines.seed(6);
                Loss six = heavy.loss(batch, context);
                double tc = one.extra().get("tc").getFloat();
                assertThat((double) six.value().getFloat())
                        .isCloseTo(one.value().getFloat() + 5 * tc, within(1e-4));
            }
        }
    }

    @Test
    void itIsARegisteredFamilyWithATypePerNetwork() {
        assertThat(ModelFamilies.types())
                .contains("dense-beta-tc-vae", "conv-beta-tc-vae", "resnet-beta-tc-vae")
                .doesNotContain("pixel-beta-tc-vae");
        ModelConfig config =
                ModelConfig.builder("dense-beta-tc-vae").inputShape(1, 2, 2).build();
        try (Model model = Model.create(config, null, manager)) {
            assertThat(model.capabilities().likelihood()).isEqualTo(Capabilities.Likelihood.BOUND);
            assertThat(model.capabilities().prior()).isTrue();
            assertThat(model.likelihood()).isPresent();
            assertThat(model.autoencoder()).isPresent();
        }
    }

    @Test
    void itsWeightsRoundTripThroughAConfigFile() {
        RunConfig config = Configs.build(
                null, Map.of("model.type", "conv-beta-tc-vae", "model.hidden", List.of(8), "model.beta", 4.5));

        RunConfig back = Configs.parseJson(Configs.toJson(config), RunConfig.class, "test");
        assertThat(back).isEqualTo(config);
        assertThat(back.model().family(BetaTcVaeConfig.class).beta()).isEqualTo(4.5);
        assertThat(back.model().family(BetaTcVaeConfig.class).alpha()).isEqualTo(1);
    }

    @Test
    void itRefusesWhatItsDecompositionCannotHandle() {
        assertThatThrownBy(() -> new BetaTcVaeConfig(
                        VaeConfig.builder().prior(PriorKind.VAMP).build(), 1, 6, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("keep model.prior standard");
        assertThatThrownBy(() -> new BetaTcVaeConfig(VaeConfig.defaults(), 1, -1, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must be finite numbers >= 0");
        assertThatThrownBy(() -> Configs.build(null, Map.of("model.type", "dense-beta-tc-vae", "objective.beta", 4)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("leave objective.beta, samples and freeBits at 1, 1 and 0");
    }

    @Test
    void itTrainsAndReportsItsPartsInTheMetrics() {
        ModelConfig config = tiny(1, 4, 1);
        RunConfig run = Fixtures.runConfig(config, Fixtures.training(2, 8, 1e-2, 0, 0, 1));
        List<EpochMetrics> epochs = new ArrayList<>();
        Engines.seed(7);
        try (Model model = Model.create(config, null, manager);
                Trainer trainer = new Trainer(run, model)) {
            trainer.addListener(new TrainingListener() {
                @Override
                public void onEpochEnd(Trainer t, EpochMetrics metrics, TrainerState state) {
                    epochs.add(metrics);
                }
            });
            trainer.fit(Fixtures.tinyBinaryData(3, 64));
        }
        assertThat(epochs).hasSize(2);
        for (EpochMetrics m : epochs) {
            assertThat(m.trainTerms()).containsOnlyKeys("mi", "tc", "dimKl");
            assertThat(m.trainTerms().values()).allSatisfy(v -> assertThat(v).isFinite());
            assertThat(m.trainLoss()).isFinite();
        }
    }
}
