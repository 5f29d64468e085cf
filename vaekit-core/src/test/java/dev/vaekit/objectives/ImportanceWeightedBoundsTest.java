package dev.vaekit.objectives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.TensorTest;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Batch;
import dev.vaekit.models.LossContext;
import dev.vaekit.models.Vae;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bounds of Rainforth et al. 2018 (MIWAE, CIWAE, PIWAE): their values against hand computation on given
 * log-weights, their special cases against the ELBO and IWAE on a VAE's draws, and PIWAE's two gradients against the
 * IWAE and MIWAE gradients of the same draws.
 */
class ImportanceWeightedBoundsTest extends TensorTest {
    private NDArray x;

    @BeforeEach
    void open() {
        x = Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0}, 3, 4);
    }

    private static double logMeanExp(double... w) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : w) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : w) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum / w.length);
    }

    @Test
    void miwaeIsTheMeanOfItsGroupsIwaeBoundsByHand() {
        // 2 groups of 3 draws, 2 datapoints: rows are draws (group-major), columns datapoints
        double[][] w = {{-3, -10}, {-1, -12}, {-7, -9}, {-2, -11}, {-4, -8}, {-0.5, -15}};
        float[] flat = new float[12];
        for (int r = 0; r < 6; r++) {
            flat[2 * r] = (float) w[r][0];
            flat[2 * r + 1] = (float) w[r][1];
        }
        NDArray logW = Fixtures.array(manager, flat, 6, 2);

        float[] miwae = ImportanceWeightedBounds.miwae(logW, 2).toFloatArray();
        float[] iwae = ImportanceWeightedBounds.iwae(logW).toFloatArray();
        float[] ciwae = ImportanceWeightedBounds.ciwae(logW, 0.25).toFloatArray();

        for (int b = 0; b < 2; b++) {
            double g0 = logMeanExp(w[0][b], w[1][b], w[2][b]);
            double g1 = logMeanExp(w[3][b], w[4][b], w[5][b]);
            double all = logMeanExp(w[0][b], w[1][b], w[2][b], w[3][b], w[4][b], w[5][b]);
            double mean = (w[0][b] + w[1][b] + w[2][b] + w[3][b] + w[4][b] + w[5][b]) / 6;
            assertThat((double) miwae[b]).isCloseTo((g0 + g1) / 2, within(1e-5));
            assertThat((double) iwae[b]).isCloseTo(all, within(1e-5));
            assertThat((double) ciwae[b]).isCloseTo(0.25 * mean + 0.75 * all, within(1e-5));
            // the orderings the paper states: ELBO ≤ MIWAE(2, 3) ≤ IWAE(6)
            assertThat(mean).isLessThanOrEqualTo(miwae[b] + 1e-6);
            assertThat((double) miwae[b]).isLessThanOrEqualTo(all + 1e-6);
        }
        // MIWAE(1, K) = IWAE(K) and MIWAE(M, 1) is the M-sample mean of log w (the ELBO's estimate)
        assertThat(ImportanceWeightedBounds.miwae(logW, 1).toFloatArray()).containsExactly(iwae, within(1e-6f));
        assertThat(ImportanceWeightedBounds.miwae(logW, 6).toFloatArray())
                .containsExactly(logW.mean(new int[] {0}).toFloatArray(), within(1e-6f));
        assertThatThrownBy(() -> ImportanceWeightedBounds.miwae(logW, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    private LossContext context(ObjectiveConfig objective) {
        return new LossContext(objective, 0, 100);
    }

    private double bound(Vae vae, ObjectiveConfig objective, long seed) {
        Engines.seed(seed);
        return Tensors.scalar(vae.loss(new Batch(x), context(objective)).bound());
    }

    @Test
    void onAVaesDrawsTheSpecialCasesAreTheElboAndIwae() {
        try (Vae vae = new Vae(Fixtures.tinyModel(), manager)) {
            Fixtures.perturb(vae.parameters(), 0.5f, 3);
            for (long seed = 1; seed <= 3; seed++) {
                double elbo5 = bound(vae, new ObjectiveConfig(Estimator.A, 5, 1, 0, 0), seed);
                double iwae5 = bound(vae, new ObjectiveConfig(Estimator.IWAE, 5, 1, 0, 0), seed);
                double iwae10 = bound(vae, new ObjectiveConfig(Estimator.IWAE, 10, 1, 0, 0), seed);
                ObjectiveConfig.Builder miwae = ObjectiveConfig.builder().estimator(Estimator.MIWAE);
                ObjectiveConfig.Builder ciwae = ObjectiveConfig.builder().estimator(Estimator.CIWAE);

                assertThat(bound(vae, miwae.groups(1).samples(5).build(), seed)).isCloseTo(iwae5, within(1e-5));
                assertThat(bound(vae, miwae.groups(5).samples(1).build(), seed)).isCloseTo(elbo5, within(1e-5));
                assertThat(bound(vae, ciwae.samples(5).ciwaeBeta(1).build(), seed))
                        .isCloseTo(elbo5, within(1e-5));
                assertThat(bound(vae, ciwae.samples(5).ciwaeBeta(0).build(), seed))
                        .isCloseTo(iwae5, within(1e-5));
                assertThat(bound(vae, ciwae.samples(5).ciwaeBeta(0.3).build(), seed))
                        .isCloseTo(0.3 * elbo5 + 0.7 * iwae5, within(1e-4));
                // PIWAE reports IWAE(M·K) of its M·K draws
                ObjectiveConfig piwae = ObjectiveConfig.builder()
                        .estimator(Estimator.PIWAE)
                        .groups(2)
                        .samples(5)
                        .build();
                assertThat(bound(vae, piwae, seed)).isCloseTo(iwae10, within(1e-5));
            }
        }
    }

    /** Gradients of every parameter of a loss, for one seeded draw. */
    private static Map<String, float[]> gradients(Vae vae, Batch batch, ObjectiveConfig objective, long seed) {
        Map<String, float[]> out = new LinkedHashMap<>();
        vae.parameters().zeroGradients();
        Engines.seed(seed);
        try (GradientCollector collector = Engines.engine().newGradientCollector()) {
            collector.backward(
                    vae.loss(batch, new LossContext(objective, 0, 100)).value());
        }
        vae.parameters()
                .asMap()
                .forEach((name, p) -> out.put(name, p.getGradient().toFloatArray()));
        vae.parameters().zeroGradients();
        return out;
    }

    @Test
    void piwaeGivesTheDecoderIwaesGradientAndTheEncoderMiwaes() {
        Batch batch = new Batch(x);
        try (Vae vae = new Vae(Fixtures.tinyModel(), manager)) {
            Fixtures.perturb(vae.parameters(), 0.5f, 4);
            ObjectiveConfig piwae = ObjectiveConfig.builder()
                    .estimator(Estimator.PIWAE)
                    .groups(3)
                    .samples(4)
                    .build();
            ObjectiveConfig miwae = piwae.toBuilder().estimator(Estimator.MIWAE).build();
            ObjectiveConfig iwae = ObjectiveConfig.builder()
                    .estimator(Estimator.IWAE)
                    .samples(12)
                    .build();

            Map<String, float[]> p = gradients(vae, batch, piwae, 21);
            Map<String, float[]> m = gradients(vae, batch, miwae, 21);
            Map<String, float[]> i = gradients(vae, batch, iwae, 21);

            int checked = 0;
            for (String name : p.keySet()) {
                float[] expected = name.startsWith("encoder.") ? m.get(name) : i.get(name);
                float[] other = name.startsWith("encoder.") ? i.get(name) : m.get(name);
                assertThat(p.get(name)).as(name).containsExactly(expected, within(2e-5f));
                // and the two reference gradients do differ, so the comparison tells them apart
                assertThat(Fixtures.maxAbsDiff(expected, other)).as(name).isGreaterThan(1e-4);
                checked++;
            }
            assertThat(checked).isEqualTo(vae.parameters().asMap().size());
        }
    }

    @Test
    void theObjectiveRefusesSettingsItsEstimatorWouldIgnore() {
        assertThatThrownBy(() -> ObjectiveConfig.builder().groups(2).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("objective.groups");
        assertThatThrownBy(() -> ObjectiveConfig.builder()
                        .estimator(Estimator.IWAE)
                        .ciwaeBeta(0.9)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ciwae estimator only");
        assertThatThrownBy(() -> ObjectiveConfig.builder()
                        .estimator(Estimator.CIWAE)
                        .ciwaeBeta(1.5)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> ObjectiveConfig.builder()
                        .estimator(Estimator.MIWAE)
                        .beta(2)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("objective.beta must be 1");
        assertThatThrownBy(() -> ObjectiveConfig.builder()
                        .estimator(Estimator.MIWAE)
                        .groups(1000)
                        .samples(1000)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at most");
        assertThat(ObjectiveConfig.builder()
                        .estimator(Estimator.PIWAE)
                        .groups(4)
                        .samples(8)
                        .build()
                        .draws())
                .isEqualTo(32);
    }
}
