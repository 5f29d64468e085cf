package dev.vaekit.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What BB-ANS costs, against what it should: on toy models whose ELBO is exact (see {@link ToyModel}), the achieved
 * rate approaches the negative ELBO per example as the sequence grows, and every bit of the file is accounted for.
 */
class BbAnsRateTest {
    private static final byte[] HASH = {1, 2, 3};
    private static final double LOG_2 = Math.log(2);

    /**
     * The exact mean and variance of one example's code length under the coder's own frequency tables:
     * L·B + Σ_k Σ_b Q̃_k(b) [Σ_{j ∈ group k} −log₂ P̃(x_j | c_b) + log₂ Q̃_k(b)], the buckets b of each coordinate being
     * independent under Q̃ and each feature depending on its own coordinate only.
     */
    static double[] expectedBits(ToyModel model, BbAnsSettings settings, int[] x) {
        BbAnsSteps steps = new BbAnsSteps(model, settings);
        GaussianPosterior q = model.posterior(x);
        LatentBuckets buckets = LatentBuckets.of(settings.latentBits());
        int n = buckets.count();
        double[][] groupCost = new double[model.latent][n];
        double[] z = new double[model.latent];
        for (int b = 0; b < n; b++) {
            Arrays.fill(z, buckets.centre(b)); // every coordinate at c_b: feature j sees z_{j mod L} = c_b
            ObservationModel p = model.likelihood(z);
            for (int j = 0; j < model.features; j++) {
                SymbolCodec codec = p.feature(j, x).codec(settings.grid(), settings.observationPrecision());
                groupCost[j % model.latent][b] += BbAnsSteps.cost(codec, x[j]);
            }
        }
        double mean = (double) model.latent * settings.latentBits();
        double variance = 0;
        for (int k = 0; k < model.latent; k++) {
            SymbolCodec codec = steps.posteriorCodec(q, k);
            double first = 0;
            double second = 0;
            for (int b = 0; b < n; b++) {
                double probability = (double) codec.frequency(b) / (1 << codec.precision());
                double cost = groupCost[k][b] - BbAnsSteps.cost(codec, b);
                first += probability * cost;
                second += probability * cost * cost;
            }
            mean += first;
            variance += second - first * first;
        }
        return new double[] {mean, variance};
    }

    /**
     * 51 fixed bytes of header and checksum for one latent layer (format version 2), the hash, 4 per axis of the shape
     * (see {@link CompressedFile}).
     */
    private static long containerBits(int hashBytes, int rank) {
        return 8L * (51 + hashBytes + 4L * rank);
    }

    @Test
    void achievedRateApproachesTheNegativeElboAsTheSequenceGrows() {
        BbAnsSettings settings = BbAnsSettings.DEFAULT;
        for (ToyModel.Kind kind : new ToyModel.Kind[] {ToyModel.Kind.BERNOULLI, ToyModel.Kind.LOGISTIC_MIXTURE}) {
            int features = kind == ToyModel.Kind.BERNOULLI ? 24 : 12;
            ToyModel model = new ToyModel(kind, 3, features, 2, 7);
            int total = 400;
            List<int[]> data = model.sample(total, 11);
            double[] expected = new double[total];
            double[] variance = new double[total];
            double[] elbo = new double[total];
            for (int i = 0; i < total; i++) {
                double[] e = expectedBits(model, settings, data.get(i));
                expected[i] = e[0];
                variance[i] = e[1];
                elbo[i] = model.negativeElbo(data.get(i)) / LOG_2;
            }
            double previousExcess = Double.POSITIVE_INFINITY;
            for (int n : new int[] {4, 40, 400}) {
                double sumExpected = Arrays.stream(expected, 0, n).sum();
                double sd = Math.sqrt(Arrays.stream(variance, 0, n).sum());
                double sumElbo = Arrays.stream(elbo, 0, n).sum();
                CompressionReport report = BbAnsRoundTripTest.compress(
                                model, settings, data.subList(0, n), new int[] {features})
                        .report();
                // 1. Bits back work: the z popped from the message are draws of q̃(z|x), so the code lengths of the
                // examples sum to their expectation up to sampling noise (4 standard deviations).
                assertThat(report.netBits()).as("%s, n = %d", kind, n).isCloseTo(sumExpected, within(4 * sd));
                // 2. The expectation under the coder's tables is the −ELBO up to the discretisation of z into 2^10
                // buckets and the rounding of every distribution to 2^24: measured within 0.02% on these toys;
                // allowed 0.1%, which still leaves 30 times the 3% target.
                assertThat(sumExpected / sumElbo - 1).as("%s, n = %d", kind, n).isBetween(-1e-3, 1e-3);
                // 3. The file is the examples' code lengths plus a fixed cost that does not grow with n: the initial
                // bits (at most log₂ x₀ + 32 per seeded word), the final state's flush (at most 33 bits) and the
                // container, so the rate per example tends to the −ELBO per example like 1/n.
                double fixed = report.initialBits() + 33 + containerBits(HASH.length, 1);
                double excess = 8.0 * report.fileBytes() - sumElbo;
                assertThat(excess).as("%s, n = %d", kind, n).isLessThanOrEqualTo(fixed + 4 * sd + 1e-3 * sumElbo);
                assertThat(excess).as("%s, n = %d", kind, n).isGreaterThanOrEqualTo(-4 * sd - 1e-3 * sumElbo);
                assertThat(excess / n)
                        .as("%s, n = %d: excess per example", kind, n)
                        .isLessThan(previousExcess);
                previousExcess = excess / n;
            }
        }
    }

