package dev.vaekit.data.images;

import static dev.vaekit.data.images.TestImages.paletteB;
import static dev.vaekit.data.images.TestImages.paletteG;
import static dev.vaekit.data.images.TestImages.paletteIndex;
import static dev.vaekit.data.images.TestImages.paletteR;
import static dev.vaekit.data.images.TestImages.rampB;
import static dev.vaekit.data.images.TestImages.rampG;
import static dev.vaekit.data.images.TestImages.rampR;
import static dev.vaekit.data.images.TestImages.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every format, bit depth and colour type read, with the stated conversions; bad files are in another class. */
class ImageDecoderTest {

    @TempDir
    Path dir;

    private static final ImageDecoder RGB = new ImageDecoder(DecodeSettings.of(3, 0));
    private static final ImageDecoder GREY = new ImageDecoder(DecodeSettings.of(1, 0));

    private static ImageDecoder over(int background, int channels) {
        return new ImageDecoder(new DecodeSettings(channels, 0, background, DecodeSettings.DEFAULT_MAX_PIXELS));
    }

    private static void assertRgb(DecodedImage d, int x, int y, int r, int g, int b) {
        assertThat(new int[] {d.sample(0, y, x), d.sample(1, y, x), d.sample(2, y, x)})
                .as("pixel (%d, %d)", x, y)
                .containsExactly(r, g, b);
    }

    /** round(255 v / (2^bits - 1)), halves up, in integers. */
    private static int to8(long v, int bits) {
        long max = (1L << bits) - 1;
        return (int) ((2 * v * 255 + max) / (2 * max));
    }

    // ------------------------------------------------------------------------------------------------------- PNG

