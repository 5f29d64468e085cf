package dev.vaekit.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class DensityMapTest {
    @Test
    void gridCellsTileTheWindow() {
        DensityMap.Window w = new DensityMap.Window(-2, 2, 0, 1);
        assertThat(w.cellCentre(0, 0, 4)).containsExactly(-1.5, 0.125);
        assertThat(w.cellCentre(3, 3, 4)).containsExactly(1.5, 0.875);
        assertThat(w.cellArea(4) * 16).isEqualTo(4.0);
        assertThatThrownBy(() -> new DensityMap.Window(1, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHeatMapPutsTheMaximumInTheBrightestColourAndRowZeroAtTheBottom() {
        double[] density = {0, 0, 0, 1}; // 2 × 2, the maximum at column 1 of the top row
        BufferedImage image = DensityMap.heatMap(density, 2, 3);
        assertThat(image.getWidth()).isEqualTo(6);
        assertThat(new Color(image.getRGB(4, 0))).isEqualTo(DensityMap.colour(1));
        assertThat(new Color(image.getRGB(1, 5))).isEqualTo(DensityMap.colour(0));
        assertThat(DensityMap.colour(1)).isNotEqualTo(DensityMap.colour(0));
    }

    @Test
    void theScatterDrawsPointsInsideTheWindowOnly() {
        DensityMap.Window w = new DensityMap.Window(0, 1, 0, 1);
        BufferedImage empty = DensityMap.scatter(new float[] {5, 5}, w, 20);
        BufferedImage one = DensityMap.scatter(new float[] {0.5f, 0.5f}, w, 20);
        assertThat(countNonWhite(empty)).isZero();
        assertThat(countNonWhite(one)).isPositive();
    }

    private static int countNonWhite(BufferedImage image) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    n++;
                }
            }
        }
        return n;
    }
}
