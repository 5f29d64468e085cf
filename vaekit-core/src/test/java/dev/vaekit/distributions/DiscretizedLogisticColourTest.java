package dev.vaekit.distributions;

import static dev.vaekit.Fixtures.array;
import static dev.vaekit.Fixtures.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.TensorTest;
import dev.vaekit.engine.Engines;
import org.junit.jupiter.api.Test;

/** The discretized logistic mixture over a pixel's three colours, Salimans et al. 2017, eq. 3. */
class DiscretizedLogisticColourTest extends TensorTest {
    private static final int LEVELS = 256;
    private static final int PLANE = LEVELS * LEVELS;

    /** One pixel's mixture of K components: weight logits (K), and means, log-scales, raw coefficients (K, 3). */
    private record Pixel(int k, float[] logits, float[] mean, float[] logScale, float[] coefficients) {
        static Pixel random(long seed, int k, double minLogScale, double maxLogScale) {
            return new Pixel(
                    k,
                    uniform(seed, k, -1.5, 1.5),
                    uniform(seed + 1, 3 * k, -0.8, 0.8),
                    uniform(seed + 2, 3 * k, minLogScale, maxLogScale),
                    uniform(seed + 3, 3 * k, -2, 2));
        }

        double weight(int c) {
            double norm = 0;
            for (float l : logits) {
                norm += Math.exp(l);
            }
            return Math.exp(logits[c]) / norm;
        }

        double tanhCoefficient(int component, int index) {
            return Math.tanh(coefficients[component * 3 + index]);
        }
    }

    private NDArray logits(Pixel p) {
        return array(manager, p.logits, 1, p.k, 1);
    }

    private NDArray perColour(Pixel p, float[] values) {
        return array(manager, values, 1, p.k, 3, 1);
    }

    private NDArray logProb(Pixel p, NDArray x) {
        return DiscretizedLogisticColour.logProbPerPixel(
                x, logits(p), perColour(p, p.mean), perColour(p, p.logScale), perColour(p, p.coefficients));
    }

    private NDArray colourLogProb(Pixel p, NDArray x, int colour) {
        return DiscretizedLogisticColour.colourLogProb(
                x, logits(p), perColour(p, p.mean), perColour(p, p.logScale), perColour(p, p.coefficients), colour);
    }

    /** Red levels per batch of the brute-force sum: 16 · 65536 colours. */
    private static final int REDS_PER_BATCH = 16;

    /** Every colour with a red level in [r, r + 16): x of shape (16 · 65536, 3, 1). */
    private NDArray coloursWithRed(int r) {
        int rows = REDS_PER_BATCH * PLANE;
        float[] x = new float[rows * 3];
        for (int row = 0; row < rows; row++) {
            x[row * 3] = (r + row / PLANE) / 255f;
            x[row * 3 + 1] = (row / LEVELS % LEVELS) / 255f;
            x[row * 3 + 2] = (row % LEVELS) / 255f;
        }
        return array(manager, x, rows, 3, 1);
    }

