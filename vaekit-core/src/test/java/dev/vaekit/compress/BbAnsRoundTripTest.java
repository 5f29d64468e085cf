package dev.vaekit.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BB-ANS decodes exactly what it encoded, for every likelihood, size and setting, the same way every time. */
class BbAnsRoundTripTest {
    static final byte[] HASH = {42, 7, -3};

    static BbAnsEncoder.Compressed compress(
            LatentVariableModel model, BbAnsSettings settings, List<int[]> examples, int[] shape) {
        BbAnsEncoder encoder = new BbAnsEncoder(model, settings);
        for (int[] example : examples) {
            encoder.append(example);
        }
        return encoder.finish(HASH, shape);
    }

    private static void assertRoundTrip(ToyModel model, BbAnsSettings settings, List<int[]> examples) {
        BbAnsEncoder.Compressed compressed = compress(model, settings, examples, new int[] {model.features});
        List<int[]> decoded = BbAnsDecoder.decodeAll(compressed.bytes(), "toy.vkbb", model, HASH);
        assertThat(decoded).hasSameSizeAs(examples);
        for (int i = 0; i < examples.size(); i++) {
            assertThat(decoded.get(i)).as("example %d", i).isEqualTo(examples.get(i));
        }
    }

    @Test
    void everyLikelihoodRoundTrips() {
        for (ToyModel.Kind kind : ToyModel.Kind.values()) {
            ToyModel model = new ToyModel(kind, 3, 13, 5, 1);
            assertRoundTrip(model, BbAnsSettings.DEFAULT, model.sample(40, 2));
        }
    }

    @Test
    void callsTheModelOncePerExampleForEachSideAndDecodesLastFirst() {
        ToyModel model = new ToyModel(ToyModel.Kind.BERNOULLI, 2, 9, 2, 3);
        List<int[]> examples = model.sample(25, 4);
        compress(model, BbAnsSettings.DEFAULT, examples, new int[] {9});
        assertThat(model.posteriorCalls()).isEqualTo(25);
        assertThat(model.likelihoodCalls()).isEqualTo(25);
        ToyModel decoder = new ToyModel(ToyModel.Kind.BERNOULLI, 2, 9, 2, 3);
        int[] next = {24};
        BbAnsDecoder.decode(
                compress(decoder, BbAnsSettings.DEFAULT, examples, new int[] {9})
                        .bytes(),
                "toy.vkbb",
                decoder,
                HASH,
                (index, example) -> {
                    assertThat(index).isEqualTo(next[0]--);
                    assertThat(example).isEqualTo(examples.get(index));
                });
        assertThat(next[0]).isEqualTo(-1);
        assertThat(decoder.posteriorCalls()).isEqualTo(50);
    }

    @Test
    void oddSizesRoundTrip() {
        int[][] sizes = {{1, 1}, {1, 7}, {5, 2}, {4, 31}, {7, 3}};
        for (int[] size : sizes) {
            ToyModel model = new ToyModel(ToyModel.Kind.BERNOULLI, size[0], size[1], 2, size[0] * 100 + size[1]);
            assertRoundTrip(model, BbAnsSettings.DEFAULT, model.sample(17, 5));
        }
        ToyModel grid = new ToyModel(ToyModel.Kind.LOGISTIC_MIXTURE, 2, 15, 256, 6);
        List<int[]> examples = grid.sample(9, 7);
        BbAnsEncoder.Compressed compressed = compress(grid, BbAnsSettings.DEFAULT, examples, new int[] {1, 3, 5});
        assertThat(CompressedFile.header(compressed.bytes(), "toy.vkbb").shape())
                .containsExactly(1, 3, 5);
        assertThat(BbAnsDecoder.decodeAll(compressed.bytes(), "toy.vkbb", grid, HASH))
                .hasSize(9);
    }

    @Test
    void aSingleExampleRoundTrips() {
        for (ToyModel.Kind kind : ToyModel.Kind.values()) {
            ToyModel model = new ToyModel(kind, 2, 6, 3, 8);
            assertRoundTrip(model, BbAnsSettings.DEFAULT, model.sample(1, 9));
        }
    }

