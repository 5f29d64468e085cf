package dev.vaekit.compress.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.compress.BbAnsSettings;
import dev.vaekit.compress.CompressedFile;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.Model;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What decompressing refuses before decoding anything (another model, another shape, a size beyond memory) and while
 * decoding (damage, truncation), always in one line naming the file and never with images.
 */
class VaeCompressionTest {
    private static final byte[] HASH = {9, 8, 7, 6};

    private NDManager manager;
    private Model network;
    private VaeCodingModel model;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        Engines.seed(11);
        network = Model.create(VaeCodingModelTest.dense(1, 5, 7, LikelihoodKind.BERNOULLI, 1), null, manager);
        model = VaeCodingModel.of(network);
    }

    @AfterEach
    void close() {
        network.close();
        manager.close();
    }

    private byte[] compress(int n) {
        return VaeCompression.compress(model, VaeCodingModelTest.random(model, n, 1), HASH, BbAnsSettings.DEFAULT)
                .bytes();
    }

    @Test
    void anotherModelsFileIsRefusedByItsHash() {
        byte[] file = compress(3);

        assertRefused(
                () -> VaeCompression.decompress(file, "a.vbb", model, new byte[] {9, 8, 7, 5}),
                "a.vbb: compressed with another model (config hash 09080706), this model's is 09080705");
    }

    @Test
    void aFileOfAnotherShapeIsRefusedEvenUnderTheSameHash() {
        byte[] file = compress(2);
        try (Model other =
                Model.create(VaeCodingModelTest.dense(1, 7, 5, LikelihoodKind.BERNOULLI, 1), null, manager)) {
            assertRefused(
                    () -> VaeCompression.decompress(file, "a.vbb", VaeCodingModel.of(other), HASH),
                    "a.vbb: holds examples of shape [1, 5, 7] with 2 levels; the model codes [1, 7, 5] with 2");
        }
    }

    @Test
    void aCountBeyondMemoryIsRefusedBeforeDecoding() {
        byte[] file = compress(0);
        // n sits after the magic, version, scheme, settings, seed, hash, the one layer, the shape and the alphabet
        int at = 8 + 2 + 1 + 4 + 8 + 2 + HASH.length + 1 + 4 + 1 + 4 * 3 + 4;
        ByteBuffer.wrap(file).putInt(at, Integer.MAX_VALUE);
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - 4);
        ByteBuffer.wrap(file).putInt(file.length - 4, (int) crc.getValue());
        assertThat(CompressedFile.header(file, "n").count()).isEqualTo(Integer.MAX_VALUE);

        assertRefused(
                () -> VaeCompression.decompress(file, "big.vbb", model, HASH),
                "big.vbb: holds 2147483647 examples of 35 values, more than the 536870912 values decompressed");
    }

    @Test
    void damagedAndTruncatedFilesAreRefused() {
        byte[] file = compress(4);
        for (int at : new int[] {0, 12, 40, file.length / 2, file.length - 1}) {
            byte[] damaged = file.clone();
            damaged[at] ^= 0x04;
            assertThatThrownBy(() -> VaeCompression.decompress(damaged, "d.vbb", model, HASH))
                    .as("byte %d flipped", at)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("d.vbb: ");
        }
        for (int length : new int[] {0, 9, 30, file.length - 5, file.length - 1}) {
            byte[] cut = Arrays.copyOf(file, length);
            assertThatThrownBy(() -> VaeCompression.decompress(cut, "t.vbb", model, HASH))
                    .as("cut to %d bytes", length)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("t.vbb: ");
        }
        assertThat(VaeCompression.decompress(file, "f", model, HASH).images().count())
                .isEqualTo(4);
    }

    @Test
    void anEmptySequenceRoundTrips() {
        assertThat(VaeCompression.decompress(compress(0), "e", model, HASH)
                        .images()
                        .count())
                .isZero();
    }

    @Test
    void imagesOfAnotherShapeAreRefusedWhenCompressing() {
        ImageSymbols wrong = new ImageSymbols(new int[] {1, 7, 5}, 2, new byte[35]);

        assertRefused(
                () -> VaeCompression.compress(model, wrong, HASH, BbAnsSettings.DEFAULT),
                "the images are of shape [1, 7, 5] with 2 levels; the model codes [1, 5, 7] with 2");
    }

    private static void assertRefused(Runnable action, String message) {
        assertThatThrownBy(action::run)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
