package dev.vaekit.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The container: what it records, and that a damaged, truncated, altered or foreign file is refused in one line. */
class CompressedFileTest {
    private static final byte[] HASH = {42, 7, -3};
    private static final String ORIGIN = "digits.vkbb";

    private final ToyModel model = new ToyModel(ToyModel.Kind.BERNOULLI, 2, 6, 2, 1);
    private final List<int[]> examples = model.sample(5, 2);
    private final byte[] file = BbAnsRoundTripTest.compress(model, BbAnsSettings.DEFAULT, examples, new int[] {2, 3})
            .bytes();

    /** Decoding is refused with one line that names the file; returns the message. */
    private String refused(byte[] bytes) {
        return refused(bytes, model, HASH);
    }

    private static String refused(byte[] bytes, LatentVariableModel model, byte[] hash) {
        try {
            List<int[]> decoded = BbAnsDecoder.decodeAll(bytes, ORIGIN, model, hash);
            throw new AssertionError("decoded " + decoded.size() + " examples from a bad file");
        } catch (InvalidInputException e) {
            assertThat(e.getMessage()).startsWith(ORIGIN + ": ").doesNotContain("\n");
            return e.getMessage();
        }
    }

    /** The bytes with a correct checksum again: an alteration that the CRC does not see. */
    private static byte[] resealed(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }

    @Test
    void recordsTheHeader() {
        CompressedFile.Header header = CompressedFile.header(file, ORIGIN);
        // one layer: nothing to fit, so S = 0 and the file is of version 2, as before version 3
        assertThat(header.settings()).isEqualTo(BbAnsSettings.DEFAULT.withMarginalSamples(0));
        assertThat(file[9]).isEqualTo((byte) CompressedFile.VERSION_2);
        assertThat(header.modelHash()).isEqualTo(HASH);
        assertThat(header.modelHashHex()).isEqualTo("2a07fd");
        assertThat(header.latentDimension()).isEqualTo(2);
        assertThat(header.shape()).containsExactly(2, 3);
        assertThat(header.features()).isEqualTo(6);
        assertThat(header.alphabetSize()).isEqualTo(2);
        assertThat(header.count()).isEqualTo(5);
        assertThat(new String(file, 0, 8, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("VAEKITBB");
        assertThat(BbAnsDecoder.decodeAll(file, ORIGIN, model, HASH)).hasSize(5);
    }

    @Test
    void everyFlippedBitIsRefused() {
        for (int i = 0; i < file.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] damaged = file.clone();
                damaged[i] ^= (byte) (1 << bit);
                String message = refused(damaged);
                if (i >= 10) {
                    assertThat(message).as("byte %d bit %d", i, bit).contains("damaged or truncated");
                }
            }
        }
    }

    @Test
    void everyTruncationAndExtensionIsRefused() {
        for (int length = 0; length < file.length; length++) {
            String message = refused(Arrays.copyOf(file, length));
            assertThat(message).as("%d bytes", length).containsAnyOf("truncated", "not a vaekit compressed file");
        }
        assertThat(refused(Arrays.copyOf(file, file.length + 1))).contains("damaged or truncated");
        byte[] doubled = Arrays.copyOf(file, 2 * file.length);
        System.arraycopy(file, 0, doubled, file.length, file.length);
        assertThat(refused(doubled)).contains("damaged or truncated");
    }

    @Test
    void anotherModelIsRefused() {
        assertThat(refused(file, model, new byte[] {42, 7, -2}))
                .isEqualTo(ORIGIN + ": compressed with another model (config hash 2a07fd), this model's is 2a07fe");
        ToyModel wider = new ToyModel(ToyModel.Kind.BERNOULLI, 3, 6, 2, 1);
        assertThat(refused(file, wider, HASH)).contains("2 latent coordinates").contains("this model has 3");
        ToyModel categorical = new ToyModel(ToyModel.Kind.CATEGORICAL, 2, 6, 3, 1);
        assertThat(refused(file, categorical, HASH)).contains("2 values").contains("this model has 2, 6 and 3");
        // the same hash and shape but other weights: the decoder diverges, and the end checks refuse it
        ToyModel retrained = new ToyModel(ToyModel.Kind.BERNOULLI, 2, 6, 2, 99);
        assertThat(refused(file, retrained, HASH))
                .containsAnyOf("did not end where encoding began", "ran out of words", "do not match the CRC-32C");
    }

