package dev.vaekit.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledPanelsTest {
    private static final int BACKGROUND = 0x404040;

    @TempDir
    Path dir;

    private static BufferedImage filled(int width, int height, int rgb) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    @Test
    void panelsSitSideBySideUnderATitleBand() {
        BufferedImage left = filled(30, 40, 0xff0000);
        BufferedImage right = filled(50, 20, 0x00ff00);

        BufferedImage out = LabelledPanels.render(List.of(left, right), List.of("left", "right"));

        assertThat(out.getWidth()).isEqualTo(30 + LabelledPanels.SPACING + 50);
        assertThat(out.getHeight()).isEqualTo(LabelledPanels.TITLE_HEIGHT + 40);
        int top = LabelledPanels.TITLE_HEIGHT;
        assertThat(out.getRGB(0, top) & 0xffffff).isEqualTo(0xff0000);
        assertThat(out.getRGB(29, top + 39) & 0xffffff).isEqualTo(0xff0000);
        assertThat(out.getRGB(30, top) & 0xffffff).as("the gap").isEqualTo(BACKGROUND);
        int x2 = 30 + LabelledPanels.SPACING;
        assertThat(out.getRGB(x2, top) & 0xffffff).isEqualTo(0x00ff00);
        assertThat(out.getRGB(x2 + 49, top + 19) & 0xffffff).isEqualTo(0x00ff00);
        assertThat(out.getRGB(x2, top + 20) & 0xffffff)
                .as("below the shorter panel")
                .isEqualTo(BACKGROUND);
    }

    @Test
    void eachTitleIsDrawnAboveItsPanel() {
        BufferedImage panel = filled(120, 10, 0);

        BufferedImage titled = LabelledPanels.render(List.of(panel, panel), List.of("AE", "VAE"));
        BufferedImage untitled = LabelledPanels.render(List.of(panel, panel), List.of("", ""));

        assertThat(bright(titled, 0, 120)).as("pixels of the first title").isPositive();
        assertThat(bright(titled, 120 + LabelledPanels.SPACING, titled.getWidth()))
                .isPositive();
        assertThat(bright(untitled, 0, untitled.getWidth())).isZero();
    }

    /** Light pixels in the title band between columns [from, to). */
    private static int bright(BufferedImage img, int from, int to) {
        int count = 0;
        for (int y = 0; y < LabelledPanels.TITLE_HEIGHT; y++) {
            for (int x = from; x < to; x++) {
                if ((img.getRGB(x, y) & 0xff) > 0x80) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void writesAPngAndNeedsOneTitlePerPanel() throws Exception {
        Path file = dir.resolve("p.png");
        LabelledPanels.write(List.of(filled(8, 8, 0xffffff)), List.of("a title far too long for eight pixels"), file);

        BufferedImage back = ImageIO.read(file.toFile());
        assertThat(back.getWidth()).isEqualTo(8);
        assertThat(back.getHeight()).isEqualTo(LabelledPanels.TITLE_HEIGHT + 8);
        assertThatThrownBy(() -> LabelledPanels.render(List.of(filled(2, 2, 0)), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
