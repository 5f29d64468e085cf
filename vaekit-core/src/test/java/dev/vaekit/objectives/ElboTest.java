package dev.vaekit.objectives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Batch;
import dev.vaekit.models.Vae;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The estimators on a tiny VAE (4 inputs, 2 latents, 8 hidden) with fixed inputs. Its posterior is pushed away from
 * the prior (mean 1.5, log-variance -3) so that the Monte-Carlo KL of estimator A is noisy and the importance weights
 * of IWAE spread out, which makes the expected orderings clearly visible above the sampling noise.
 */
class ElboTest {
    private static NDManager manager;
    private static Vae model;
    private static NDArray x;

    @BeforeAll
    static void build() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        Engines.seed(7);
        model = new Vae(Fixtures.tinyModel(), manager);
        // encoder.out rows: mu (2) first, then log-variance (2)
        Fixtures.setParameter(model, "encoder.out.bias", 1.5f, 1.5f, -3f, -3f);
        x = Tensors.create(
                model.parameters().manager(),
                new float[] {1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1},
                new Shape(6, 4));
    }

    @AfterAll
    static void close() {
        model.close();
        manager.close();
    }

    /** The batch-mean bound of one call, seeded. */
    private static double bound(Estimator estimator, int samples, long seed) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Engines.seed(seed);
            return Tensors.scalar(
                    model.elbo(new Batch(x), estimator, samples, 1f, 0f).bound());
        }
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    private static double variance(double[] v) {
        double m = mean(v);
        return Arrays.stream(v).map(a -> (a - m) * (a - m)).sum() / (v.length - 1);
    }

    @Test
    void termsAreScalarsAndTheBoundIsReconstructionMinusKl() {
        for (Estimator e : new Estimator[] {Estimator.A, Estimator.B}) {
            Engines.seed(1);
            Loss t = model.elbo(new Batch(x), e, 3, 1f, 0f);

            assertThat(t.value().getShape().isScalar()).isTrue();
            assertThat(t.bound().getShape().isScalar()).isTrue();
            double rec = Tensors.scalar(t.reconstruction());
            double kl = Tensors.scalar(t.kl());
            assertThat(Tensors.scalar(t.bound())).as("%s", e).isCloseTo(rec - kl, within(1e-4));
            assertThat(Tensors.scalar(t.value())).as("%s", e).isCloseTo(-(rec - kl), within(1e-4));
            assertThat(rec).isNegative();
        }
    }

    @Test
    void estimatorBUsesTheAnalyticKl() {
        Engines.seed(2);
        Loss t = model.elbo(new Batch(x), Estimator.B, 1, 1f, 0f);

        // KL(N(1.5, e^-3) || N(0, 1)) per coordinate, up to the small input-dependent part of the encoder output
        double analytic = Tensors.scalar(model.encode(x).klToStandardNormal().mean());
        assertThat(Tensors.scalar(t.kl())).isCloseTo(analytic, within(1e-5));
        assertThat(analytic).isGreaterThan(2.0);
    }

    @Test
    void theKlWeightScalesOnlyTheKlTermOfTheLoss() {
        for (Estimator e : new Estimator[] {Estimator.A, Estimator.B}) {
            Engines.seed(3);
            Loss t = model.elbo(new Batch(x), e, 2, 0.25f, 0f);

            double rec = Tensors.scalar(t.reconstruction());
            double kl = Tensors.scalar(t.kl());
            assertThat(Tensors.scalar(t.value())).as("%s", e).isCloseTo(-(rec - 0.25 * kl), within(1e-4));
            assertThat(Tensors.scalar(t.bound())).as("%s", e).isCloseTo(rec - kl, within(1e-4));
        }
    }

    @Test
    void iwaeIgnoresTheKlWeightAndItsLossIsMinusTheBound() {
        Engines.seed(4);
        Loss full = model.elbo(new Batch(x), Estimator.IWAE, 5, 1f, 0f);
        Engines.seed(4);
        Loss weighted = model.elbo(new Batch(x), Estimator.IWAE, 5, 0.1f, 0f);

        assertThat(Tensors.scalar(weighted.value())).isEqualTo(Tensors.scalar(full.value()));
        assertThat(Tensors.scalar(full.value())).isEqualTo(-Tensors.scalar(full.bound()));
    }

    @Test
    void iwaeWithOneSampleIsEstimatorAOnTheSameDraw() {
        for (long seed = 0; seed < 5; seed++) {
            assertThat(bound(Estimator.IWAE, 1, seed)).isCloseTo(bound(Estimator.A, 1, seed), within(1e-4));
        }
    }

    @Test
    void estimatorsAAndBAgreeInExpectation() {
        int repeats = 200;
        double[] difference = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            // the same draws for both: the difference is the Monte-Carlo KL error alone
            difference[r] = bound(Estimator.A, 50, 1000 + r) - bound(Estimator.B, 50, 1000 + r);
        }

        double m = mean(difference);
        double stdErr = Math.sqrt(variance(difference) / repeats);
        assertThat(stdErr).isPositive();
        assertThat(Math.abs(m))
                .as("mean A - B = %s, standard error %s", m, stdErr)
                .isLessThan(4 * stdErr + 1e-3);
        assertThat(Math.abs(m)).isLessThan(0.02);
    }

    @Test
    void estimatorBVariesLessFromBatchToBatchThanA() {
        int repeats = 300;
        double[] a = new double[repeats];
        double[] b = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            a[r] = bound(Estimator.A, 1, 5000 + r);
            b[r] = bound(Estimator.B, 1, 9000 + r);
        }

        assertThat(variance(b))
                .as("var B %s, var A %s", variance(b), variance(a))
                .isLessThan(0.5 * variance(a));
    }

    @Test
    void theIwaeBoundIsAboveTheElboOnAverageAndRisesWithK() {
        double elbo = 0;
        for (int r = 0; r < 20; r++) {
            elbo += bound(Estimator.B, 500, 20_000 + r) / 20;
        }
        int repeats = 60;
        double[] means = new double[3];
        double[] stdErrs = new double[3];
        int[] ks = {1, 10, 100};
        for (int i = 0; i < ks.length; i++) {
            double[] v = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                v[r] = bound(Estimator.IWAE, ks[i], 30_000 + 100L * i + r);
            }
            means[i] = mean(v);
            stdErrs[i] = Math.sqrt(variance(v) / repeats);
        }

        String report = String.format(
                "ELBO %.4f, IWAE k=1 %.4f±%.4f, k=10 %.4f±%.4f, k=100 %.4f±%.4f",
                elbo, means[0], stdErrs[0], means[1], stdErrs[1], means[2], stdErrs[2]);
        // k = 1 is the ELBO itself, in expectation
        assertThat(means[0]).as(report).isCloseTo(elbo, within(4 * stdErrs[0] + 0.02));
        assertThat(means[1]).as(report).isGreaterThan(elbo + 4 * stdErrs[1]);
        assertThat(means[1]).as(report).isGreaterThan(means[0] + 4 * (stdErrs[0] + stdErrs[1]));
        assertThat(means[2]).as(report).isGreaterThan(means[1] + 4 * (stdErrs[1] + stdErrs[2]));
    }

    @Test
    void theLossHasAGradientForEveryParameter() {
        try (NDScope scope = new NDScope();
                var collector = Engines.engine().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            Engines.seed(5);
            collector.backward(model.elbo(new Batch(x), Estimator.B, 2, 1f, 0f).value());
            for (String name : model.parameters().asMap().keySet()) {
                float[] g = model.parameters().gradient(name).toFloatArray();
                double norm = 0;
                for (float v : g) {
                    norm += v * v;
                }
                assertThat(norm).as("gradient of %s", name).isPositive().isFinite();
            }
            model.parameters().zeroGradients();
        }
    }
}