    @Test
    void otherFilesAndVersionsAreRefused() {
        assertThat(refused("hello, world".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(ORIGIN + ": not a vaekit compressed file (it does not start with VAEKITBB)");
        assertThat(refused(new byte[0])).contains("not a vaekit compressed file");
        byte[] version4 = file.clone();
        version4[9] = 4;
        assertThat(refused(version4))
                .isEqualTo(ORIGIN + ": compressed file format version 4, this vaekit reads versions 1 to 3");
    }

    /**
     * A file of format version 1 as the vaekit before Bit-Swap wrote it: this file's bytes with the scheme byte and the
     * layer count taken out, the one layer's size kept as the 4-byte latent dimension, and the CRC recomputed.
     */
    static byte[] asVersion1(byte[] v2) {
        ByteBuffer in = ByteBuffer.wrap(v2);
        int hashLength = in.getShort(23) & 0xFFFF;
        int layersAt = 25 + hashLength;
        if (v2[layersAt] != 1) {
            throw new IllegalArgumentException("version 1 has one latent layer");
        }
        byte[] v1 = new byte[v2.length - 2];
        System.arraycopy(v2, 0, v1, 0, 10); // magic and version
        System.arraycopy(v2, 11, v1, 10, layersAt - 11); // settings, seed, hash: all but the scheme byte
        System.arraycopy(v2, layersAt + 1, v1, layersAt - 1, v2.length - layersAt - 1); // the size and the rest
        v1[9] = 1;
        return resealed(v1);
    }

    @Test
    void filesOfVersion1AreStillRead() throws java.security.NoSuchAlgorithmException {
        byte[] v1 = asVersion1(file);
        CompressedFile.Header header = CompressedFile.header(v1, ORIGIN);
        assertThat(header.scheme()).isEqualTo(CodingScheme.BB_ANS);
        assertThat(header.layerSizes()).containsExactly(2);
        assertThat(header.latentDimension()).isEqualTo(2);
        assertThat(header.shape()).containsExactly(2, 3);
        assertThat(header.count()).isEqualTo(5);
        List<int[]> decoded = BbAnsDecoder.decodeAll(v1, ORIGIN, model, HASH);
        for (int i = 0; i < examples.size(); i++) {
            assertThat(decoded.get(i)).isEqualTo(examples.get(i));
        }
        // the conversion gives exactly what version 1 wrote: the pinned case of BbAnsRoundTripTest, whose file the
        // vaekit of format version 1 wrote with this SHA-256, converted back from the file written now
        byte[] pinned = asVersion1(BbAnsRoundTripTest.pinnedFile());
        assertThat(java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(pinned)))
                .isEqualTo(BbAnsRoundTripTest.PINNED_SHA256_VERSION_1);
        assertThat(BbAnsDecoder.decodeAll(pinned, ORIGIN, BbAnsRoundTripTest.PINNED, BbAnsRoundTripTest.HASH))
                .hasSize(20);
        // a version 1 file that is damaged is refused like any other
        byte[] damaged = v1.clone();
        damaged[30] ^= 4;
        assertThat(refused(damaged)).contains("damaged or truncated");
        assertThat(refused(Arrays.copyOf(v1, 40))).contains("truncated");
    }

    @Test
    void alterationsThatKeepTheChecksumAreRefusedNeverDecodedWrong() {
        ByteBuffer view = ByteBuffer.wrap(file);
        int hashLength = view.getShort(23);
        int afterHash = 25 + hashLength;
        int countAt = afterHash + 1 + 4 + 1 + 4 * 2 + 4;
        int crcAt = countAt + 4;
        int stateAt = crcAt + 4;
        int wordsAt = stateAt + 8 + 4;
        // a different seed: the initial bits the decoder expects are not the encoder's
        byte[] seed = file.clone();
        seed[21] ^= 1;
        assertThat(refused(resealed(seed))).contains("did not end where encoding began");
        // a different content checksum
        byte[] crc = file.clone();
        crc[crcAt] ^= 1;
        assertThat(refused(resealed(crc))).contains("do not match the CRC-32C");
        // one example more, one fewer
        for (int delta : new int[] {-1, 1}) {
            byte[] count = file.clone();
            ByteBuffer.wrap(count).putInt(countAt, 5 + delta);
            refused(resealed(count));
        }
        // other settings: scheme, buckets, precisions, grid
        for (int at = 10; at < 15; at++) {
            byte[] settings = file.clone();
            settings[at] -= 1;
            refused(resealed(settings));
        }
        // every bit of the state and of every word
        for (int i = stateAt; i < file.length - 4; i++) {
            if (i >= stateAt + 8 && i < wordsAt) {
                continue; // the word count: covered by the truncation checks
            }
            for (int bit = 0; bit < 8; bit++) {
                byte[] payload = file.clone();
                payload[i] ^= (byte) (1 << bit);
                refused(resealed(payload));
            }
        }
        // a word count that does not fit the file, and a state below 2^31
        byte[] words = file.clone();
        ByteBuffer.wrap(words).putInt(stateAt + 8, Integer.MAX_VALUE);
        assertThat(refused(resealed(words))).contains("words");
        byte[] state = file.clone();
        ByteBuffer.wrap(state).putLong(stateAt, 5);
        assertThat(refused(resealed(state))).contains("rANS state");
        byte[] shape = file.clone();
        ByteBuffer.wrap(shape).putInt(afterHash + 6, 0);
        assertThat(refused(resealed(shape))).contains("shape must be positive");
    }

    @Test
    void headerFieldsAreValidated() {
        BbAnsSettings s = BbAnsSettings.DEFAULT;
        assertThatThrownBy(() -> new CompressedFile.Header(s, new byte[0], 2, new int[] {6}, 2, 1, 0))
                .hasMessageContaining("model hash");
        assertThatThrownBy(() -> new CompressedFile.Header(s, HASH, 0, new int[] {6}, 2, 1, 0))
                .hasMessageContaining("latent dimension");
        assertThatThrownBy(() -> new CompressedFile.Header(s, HASH, 2, new int[9], 2, 1, 0))
                .hasMessageContaining("1 to 8 axes");
        assertThatThrownBy(() -> new CompressedFile.Header(s, HASH, 2, new int[] {1 << 16, 1 << 16}, 2, 1, 0))
                .hasMessageContaining("2^31 - 1 features");
        assertThatThrownBy(() -> new CompressedFile.Header(s, HASH, 2, new int[] {6}, 1, 1, 0))
                .hasMessageContaining("alphabet");
        assertThatThrownBy(() -> new CompressedFile.Header(s, HASH, 2, new int[] {6}, 2, -1, 0))
                .hasMessageContaining("count");
        CodingScheme b = CodingScheme.BIT_SWAP;
        assertThatThrownBy(() -> new CompressedFile.Header(s, b, HASH, new int[0], new int[] {6}, 2, 1, 0))
                .hasMessageContaining("latent layers must be 1 to 64");
        assertThatThrownBy(() -> new CompressedFile.Header(s, b, HASH, new int[65], new int[] {6}, 2, 1, 0))
                .hasMessageContaining("latent layers must be 1 to 64");
        assertThatThrownBy(() -> new CompressedFile.Header(s, b, HASH, new int[] {3, 0}, new int[] {6}, 2, 1, 0))
                .hasMessageContaining("latent dimension");
        assertThatThrownBy(() ->
                        new CompressedFile.Header(s, b, HASH, new int[] {1 << 15, 1 << 15, 1}, new int[] {6}, 2, 1, 0))
                .hasMessageContaining("[32768, 32768, 1] = 65537");
        assertThatThrownBy(() -> new CompressedFile.Header(s, null, HASH, new int[] {3}, new int[] {6}, 2, 1, 0))
                .hasMessageContaining("coding scheme");
    }
}
