package dev.vaekit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.images.DecodeSettings;
import dev.vaekit.data.images.ImageFolderData;
import dev.vaekit.data.images.ImageFolderOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coloured MNIST generator: deterministic, digits visible, written as class folders that read back exactly. */
class ColouredMnistTest {

    @TempDir
    Path dir;

    private static Dataset digits;

    @BeforeAll
    static void load() {
        digits = Datasets.load("mnist-mini", null).testRows().slice(0, 40);
    }

    @Test
    void sameSeedSameImageOtherSeedOrIndexOtherImage() {
        byte[] a = ColouredMnist.render(digits, 3, 32, 5);

        assertThat(ColouredMnist.render(digits, 3, 32, 5)).isEqualTo(a).hasSize(3 * 32 * 32);
        assertThat(ColouredMnist.render(digits, 3, 32, 6)).isNotEqualTo(a);
        assertThat(ColouredMnist.render(digits, 43, 32, 5)).isNotEqualTo(a); // same digit (43 mod 40), other colours
    }

    @Test
    void theDigitIsOneColourThatStandsOutFromTheBackground() {
        Set<Integer> digitColours = new HashSet<>();
        int checked = 0;
        for (int i = 0; i < 40; i++) {
            byte[] img = ColouredMnist.render(digits, i, 28, ColouredMnist.DEFAULT_SEED);
            Set<Integer> ink = new HashSet<>();
            double inkLuma = 0;
            double backgroundLuma = 0;
            int background = 0;
            for (int p = 0; p < 784; p++) {
                int r = img[p] & 0xff;
                int g = img[784 + p] & 0xff;
                int b = img[2 * 784 + p] & 0xff;
                float v = digits.features()[i * 784 + p];
                if (v == 1f) {
                    ink.add(r << 16 | g << 8 | b);
                    inkLuma = 0.299 * r + 0.587 * g + 0.114 * b;
                } else if (v == 0f) {
                    backgroundLuma += 0.299 * r + 0.587 * g + 0.114 * b;
                    background++;
                }
            }
            if (ink.isEmpty()) {
                continue; // a few digits never reach full ink
            }
            checked++;
            // at full ink the pixel is the digit colour itself: one colour per image
            assertThat(ink).as("image %d", i).hasSize(1);
            digitColours.addAll(ink);
            // chosen 96 luma levels from the mean of the two background colours; the pixels' mean is near that
            assertThat(Math.abs(inkLuma - backgroundLuma / background))
                    .as("image %d", i)
                    .isGreaterThan(40);
        }
        assertThat(checked).isGreaterThan(30);
        assertThat(digitColours).hasSize(checked); // random colours, not a few fixed ones
    }

    @Test
    void writesClassFoldersThatReadBackExactly() throws Exception {
        Path out = dir.resolve("coloured");
        ColouredMnist.write(digits, out, 25, 16, 9, true);

        ImageFolderOptions options =
                ImageFolderOptions.of(DecodeSettings.of(3, 0)).withCacheRoot(dir.resolve("cache"));
        try (ImageFolderData data = ImageFolderData.open(out, options, line -> {})) {
            assertThat(data.size()).isEqualTo(25);
            assertThat(data.dim()).isEqualTo(3 * 16 * 16);
            for (int row = 0; row < data.size(); row++) {
                String path = data.relativePath(row);
                int index = Integer.parseInt(path.substring(path.indexOf('/') + 1, path.indexOf('.')));
                assertThat(data.labelNames().get(data.label(row))).isEqualTo(Integer.toString(digits.labels()[index]));
                assertThat(path).startsWith(digits.labels()[index] + "/");
                byte[] read = new byte[data.dim()];
                data.readBytes(new int[] {row}, read);
                assertThat(read).isEqualTo(ColouredMnist.render(digits, index, 16, 9));
            }
        }
    }

    @Test
    void greyDigitsAreWrittenWithTheIdxValues() throws Exception {
        Path out = dir.resolve("grey");
        ColouredMnist.write(digits, out, 12, 64, 1, false);

        ImageFolderOptions options =
                ImageFolderOptions.of(DecodeSettings.of(1, 0)).withCacheRoot(dir.resolve("cache"));
        try (ImageFolderData data = ImageFolderData.open(out, options, line -> {})) {
            Dataset read = new ImageFolderSource(data).materialize("grey", Integer.MAX_VALUE);
            assertThat(read.size()).isEqualTo(12);
            assertThat(new int[] {read.channels(), read.height(), read.width()}).containsExactly(1, 28, 28);
            for (int row = 0; row < 12; row++) {
                String path = data.relativePath(row);
                int index = Integer.parseInt(path.substring(path.indexOf('/') + 1, path.indexOf('.')));
                float[] expected = java.util.Arrays.copyOfRange(digits.features(), index * 784, index * 784 + 784);
                float[] actual = java.util.Arrays.copyOfRange(read.features(), row * 784, row * 784 + 784);
                assertThat(actual).containsExactly(expected);
                assertThat(data.labelNames().get(read.labels()[row]))
                        .isEqualTo(Integer.toString(digits.labels()[index]));
            }
            Dataset some = new ImageFolderSource(data).select(new int[] {11, 0}).materialize("some", Integer.MAX_VALUE);
            assertThat(some.size()).isEqualTo(2);
            assertThat(java.util.Arrays.copyOfRange(some.features(), 784, 1568))
                    .containsExactly(java.util.Arrays.copyOfRange(read.features(), 0, 784));
        }
    }

    @Test
    void moreImagesThanDigitsCycleThroughThem() throws Exception {
        Path out = dir.resolve("many");
        ColouredMnist.write(digits, out, 90, 8, 2, true);

        try (var files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(90);
        }
        assertThat(Files.exists(out.resolve(digits.labels()[5] + "/000045.png")))
                .isTrue(); // 45 mod 40 = 5
        assertThat(IntStream.of(digits.labels()).distinct().count())
                .isEqualTo(Files.list(out).count());
    }

    @Test
    void refusesAFolderThatHoldsFiles() throws Exception {
        Path out = Files.createDirectories(dir.resolve("used"));
        Files.writeString(out.resolve("x.txt"), "x");

        assertThatThrownBy(() -> ColouredMnist.write(digits, out, 3, 8, 1, true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(out + ": not empty; expected a new or empty folder");
    }
}
