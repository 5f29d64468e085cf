package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.TensorTest;
import dev.vaekit.distributions.DiagonalGaussian;
import dev.vaekit.engine.Engines;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.Loss;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.train.Configs;
import dev.vaekit.train.EpochMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DIP-VAE I and II (Kumar et al. 2018): the covariances and the penalty against sums by hand, the objective, the config. */
class DipVaeTest extends TensorTest {
    private static final float[] MU = {0.5f, -1f, 1.5f, 0f, -0.5f, 2f, 1f, 1f};
    private static final float[] LOG_VAR = {0f, -1f, 0.5f, 0f, -2f, 1f, 0.2f, -0.3f};

    /** Four posteriors in two dimensions. */
    private DiagonalGaussian posteriors() {
        return new DiagonalGaussian(Fixtures.array(manager, MU, 4, 2), Fixtures.array(manager, LOG_VAR, 4, 2));
    }

    /** C by hand: (1/M) Σ (μ − μ̄)(μ − μ̄)ᵀ, plus diag of the mean σ² for type II. */
    private static double[][] covarianceByHand(boolean typeTwo) {
        int m = 4;
        double[] mean = new double[2];
        for (int i = 0; i < m; i++) {
            mean[0] += MU[2 * i] / 4.0;
            mean[1] += MU[2 * i + 1] / 4.0;
        }
        double[][] c = new double[2][2];
        for (int i = 0; i < m; i++) {
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    c[a][b] += (MU[2 * i + a] - mean[a]) * (MU[2 * i + b] - mean[b]) / m;
                }
            }
        }
        if (typeTwo) {
            for (int i = 0; i < m; i++) {
                for (int a = 0; a < 2; a++) {
                    c[a][a] += Math.exp(LOG_VAR[2 * i + a]) / m;
                }
            }
        }
        return c;
    }

    @Test
    void theCovariancesAreThoseOfTheMeansAndOfTheAggregatePosterior() {
        for (DipKind kind : DipKind.values()) {
            double[][] expected = covarianceByHand(kind == DipKind.II);
            float[] c = DipVae.covariance(posteriors(), kind).toFloatArray();
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    assertThat((double) c[2 * a + b])
                            .as("%s C[%d][%d]", kind, a, b)
                            .isCloseTo(expected[a][b], within(1e-5));
                }
            }
            NDArray[] parts = DipVae.penaltyParts(DipVae.covariance(posteriors(), kind));
            double off = 2 * expected[0][1] * expected[0][1];
            double diagonal = Math.pow(expected[0][0] - 1, 2) + Math.pow(expected[1][1] - 1, 2);
            assertThat((double) parts[0].getFloat()).isCloseTo(off, within(1e-5));
            assertThat((double) parts[1].getFloat()).isCloseTo(diagonal, within(1e-5));
        }
    }

    @Test
    void theObjectiveIsTheElboPlusTheWeightedPenalty() {
        Engines.disableGradOnThisThread();
        Batch batch = new Batch(Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0}, 3, 4));
        ObjectiveConfig objective = ObjectiveConfig.builder().beta(2).build();
        LossContext context = new LossContext(objective, 1, 100);
        for (DipKind kind : DipKind.values()) {
            ModelConfig config =
                    FamilyFixtures.tiny("dense-dip-vae", new DipVaeConfig(VaeConfig.defaults(), kind, 3, 30));
            try (DipVae model = new DipVae(config, null, manager)) {
                Engines.seed(41);
                Loss elbo = model.elbo(batch, Estimator.B, 1, 2f, 0f);
                NDArray[] parts = DipVae.penaltyParts(DipVae.covariance(model.encode(batch.x()), kind));
                Engines.seed(41);
                Loss dip = model.loss(batch, context);
                double penalty = 3 * parts[0].getFloat() + 30 * parts[1].getFloat();
                assertThat((double) dip.value().getFloat())
                        .as("%s", kind)
                        .isCloseTo(elbo.value().getFloat() + penalty, within(1e-3));
                assertThat((double) dip.extra().get("dipOffDiagonal").getFloat())
                        .isCloseTo(parts[0].getFloat(), within(1e-6));
                assertThat((double) dip.bound().getFloat())
                        .isCloseTo(elbo.bound().getFloat(), within(1e-5));
            }
        }
    }

    @Test
    void itTrainsThroughTheModelContract() {
        List<EpochMetrics> epochs =
                FamilyFixtures.trainTwoEpochs(FamilyFixtures.tiny("dense-dip-vae", DipVaeConfig.defaults()), manager);
        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(1).trainTerms()).containsOnlyKeys("dipOffDiagonal", "dipDiagonal");
        assertThat(epochs.get(1).trainLoss()).isFinite();
    }

    @Test
    void itsFieldsRoundTripAndBadOnesAreRefused() {
        var config = Configs.build(null, Map.of("model.type", "dense-dip-vae", "model.dipType", "ii"));
        assertThat(config.model().family(DipVaeConfig.class).dipType()).isEqualTo(DipKind.II);
        assertThat(Configs.parseJson(Configs.toJson(config), config.getClass(), "test"))
                .isEqualTo(config);
        assertThatThrownBy(() -> Configs.build(null, Map.of("model.type", "dense-dip-vae", "model.dipType", "iii")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown model.dipType 'iii'; expected one of [i, ii]");
        assertThatThrownBy(() -> Configs.build(null, Map.of("model.type", "dense-dip-vae", "objective.estimator", "a")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("leave objective.estimator at b");
    }
}
