package dev.vaekit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.vaekit.Fixtures;
import dev.vaekit.engine.Engines;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The standard normal, standard logistic and multivariate Student's t bases: closed forms, numerical stability,
 * normalisation, sampling.
 */
class BaseDistributionsTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        Engines.seed(31);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void logDensitiesMatchTheirClosedFormsSummedOverFeatures() {
        float[] z = {-3f, -0.5f, 0f, 1.25f, 4f, 0.1f};
        NDArray batch = Fixtures.array(manager, z, 2, 3);
        float[] normal = new StandardNormalBase().logProb(batch).toFloatArray();
        float[] logistic = new StandardLogisticBase().logProb(batch).toFloatArray();
        for (int b = 0; b < 2; b++) {
            double n = 0;
            double l = 0;
            for (int i = 0; i < 3; i++) {
                double v = z[3 * b + i];
                n += -0.5 * v * v - 0.5 * Math.log(2 * Math.PI);
                l += -v - 2 * Math.log1p(Math.exp(-v)); // log e^{−z} / (1 + e^{−z})²
            }
            assertThat((double) normal[b]).as("normal, example %d", b).isCloseTo(n, within(1e-5));
            assertThat((double) logistic[b]).as("logistic, example %d", b).isCloseTo(l, within(1e-5));
        }
    }

    @Test
    void theLogisticLogDensityStaysFiniteAndLinearInItsTails() {
        NDArray z = Fixtures.array(manager, new float[] {-100f, 100f, -1000f, 1000f}, 4, 1);
        float[] got = new StandardLogisticBase().logProb(z).toFloatArray();
        // log p(z) = −|z| − 2 log(1 + e^{−|z|}) → −|z|
        assertThat(got).containsExactly(new float[] {-100f, -100f, -1000f, -1000f}, within(1e-3f));
    }

    @Test
    void eachBaseIntegratesToOneOnALine() {
        int n = 20_001;
        float[] grid = new float[n];
        double step = 80.0 / (n - 1);
        for (int k = 0; k < n; k++) {
            grid[k] = (float) (-40 + k * step);
        }
        NDArray z = Fixtures.array(manager, grid, n, 1);
        for (BaseDistribution base : new BaseDistribution[] {new StandardNormalBase(), new StandardLogisticBase()}) {
            double mass = Fixtures.mass(base.logProb(z).toFloatArray(), step);
            assertThat(mass).as(base.getClass().getSimpleName()).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void samplesHaveTheVarianceOfTheirTemperature() {
        int n = 200_000;
        float t = 0.7f;
        double normal = variance(new StandardNormalBase().sample(manager, new Shape(n, 1), t));
        double logistic = variance(new StandardLogisticBase().sample(manager, new Shape(n, 1), t));
        assertThat(normal).isCloseTo(t * t, within(0.01));
        assertThat(logistic).isCloseTo(t * t * Math.PI * Math.PI / 3, within(0.03)); // π²/3 for the logistic
    }

    @Test
    void theStudentTLogDensityMatchesItsClosedForms() {
        // ν = 1, D = 1: the Cauchy density 1 / (π (1 + z²))
        float[] cauchy = new StudentTBase(1)
                .logProb(Fixtures.array(manager, new float[] {0f, 1f, -7f}, 3, 1))
                .toFloatArray();
        for (int i = 0; i < 3; i++) {
            double z = new double[] {0, 1, -7}[i];
            assertThat((double) cauchy[i]).isCloseTo(-Math.log(Math.PI * (1 + z * z)), within(1e-5));
        }
        // ν = 1, D = 2: the bivariate Cauchy (1 + ‖z‖²)^(−3/2) / (2π), one joint radius, not a product of marginals
        float[] bivariate = new StudentTBase(1)
                .logProb(Fixtures.array(manager, new float[] {3f, 4f}, 1, 2))
                .toFloatArray();
        assertThat((double) bivariate[0]).isCloseTo(-1.5 * Math.log(26) - Math.log(2 * Math.PI), within(1e-5));
        // ν = 3, D = 1 at 0: Γ(2) / (Γ(3/2) √(3π)) = 2 / (π √3)
        float[] three = new StudentTBase(3)
                .logProb(Fixtures.array(manager, new float[] {0f}, 1, 1))
                .toFloatArray();
        assertThat((double) three[0]).isCloseTo(Math.log(2 / (Math.PI * Math.sqrt(3))), within(1e-5));
    }

    @Test
    void theStudentTPassesItsGradientToTheCodes() {
        // ∂ log p / ∂z = −(ν + D) z / (ν + ‖z‖²): the base must train the flow in front of it
        float[] values = {0.5f, -2f, 3f, 40f, 0.1f, -0.3f};
        NDArray z = Fixtures.array(manager, values, 2, 3);
        z.setRequiresGradient(true);
        try (GradientCollector collector = Engines.engine().newGradientCollector()) {
            collector.backward(new StudentTBase(4).logProb(z).sum());
        }
        float[] gradient = z.getGradient().toFloatArray();
        for (int b = 0; b < 2; b++) {
            double squaredNorm = 0;
            for (int i = 0; i < 3; i++) {
                squaredNorm += values[3 * b + i] * (double) values[3 * b + i];
            }
            for (int i = 0; i < 3; i++) {
                double expected = -(4 + 3) * values[3 * b + i] / (4 + squaredNorm);
                assertThat((double) gradient[3 * b + i])
                        .as("example %d, coordinate %d", b, i)
                        .isCloseTo(expected, within(1e-5));
            }
        }
    }

    @Test
    void theStudentTIntegratesToOneOverAPlane() {
        // ν = 3 has fat tails: the mass beyond radius 30 is (1 + 900/3)^(−3/2) ≈ 2e-4, inside the tolerance
        int n = 1201;
        double step = 60.0 / (n - 1);
        float[] grid = new float[n * n * 2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                grid[2 * (i * n + j)] = (float) (-30 + i * step);
                grid[2 * (i * n + j) + 1] = (float) (-30 + j * step);
            }
        }
        float[] logP = new StudentTBase(3)
                .logProb(Fixtures.array(manager, grid, n * n, 2))
                .toFloatArray();
        double mass = 0;
        for (float v : logP) {
            mass += Math.exp(v) * step * step;
        }
        assertThat(mass).isCloseTo(1.0, within(1e-3));
    }

    @Test
    void theStudentTTendsToTheNormalAndChargesFarCodesLogarithmically() {
        NDArray z = manager.randomNormal(new Shape(4, 50));
        float[] normal = new StandardNormalBase().logProb(z).toFloatArray();
        float[] almostNormal = new StudentTBase(1e7).logProb(z).toFloatArray();
        assertThat(almostNormal).containsExactly(normal, within(2e-3f));
        // a code at radius 380 in 784 dimensions: ½‖z‖² = 72,200 nats under the normal, about (ν + D)/2 log ‖z‖²
        // under the t
        float[] far = new float[784];
        far[0] = 380f;
        NDArray outlier = Fixtures.array(manager, far, 1, 784);
        double t = new StudentTBase(1000).logProb(outlier).getFloat(0);
        double gauss = new StandardNormalBase().logProb(outlier).getFloat(0);
        assertThat(gauss).isLessThan(-72_000);
        assertThat(t).isGreaterThan(-6_000);
    }

    @Test
    void studentTSamplesHaveTheirMeanSquaredRadiusAndTemperature() {
        // E‖z‖² = D ν/(ν − 2) for z = g/√w: 5 for D = 4, ν = 10 (the normal's would be 4); sd of ‖z‖² is 5
        int n = 40_000;
        for (float t : new float[] {1f, 0.5f}) {
            float[] v = new StudentTBase(10).sample(manager, new Shape(n, 4), t).toFloatArray();
            double meanSquare = 0;
            for (float x : v) {
                meanSquare += x * (double) x / n;
            }
            assertThat(meanSquare).as("T = %s", t).isCloseTo(5.0 * t * t, within(0.1 * t * t));
        }
        Engines.seed(5);
        float[] first =
                new StudentTBase(10).sample(manager, new Shape(3, 2), 1f).toFloatArray();
        Engines.seed(5);
        float[] again =
                new StudentTBase(10).sample(manager, new Shape(3, 2), 1f).toFloatArray();
        assertThat(again).containsExactly(first);
    }

    @Test
    void gammaDrawsHaveMeanAndVarianceAlpha() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 100_000;
        for (double alpha : new double[] {0.5, 5, 500}) {
            double mean = 0;
            double square = 0;
            for (int i = 0; i < n; i++) {
                double g = StudentTBase.gamma(alpha, random);
                mean += g / n;
                square += g * g / n;
            }
            double variance = square - mean * mean;
            double sd = Math.sqrt(alpha / n);
            assertThat(mean).as("mean, α = %s", alpha).isCloseTo(alpha, within(5 * sd));
            assertThat(variance).as("variance, α = %s", alpha).isCloseTo(alpha, within(0.05 * alpha));
        }
    }

    private static double variance(NDArray samples) {
        float[] v = samples.toFloatArray();
        double mean = 0;
        for (float x : v) {
            mean += x / (double) v.length;
        }
        double var = 0;
        for (float x : v) {
            var += (x - mean) * (x - mean) / v.length;
        }
        return var;
    }
}
