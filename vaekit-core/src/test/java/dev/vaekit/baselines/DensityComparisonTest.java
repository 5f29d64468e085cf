package dev.vaekit.baselines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.data.Dataset;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The learned rows of the density comparison are densities of the same rows as the baselines': on data drawn from a
 * known Gaussian, the flow and the VAE (both trained on standardised rows, the Jacobian added back) score close to the
 * true density, as the fitted Gaussian does.
 */
class DensityComparisonTest {
    /** n rows of a correlated 3-D Gaussian with scales 5, 0.5 and 2 (x₂ depends on x₁), and their true log-densities. */
    private static double[] draw(SplittableRandom random, float[] rows, int n) {
        double[] logP = new double[n];
        for (int i = 0; i < n; i++) {
            double a = gaussian(random);
            double b = gaussian(random);
            double c = gaussian(random);
            rows[3 * i] = (float) (5 * a + 10);
            rows[3 * i + 1] = (float) (0.5 * b + 0.3 * a * 5);
            rows[3 * i + 2] = (float) (2 * c - 4);
            // the map (a, b, c) -> x is linear with determinant 5 · 0.5 · 2 = 5
            logP[i] = -0.5 * (a * a + b * b + c * c) - 1.5 * Math.log(2 * Math.PI) - Math.log(5);
        }
        return logP;
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    @Test
    void theFlowAndTheVaeScoreAKnownGaussianNearItsTrueDensity() {
        SplittableRandom random = new SplittableRandom(4);
        float[] train = new float[3 * 3000];
        float[] test = new float[3 * 500];
        draw(random, train, 3000);
        double truth = mean(draw(random, test, 500));
        DensityComparison.Space space = DensityComparison.space(
                new Dataset("train", train, null, 1, 1, 3), new Dataset("test", test, null, 1, 1, 3), 0);

        DensityComparison.Row gaussian =
                DensityComparison.baselines(space, new int[] {1}, 3).get(0);
        DensityComparison.Row flow =
                DensityComparison.flow(space, DenseRuns.flowConfig("gaussian", 2, List.of(16), 15, 3));
        DensityComparison.Row vae = DensityComparison.vae(
                space, DenseRuns.config("gaussian", "dense-vae", 2, List.of(32), "gaussian", 40, 3), 200, 3);

        assertThat(gaussian.logLikelihood())
                .as("fitted Gaussian")
                .isCloseTo(truth, org.assertj.core.data.Offset.offset(0.1));
        // without the Jacobian of the standardisation, both would be off by Σ log s_j = log 5 + log 0.5… ≈ 2.4 nats
        assertThat(flow.logLikelihood()).as("MAF").isCloseTo(truth, org.assertj.core.data.Offset.offset(0.15));
        assertThat(vae.logLikelihood()).as("VAE").isCloseTo(truth, org.assertj.core.data.Offset.offset(0.3));
    }
}
