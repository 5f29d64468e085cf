package dev.vaekit.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Bit-Swap and hierarchical BB-ANS cost on a hand-built two-layer chain ({@link ChainToyModel}, K independent
 * columns), against what they should, with every tolerance derived rather than chosen:
 *
 * <ol>
 *   <li>both schemes code at the expected code length of the discretised model, computed exactly from the coder's own
 *       tables by summing over every pair of buckets (b_1, b_2) of each column, within 4 of its standard deviations
 *       (also exact): the z popped are draws of the tables' q̃, so bits come back;
 *   <li>that expectation converges to the model's continuous −ELBO (closed form and quadrature, {@link
 *       ChainToyModel#negativeElbo}) as the buckets narrow, at the rate of a discretisation of second order: its error
 *       ε(B) ≈ κ 4^(−B) in the buckets' width 2^(−B)/φ(z), so ε(B−1) − ε(B) ≈ 3 κ 4^(−B), three times ε(B). The
 *       step from B−1 to B is therefore the discretisation's tolerance at B (with a margin of 3);
 *   <li>so the achieved code length per example is the −ELBO within 4 standard deviations plus that tolerance.
 * </ol>
 *
 * The precisions and the parameter grid are 30 bits here, so that the floor of one unit per bucket (2^(B−P) of q's mass
 * spread over all buckets) and the rounding of the Gaussians' parameters (a bias of first order in the grid's 2^(−G),
 * about 10⁻⁵ bits at the default G = 16) stay well below the discretisation's effect at the B tested; the defaults are
 * {@link BbAnsRateTest}'s concern.
 */
class BitSwapRateTest {
    private static final double LOG_2 = Math.log(2);
    private static final int COLUMNS = 2;
    private static final int FEATURES = 12;

    private static BbAnsSettings settings(int latentBits) {
        return new BbAnsSettings(latentBits, 30, 30, 30, 3);
    }

    /**
     * The exact mean and variance, in bits, of one example's code length under the coder's tables: for each column k,
     * Σ_{b_1} Q̃_1(b_1) Σ_{b_2} Q̃_2(b_2|c(b_1)) [X(b_1) + P̃_1(b_1|c(b_2)) + B − Q̃_1(b_1) − Q̃_2(b_2|c(b_1))] in bits
     * (each term −log₂ of its frequency), X the cost of the column's features given z_1 = c(b_1); the columns are
     * independent under Q̃, so their means and variances add. Every layer has K = COLUMNS coordinates; the model's
     * conditionals of coordinate k read coordinate k of the layer they are conditioned on, so filling a whole layer
     * with one bucket evaluates every column at its centre (each coordinate's own centre when the settings fit the
     * layers' marginals, {@link LatentMarginals}).
     */
    static double[] expectedBits(LatentChainModel model, BbAnsSettings settings, int[] x) {
        BbAnsSteps steps = new BbAnsSteps(model, settings, CodingScheme.BIT_SWAP);
        LatentBuckets buckets = LatentBuckets.of(settings.latentBits());
        int n = buckets.count();
        int precision = settings.posteriorPrecision();
        double[][] q1 = new double[COLUMNS][n]; // −log₂ Q̃_1(b_1), per column
        double[][] q1Mass = new double[COLUMNS][n];
        double[][] features = new double[COLUMNS][n]; // X(b_1)
        int[][][] q2 = new int[COLUMNS][n][]; // cumulative frequencies of Q̃_2(·|c(b_1)), per b_1
        int[][][] p1 = new int[COLUMNS][n][]; // cumulative frequencies of P̃_1(·|c(b_2)), per b_2
        GaussianPosterior first = model.posterior(x);
        for (int k = 0; k < COLUMNS; k++) {
            SymbolCodec codec = steps.posteriorCodec(0, first, k);
            for (int b = 0; b < n; b++) {
                q1Mass[k][b] = (double) codec.frequency(b) / (1 << precision);
                q1[k][b] = BbAnsSteps.cost(codec, b);
            }
        }
        int[] filled = new int[COLUMNS];
        for (int b = 0; b < n; b++) {
            Arrays.fill(filled, b);
            double[] bottom = steps.centres(0, filled);
            ObservationModel p = model.likelihood(bottom);
            for (int j = 0; j < model.featureCount(); j++) {
                features[j % COLUMNS][b] += BbAnsSteps.cost(steps.featureCodec(p, j, x), x[j]);
            }
            GaussianPosterior above = model.layerPosterior(1, bottom);
            GaussianPosterior below = model.layerPrior(0, steps.centres(1, filled));
            for (int k = 0; k < COLUMNS; k++) {
                q2[k][b] = table(steps.posteriorCodec(1, above, k), n);
                p1[k][b] = table(steps.posteriorCodec(0, below, k), n);
            }
        }
        double mean = 0;
        double variance = 0;
        for (int k = 0; k < COLUMNS; k++) {
            double first1 = 0;
            double second = 0;
            for (int b1 = 0; b1 < n; b1++) {
                int[] q2Table = q2[k][b1];
                for (int b2 = 0; b2 < n; b2++) {
                    int q2Frequency = q2Table[b2 + 1] - q2Table[b2];
                    double probability = q1Mass[k][b1] * q2Frequency / (1 << precision);
                    int[] p1Table = p1[k][b2];
                    double cost = features[k][b1]
                            + bits(p1Table[b1 + 1] - p1Table[b1], precision)
                            + settings.latentBits()
                            - q1[k][b1]
                            - bits(q2Frequency, precision);
                    first1 += probability * cost;
                    second += probability * cost * cost;
                }
            }
            mean += first1;
            variance += second - first1 * first1;
        }
        return new double[] {mean, variance};
    }