    @Test
    void anEmptySequenceGivesAFileThatDecodesToNothing() {
        ToyModel model = new ToyModel(ToyModel.Kind.BERNOULLI, 2, 6, 2, 10);
        BbAnsEncoder.Compressed compressed = compress(model, BbAnsSettings.DEFAULT, List.of(), new int[] {6});
        assertThat(compressed.report().examples()).isZero();
        assertThat(compressed.report().netBits()).isZero();
        assertThat(compressed.report().bitsPerDimension()).isNaN();
        assertThat(CompressedFile.header(compressed.bytes(), "empty.vkbb").count())
                .isZero();
        assertThat(BbAnsDecoder.decodeAll(compressed.bytes(), "empty.vkbb", model, HASH))
                .isEmpty();
    }

    @Test
    void manyInitialWordsAreGivenBackInOrder() {
        // 40 broad latent coordinates of 12 bits: the first example pops hundreds of bits, several seeded words
        ToyModel model = new ToyModel(ToyModel.Kind.BERNOULLI, 40, 45, 2, 23);
        BbAnsSettings settings = new BbAnsSettings(12, 24, 24, 16, 77);
        List<int[]> examples = model.sample(6, 24);
        BbAnsEncoder.Compressed compressed = compress(model, settings, examples, new int[] {45});
        double words = (compressed.report().initialBits() - Math.log(SeededWords.initialState(77)) / Math.log(2)) / 32;
        assertThat(words).isGreaterThanOrEqualTo(5);
        List<int[]> decoded = BbAnsDecoder.decodeAll(compressed.bytes(), "many.vkbb", model, HASH);
        for (int i = 0; i < examples.size(); i++) {
            assertThat(decoded.get(i)).isEqualTo(examples.get(i));
        }
    }

    @Test
    void extremeSettingsRoundTrip() {
        ToyModel bernoulli = new ToyModel(ToyModel.Kind.BERNOULLI, 3, 11, 2, 11);
        List<int[]> examples = bernoulli.sample(30, 12);
        // one bit per latent coordinate, every symbol at precision 1 (each feature costs exactly 1 bit)
        assertRoundTrip(bernoulli, new BbAnsSettings(1, 1, 1, 16, 5), examples);
        // the finest buckets and precisions; a grid of whole numbers
        assertRoundTrip(bernoulli, new BbAnsSettings(16, 30, 30, 16, -1), examples);
        assertRoundTrip(bernoulli, new BbAnsSettings(10, 24, 24, 0, Long.MAX_VALUE), examples);
        ToyModel mixture = new ToyModel(ToyModel.Kind.LOGISTIC_MIXTURE, 2, 5, 256, 13);
        assertRoundTrip(mixture, new BbAnsSettings(8, 8, 8, 16, 0), mixture.sample(10, 14));
        assertRoundTrip(mixture, new BbAnsSettings(12, 30, 30, 30, 0), mixture.sample(10, 14));
    }

    @Test
    void isDeterministicAcrossRunsAndSeedsChangeOnlyTheBits() throws NoSuchAlgorithmException {
        List<int[]> examples = new ToyModel(ToyModel.Kind.CATEGORICAL, 3, 12, 4, 15).sample(30, 16);
        byte[] first = compress(
                        new ToyModel(ToyModel.Kind.CATEGORICAL, 3, 12, 4, 15),
                        BbAnsSettings.DEFAULT,
                        examples,
                        new int[] {12})
                .bytes();
        byte[] second = compress(
                        new ToyModel(ToyModel.Kind.CATEGORICAL, 3, 12, 4, 15),
                        BbAnsSettings.DEFAULT,
                        examples,
                        new int[] {12})
                .bytes();
        assertThat(second).isEqualTo(first);
        BbAnsSettings otherSeed = new BbAnsSettings(10, 24, 24, 16, 99);
        ToyModel model = new ToyModel(ToyModel.Kind.CATEGORICAL, 3, 12, 4, 15);
        byte[] seeded = compress(model, otherSeed, examples, new int[] {12}).bytes();
        assertThat(seeded).isNotEqualTo(first);
        assertThat(BbAnsDecoder.decodeAll(seeded, "seeded.vkbb", model, HASH)).hasSize(30);

        // The bytes of a fixed case, pinned: a change to the coder, the codecs, the grid, the buckets or the format
        // changes them, and would make files written before unreadable, so it must come with a new format version.
        // The model and data use only exact arithmetic, so the pin holds on every platform.
        byte[] bytes = pinnedFile();
        assertThat(BbAnsDecoder.decodeAll(bytes, "pinned.vkbb", PINNED, HASH)).hasSize(20);
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(sha256).isEqualTo(PINNED_SHA256);
    }

