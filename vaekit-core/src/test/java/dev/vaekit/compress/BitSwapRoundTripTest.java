package dev.vaekit.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bit-Swap and BB-ANS over a Markov chain of latent layers decode exactly what they encoded, for any number and size
 * of layers and any setting, with the scheme the file records, the same way every time; with one layer both are the
 * single-layer BB-ANS of {@link BbAnsRoundTripTest}.
 */
class BitSwapRoundTripTest {
    static final byte[] HASH = {9, 8, 7};

    static BbAnsEncoder.Compressed compress(
            LatentChainModel model, BbAnsSettings settings, CodingScheme scheme, List<int[]> examples) {
        BbAnsEncoder encoder = new BbAnsEncoder(model, settings, scheme);
        for (int[] example : examples) {
            encoder.append(example);
        }
        return encoder.finish(HASH, new int[] {model.featureCount()});
    }

    private static void assertRoundTrip(ChainToyModel model, BbAnsSettings settings, List<int[]> examples) {
        for (CodingScheme scheme : CodingScheme.values()) {
            BbAnsEncoder.Compressed compressed = compress(model, settings, scheme, examples);
            CompressedFile.Header header = CompressedFile.header(compressed.bytes(), "chain.vkbb");
            assertThat(header.scheme()).isEqualTo(scheme);
            assertThat(header.layerSizes()).containsExactly(model.sizes);
            List<int[]> decoded = BbAnsDecoder.decodeAll(compressed.bytes(), "chain.vkbb", model, HASH);
            assertThat(decoded).as("%s", scheme).hasSameSizeAs(examples);
            for (int i = 0; i < examples.size(); i++) {
                assertThat(decoded.get(i)).as("%s, example %d", scheme, i).isEqualTo(examples.get(i));
            }
        }
    }

    @Test
    void everyDepthAndLayerSizeRoundTrips() {
        int[][] layers = {{3}, {3, 3}, {4, 2}, {2, 5}, {3, 2, 4}, {1, 1, 1, 1}, {6, 3, 2, 1}};
        for (int[] sizes : layers) {
            ChainToyModel model = new ChainToyModel(sizes, 11, sizes.length * 10L + sizes[0]);
            assertRoundTrip(model, BbAnsSettings.DEFAULT, model.sample(30, 3));
        }
    }

    @Test
    void oneExampleAndNoneRoundTrip() {
        ChainToyModel model = new ChainToyModel(new int[] {3, 2}, 7, 4);
        assertRoundTrip(model, BbAnsSettings.DEFAULT, model.sample(1, 5));
        assertRoundTrip(model, BbAnsSettings.DEFAULT, List.of());
    }

    @Test
    void extremeSettingsRoundTrip() {
        ChainToyModel model = new ChainToyModel(new int[] {3, 2}, 9, 6);
        List<int[]> examples = model.sample(20, 7);
        assertRoundTrip(model, new BbAnsSettings(1, 1, 1, 16, 5), examples);
        assertRoundTrip(model, new BbAnsSettings(16, 30, 30, 16, -1), examples);
        assertRoundTrip(model, new BbAnsSettings(10, 24, 24, 0, Long.MAX_VALUE), examples);
        // many broad coordinates: the first example's pops draw several seeded words, given back in order
        ChainToyModel wide = new ChainToyModel(new int[] {30, 30}, 40, 8);
        assertRoundTrip(wide, new BbAnsSettings(12, 24, 24, 16, 77), wide.sample(5, 9));
    }