    /** c(0) … c(n): the cumulative frequencies of a codec over n symbols. */
    private static int[] table(SymbolCodec codec, int n) {
        int[] cumulative = new int[n + 1];
        for (int i = 0; i <= n; i++) {
            cumulative[i] = codec.cumulative(i);
        }
        return cumulative;
    }

    private static double bits(int frequency, int precision) {
        return precision - Math.log(frequency) / LOG_2;
    }

    private static ChainToyModel model() {
        return new ChainToyModel(new int[] {COLUMNS, COLUMNS}, FEATURES, 7);
    }

    /** 150 examples drawn from the model, coded at B = 8 by both schemes, with their exact expectations. */
    private static final int EXAMPLES = 150;

    private static double expected;
    private static double variance;
    private static double tolerance;
    private static double negativeElbo;
    private static final java.util.Map<CodingScheme, CompressionReport> REPORTS =
            new java.util.EnumMap<>(CodingScheme.class);

    @BeforeAll
    static void code() {
        ChainToyModel model = model();
        List<int[]> data = model.sample(EXAMPLES, 11);
        for (int[] x : data) {
            double[] fine = expectedBits(model, settings(8), x);
            expected += fine[0];
            variance += fine[1];
            tolerance += Math.abs(fine[0] - expectedBits(model, settings(7), x)[0]);
            negativeElbo += model.negativeElbo(x) / LOG_2;
        }
        for (CodingScheme scheme : CodingScheme.values()) {
            REPORTS.put(
                    scheme,
                    BitSwapRoundTripTest.compress(model, settings(8), scheme, data)
                            .report());
        }
    }

    @Test
    void bothSchemesCodeAtTheExpectedLengthOfTheDiscretisedModel() {
        double sd = Math.sqrt(variance);
        for (CodingScheme scheme : CodingScheme.values()) {
            CompressionReport report = REPORTS.get(scheme);
            System.out.printf(
                    "%s: net %.2f bits, expected %.2f ± %.2f (n = %d)%n",
                    scheme, report.netBits(), expected, sd, EXAMPLES);
            assertThat(Math.abs(report.netBits() - expected)).as("%s", scheme).isLessThanOrEqualTo(4 * sd);
        }
    }

    @Test
    void theDiscretisedElboConvergesToTheElboAtSecondOrder() {
        ChainToyModel model = model();
        for (int[] x : model.sample(3, 12)) {
            double elbo = model.negativeElbo(x) / LOG_2;
            double[] gap = new double[11];
            double[] step = new double[11];
            double previous = Double.NaN;
            for (int bits = 7; bits <= 10; bits++) {
                double e = expectedBits(model, settings(bits), x)[0];
                gap[bits] = e - elbo;
                step[bits] = Math.abs(e - previous);
                previous = e;
            }
            System.out.printf(
                    "-ELBO %.6f bits; gap at B = 7..10: %.3e %.3e %.3e %.3e%n", elbo, gap[7], gap[8], gap[9], gap[10]);
            for (int bits = 8; bits <= 10; bits++) {
                assertThat(Math.abs(gap[bits])).as("B = %d", bits).isLessThanOrEqualTo(step[bits]);
                // second order: each bit more divides the error by about 4 (allowed: by at least 2)
                assertThat(Math.abs(gap[bits])).as("B = %d", bits).isLessThanOrEqualTo(Math.abs(gap[bits - 1]) / 2);
            }
        }
    }

    @Test
    void theAchievedCodeLengthIsTheElboWithinTheDiscretisationsTolerance() {
        for (CodingScheme scheme : CodingScheme.values()) {
            double excess = REPORTS.get(scheme).netBits() - negativeElbo;
            System.out.printf(
                    "%s: net − (−ELBO) = %.3f bits over %d examples; allowed 4σ = %.3f plus %.3f%n",
                    scheme, excess, EXAMPLES, 4 * Math.sqrt(variance), tolerance);
            assertThat(Math.abs(excess)).as("%s", scheme).isLessThanOrEqualTo(4 * Math.sqrt(variance) + tolerance);
        }
    }
}