    /** The pinned case's model: exact (dyadic) arithmetic only. */
    static final LatentVariableModel PINNED = new LatentVariableModel() {
        @Override
        public int latentDimension() {
            return 2;
        }

        @Override
        public int featureCount() {
            return 10;
        }

        @Override
        public int alphabetSize() {
            return 2;
        }

        @Override
        public GaussianPosterior posterior(int[] x) {
            double ones = 0;
            for (int v : x) {
                ones += v;
            }
            return new GaussianPosterior(new double[] {0.25 * (ones - 5), -0.125 * ones}, new double[] {-1, -2.5});
        }

        @Override
        public ObservationModel likelihood(double[] z) {
            return (j, x) -> new FeatureDistribution.Bernoulli(0.5 * (j - 4) * z[j % 2] + 0.25);
        }
    };

    /** @return the pinned case's file: 20 fixed examples with {@link #PINNED} and the default settings */
    static byte[] pinnedFile() {
        List<int[]> fixed = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int[] x = new int[10];
            for (int j = 0; j < 10; j++) {
                x[j] = (i * 7 + j * 3) % 5 < 2 ? 1 : 0;
            }
            fixed.add(x);
        }
        return compress(PINNED, BbAnsSettings.DEFAULT, fixed, new int[] {10}).bytes();
    }

    /**
     * SHA-256 of the pinned case's file as format version 1 wrote it (before Bit-Swap); {@link
     * CompressedFileTest#filesOfVersion1AreStillRead} converts today's file back to it.
     */
    static final String PINNED_SHA256_VERSION_1 = "fe3f641cc9880a385d10e25a9dc098bc475199bd4b6046492337887d2e9ccad2";

    /** SHA-256 of the pinned case's file, format version 2. */
    private static final String PINNED_SHA256 = "fe30979eb6f536b9b9c9b6c66fabd3da2211ef7f9168a81cad03ae8791b431bd";

    @Test
    void refusesBadExamplesAndMisuse() {
        ToyModel model = new ToyModel(ToyModel.Kind.BERNOULLI, 2, 6, 2, 19);
        BbAnsEncoder encoder = new BbAnsEncoder(model, BbAnsSettings.DEFAULT);
        assertThatThrownBy(() -> encoder.append(new int[5])).hasMessageContaining("6 features, got 5");
        assertThatThrownBy(() -> encoder.append(new int[] {0, 1, 2, 0, 0, 0})).hasMessageContaining("feature 2");
        encoder.append(new int[] {0, 1, 1, 0, 0, 0}); // the refusals changed nothing
        assertThatThrownBy(() -> encoder.finish(HASH, new int[] {7})).hasMessageContaining("holds 7 features");
        BbAnsEncoder.Compressed compressed = encoder.finish(HASH, new int[] {2, 3});
        assertThat(BbAnsDecoder.decodeAll(compressed.bytes(), "one.vkbb", model, HASH))
                .containsExactly(new int[] {0, 1, 1, 0, 0, 0});
        assertThatThrownBy(() -> encoder.append(new int[6])).hasMessageContaining("finished");
        assertThatThrownBy(() -> encoder.finish(HASH, new int[] {6})).hasMessageContaining("finished");
        assertThatThrownBy(() -> new BbAnsEncoder(model, BbAnsSettings.DEFAULT).finish(new byte[0], new int[] {6}))
                .hasMessageContaining("model hash");
    }

    @Test
    void aModelThatFailsMidwayStopsTheEncoder() {
        ToyModel model = new ToyModel(ToyModel.Kind.BERNOULLI, 2, 6, 2, 20);
        LatentVariableModel broken = new LatentVariableModel() {
            @Override
            public int latentDimension() {
                return 2;
            }

            @Override
            public int featureCount() {
                return 6;
            }

            @Override
            public int alphabetSize() {
                return 2;
            }

            @Override
            public GaussianPosterior posterior(int[] example) {
                return model.posterior(example);
            }

            @Override
            public ObservationModel likelihood(double[] z) {
                return (index, example) -> new FeatureDistribution.Bernoulli(index == 3 ? Double.NaN : 0.5);
            }
        };
        BbAnsEncoder encoder = new BbAnsEncoder(broken, BbAnsSettings.DEFAULT);
        assertThatThrownBy(() -> encoder.append(new int[6])).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> encoder.append(new int[6])).hasMessageContaining("earlier append failed");
    }
}