    @Test
    void callsEachConditionalOncePerExampleOnEachSide() {
        List<int[]> examples = new ChainToyModel(new int[] {3, 2, 2}, 8, 10).sample(12, 11);
        for (CodingScheme scheme : CodingScheme.values()) {
            // the fit of the marginals (S samples, each through p(z_2|z_3) and p(z_1|z_2)) is checked below
            ChainToyModel fitted = new ChainToyModel(new int[] {3, 2, 2}, 8, 10);
            compress(fitted, BbAnsSettings.DEFAULT, scheme, examples);
            assertThat(fitted.layerPriorCalls).isEqualTo(24 + 2 * BbAnsSettings.DEFAULT.marginalSamples());
            ChainToyModel encoder = new ChainToyModel(new int[] {3, 2, 2}, 8, 10);
            byte[] bytes = compress(encoder, STANDARD, scheme, examples).bytes();
            assertThat(encoder.posteriorCalls).as("%s", scheme).isEqualTo(12);
            assertThat(encoder.layerPosteriorCalls).as("%s", scheme).isEqualTo(24);
            assertThat(encoder.layerPriorCalls).as("%s", scheme).isEqualTo(24);
            assertThat(encoder.likelihoodCalls).as("%s", scheme).isEqualTo(12);
            ChainToyModel decoder = new ChainToyModel(new int[] {3, 2, 2}, 8, 10);
            int[] next = {11};
            BbAnsDecoder.decode(bytes, "calls.vkbb", decoder, HASH, (index, example) -> {
                assertThat(index).isEqualTo(next[0]--);
                assertThat(example).isEqualTo(examples.get(index));
            });
            assertThat(next[0]).isEqualTo(-1);
            assertThat(decoder.posteriorCalls).isEqualTo(12);
            assertThat(decoder.layerPosteriorCalls).isEqualTo(24);
            assertThat(decoder.layerPriorCalls).isEqualTo(24);
            assertThat(decoder.likelihoodCalls).isEqualTo(12);
        }
    }

    @Test
    void oneLayerIsSingleLayerBbAnsByteForByteButForTheHeader() {
        ToyModel single = new ToyModel(ToyModel.Kind.BERNOULLI, 3, 13, 2, 14);
        List<int[]> examples = single.sample(20, 15);
        BbAnsEncoder classic = new BbAnsEncoder(single, BbAnsSettings.DEFAULT);
        examples.forEach(classic::append);
        BbAnsEncoder.Compressed expected = classic.finish(HASH, new int[] {13});
        for (CodingScheme scheme : CodingScheme.values()) {
            BbAnsEncoder.Compressed chain =
                    compress(LatentChainModel.oneLayer(single), BbAnsSettings.DEFAULT, scheme, examples);
            // the same rANS message (state and words); the headers differ in the scheme byte at most
            assertThat(payload(chain.bytes())).as("%s", scheme).isEqualTo(payload(expected.bytes()));
            assertThat(chain.report().exampleBits())
                    .containsExactly(expected.report().exampleBits());
            assertThat(BbAnsDecoder.decodeAll(chain.bytes(), "one.vkbb", single, HASH))
                    .hasSize(20);
        }
    }

    /** The bytes after the header (the state, the word count and the words), without the trailing CRC. */
    private static byte[] payload(byte[] file) {
        CompressedFile.Contents contents = CompressedFile.read(file, "f");
        int words = contents.words().length;
        return java.util.Arrays.copyOfRange(file, file.length - 4 - 4 * words - 4 - 8, file.length - 4);
    }