    @Test
    void everyBitOfTheFileIsAccountedFor() {
        for (ToyModel.Kind kind : ToyModel.Kind.values()) {
            ToyModel model = new ToyModel(kind, 3, 16, 4, 21);
            for (int n : new int[] {1, 2, 50}) {
                List<int[]> data = model.sample(n, 22 + n);
                BbAnsEncoder.Compressed compressed =
                        BbAnsRoundTripTest.compress(model, BbAnsSettings.DEFAULT, data, new int[] {4, 4});
                CompressionReport report = compressed.report();
                String as = kind + ", n = " + n;
                int symbols = n * (16 + 3 + 3);
                // the container: header and checksum, nothing else beside the payload
                assertThat(report.containerBits()).as(as).isEqualTo(containerBits(HASH.length, 2));
                assertThat(report.payloadBits())
                        .as(as)
                        .isEqualTo(8L * compressed.bytes().length - report.containerBits());
                assertThat((report.payloadBits() - 64) % 32).as(as).isZero();
                // the payload: its content plus the flush of the final state (log₂ x ∈ [31, 63) of 64 stored bits)
                assertThat(report.flushBits()).as(as).isBetween(1.0, 33.0);
                // the content: the initial bits plus the examples' code lengths, up to the rANS rounding, at most
                // 2^(P−31)/ln 2 bits a symbol (the relative rounding of a state x ≥ 2³¹ by a frequency f ≤ 2ᴾ)
                assertThat(Math.abs(report.codingOverheadBits()))
                        .as(as)
                        .isLessThan(symbols * Math.pow(2, 24 - 31) / LOG_2);
                assertThat(report.netBits())
                        .as(as)
                        .isCloseTo(Arrays.stream(report.exampleBits()).sum(), within(1e-9));
                // the initial bits: the seeded state's 62-odd bits plus whole 32-bit words drawn from the seed
                double words = (report.initialBits() - Math.log(SeededWords.initialState(0)) / LOG_2) / 32;
                assertThat(words)
                        .as(as)
                        .isCloseTo(Math.rint(words), within(1e-9))
                        .isGreaterThanOrEqualTo(0);
            }
            // One example: its bits back come from the initial bits, which the file carries; what is left of them after
            // the pop is the state's content, log₂ x ∈ [31, 63), so the file pays the example's full −log₂ p̃(x, z)
            // plus at least 31 bits: the first example gets no bits back.
            CompressionReport one = BbAnsRoundTripTest.compress(
                            model, BbAnsSettings.DEFAULT, model.sample(1, 30), new int[] {16})
                    .report();
            double left = one.initialBits() - one.exampleBitsBack()[0];
            assertThat(left).as(kind.toString()).isBetween(31 - 1e-3, 63 + 1e-3);
            assertThat((double) one.payloadBits())
                    .as(kind.toString())
                    .isGreaterThanOrEqualTo(one.netBits() + one.exampleBitsBack()[0] + 31 - 1e-3);
        }
    }
}
