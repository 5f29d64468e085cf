package dev.vaekit.baselines;

import static dev.vaekit.baselines.KernelDensity.Scaling.PER_FEATURE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.Fixtures;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KernelDensityTest {
    private static float[] ring(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * r.nextDouble();
            double radius =
                    2 + 0.1 * Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
            x[2 * i] = (float) (radius * Math.cos(t));
            x[2 * i + 1] = (float) (3 * radius * Math.sin(t)); // a wider spread in y: per-feature scaling matters
        }
        return x;
    }

    @Test
    void theRulesOfThumbFollowTheirFormulas() {
        assertThat(KernelDensity.scott(1000, 2)).isCloseTo(Math.pow(1000, -1.0 / 6), within(1e-12));
        assertThat(KernelDensity.silverman(1000, 2))
                .isCloseTo(Math.pow(4.0 / 4, 1.0 / 6) * Math.pow(1000, -1.0 / 6), within(1e-12));
        assertThat(KernelDensity.silverman(500, 3))
                .isCloseTo(Math.pow(0.8, 1.0 / 7) * Math.pow(500, -1.0 / 7), within(1e-12));
    }

    @Test
    void theDensityIntegratesToOneOnAGrid() {
        KernelDensity kde = KernelDensity.fit(ring(500, 1), 2, PER_FEATURE, KernelDensity.Bandwidth.SCOTT, null);
        int n = 400;
        double mass = Fixtures.mass(kde.logDensity(Fixtures.grid(n, -5, 5, -12, 12)), 240.0 / n / n);
        assertThat(mass).isCloseTo(1, within(0.01));
    }

    @Test
    void validationPicksABandwidthThatScoresBetterThanScottsOnHeldOutData() {
        float[] train = ring(800, 2);
        float[] validation = ring(300, 3);
        float[] test = ring(300, 4);
        KernelDensity scott = KernelDensity.fit(train, 2, PER_FEATURE, KernelDensity.Bandwidth.SCOTT, null);
        KernelDensity tuned = KernelDensity.fit(train, 2, PER_FEATURE, KernelDensity.Bandwidth.VALIDATION, validation);
        // a thin ring wants a narrower kernel than the Gaussian-reference rule gives
        assertThat(tuned.bandwidth()).isLessThan(scott.bandwidth());
        double a = Arrays.stream(scott.logDensity(test)).average().orElseThrow();
        double b = Arrays.stream(tuned.logDensity(test)).average().orElseThrow();
        assertThat(b).isGreaterThan(a);
    }

    @Test
    void aSinglePointsDensityIsItsKernel() {
        float[] train = {1, 2, 3, 4}; // two points, per-feature spread √2
        KernelDensity kde = KernelDensity.withBandwidth(train, 2, PER_FEATURE, 0.5);
        double s = 0.5 * Math.sqrt(2);
        double[] logP = kde.logDensity(new float[] {1, 2});
        double expected = Math.log(0.5 * (1 / (2 * Math.PI * s * s)) * (1 + Math.exp(-0.5 * (8 / (s * s)))));
        assertThat(logP[0]).isCloseTo(expected, within(1e-9));
    }

    @Test
    void anIsotropicKernelUsesThePooledStandardDeviation() {
        float[] train = {0, 0, 2, 6}; // per-feature variances 2 and 18, pooled √10
        KernelDensity kde = KernelDensity.withBandwidth(train, 2, KernelDensity.Scaling.ISOTROPIC, 0.5);
        double s = 0.5 * Math.sqrt(10);
        assertThat(kde.kernelScale()).containsExactly(new double[] {s, s}, within(1e-12));
        double expected = Math.log(0.5 * (1 / (2 * Math.PI * s * s)) * (1 + Math.exp(-0.5 * (40 / (s * s)))));
        assertThat(kde.logDensity(new float[] {0, 0})[0]).isCloseTo(expected, within(1e-9));
    }

    @Test
    void theDensityMatchesADirectSumInFiveDimensions() {
        SplittableRandom r = new SplittableRandom(6);
        int d = 5;
        float[] train = new float[300 * d];
        float[] query = new float[20 * d];
        for (int i = 0; i < train.length; i++) {
            train[i] = (float) ((1 + i % d) * r.nextDouble());
        }
        for (int i = 0; i < query.length; i++) {
            query[i] = (float) ((1 + i % d) * r.nextDouble());
        }
        KernelDensity kde = KernelDensity.withBandwidth(train, d, PER_FEATURE, 0.3);
        double[] scale = kde.kernelScale();
        double[] got = kde.logDensity(query);
        for (int q = 0; q < 20; q++) {
            double sum = 0;
            for (int i = 0; i < 300; i++) {
                double density = 1;
                for (int j = 0; j < d; j++) {
                    double z = ((double) query[q * d + j] - train[i * d + j]) / scale[j];
                    density *= Math.exp(-0.5 * z * z) / (Math.sqrt(2 * Math.PI) * scale[j]);
                }
                sum += density / 300;
            }
            assertThat(got[q]).isCloseTo(Math.log(sum), within(1e-10));
        }
    }

    @Test
    void validationKeepsTheGridBandwidthWithTheBestHeldOutScore() {
        float[] train = ring(400, 7);
        float[] validation = ring(100, 8);
        KernelDensity tuned = KernelDensity.fit(train, 2, PER_FEATURE, KernelDensity.Bandwidth.VALIDATION, validation);
        double best = Double.NEGATIVE_INFINITY;
        double bestH = 0;
        for (double g : KernelDensity.GRID) {
            double h = g * KernelDensity.scott(400, 2);
            double score = Arrays.stream(KernelDensity.withBandwidth(train, 2, PER_FEATURE, h)
                            .logDensity(validation))
                    .average()
                    .orElseThrow();
            if (score > best) {
                best = score;
                bestH = h;
            }
        }
        assertThat(tuned.bandwidth()).isEqualTo(bestH);
    }
}