    @Test
    void isDeterministicAndPinned() throws NoSuchAlgorithmException {
        // A chain whose conditionals use exact (dyadic) arithmetic only, so the pin holds on every platform. A change
        // to the coder, the codecs, the grid, the buckets or the format changes these bytes, and would make files
        // written before unreadable, so it must come with a new format version.
        LatentChainModel pinned = new LatentChainModel() {
            @Override
            public int[] layerSizes() {
                return new int[] {2, 1};
            }

            @Override
            public int featureCount() {
                return 8;
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
                return new GaussianPosterior(new double[] {0.25 * (ones - 4), -0.125 * ones}, new double[] {-1, -2.5});
            }

            @Override
            public GaussianPosterior layerPosterior(int layer, double[] below) {
                return new GaussianPosterior(new double[] {0.5 * below[0] - 0.25 * below[1]}, new double[] {-0.75});
            }

            @Override
            public GaussianPosterior layerPrior(int layer, double[] above) {
                return new GaussianPosterior(new double[] {above[0], -0.5 * above[0]}, new double[] {-0.5, -1.25});
            }

            @Override
            public ObservationModel likelihood(double[] z) {
                return (j, x) -> new FeatureDistribution.Bernoulli(0.5 * (j - 3) * z[j % 2] + 0.25);
            }
        };
        List<int[]> fixed = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int[] x = new int[8];
            for (int j = 0; j < 8; j++) {
                x[j] = (i * 5 + j * 3) % 7 < 3 ? 1 : 0;
            }
            fixed.add(x);
        }
        for (CodingScheme scheme : CodingScheme.values()) {
            byte[] first = compress(pinned, STANDARD, scheme, fixed).bytes();
            byte[] second = compress(pinned, STANDARD, scheme, fixed).bytes();
            assertThat(second).isEqualTo(first);
            assertThat(BbAnsDecoder.decodeAll(first, "pinned.vkbb", pinned, HASH))
                    .hasSize(16);
            String sha256 = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(first));
            assertThat(sha256)
                    .as("%s", scheme)
                    .isEqualTo(scheme == CodingScheme.BIT_SWAP ? PINNED_BIT_SWAP : PINNED_BB_ANS);
        }
    }

    /** Every layer over the buckets of N(0, 1): files of format version 2, as before version 3. */
    static final BbAnsSettings STANDARD = BbAnsSettings.DEFAULT.withMarginalSamples(0);

    /** SHA-256 of the pinned case's files, format version 2. */
    private static final String PINNED_BIT_SWAP = "70b908a801d2300af6008ea0a0de9fb6253a755cad89b7bf4d9fd9977ff920fa";

    private static final String PINNED_BB_ANS = "0a70622811b130c83fb1c2f775a0dec38676bc25ca4ec49c5828576150503397";

    @Test
    void refusesBadModelsAndExamples() {
        ChainToyModel model = new ChainToyModel(new int[] {3, 2}, 6, 16);
        BbAnsEncoder encoder = new BbAnsEncoder(model, BbAnsSettings.DEFAULT, CodingScheme.BIT_SWAP);
        assertThatThrownBy(() -> encoder.append(new int[5])).hasMessageContaining("6 features, got 5");
        assertThatThrownBy(() -> encoder.append(new int[] {0, 1, 2, 0, 0, 0})).hasMessageContaining("feature 2");
        LatentChainModel noLayers = new ChainToyModel(new int[] {3, 2}, 6, 16) {
            @Override
            public int[] layerSizes() {
                return new int[0];
            }
        };
        assertThatThrownBy(() -> new BbAnsEncoder(noLayers, BbAnsSettings.DEFAULT, CodingScheme.BIT_SWAP))
                .hasMessageContaining("at least one latent layer");
        // a model whose conditional prior has the wrong size stops the encoder
        LatentChainModel wrong = new ChainToyModel(new int[] {3, 2}, 6, 16) {
            @Override
            public GaussianPosterior layerPrior(int layer, double[] above) {
                return new GaussianPosterior(new double[2], new double[2]);
            }
        };
        assertThatThrownBy(() -> new BbAnsEncoder(wrong, BbAnsSettings.DEFAULT, CodingScheme.BIT_SWAP))
                .hasMessageContaining("conditional prior of latent layer 1 has 2 coordinates, the layer has 3");
        BbAnsEncoder broken = new BbAnsEncoder(wrong, STANDARD, CodingScheme.BIT_SWAP);
        assertThatThrownBy(() -> broken.append(new int[6]))
                .hasMessageContaining("conditional prior of latent layer 1 has 2 coordinates, the layer has 3");
        assertThatThrownBy(() -> broken.append(new int[6])).hasMessageContaining("earlier append failed");
    }
}