    @Test
    void png8BitRgbIsExactAndChannelsFirst() {
        Path f = write(dir.resolve("a.png"), TestImages.png(TestImages.rgbRamp(7, 5)));

        DecodedImage d = RGB.decode(f);

        assertThat(d.format()).isEqualTo(ImageFormat.PNG);
        assertThat(new int[] {d.channels(), d.height(), d.width()}).containsExactly(3, 5, 7);
        assertThat(d.notes()).isEmpty();
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                assertRgb(d, x, y, rampR(x), rampG(y), rampB(x, y));
            }
        }
        // channels first: the whole red plane, then green, then blue
        assertThat(d.pixels()[0] & 0xff).isEqualTo(rampR(0));
        assertThat(d.pixels()[1] & 0xff).isEqualTo(rampR(1));
        assertThat(d.pixels()[35] & 0xff).isEqualTo(rampG(0));
    }

    @Test
    void png8BitGreyIsExactAsOneChannelAndRepeatedAsThree() {
        Path f = write(dir.resolve("g.png"), TestImages.png(TestImages.grey8(6, 4)));

        DecodedImage one = GREY.decode(f);
        DecodedImage three = RGB.decode(f);

        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                int v = (x * 9 + y * 5) & 0xff;
                // the JDK's grey colour space is linear: a conversion through sRGB would change these values
                assertThat(one.sample(0, y, x)).isEqualTo(v);
                assertRgb(three, x, y, v, v, v);
            }
        }
    }

    @Test
    void png16BitGreyRoundsToNearest8BitValue() {
        int[] samples = {0, 1, 128, 129, 257, 32767, 32768, 40000, 65279, 65534, 65535, 12345};
        Path f = write(dir.resolve("g16.png"), TestImages.png(TestImages.grey16(4, 3, samples)));

        DecodedImage d = GREY.decode(f);

        for (int i = 0; i < samples.length; i++) {
            assertThat(d.sample(0, i / 4, i % 4)).as("16-bit %d", samples[i]).isEqualTo(to8(samples[i], 16));
        }
        // spot values by hand: 128/257 = 0.498 -> 0, 129/257 = 0.502 -> 1, 40000/257 = 155.64 -> 156
        assertThat(d.sample(0, 0, 2)).isZero();
        assertThat(d.sample(0, 0, 3)).isEqualTo(1);
        assertThat(d.sample(0, 1, 3)).isEqualTo(156);
    }

    @Test
    void png16BitRgbRoundsEachChannel() {
        int[] samples = {65535, 0, 32768, 257, 514, 40000};
        Path f = write(dir.resolve("rgb16.png"), TestImages.png(TestImages.rgb16(2, 1, samples)));

        DecodedImage d = RGB.decode(f);

        assertRgb(d, 0, 0, 255, 0, 128);
        assertRgb(d, 1, 0, 1, 2, 156);
    }

    @Test
    void png16BitRgbaIsCompositedOverTheBackgroundAtFullPrecision() {
        int[] samples = {
            65535, 0, 32768, 65535, // opaque
            65535, 65535, 65535, 0, // fully transparent white
            65535, 0, 0, 32768 // red at a = 0.50001
        };
        Path f = write(dir.resolve("rgba16.png"), TestImages.png(TestImages.rgba16(3, 1, samples)));

        DecodedImage black = over(0, 3).decode(f);
        DecodedImage white = over(255, 3).decode(f);

        assertRgb(black, 0, 0, 255, 0, 128);
        assertRgb(black, 1, 0, 0, 0, 0);
        assertRgb(white, 1, 0, 255, 255, 255);
        // 255 * 32768/65535 = 127.502 -> 128 over black; over white the red stays 255 and the rest is 255 - 127.502
        assertRgb(black, 2, 0, 128, 0, 0);
        assertRgb(white, 2, 0, 255, 127, 127);
    }

    @Test
    void png8BitRgbaAndGreyAlphaAreCompositedOverTheBackground() {
        Path rgba = write(dir.resolve("rgba.png"), TestImages.png(TestImages.argb(2, 2, 0x80FF0000)));
        Path ga = write(dir.resolve("ga.png"), TestImages.png(TestImages.greyAlpha8(1, 1, new int[] {200, 100})));

        // red at a = 128/255: 255 a = 128 over black; over white G = B = 255 (1 - a) = 127
        assertRgb(over(0, 3).decode(rgba), 1, 1, 128, 0, 0);
        assertRgb(over(255, 3).decode(rgba), 1, 1, 255, 127, 127);
        // grey 200 at a = 100/255: 78.43 -> 78 over black; + 155 = 233.43 -> 233 over white; 78 + 60 * 155/255 -> 115
        assertThat(over(0, 1).decode(ga).sample(0, 0, 0)).isEqualTo(78);
        assertThat(over(255, 1).decode(ga).sample(0, 0, 0)).isEqualTo(233);
        assertThat(over(60, 1).decode(ga).sample(0, 0, 0)).isEqualTo(115);
        assertRgb(over(255, 3).decode(ga), 0, 0, 233, 233, 233);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8})
    void pngPaletteIsExpandedAtEveryIndexDepth(int bits) {
        Path f = write(dir.resolve("p" + bits + ".png"), TestImages.png(TestImages.palette(bits, 9, 3, -1)));

        DecodedImage d = RGB.decode(f);

        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 9; x++) {
                int i = paletteIndex(bits, x, y);
                assertRgb(d, x, y, paletteR(i), paletteG(i), paletteB(i));
            }
        }
    }

    @Test
    void pngPaletteTransparentEntryShowsTheBackground() {
        Path f = write(dir.resolve("pt.png"), TestImages.png(TestImages.palette(8, 9, 3, 4)));

        DecodedImage d = over(255, 3).decode(f);

        assertRgb(d, 4, 0, 255, 255, 255); // index 4
        assertRgb(d, 0, 2, 255, 255, 255); // index 4 = 0 + 2 * 2
        assertRgb(d, 3, 0, paletteR(3), paletteG(3), paletteB(3));
    }

    @Test
    void greyFromColourIsBt601LumaOfTheStoredValues() {
        BufferedImage img = new BufferedImage(5, 1, BufferedImage.TYPE_INT_RGB);
        int[][] colours = {{200, 100, 50}, {10, 250, 30}, {255, 0, 0}, {0, 255, 0}, {0, 0, 255}};
        for (int x = 0; x < 5; x++) {
            img.setRGB(x, 0, TestImages.rgb(colours[x][0], colours[x][1], colours[x][2]));
        }
        Path f = write(dir.resolve("c.png"), TestImages.png(img));

        DecodedImage d = GREY.decode(f);

        // 0.299 R + 0.587 G + 0.114 B: 124.2, 153.16, 76.245, 149.685, 29.07
        int[] expected = {124, 153, 76, 150, 29};
        for (int x = 0; x < 5; x++) {
            assertThat(d.sample(0, 0, x))
                    .as("colour %s", List.of(colours[x][0], colours[x][1], colours[x][2]))
                    .isEqualTo(expected[x]);
        }
    }

    // ------------------------------------------------------------------------------------------------------ JPEG

    /** Two flat halves, so that a high-quality JPEG decodes close to the source away from the edge. */
    private static BufferedImage halves() {
        BufferedImage img = new BufferedImage(32, 16, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                img.setRGB(x, y, x < 16 ? TestImages.rgb(32, 64, 192) : TestImages.rgb(224, 160, 16));
            }
        }
        return img;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void jpegBaselineAndProgressiveDecodeToTheSourceColours(boolean progressive) {
        Path f = write(dir.resolve("j.jpg"), TestImages.jpeg(halves(), progressive));

        DecodedImage d = RGB.decode(f);

        assertThat(d.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(d.width()).isEqualTo(32);
        int[] left = {d.sample(0, 8, 4), d.sample(1, 8, 4), d.sample(2, 8, 4)};
        int[] right = {d.sample(0, 8, 28), d.sample(1, 8, 28), d.sample(2, 8, 28)};
        assertClose(left, new int[] {32, 64, 192}, 6);
        assertClose(right, new int[] {224, 160, 16}, 6);
        assertThat(d.notes()).isEmpty();
    }

    @Test
    void jpegGreyDecodesAsOneChannel() {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                img.getRaster().setSample(x, y, 0, x < 8 ? 50 : 200);
            }
        }
        Path f = write(dir.resolve("g.jpg"), TestImages.jpeg(img, false));

        DecodedImage d = GREY.decode(f);

        assertClose(new int[] {d.sample(0, 4, 2), d.sample(0, 4, 13)}, new int[] {50, 200}, 3);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void cmykAndYcckJpegAreConvertedToRgb(boolean ycck) {
        // (C, M, Y, K) -> the RGB they print as, approximately (no colour profile: TwelveMonkeys' plain conversion)
        int[][] inks = {{255, 0, 0, 0}, {0, 255, 0, 0}, {0, 0, 255, 0}, {0, 0, 0, 255}, {0, 0, 0, 0}};
        int[][] rgb = {{0, 255, 255}, {255, 0, 255}, {255, 255, 0}, {0, 0, 0}, {255, 255, 255}};
        for (int i = 0; i < inks.length; i++) {
            int[] ink = inks[i];
            Path f = write(
                    dir.resolve("cmyk" + i + ".jpg"),
                    TestImages.adobeJpeg(16, 16, ink[0], ink[1], ink[2], ink[3], ycck));

            DecodedImage d = RGB.decode(f);

            assertClose(new int[] {d.sample(0, 8, 8), d.sample(1, 8, 8), d.sample(2, 8, 8)}, rgb[i], 8);
            assertThat(d.notes()).anySatisfy(n -> assertThat(n).contains("ICC"));
        }
    }

    @Test
    void losslessJpegOf8To16BitsIsRead() {
        Path p8 = write(dir.resolve("l8.jpg"), TestImages.jpegLossless(8, 200));
        Path p12 = write(dir.resolve("l12.jpg"), TestImages.jpegLossless(12, 3000));
        Path p16 = write(dir.resolve("l16.jpg"), TestImages.jpegLossless(16, 50000));

        assertThat(GREY.decode(p8).sample(0, 7, 7)).isEqualTo(200);
        assertThat(GREY.decode(p12).sample(0, 7, 7)).isEqualTo(to8(3000, 12)).isEqualTo(187);
        assertThat(GREY.decode(p16).sample(0, 3, 5)).isEqualTo(to8(50000, 16)).isEqualTo(195);
    }

    // ------------------------------------------------------------------------------------------------------- GIF

    @Test
    void gifPaletteIsExact() {
        // the JDK writes interlaced GIFs; 6 rows, as its reader misplaces the rows of interlaced GIFs 2 to 4 rows high
        Path f = write(dir.resolve("a.gif"), TestImages.gif(TestImages.palette(8, 9, 6, -1)));

        DecodedImage d = RGB.decode(f);

        assertThat(d.format()).isEqualTo(ImageFormat.GIF);
        assertThat(d.notes()).isEmpty();
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 9; x++) {
                int i = paletteIndex(8, x, y);
                assertRgb(d, x, y, paletteR(i), paletteG(i), paletteB(i));
            }
        }
    }

    @Test
    void animatedGifGivesItsFirstFrameWithANote() {
        List<BufferedImage> frames = List.of(
                TestImages.palette(8, 8, 8, -1), TestImages.argb(8, 8, 0xFF00FF00), TestImages.argb(8, 8, 0xFF0000FF));
        Path f = write(dir.resolve("anim.gif"), TestImages.animatedGif(frames));

        DecodedImage d = RGB.decode(f);

        assertRgb(d, 1, 2, paletteR(5), paletteG(5), paletteB(5));
        assertThat(d.notes()).containsExactly("animated GIF with 3 frames: the first frame is used");
    }

    // ------------------------------------------------------------------------------------------------------- BMP

    @ParameterizedTest
    @ValueSource(strings = {"BI_RGB", "BI_BITFIELDS", "top-down"})
    void bmp24BitIsExact(String variant) {
        BufferedImage img = TestImages.rgbRamp(7, 5);
        byte[] bytes = variant.equals("top-down") ? TestImages.bmpTopDown(img) : TestImages.bmp(img, variant);
        Path f = write(dir.resolve("a.bmp"), bytes);

        DecodedImage d = RGB.decode(f);

        assertThat(d.format()).isEqualTo(ImageFormat.BMP);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                assertRgb(d, x, y, rampR(x), rampG(y), rampB(x, y));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "4", "4-BI_RLE4", "8", "8-BI_RLE8"})
    void bmpPaletteIsExpandedPlainAndRunLengthEncoded(String variant) {
        int bits = Integer.parseInt(variant.split("-")[0]);
        String compression = variant.contains("-") ? variant.split("-")[1] : null;
        // 10 wide: the JDK's BMP writer and reader disagree on RLE4 rows of an odd number of pixels (see ImageDecoder)
        Path f = write(dir.resolve("p.bmp"), TestImages.bmp(TestImages.palette(bits, 10, 3, -1), compression));

        DecodedImage d = RGB.decode(f);

        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 10; x++) {
                int i = paletteIndex(bits, x, y);
                assertRgb(d, x, y, paletteR(i), paletteG(i), paletteB(i));
            }
        }
    }

    @Test
    void bmp16BitScalesFiveAndSixBitChannels() {
        BufferedImage b565 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_565_RGB);
        BufferedImage b555 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_555_RGB);
        for (BufferedImage img : List.of(b565, b555)) {
            img.setRGB(0, 0, 0xFFFFFF);
            img.setRGB(1, 0, 0x808080); // 16 of 31 (5 bits), 32 of 63 (6 bits)
        }

        DecodedImage d565 = RGB.decode(write(dir.resolve("565.bmp"), TestImages.bmp(b565, null)));
        DecodedImage d555 = RGB.decode(write(dir.resolve("555.bmp"), TestImages.bmp(b555, null)));

        assertRgb(d565, 0, 0, 255, 255, 255);
        assertRgb(d565, 1, 0, to8(16, 5), to8(32, 6), to8(16, 5));
        assertRgb(d555, 1, 0, 132, 132, 132); // 16 * 255 / 31 = 131.6
        assertThat(to8(32, 6)).isEqualTo(130); // 32 * 255 / 63 = 129.52
    }

    @Test
    void bmpV4AlphaAndOs2HeadersAreRead() {
        Path alpha = write(dir.resolve("v4.bmp"), TestImages.bmpV4Alpha(2, 2, 0x80FF2010));
        Path os2 = write(dir.resolve("os2.bmp"), TestImages.bmpOs2(3, 2, 60, 50, 40));

        // a = 128/255 over black: 255 a = 128, 32 a = 16.06, 16 a = 8.03
        assertRgb(RGB.decode(alpha), 1, 1, 128, 16, 8);
        assertRgb(RGB.decode(os2), 2, 1, 60, 50, 40);
    }

    // --------------------------------------------------------------------------------------- content, not name

    @Test
    void formatComesFromTheContentNotTheName() {
        Path pngNamedJpg = write(dir.resolve("really-a-png.jpg"), TestImages.png(TestImages.rgbRamp(3, 2)));

        DecodedImage d = RGB.decode(pngNamedJpg);

        assertThat(d.format()).isEqualTo(ImageFormat.PNG);
        assertRgb(d, 2, 1, rampR(2), rampG(1), rampB(2, 1));
    }

    @Test
    void sizeSettingResizesAfterDecoding() {
        Path f = write(dir.resolve("a.png"), TestImages.png(TestImages.rgbRamp(8, 4)));

        DecodedImage d = new ImageDecoder(DecodeSettings.of(3, 2)).decode(f);

        assertThat(new int[] {d.sourceWidth(), d.sourceHeight(), d.height(), d.width()})
                .containsExactly(8, 4, 2, 2);
        // centre crop: columns 2..5, then 2x2 block means; red of columns 2, 3 = 23, 33 -> 28
        assertThat(d.sample(0, 0, 0)).isEqualTo(28);
    }

    private static void assertClose(int[] actual, int[] expected, int tolerance) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i])
                    .as("channel %d of %s", i, java.util.Arrays.toString(actual))
                    .isBetween(expected[i] - tolerance, expected[i] + tolerance);
        }
    }
}