    @Test
    void theProbabilitiesOfAll256CubedColoursOfAPixelSumToOne() {
        Pixel p = Pixel.random(12, 2, -4, -1);
        double total = 0;
        for (int r = 0; r < LEVELS; r += REDS_PER_BATCH) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                total += logProb(p, coloursWithRed(r)).exp().sum().getFloat();
            }
        }

        assertThat(total).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void eachColoursConditionalSumsToOneGivenTheColoursBeforeIt() {
        int pixels = 12;
        int k = 3;
        float[] logits = uniform(20, k * pixels, -2, 2);
        float[] mean = uniform(21, k * 3 * pixels, -1, 1);
        float[] logScale = uniform(22, k * 3 * pixels, -6, 0);
        float[] coefficients = uniform(23, k * 3 * pixels, -3, 3);
        float[] given = uniform(24, 3 * pixels, 0, 1);
        for (int colour = 0; colour < 3; colour++) {
            // row v: the given colours with colour `colour` set to level v in every pixel
            float[] x = new float[LEVELS * 3 * pixels];
            for (int v = 0; v < LEVELS; v++) {
                for (int c = 0; c < 3; c++) {
                    for (int j = 0; j < pixels; j++) {
                        x[(v * 3 + c) * pixels + j] =
                                c == colour ? v / 255f : Math.round(given[c * pixels + j] * 255) / 255f;
                    }
                }
            }
            float[] total = DiscretizedLogisticColour.colourLogProb(
                            array(manager, x, LEVELS, 3, pixels),
                            array(manager, logits, 1, k, pixels),
                            array(manager, mean, 1, k, 3, pixels),
                            array(manager, logScale, 1, k, 3, pixels),
                            array(manager, coefficients, 1, k, 3, pixels),
                            colour)
                    .exp()
                    .sum(new int[] {0})
                    .toFloatArray();

            assertThat(total).hasSize(pixels);
            for (float t : total) {
                assertThat((double) t).as("colour %d", colour).isCloseTo(1.0, within(1e-4));
            }
        }
    }

    @Test
    void theJointIsTheProductOfTheColoursConditionals() {
        Pixel p = Pixel.random(30, 4, -5, 0);
        int n = 50;
        float[] levels = uniform(31, 3 * n, 0, 1);
        for (int i = 0; i < levels.length; i++) {
            levels[i] = Math.round(levels[i] * 255) / 255f;
        }
        levels[0] = 0f; // the edge levels too
        levels[1] = 1f;
        NDArray x = array(manager, levels, n, 3, 1);

        float[] joint = logProb(p, x).toFloatArray();
        float[] product = colourLogProb(p, x, 0)
                .add(colourLogProb(p, x, 1))
                .add(colourLogProb(p, x, 2))
                .toFloatArray();

        for (int i = 0; i < n; i++) {
            assertThat((double) product[i]).isCloseTo(joint[i], within(1e-4));
        }
    }

    /** The mass of level v of a discretized logistic (eq. 2), in double precision, mean m and scale s in [−1, 1] units. */
    private static double binMass(int v, double m, double s) {
        double y = 2 * v / 255.0 - 1;
        double upper = (y + 1 / 255.0 - m) / s;
        double lower = (y - 1 / 255.0 - m) / s;
        if (v == 0) {
            return sigmoid(upper);
        }
        if (v == 255) {
            return sigmoid(-lower);
        }
        // from the nearer tail, so that the difference does not cancel
        return lower > 0 ? sigmoid(-lower) - sigmoid(-upper) : sigmoid(upper) - sigmoid(lower);
    }

    private static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }

    @Test
    void theGreenMeanShiftsWithRedAndTheBlueMeanWithRedAndGreenAsInEquation3() {
        Pixel p = Pixel.random(40, 2, -1.5, -0.5);
        int[][] colours = {{0, 17, 200}, {128, 128, 128}, {255, 3, 90}, {60, 255, 0}, {201, 77, 254}};
        float[] x = new float[colours.length * 3];
        for (int i = 0; i < colours.length; i++) {
            for (int c = 0; c < 3; c++) {
                x[i * 3 + c] = colours[i][c] / 255f;
            }
        }

        float[] logP = logProb(p, array(manager, x, colours.length, 3, 1)).toFloatArray();

        for (int i = 0; i < colours.length; i++) {
            double r = 2 * colours[i][0] / 255.0 - 1;
            double g = 2 * colours[i][1] / 255.0 - 1;
            double total = 0;
            for (int k = 0; k < p.k; k++) {
                double[] means = {
                    p.mean[k * 3],
                    p.mean[k * 3 + 1] + p.tanhCoefficient(k, 0) * r,
                    p.mean[k * 3 + 2] + p.tanhCoefficient(k, 1) * r + p.tanhCoefficient(k, 2) * g
                };
                double product = p.weight(k);
                for (int c = 0; c < 3; c++) {
                    product *= binMass(colours[i][c], means[c], Math.exp(p.logScale[k * 3 + c]));
                }
                total += product;
            }
            assertThat((double) logP[i]).as("colour %d", i).isCloseTo(Math.log(total), within(2e-4));
        }
    }

    @Test
    void withoutCoefficientsOneComponentIsThreeIndependentGreyLogistics() {
        Pixel p = new Pixel(1, new float[] {0f}, uniform(50, 3, -1, 1), uniform(51, 3, -4, 0), new float[3]);
        float[] x = {0f, 100 / 255f, 1f, 33 / 255f, 34 / 255f, 35 / 255f};
        NDArray colours = array(manager, x, 2, 3, 1);

        float[] logP = logProb(p, colours).toFloatArray();
        float[] grey = DiscretizedLogistic.logProbPerFeature(
                        colours, array(manager, p.mean, 3, 1), array(manager, p.logScale, 3, 1))
                .sum(new int[] {1, 2})
                .toFloatArray();

        assertThat(logP).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(logP[i]).isCloseTo(grey[i], within(1e-5f));
        }
    }

    @Test
    void theMeanPictureFollowsTheComponentMeansThroughTheCoefficients() {
        Pixel p = Pixel.random(60, 3, -3, -1);

        float[] mean = DiscretizedLogisticColour.mean(logits(p), perColour(p, p.mean), perColour(p, p.coefficients))
                .toFloatArray();

        assertThat(mean).hasSize(3);
        double[] expected = new double[3];
        for (int k = 0; k < p.k; k++) {
            double r = p.mean[k * 3];
            double g = p.mean[k * 3 + 1] + p.tanhCoefficient(k, 0) * r;
            double b = p.mean[k * 3 + 2] + p.tanhCoefficient(k, 1) * r + p.tanhCoefficient(k, 2) * g;
            expected[0] += p.weight(k) * r;
            expected[1] += p.weight(k) * g;
            expected[2] += p.weight(k) * b;
        }
        for (int c = 0; c < 3; c++) {
            assertThat((double) mean[c]).isCloseTo(Math.min(1, Math.max(0, (expected[c] + 1) / 2)), within(1e-6));
        }
    }

    /**
     * Drawing r, then g given r, then b given r and g ({@link DiscretizedLogisticColour#sampleColour}) must draw each
     * colour from its exact conditional p(x_c | x_&lt;c) ({@link DiscretizedLogisticColour#colourLogProb}), which
     * makes the triple a draw of the joint. Checked by the randomised probability integral transform: for a draw x_c
     * of a discrete distribution with cdf F, u = F(x_c − 1) + V p(x_c), V ~ U(0, 1), is exactly U(0, 1); the u of
     * each colour's draws must have mean ½ within 4 standard errors and a Kolmogorov–Smirnov distance to U(0, 1) below
     * its 1% critical value. Drawing the component afresh from π for each colour, or ignoring the coefficients, fails.
     */
    @Test
    void drawingTheColoursOneAfterAnotherDrawsEachFromItsConditional() {
        // two components far apart in red, with opposite coefficients: the colours are strongly dependent
        Pixel p = new Pixel(
                2,
                new float[] {0.3f, -0.2f},
                new float[] {-0.5f, 0.1f, -0.2f, 0.5f, -0.1f, 0.3f},
                new float[] {-3f, -3.2f, -2.8f, -3.1f, -2.9f, -3f},
                new float[] {1.2f, -0.8f, 0.9f, -1.1f, 0.7f, -1.3f});
        int n = 1000;
        Engines.seed(3);
        float[] drawn = new float[n * 3];
        for (int colour = 0; colour < 3; colour++) {
            float[] v = DiscretizedLogisticColour.sampleColour(
                            array(manager, drawn, n, 3, 1),
                            logits(p),
                            perColour(p, p.mean),
                            perColour(p, p.logScale),
                            perColour(p, p.coefficients),
                            colour,
                            manager.randomUniform(0f, 1f, new Shape(n, 2, 1)),
                            manager.randomUniform(0f, 1f, new Shape(n, 1)))
                    .toFloatArray();
            assertThat(v).hasSize(n);
            for (int i = 0; i < n; i++) {
                assertThat(Math.abs(v[i] * 255 - Math.round(v[i] * 255))).isLessThan(1e-3f);
                drawn[i * 3 + colour] = v[i];
            }
        }
        java.util.Random random = new java.util.Random(4);
        for (int colour = 0; colour < 3; colour++) {
            // row i·256 + v: draw i with colour `colour` set to level v
            float[] rows = new float[n * LEVELS * 3];
            for (int i = 0; i < n; i++) {
                for (int v = 0; v < LEVELS; v++) {
                    int at = (i * LEVELS + v) * 3;
                    System.arraycopy(drawn, i * 3, rows, at, 3);
                    rows[at + colour] = v / 255f;
                }
            }
            float[] logP = colourLogProb(p, array(manager, rows, n * LEVELS, 3, 1), colour)
                    .toFloatArray();
            double[] u = new double[n];
            for (int i = 0; i < n; i++) {
                int level = Math.round(drawn[i * 3 + colour] * 255);
                double below = 0;
                for (int v = 0; v < level; v++) {
                    below += Math.exp(logP[i * LEVELS + v]);
                }
                u[i] = below + random.nextDouble() * Math.exp(logP[i * LEVELS + level]);
            }
            java.util.Arrays.sort(u);
            double mean = 0;
            double distance = 0;
            for (int i = 0; i < n; i++) {
                mean += u[i] / n;
                distance =
                        Math.max(distance, Math.max(Math.abs(u[i] - i / (double) n), Math.abs(u[i] - (i + 1.0) / n)));
            }
            assertThat(mean).as("colour %d: mean of u", colour).isCloseTo(0.5, within(4 * Math.sqrt(1 / 12.0 / n)));
            assertThat(distance)
                    .as("colour %d: Kolmogorov-Smirnov distance", colour)
                    .isLessThan(1.63 / Math.sqrt(n));
        }
    }

    @Test
    void aColourOutsideThePixelIsRefused() {
        Pixel p = Pixel.random(70, 1, -2, -1);
        NDArray x = manager.zeros(new Shape(1, 3, 1));

        assertThatThrownBy(() -> colourLogProb(p, x, 3)).hasMessageContaining("[0, 3)");
    }
}
