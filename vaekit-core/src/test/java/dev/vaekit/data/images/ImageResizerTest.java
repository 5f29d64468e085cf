package dev.vaekit.data.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Centre crop and the two filters, on patterns computed by hand and against a floating-point reference. */
class ImageResizerTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static int[] ints(byte[] b) {
        int[] v = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            v[i] = b[i] & 0xff;
        }
        return v;
    }

    @Test
    void integerShrinkAveragesBlocksRoundingHalvesUp() {
        byte[] img = bytes(
                0, 1, 10, 10, //
                2, 3, 20, 30, //
                100, 100, 255, 255, //
                100, 101, 255, 254);

        int[] out = ints(ImageResizer.resizeCentreCrop(img, 1, 4, 4, 2));

        // means: 1.5 -> 2, 17.5 -> 18, 100.25 -> 100, 254.75 -> 255
        assertThat(out).containsExactly(2, 18, 100, 255);
    }

    @Test
    void landscapeIsCroppedAboutTheCentreBeforeScaling() {
        // 6 wide, 4 high: the centred 4x4 square is columns 1..4
        byte[] img = new byte[24];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                img[y * 6 + x] = (byte) (x == 0 || x == 5 ? 255 : 10 * x);
            }
        }

        int[] out = ints(ImageResizer.resizeCentreCrop(img, 1, 4, 6, 2));

        // columns 1, 2 -> 15; columns 3, 4 -> 35; the 255 edges are cropped away
        assertThat(out).containsExactly(15, 35, 15, 35);
    }

    @Test
    void portraitOddCropStartsAtTheFloorOfHalfTheExcess() {
        // 2 wide, 5 high, to 2: rows 1..2 (excess 3, start floor(3/2) = 1)
        byte[] img = bytes(0, 0, 11, 12, 21, 22, 31, 32, 0, 0);

        int[] out = ints(ImageResizer.resizeCentreCrop(img, 1, 5, 2, 2));

        assertThat(out).containsExactly(11, 12, 21, 22);
    }

    @Test
    void fractionalShrinkWeighsPartlyCoveredPixels() {
        // 3 -> 2: output 0 covers source [0, 1.5): pixel 0 whole, pixel 1 half. A lone 255 at the centre counts
        // (1/2 x 1/2) / (1.5 x 1.5) = 1/9 in each output: 28.33 -> 28
        byte[] img = bytes(0, 0, 0, 0, 255, 0, 0, 0, 0);

        assertThat(ints(ImageResizer.resizeCentreCrop(img, 1, 3, 3, 2))).containsExactly(28, 28, 28, 28);

        // a row 0, 90, 180 -> (0 + 45) / 1.5 = 30 and (45 + 180) / 1.5 = 150
        byte[] row = bytes(0, 90, 180, 0, 90, 180, 0, 90, 180);
        assertThat(ints(ImageResizer.resizeCentreCrop(row, 1, 3, 3, 2))).containsExactly(30, 150, 30, 150);
    }

    @Test
    void enlargementIsBilinearWithAlignedCentresAndClampedEdges() {
        // 2 -> 4: positions -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1): 0, 63.75, 191.25, 255
        byte[] img = bytes(0, 255, 0, 255);

        int[] out = ints(ImageResizer.resizeCentreCrop(img, 1, 2, 2, 4));

        for (int y = 0; y < 4; y++) {
            assertThat(java.util.Arrays.copyOfRange(out, 4 * y, 4 * y + 4)).containsExactly(0, 64, 191, 255);
        }
    }

    @Test
    void sameSizeIsTheCropUnchangedAndChannelsStaySeparate() {
        // 2 channels, 2 high, 3 wide, to 2: columns 0..1 (excess 1, start 0)
        byte[] img = bytes(1, 2, 3, 4, 5, 6, 101, 102, 103, 104, 105, 106);

        int[] out = ints(ImageResizer.resizeCentreCrop(img, 2, 2, 3, 2));

        assertThat(out).containsExactly(1, 2, 4, 5, 101, 102, 104, 105);
    }

    @Test
    void flatImagesStayFlatAtEverySize() {
        byte[] img = new byte[3 * 13 * 7];
        java.util.Arrays.fill(img, (byte) 177);
        for (int s : new int[] {1, 2, 5, 7, 11, 30}) {
            byte[] out = ImageResizer.resizeCentreCrop(img, 3, 13, 7, s);
            assertThat(out).hasSize(3 * s * s);
            for (byte b : out) {
                assertThat(b & 0xff).isEqualTo(177);
            }
        }
    }

    @Test
    void matchesAFloatingPointReferenceOnRandomImages() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 60; trial++) {
            int h = 1 + random.nextInt(40);
            int w = 1 + random.nextInt(40);
            int s = 1 + random.nextInt(40);
            byte[] img = new byte[h * w];
            for (int i = 0; i < img.length; i++) {
                img[i] = (byte) random.nextInt(256);
            }

            byte[] out = ImageResizer.resizeCentreCrop(img, 1, h, w, s);

            double[] ref = reference(img, h, w, s);
            for (int i = 0; i < ref.length; i++) {
                // the integer result is the exact value rounded; floating point can only differ at a near-tie
                assertThat((double) (out[i] & 0xff))
                        .as("%dx%d -> %d at %d", h, w, s, i)
                        .isCloseTo(ref[i], org.assertj.core.data.Offset.offset(0.5 + 1e-9));
            }
        }
    }

    /** Area average by integrating the box over each output pixel, or bilinear by the textbook formula. */
    private static double[] reference(byte[] img, int h, int w, int s) {
        int m = Math.min(h, w);
        int top = (h - m) / 2;
        int left = (w - m) / 2;
        double[] out = new double[s * s];
        double f = (double) m / s;
        for (int j = 0; j < s; j++) {
            for (int i = 0; i < s; i++) {
                double v = 0;
                if (m >= s) {
                    for (int y = 0; y < m; y++) {
                        double oy = Math.max(0, Math.min(y + 1, (j + 1) * f) - Math.max(y, j * f));
                        for (int x = 0; x < m && oy > 0; x++) {
                            double ox = Math.max(0, Math.min(x + 1, (i + 1) * f) - Math.max(x, i * f));
                            v += ox * oy * (img[(top + y) * w + left + x] & 0xff);
                        }
                    }
                    v /= f * f;
                } else {
                    double sy = Math.max(0, Math.min(m - 1, (j + 0.5) * f - 0.5));
                    double sx = Math.max(0, Math.min(m - 1, (i + 0.5) * f - 0.5));
                    int y0 = (int) Math.floor(sy);
                    int x0 = (int) Math.floor(sx);
                    int y1 = Math.min(y0 + 1, m - 1);
                    int x1 = Math.min(x0 + 1, m - 1);
                    double ty = sy - y0;
                    double tx = sx - x0;
                    v = (1 - ty) * ((1 - tx) * at(img, w, top + y0, left + x0) + tx * at(img, w, top + y0, left + x1))
                            + ty * ((1 - tx) * at(img, w, top + y1, left + x0) + tx * at(img, w, top + y1, left + x1));
                }
                out[j * s + i] = v;
            }
        }
        return out;
    }

    private static int at(byte[] img, int w, int y, int x) {
        return img[y * w + x] & 0xff;
    }
}
