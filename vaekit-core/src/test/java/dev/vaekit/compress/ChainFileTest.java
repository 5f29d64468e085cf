package dev.vaekit.compress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.InvalidInputException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * A file of a chain of latent layers: it records the scheme and the layers' sizes, is decoded with the scheme it
 * records, and a damaged, altered or mismatched file (another scheme, other layers, another model) is refused in one
 * line, never decoded wrong.
 */
class ChainFileTest {
    private static final String ORIGIN = "chain.vkbb";

    private final ChainToyModel model = new ChainToyModel(new int[] {3, 2}, 9, 1);
    private final List<int[]> examples = model.sample(6, 2);

    private byte[] file(CodingScheme scheme) {
        return BitSwapRoundTripTest.compress(model, BbAnsSettings.DEFAULT, scheme, examples)
                .bytes();
    }

    private static String refused(byte[] bytes, LatentChainModel model) {
        try {
            List<int[]> decoded = BbAnsDecoder.decodeAll(bytes, ORIGIN, model, BitSwapRoundTripTest.HASH);
            throw new AssertionError("decoded " + decoded.size() + " examples from a bad file");
        } catch (InvalidInputException e) {
            assertThat(e.getMessage()).startsWith(ORIGIN + ": ").doesNotContain("\n");
            return e.getMessage();
        }
    }

    private static byte[] resealed(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }

    /** The offset of the layer count: after magic, version, scheme, settings (S in version 3), seed and the hash. */
    private static int layersAt(byte[] bytes) {
        int samples = bytes[9] == CompressedFile.VERSION ? 4 : 0;
        return 25 + samples + (ByteBuffer.wrap(bytes).getShort(23 + samples) & 0xFFFF);
    }

    @Test
    void recordsTheSchemeAndTheLayers() {
        for (CodingScheme scheme : CodingScheme.values()) {
            byte[] bytes = file(scheme);
            CompressedFile.Header header = CompressedFile.header(bytes, ORIGIN);
            assertThat(header.scheme()).isEqualTo(scheme);
            assertThat(bytes[10]).isEqualTo((byte) scheme.code());
            // the layers' marginals were fitted: version 3, with S after the grid bits
            assertThat(bytes[9]).isEqualTo((byte) CompressedFile.VERSION);
            assertThat(ByteBuffer.wrap(bytes).getInt(15)).isEqualTo(BbAnsSettings.DEFAULT.marginalSamples());
            assertThat(header.settings()).isEqualTo(BbAnsSettings.DEFAULT);
            assertThat(header.layerSizes()).containsExactly(3, 2);
            assertThat(header.latentDimension()).isEqualTo(5);
            assertThat(header.describeLayers()).isEqualTo("latent layers of 3 + 2 coordinates");
            assertThat(header.count()).isEqualTo(6);
            int at = layersAt(bytes);
            assertThat(bytes[at]).isEqualTo((byte) 2);
            assertThat(ByteBuffer.wrap(bytes).getInt(at + 1)).isEqualTo(3);
            assertThat(ByteBuffer.wrap(bytes).getInt(at + 5)).isEqualTo(2);
        }
    }

    @Test
    void aFileIsDecodedWithItsOwnSchemeAndRefusedWithTheOther() {
        for (CodingScheme scheme : CodingScheme.values()) {
            byte[] swapped = file(scheme);
            swapped[10] = (byte) (1 - scheme.code());
            assertThat(refused(resealed(swapped), model))
                    .containsAnyOf("did not end where encoding began", "ran out of words", "do not match the CRC-32C");
            byte[] unknown = file(scheme);
            unknown[10] = 7;
            assertThat(refused(resealed(unknown), model)).contains("unknown coding scheme 7");
        }
    }

    @Test
    void otherLayersAndOtherModelsAreRefused() {
        byte[] bytes = file(CodingScheme.BIT_SWAP);
        assertThat(refused(bytes, new ChainToyModel(new int[] {3, 3}, 9, 1)))
                .isEqualTo(
                        ORIGIN + ": compressed for latent layers of 3 + 2 coordinates, 9 features and 2 values, this "
                                + "model has 3 + 3, 9 and 2");
        assertThat(refused(bytes, new ChainToyModel(new int[] {3, 2, 1}, 9, 1))).contains("this model has 3 + 2 + 1");
        assertThat(refused(bytes, new ChainToyModel(new int[] {5}, 9, 1))).contains("this model has 5, 9 and 2");
        // the same layers and hash, other weights: the decoder diverges, and the end checks refuse it
        assertThat(refused(bytes, new ChainToyModel(new int[] {3, 2}, 9, 99)))
                .containsAnyOf("did not end where encoding began", "ran out of words", "do not match the CRC-32C");
        // the layers' sizes altered under a valid checksum: the model no longer matches the file
        byte[] sizes = bytes.clone();
        ByteBuffer.wrap(sizes).putInt(layersAt(sizes) + 5, 4);
        assertThat(refused(resealed(sizes), model)).contains("latent layers of 3 + 4 coordinates");
        byte[] count = bytes.clone();
        count[layersAt(count)] = 0;
        assertThat(refused(resealed(count), model)).contains("latent layers must be 1 to 64, got 0");
    }

    @Test
    void everyFlippedBitAndEveryTruncationIsRefused() {
        for (CodingScheme scheme : CodingScheme.values()) {
            byte[] bytes = file(scheme);
            for (int i = 0; i < bytes.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] damaged = bytes.clone();
                    damaged[i] ^= (byte) (1 << bit);
                    refused(damaged, model);
                }
            }
            for (int length = 0; length < bytes.length; length++) {
                refused(Arrays.copyOf(bytes, length), model);
            }
            // under a valid checksum: every bit of the state and the words
            int wordsAt =
                    bytes.length - 4 - 4 * CompressedFile.read(bytes, ORIGIN).words().length;
            for (int i = wordsAt - 12; i < bytes.length - 4; i++) {
                if (i >= wordsAt - 4 && i < wordsAt) {
                    continue; // the word count: a length that does not fit the file, refused above
                }
                for (int bit = 0; bit < 8; bit++) {
                    byte[] payload = bytes.clone();
                    payload[i] ^= (byte) (1 << bit);
                    refused(resealed(payload), model);
                }
            }
        }
    }
}
