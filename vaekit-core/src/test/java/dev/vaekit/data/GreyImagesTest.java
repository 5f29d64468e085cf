package dev.vaekit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.InvalidInputException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GreyImagesTest {
    @TempDir
    Path dir;

    private Path png(String name, BufferedImage img) throws Exception {
        Path f = dir.resolve(name);
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    @Test
    void greyValuesAreDividedBy255RowByRow() throws Exception {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        int[] values = {0, 51, 255, 102, 204, 1};
        for (int i = 0; i < 6; i++) {
            img.getRaster().setSample(i % 3, i / 3, 0, values[i]);
        }

        float[] x = GreyImages.read(png("g.png", img), 2, 3);

        for (int i = 0; i < 6; i++) {
            assertThat(x[i]).isCloseTo(values[i] / 255f, within(1e-7f));
        }
    }

    @Test
    void sixteenBitGreyAndColourImagesAreScaledToo() throws Exception {
        BufferedImage deep = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(0, 0, 0, 65535);
        BufferedImage rgb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, (255 << 16) | (0 << 8) | 51);

        assertThat(GreyImages.read(png("d.png", deep), 1, 1)[0]).isEqualTo(1f);
        assertThat(GreyImages.read(png("c.png", rgb), 1, 1)[0]).isCloseTo(102 / 255f, within(1e-6f));
    }

    @Test
    void aWrongSizeNamesTheFileAndBothSizes() throws Exception {
        Path f = png("big.png", new BufferedImage(32, 20, BufferedImage.TYPE_BYTE_GRAY));

        assertThatThrownBy(() -> GreyImages.read(f, 28, 28))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ": image is 32×20 (width×height), the model takes 28×28");
    }

    @Test
    void missingAndNonImageFilesAreBadInput() throws Exception {
        Path text = dir.resolve("t.png");
        Files.writeString(text, "not a picture");

        assertThatThrownBy(() -> GreyImages.read(dir.resolve("none.png"), 2, 2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith("none.png: no such file");
        assertThatThrownBy(() -> GreyImages.read(text, 2, 2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not an image");
    }

    private static byte[] png(int side) throws Exception {
        var img = new java.awt.image.BufferedImage(side, side, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        var bytes = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", bytes);
        return bytes.toByteArray();
    }

    @Test
    void aHeaderClaimingAHugeImageIsRefusedBeforeDecoding() throws Exception {
        byte[] bytes = png(28);
        // IHDR's width and height are the big-endian ints at bytes 16..23
        java.nio.ByteBuffer.wrap(bytes).putInt(16, 60000).putInt(20, 60000);
        Path f = dir.resolve("bomb.png");
        Files.write(f, bytes);

        assertThatThrownBy(() -> GreyImages.read(f, 28, 28))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ": image is 60000×60000 (width×height), the model takes 28×28");
    }

    @Test
    void aTruncatedPngIsBadInput() throws Exception {
        byte[] bytes = png(28);
        Path f = dir.resolve("cut.png");
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> GreyImages.read(f, 28, 28))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(f + ": ");
    }
}
