package dev.vaekit.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {
    private static final int BACKGROUND = 0x404040;

    @TempDir
    Path dir;

    private static int grey(BufferedImage img, int x, int y) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        int r = rgb >> 16;
        assertThat((rgb >> 8) & 0xff).isEqualTo(r);
        assertThat(rgb & 0xff).isEqualTo(r);
        return r;
    }

    @Test
    void dimensionsAreCellsWithTwoPixelGaps() {
        // 5 images of 2x3 (h x w), 3 per row, scale 2: cells of 6x4 pixels plus a 2-pixel gap
        BufferedImage img = ImageGrid.render(new float[5 * 6], 1, 2, 3, 3, 2);

        assertThat(img.getWidth()).isEqualTo(3 * (3 * 2 + 2) + 2);
        assertThat(img.getHeight()).isEqualTo(2 * (2 * 2 + 2) + 2);
    }

    @Test
    void fewerImagesThanColumnsMakeANarrowerGrid() {
        BufferedImage img = ImageGrid.render(new float[2 * 4], 1, 2, 2, 8, 1);

        assertThat(img.getWidth()).isEqualTo(2 * (2 + 2) + 2);
        assertThat(img.getHeight()).isEqualTo(2 + 2 + 2);
    }

    @Test
    void greyValuesAreScaledToBytesAndBlownUpByTheScale() {
        // two 2x2 images side by side
        float[] images = {0f, 0.5f, 1f, 0.2f, /* second */ 1f, 1f, 0f, 0f};

        BufferedImage img = ImageGrid.render(images, 1, 2, 2, 2, 3);

        // image 0, pixel (x=1, y=0) = 0.5 covers a 3x3 block starting at (2 + 3, 2)
        for (int dy = 0; dy < 3; dy++) {
            for (int dx = 0; dx < 3; dx++) {
                assertThat(grey(img, 5 + dx, 2 + dy)).isEqualTo(128);
            }
        }
        assertThat(grey(img, 2, 2)).isZero();
        assertThat(grey(img, 2, 5)).isEqualTo(255); // (x=0, y=1) = 1
        assertThat(grey(img, 5, 5)).isEqualTo(51); // (x=1, y=1) = 0.2
        // image 1 starts after one cell: 2 + (2*3 + 2) = 10
        assertThat(grey(img, 10, 2)).isEqualTo(255);
        assertThat(grey(img, 10, 5)).isZero();
        // the gaps are background
        assertThat(img.getRGB(0, 0) & 0xffffff).isEqualTo(BACKGROUND);
        assertThat(img.getRGB(8, 2) & 0xffffff).isEqualTo(BACKGROUND);
    }

    @Test
    void valuesOutsideTheUnitIntervalAreClampedAndNaNIsBlack() {
        float[] images = {-3f, 7f, Float.NaN, 1f};

        BufferedImage img = ImageGrid.render(images, 1, 1, 4, 1, 1);

        assertThat(grey(img, 2, 2)).isZero();
        assertThat(grey(img, 3, 2)).isEqualTo(255);
        assertThat(grey(img, 4, 2)).isZero();
        assertThat(grey(img, 5, 2)).isEqualTo(255);
    }

    @Test
    void threeChannelsArePlanesOfRedGreenBlue() {
        // one 1x2 RGB image: planes R = {1, 0}, G = {0, 1}, B = {0, 0.5}
        float[] images = {1f, 0f, 0f, 1f, 0f, 0.5f};

        BufferedImage img = ImageGrid.render(images, 3, 1, 2, 1, 1);

        assertThat(img.getRGB(2, 2) & 0xffffff).isEqualTo(0xff0000);
        assertThat(img.getRGB(3, 2) & 0xffffff).isEqualTo(0x00ff80);
    }

    @Test
    void otherChannelCountsAreRefused() {
        assertThatThrownBy(() -> ImageGrid.render(new float[8], 2, 2, 2, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 2");
    }

    @Test
    void writeProducesAPngWithTheRenderedPixels() throws Exception {
        float[] images = new float[4 * 28 * 28];
        for (int i = 0; i < images.length; i++) {
            images[i] = (i % 28) / 27f;
        }
        Path png = dir.resolve("grid.png");

        ImageGrid.write(images, 1, 28, 28, 2, 2, png);

        BufferedImage read = ImageIO.read(png.toFile());
        assertThat(read).isNotNull();
        assertThat(read.getWidth()).isEqualTo(2 * 58 + 2);
        assertThat(read.getHeight()).isEqualTo(2 * 58 + 2);
        BufferedImage rendered = ImageGrid.render(images, 1, 28, 28, 2, 2);
        for (int y = 0; y < read.getHeight(); y += 7) {
            for (int x = 0; x < read.getWidth(); x += 5) {
                assertThat(read.getRGB(x, y)).isEqualTo(rendered.getRGB(x, y));
            }
        }
        assertThat(dir.resolve("grid.png.tmp")).doesNotExist();
        assertThat(Files.size(png)).isPositive();
    }
}
