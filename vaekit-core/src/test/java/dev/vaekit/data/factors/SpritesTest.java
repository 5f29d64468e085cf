package dev.vaekit.data.factors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.InvalidInputException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpritesTest {

    private static final Sprites DSPRITES = Sprites.dsprites();

    /** classes of dSprites: shape (0 square, 1 ellipse, 2 heart), scale, orientation, posX, posY */
    private static int[] c(int shape, int scale, int orientation, int posX, int posY) {
        return new int[] {0, shape, scale, orientation, posX, posY};
    }

    private static int count(float[] image) {
        int n = 0;
        for (float v : image) {
            n += v == 1f ? 1 : 0;
        }
        return n;
    }

    /** @return {row, column} centroid in image coordinates (pixel centres at +½) */
    private static double[] centroid(float[] image, int size) {
        double r = 0;
        double col = 0;
        int n = 0;
        for (int i = 0; i < image.length; i++) {
            if (image[i] == 1f) {
                r += i / size + 0.5;
                col += i % size + 0.5;
                n++;
            }
        }
        return new double[] {r / n, col / n};
    }

    @Test
    void hasThePublishedCountsFactorOrderAndValues() {
        assertThat(DSPRITES.size()).isEqualTo(737_280L);
        assertThat(DSPRITES.sizes()).containsExactly(1, 3, 6, 40, 32, 32);
        assertThat(DSPRITES.factors().stream().map(Factor::name))
                .containsExactly("color", "shape", "scale", "orientation", "posX", "posY");
        assertThat(DSPRITES.varyingFactors()).containsExactly(1, 2, 3, 4, 5);
        assertThat(DSPRITES.observationSize()).isEqualTo(64 * 64);
        assertThat(DSPRITES.factors().get(0).values()).containsExactly(1.0);
        assertThat(DSPRITES.factors().get(1).values()).containsExactly(1.0, 2.0, 3.0);
        assertThat(DSPRITES.factors().get(2).values())
                .containsExactly(new double[] {0.5, 0.6, 0.7, 0.8, 0.9, 1.0}, within(1e-12));
        double[] orientation = DSPRITES.factors().get(3).values();
        assertThat(orientation[0]).isZero();
        assertThat(orientation[39]).isEqualTo(2 * Math.PI);
        // the published metadata prints orientation[1] = 0.16110732 and posX[1] = 0.03225806
        assertThat(orientation[1]).isCloseTo(0.16110732, within(1e-8));
        assertThat(DSPRITES.factors().get(4).value(1)).isCloseTo(0.03225806, within(1e-8));
        assertThat(DSPRITES.factors().get(5).value(31)).isEqualTo(1.0);
    }

    @Test
    void indexesLikeThePublishedArraysWithPosYFastest() {
        assertThat(DSPRITES.index(c(0, 0, 0, 0, 0))).isZero();
        assertThat(DSPRITES.index(c(0, 0, 0, 0, 1))).isEqualTo(1);
        assertThat(DSPRITES.index(c(0, 0, 0, 1, 0))).isEqualTo(32);
        assertThat(DSPRITES.index(c(0, 0, 1, 0, 0))).isEqualTo(1024);
        assertThat(DSPRITES.index(c(0, 1, 0, 0, 0))).isEqualTo(40 * 1024);
        assertThat(DSPRITES.index(c(1, 0, 0, 0, 0))).isEqualTo(6 * 40 * 1024);
        assertThat(DSPRITES.index(c(2, 5, 39, 31, 31))).isEqualTo(737_279L);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            long index = random.nextLong(DSPRITES.size());
            assertThat(DSPRITES.index(DSPRITES.classes(index))).isEqualTo(index);
        }
        for (int[] classes : DSPRITES.sampleFactors(1000, random)) {
            assertThat(DSPRITES.classes(DSPRITES.index(classes))).containsExactly(classes);
        }
        assertThatThrownBy(() -> DSPRITES.classes(737_280L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DSPRITES.index(c(3, 0, 0, 0, 0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void imagesAreBinaryAndStayInsideTheFrame() {
        SplittableRandom random = new SplittableRandom(11);
        int[][] extremes = {c(0, 5, 5, 0, 0), c(1, 5, 10, 31, 31), c(2, 5, 20, 0, 31), c(1, 5, 0, 31, 0)};
        int[][] sampled = DSPRITES.sampleFactors(2000, random);
        for (int[][] set : new int[][][] {extremes, sampled}) {
            for (int[] classes : set) {
                float[] image = DSPRITES.render(classes);
                assertThat(count(image)).isPositive();
                for (int i = 0; i < image.length; i++) {
                    assertThat(image[i]).isIn(0f, 1f);
                    int row = i / 64;
                    int col = i % 64;
                    if (row < 2 || row > 61 || col < 2 || col > 61) {
                        assertThat(image[i])
                                .as("pixel %d,%d of %s", row, col, Arrays.toString(classes))
                                .isZero();
                    }
                }
            }
        }
    }

    @Test
    void pixelCountsGrowWithScale() {
        for (int shape = 0; shape < 3; shape++) {
            for (int orientation : new int[] {0, 7, 23}) {
                int previous = 0;
                for (int scale = 0; scale < 6; scale++) {
                    int n = count(DSPRITES.render(c(shape, scale, orientation, 10, 20)));
                    assertThat(n).as("shape %d scale %d", shape, scale).isGreaterThan(previous);
                    previous = n;
                }
            }
        }
    }

    @Test
    void extentsAtOrientationZeroAreThoseOfThePublishedFrames() {
        // axis-aligned squares of the published images at posX = posY = 0: 10, 12, ..., 20 pixels a side
        for (int scale = 0; scale < 6; scale++) {
            int side = 10 + 2 * scale;
            assertThat(count(DSPRITES.render(c(0, scale, 0, 0, 0)))).isEqualTo(side * side);
        }
        // the published ellipse at scale 1: 26 columns by 14 rows; the heart: 20 columns by 17 rows
        assertThat(boundingBox(DSPRITES.render(c(1, 5, 0, 0, 0)))).containsExactly(14, 26);
        assertThat(boundingBox(DSPRITES.render(c(2, 5, 0, 0, 0)))).containsExactly(17, 20);
    }

    /** @return {rows, columns} spanned by the set pixels */
    private static int[] boundingBox(float[] image) {
        int minR = 64;
        int maxR = -1;
        int minC = 64;
        int maxC = -1;
        for (int i = 0; i < image.length; i++) {
            if (image[i] == 1f) {
                minR = Math.min(minR, i / 64);
                maxR = Math.max(maxR, i / 64);
                minC = Math.min(minC, i % 64);
                maxC = Math.max(maxC, i % 64);
            }
        }
        return new int[] {maxR - minR + 1, maxC - minC + 1};
    }

    @Test
    void aSquareTurnedByAQuarterTurnIsTheSameImage() {
        Sprites turns = Sprites.of(
                "turns",
                64,
                new double[] {0.5, 0.8, 1},
                new double[] {0, Math.PI / 2, Math.PI, 3 * Math.PI / 2, Math.PI / 4},
                new double[] {0, 0.37, 1},
                new double[] {0, 0.61, 1});
        for (int scale = 0; scale < 3; scale++) {
            for (int p = 0; p < 3; p++) {
                float[] upright = turns.render(new int[] {0, 0, scale, 0, p, 2 - p});
                for (int quarter = 1; quarter < 4; quarter++) {
                    assertThat(turns.render(new int[] {0, 0, scale, quarter, p, 2 - p}))
                            .isEqualTo(upright);
                }
                assertThat(turns.render(new int[] {0, 0, scale, 4, p, 2 - p})).isNotEqualTo(upright);
                // the ellipse repeats after a half turn only
                float[] ellipse = turns.render(new int[] {0, 1, scale, 0, p, 2 - p});
                assertThat(turns.render(new int[] {0, 1, scale, 2, p, 2 - p})).isEqualTo(ellipse);
                assertThat(turns.render(new int[] {0, 1, scale, 1, p, 2 - p})).isNotEqualTo(ellipse);
            }
        }
        // dSprites' first and last orientations are 0 and 2π: the same image
        for (int shape = 0; shape < 3; shape++) {
            assertThat(DSPRITES.render(c(shape, 3, 39, 5, 9))).isEqualTo(DSPRITES.render(c(shape, 3, 0, 5, 9)));
        }
    }

    @Test
    void orientationTurnsCounterClockwiseAsDisplayed() {
        // the heart's point is below its reference point at θ = 0; a small counter-clockwise turn moves it right
        float[] upright = DSPRITES.render(c(2, 5, 0, 16, 16));
        float[] turned = DSPRITES.render(c(2, 5, 4, 16, 16)); // about 37°
        assertThat(lowestPixelColumn(turned)).isGreaterThan(lowestPixelColumn(upright));
        // an ellipse long along x at θ = 0 is long along the rising diagonal at 45°: more pixels up-right than
        // up-left of the centre
        Sprites diagonal = Sprites.of(
                "d", 64, new double[] {1}, new double[] {Math.PI / 4}, new double[] {0.5}, new double[] {0.5});
        float[] e = diagonal.render(new int[] {0, 1, 0, 0, 0, 0});
        int upRight = 0;
        int upLeft = 0;
        for (int i = 0; i < e.length; i++) {
            if (e[i] == 1f && i / 64 < 32) {
                if (i % 64 >= 32) {
                    upRight++;
                } else {
                    upLeft++;
                }
            }
        }
        assertThat(upRight).isGreaterThan(3 * upLeft / 2);
    }

    private static double lowestPixelColumn(float[] image) {
        for (int i = image.length - 1; i >= 0; i--) {
            if (image[i] == 1f) {
                return i % 64;
            }
        }
        throw new AssertionError("empty image");
    }

    @Test
    void positionsShiftTheCentroidByTheExpectedPixels() {
        // reference point 16 + 32 · pos pixels; squares and ellipses are centred on it
        double step = 32.0 / 31;
        for (int shape = 0; shape < 2; shape++) {
            for (int p = 0; p < 32; p += 5) {
                double[] centre = centroid(DSPRITES.render(c(shape, 5, 0, p, 31 - p)), 64);
                assertThat(centre[1]).as("x of posX %d", p).isCloseTo(16 + step * p, within(0.5));
                assertThat(centre[0]).as("y of posY %d", 31 - p).isCloseTo(16 + step * (31 - p), within(0.5));
            }
            // one full sweep moves the sprite by 32 pixels
            double[] first = centroid(DSPRITES.render(c(shape, 2, 9, 0, 0)), 64);
            double[] last = centroid(DSPRITES.render(c(shape, 2, 9, 31, 31)), 64);
            assertThat(last[1] - first[1]).isCloseTo(32, within(0.75));
            assertThat(last[0] - first[0]).isCloseTo(32, within(0.75));
        }
        // the heart's centroid sits 1.9 pixels above its reference point at scale 1 (1.93 in the published frames)
        double[] heart = centroid(DSPRITES.render(c(2, 5, 0, 0, 0)), 64);
        assertThat(heart[0]).isCloseTo(16 - 1.93, within(0.1));
        assertThat(heart[1]).isCloseTo(16, within(1e-9));
    }

    @Test
    void theHeartIsMirrorSymmetric() {
        // at posX = 0 the axis is x = 16, so column c mirrors onto column 31 − c
        for (int scale = 0; scale < 6; scale++) {
            for (int posY : new int[] {0, 13, 31}) {
                float[] image = DSPRITES.render(c(2, scale, 0, 0, posY));
                for (int r = 0; r < 64; r++) {
                    for (int col = 0; col < 32; col++) {
                        assertThat(image[r * 64 + col]).isEqualTo(image[r * 64 + 31 - col]);
                    }
                }
                assertThat(DSPRITES.shape(c(2, scale, 0, 0, posY))).isEqualTo(Sprites.Shape.HEART);
            }
        }
        float[] heart = DSPRITES.render(c(2, 5, 0, 0, 0));
        // mirrored about its reference row y = 16 (row r onto row 31 − r) it changes: lobes up, point down
        float[] flipped = new float[heart.length];
        for (int i = 0; i < heart.length; i++) {
            int row = i / 64;
            if (row > 31) {
                assertThat(heart[i]).isZero();
            } else {
                flipped[(31 - row) * 64 + i % 64] = heart[i];
            }
        }
        assertThat(flipped).isNotEqualTo(heart);
    }

    @Test
    void renderingIsDeterministicAndWritesAtTheOffset() {
        int[][] classes = DSPRITES.sampleFactors(50, new SplittableRandom(7));
        assertThat(DSPRITES.sampleFactors(50, new SplittableRandom(7))).isDeepEqualTo(classes);
        float[] batch = new float[3 + 50 * 4096];
        Arrays.fill(batch, 0.5f); // stale values must be overwritten
        for (int i = 0; i < 50; i++) {
            DSPRITES.render(classes[i], batch, 3 + i * 4096);
        }
        assertThat(batch[0]).isEqualTo(0.5f);
        for (int i = 0; i < 50; i++) {
            float[] again = Sprites.dsprites().render(classes[i]);
            assertThat(Arrays.copyOfRange(batch, 3 + i * 4096, 3 + (i + 1) * 4096))
                    .isEqualTo(again);
        }
    }

    @Test
    void theSmallSetComesFromTheSameCode() {
        Sprites small = Sprites.small();
        assertThat(small.size()).isEqualTo(2304);
        assertThat(small.sizes()).containsExactly(1, 3, 3, 4, 8, 8);
        assertThat(small.height()).isEqualTo(32);
        // every length halves: the 19.2-pixel square of dSprites is 9.6 pixels here, 10 pixels when axis-aligned
        assertThat(count(small.render(new int[] {0, 0, 2, 0, 0, 0}))).isEqualTo(100);
        for (long i = 0; i < small.size(); i += 7) {
            float[] image = small.render(i);
            assertThat(count(image)).isPositive();
            assertThat(centroid(image, 32)[1]).isBetween(7.0, 25.0);
        }
    }

    @Test
    void rejectsFactorValuesOutsideTheirRange() {
        assertThatThrownBy(() ->
                        Sprites.of("bad", 64, new double[] {0}, new double[] {0}, new double[] {0}, new double[] {0}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("scale");
        assertThatThrownBy(() ->
                        Sprites.of("bad", 64, new double[] {1}, new double[] {0}, new double[] {1.5}, new double[] {0}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("posX");
        assertThatThrownBy(() ->
                        Sprites.of("bad", 2, new double[] {1}, new double[] {0}, new double[] {0}, new double[] {0}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("imageSize");
    }

    @Test
    void factorValuesObserveTheValuesThemselves() {
        FactorValues values = FactorValues.like(DSPRITES);
        assertThat(values.observationSize()).isEqualTo(6);
        assertThat(values.size()).isEqualTo(737_280L);
        int[] classes = c(2, 1, 20, 3, 31);
        assertThat(values.render(classes))
                .containsExactly(new float[] {1, 3, 0.6f, (float) (20 * 2 * Math.PI / 39), 3f / 31, 1}, within(1e-6f));
    }
}
