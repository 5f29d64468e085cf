package dev.vaekit.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class LatentScatterTest {
    @TempDir
    Path dir;

    @Test
    void oneSeriesPerLabelInIncreasingOrderWithTheAxisTitles() {
        double[] x = {0, 1, 2, 3, 4};
        double[] y = {4, 3, 2, 1, 0};

        XYChart chart = LatentScatter.chart(x, y, new int[] {3, 1, 3, 0, 1}, "t", "PC1 (50%)", "PC2 (20%)");

        assertThat(chart.getSeriesMap().keySet()).containsExactly("0", "1", "3");
        assertThat(chart.getSeriesMap().get("3").getXData()).containsExactly(0.0, 2.0);
        assertThat(chart.getXAxisTitle()).isEqualTo("PC1 (50%)");
        assertThat(chart.getYAxisTitle()).isEqualTo("PC2 (20%)");
        XYChart unlabelled = LatentScatter.chart(x, y, null, "t", "z0", "z1");
        assertThat(unlabelled.getSeriesMap().keySet()).containsExactly("codes");
    }

    @Test
    void writesPngAndSvg() throws Exception {
        XYChart chart = LatentScatter.chart(new double[] {0, 1}, new double[] {1, 0}, new int[] {0, 1}, "t", "a", "b");
        Path png = dir.resolve("p.png");
        Path svg = dir.resolve("p.svg");

        LatentScatter.write(chart, png, svg);

        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(800);
        assertThat(img.getHeight()).isEqualTo(700);
        String text = Files.readString(svg);
        assertThat(text).startsWith("<?xml").contains("<svg").contains("width=\"800px\"");
        assertThat(dir.resolve("p.svg.tmp")).doesNotExist();
    }

    @Test
    void mismatchedLengthsAreRefused() {
        assertThatThrownBy(() -> LatentScatter.chart(new double[2], new double[3], null, "t", "a", "b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatentScatter.chart(new double[0], new double[0], null, "t", "a", "b"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
