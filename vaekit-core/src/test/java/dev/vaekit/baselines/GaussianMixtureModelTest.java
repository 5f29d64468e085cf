package dev.vaekit.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.Fixtures;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianMixtureModelTest {
    private static final double[] WEIGHTS = {0.5, 0.3, 0.2};
    private static final double[][] MEANS = {{-4, 0}, {3, 3}, {2, -4}};
    // lower Cholesky factors of the true covariances
    private static final double[][][] FACTORS = {{{1.0, 0}, {0.6, 0.8}}, {{0.5, 0}, {0, 0.5}}, {{1.2, 0}, {-0.5, 0.4}}};

    private static float[] sample(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            int c = u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
            double e0 = gaussian(r);
            double e1 = gaussian(r);
            x[2 * i] = (float) (MEANS[c][0] + FACTORS[c][0][0] * e0);
            x[2 * i + 1] = (float) (MEANS[c][1] + FACTORS[c][1][0] * e0 + FACTORS[c][1][1] * e1);
        }
        return x;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** The fitted components in the order of the true means they are closest to. */
    private static Integer[] matched(GaussianMixtureModel m) {
        Integer[] order = new Integer[3];
        for (int t = 0; t < 3; t++) {
            int truth = t;
            order[t] = java.util.stream.IntStream.range(0, 3)
                    .boxed()
                    .min(Comparator.comparingDouble(
                            c -> Math.hypot(m.means()[c][0] - MEANS[truth][0], m.means()[c][1] - MEANS[truth][1])))
                    .orElseThrow();
        }
        return order;
    }

    @Test
    void emRecoversTheParametersOfASampledMixture() {
        float[] x = sample(6000, 1);
        GaussianMixtureModel m = GaussianMixtureModel.fit(
                x, 2, GaussianMixtureModel.Options.of(3, GaussianMixtureModel.Covariance.FULL));
        Integer[] c = matched(m);
        assertThat(Arrays.stream(c).distinct().count()).isEqualTo(3);
        for (int t = 0; t < 3; t++) {
            assertThat(m.weights()[c[t]]).as("weight %d", t).isCloseTo(WEIGHTS[t], within(0.02));
            for (int j = 0; j < 2; j++) {
                assertThat(m.means()[c[t]][j]).as("mean %d", t).isCloseTo(MEANS[t][j], within(0.1));
            }
            double[][] l = FACTORS[t];
            double[][] cov = m.covariance(c[t]);
            double[][] truth = {
                {l[0][0] * l[0][0], l[0][0] * l[1][0]},
                {l[0][0] * l[1][0], l[1][0] * l[1][0] + l[1][1] * l[1][1]}
            };
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    assertThat(cov[a][b]).as("cov %d [%d][%d]", t, a, b).isCloseTo(truth[a][b], within(0.1));
                }
            }
        }
    }

    @Test
    void diagonalCovariancesFitTheVariancesAndIgnoreTheCorrelations() {
        float[] x = sample(6000, 2);
        GaussianMixtureModel m = GaussianMixtureModel.fit(
                x, 2, GaussianMixtureModel.Options.of(3, GaussianMixtureModel.Covariance.DIAGONAL));
        Integer[] c = matched(m);
        double[][] cov = m.covariance(c[1]); // component 1 is isotropic with variance 0.25
        assertThat(cov[0][0]).isCloseTo(0.25, within(0.03));
        assertThat(cov[1][1]).isCloseTo(0.25, within(0.03));
        assertThat(cov[0][1]).isZero();
        assertThat(m.parameterCount()).isEqualTo(2 + 6 + 6);
    }

    @Test
    void bicPicksTheTrueNumberOfComponents() {
        float[] x = sample(3000, 3);
        GaussianMixtureModel m = GaussianMixtureModel.selectByBic(
                x,
                2,
                new int[] {1, 2, 3, 4, 5},
                GaussianMixtureModel.Options.of(1, GaussianMixtureModel.Covariance.FULL));
        assertThat(m.components()).isEqualTo(3);
    }

    @Test
    void theDensityIsNormalisedAndSamplesFollowTheFit() {
        GaussianMixtureModel m = GaussianMixtureModel.fit(
                sample(2000, 4), 2, GaussianMixtureModel.Options.of(3, GaussianMixtureModel.Covariance.FULL));
        int n = 300;
        double mass = Fixtures.mass(m.logDensity(Fixtures.grid(n, -10, 10, -10, 10)), 400.0 / n / n);
        assertThat(mass).isCloseTo(1, within(0.01));
        // data drawn from the fit score about as well as the data it was fitted on
        double own = Arrays.stream(m.logDensity(m.sample(4000, 9))).average().orElseThrow();
        assertThat(own).isCloseTo(m.trainLogLikelihood() / 2000, within(0.1));
    }

    @Test
    void aFitIsDeterministic() {
        float[] x = sample(1000, 5);
        GaussianMixtureModel.Options o = GaussianMixtureModel.Options.of(3, GaussianMixtureModel.Covariance.FULL);
        assertThat(GaussianMixtureModel.fit(x, 2, o).means())
                .isDeepEqualTo(GaussianMixtureModel.fit(x, 2, o).means());
    }
}
