package dev.vaekit.compress.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Dataset;
import dev.vaekit.io.Npy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Images as symbols: written and read back in every format, and what is refused. */
class ImageSymbolsTest {
    @TempDir
    Path dir;

    static ImageSymbols random(int[] shape, int alphabet, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] values = new byte[n * shape[0] * shape[1] * shape[2]];
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) random.nextInt(alphabet);
        }
        return new ImageSymbols(shape, alphabet, values);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(new int[] {1, 5, 7}, 2),
                Arguments.of(new int[] {1, 5, 7}, 256),
                Arguments.of(new int[] {3, 4, 3}, 256),
                Arguments.of(new int[] {3, 2, 3}, 2));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyFormatReadsBackTheSymbolsWritten(int[] shape, int alphabet) {
        ImageSymbols images = random(shape, alphabet, 11, alphabet);
        for (String name : List.of("a.npy", "a.idx", "a-ubyte", "folder")) {
            Path out = dir.resolve(alphabet + "-" + shape[0] + "-" + name);

            ImageSymbols.Format format = images.write(out);
            ImageSymbols back = ImageSymbols.read(out, shape, alphabet, 0);

            assertThat(format).isEqualTo(ImageSymbols.Format.of(out));
            assertThat(back.values()).as(name).isEqualTo(images.values());
            assertThat(ImageSymbols.read(out, shape, alphabet, 4).values())
                    .as("the first 4 of " + name)
                    .isEqualTo(java.util.Arrays.copyOf(images.values(), 4 * images.features()));
        }
        ImageSymbols one = random(shape, alphabet, 1, 7);
        Path png = dir.resolve(alphabet + "-" + shape[0] + "-one.png");
        assertThat(one.write(png)).isEqualTo(ImageSymbols.Format.PNG);
        assertThat(ImageSymbols.read(png, shape, alphabet, 0).values()).isEqualTo(one.values());
    }

    @Test
    void aFolderOfBinaryImagesIsWrittenAsOneBitPngs() throws IOException {
        random(new int[] {1, 5, 7}, 2, 3, 1).write(dir.resolve("f"));

        try (Stream<Path> files = Files.list(dir.resolve("f"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("00000.png", "00001.png", "00002.png");
        }
        BufferedImage image = ImageIO.read(dir.resolve("f/00000.png").toFile());
        assertThat(image.getColorModel().getPixelSize()).isEqualTo(1);
    }

    @Test
    void eightBitPngsOfBlackAndWhiteAreBinaryImages() throws IOException {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(1, 0, 0, 255);
        image.getRaster().setSample(2, 1, 0, 255);
        Path file = dir.resolve("bw.png");
        ImageIO.write(image, "png", file.toFile());

        assertThat(ImageSymbols.read(file, new int[] {1, 2, 3}, 2, 0).example(0))
                .containsExactly(0, 1, 0, 0, 0, 1);
        assertThat(ImageSymbols.read(file, new int[] {1, 2, 3}, 256, 0).example(0))
                .containsExactly(0, 255, 0, 0, 0, 255);
    }

    @Test
    void theRowsOfADataSetBecomeSymbols() {
        Dataset rows = new Dataset("d", new float[] {0f, 1f / 255, 128f / 255, 1f}, null, 1, 1, 2);

        assertThat(ImageSymbols.ofRows(rows, new int[] {1, 1, 2}, 256).values())
                .containsExactly(0, 1, (byte) 128, (byte) 255);
        assertThatThrownBy(() -> ImageSymbols.ofRows(rows, new int[] {1, 1, 2}, 2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("d: example 0, value 1 is 0.003921569; a model of binary images codes 0 and 1");
        Dataset notALevel = new Dataset("e", new float[] {0.5f, 0f}, null, 1, 1, 2);
        assertThatThrownBy(() -> ImageSymbols.ofRows(notALevel, new int[] {1, 1, 2}, 256))
                .hasMessageContaining("e: example 0, value 0 is 0.5, not one of the 256 levels");
    }

    @Test
    void whatDoesNotFitTheModelIsRefusedInOneLine() throws IOException {
        int[] shape = {1, 5, 7};
        Path npy = dir.resolve("x.npy");
        try (OutputStream out = Files.newOutputStream(npy)) {
            Npy.writeInt32(out, new int[] {0, 1, 2, 0, 1, 0, 1, 0, 0, 1}, 2, 5);
        }
        Path idx = dir.resolve("x.idx");
        random(shape, 256, 2, 3).write(idx);
        Path text = dir.resolve("x.txt");
        Files.writeString(text, "hello");
        Path colour = dir.resolve("c.png");
        BufferedImage rgb = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(2, 3, 0xff0000);
        ImageIO.write(rgb, "png", colour.toFile());
        Path empty = Files.createDirectory(dir.resolve("empty"));

        assertRefused(() -> ImageSymbols.read(npy, shape, 2, 0), "dimensions [2, 5]; the model takes examples of");
        assertRefused(
                () -> ImageSymbols.read(npy, new int[] {1, 1, 5}, 2, 0), "value 2 is 2; the model codes values 0");
        assertRefused(() -> ImageSymbols.read(idx, shape, 2, 0), "; the model codes values 0 to 1");
        assertRefused(() -> ImageSymbols.read(idx, new int[] {1, 7, 5}, 256, 0), "dimensions [2, 5, 7]");
        assertRefused(() -> ImageSymbols.read(text, shape, 2, 0), "not a folder of PNG files, a PNG, an IDX");
        assertRefused(() -> ImageSymbols.read(colour, shape, 256, 0), "pixel (2, 3) is in colour");
        assertRefused(() -> ImageSymbols.read(colour, new int[] {1, 7, 5}, 256, 0), "image is 7x5");
        assertRefused(() -> ImageSymbols.read(empty, shape, 2, 0), "holds no .png files");
        assertRefused(() -> ImageSymbols.read(dir.resolve("none"), shape, 2, 0), "no such file or folder");
        Path full = dir.resolve("full");
        random(shape, 2, 1, 1).write(full);
        assertRefused(() -> random(shape, 2, 1, 1).write(full), "exists and is not empty");
        assertRefused(() -> random(shape, 2, 2, 1).write(dir.resolve("two.png")), "one PNG file holds one image");
        assertRefused(() -> ImageSymbols.allocate(shape, 2, Integer.MAX_VALUE), "more than the 536870912 held");
    }

    private static void assertRefused(Runnable action, String message) {
        assertThatThrownBy(action::run)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
