package dev.vaekit.data.images;

import static dev.vaekit.data.images.TestImages.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad file gets one line naming it, and nothing is allocated for a size the header only claims. */
class ImageDecoderBadInputTest {

    @TempDir
    Path dir;

    private static final ImageDecoder DECODER = new ImageDecoder(DecodeSettings.of(3, 0));

    /** Asserts a one-line {@link InvalidInputException} that starts with the file's path. */
    private static AbstractThrowableAssert<?, ?> refused(Path file) {
        return assertThatThrownBy(() -> DECODER.decode(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file + ": ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r"));
    }

    @Test
    void zeroByteFile() {
        Path f = write(dir.resolve("empty.png"), new byte[0]);

        refused(f).hasMessage(f + ": empty file (0 bytes); expected an image");
    }

    @Test
    void textFileNamedAsAnImage() {
        Path f = write(dir.resolve("notes.png"), "hello, these are notes\n".getBytes(StandardCharsets.UTF_8));

        refused(f)
                .hasMessage(f + ": not an image: expected a PNG, JPEG, GIF or BMP file, found content starting with"
                        + " 0x68 0x65 0x6c 0x6c");
    }

    @Test
    void otherImageFormatsAreNamed() {
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII);
        byte[] tiff = {'I', 'I', 42, 0, 8, 0, 0, 0};
        Path w = write(dir.resolve("a.jpg"), webp);
        Path t = write(dir.resolve("b.png"), tiff);

        refused(w).hasMessageContaining("a WebP image, which is not read");
        refused(t).hasMessageContaining("a TIFF image, which is not read");
    }

    @Test
    void truncatedPng() {
        byte[] png = TestImages.png(TestImages.rgbRamp(40, 30));
        Path half = write(dir.resolve("half.png"), Arrays.copyOf(png, png.length / 2));
        Path noEnd = write(dir.resolve("noend.png"), Arrays.copyOf(png, png.length - 12)); // IEND chunk cut off

        refused(half).hasMessageContaining("truncated PNG");
        refused(noEnd).hasMessageContaining("truncated PNG");
    }

    @Test
    void truncatedJpegIsRefusedEvenWhereTheDecoderReturnsAPicture() {
        byte[] baseline = TestImages.jpeg(TestImages.rgbRamp(40, 30), false);
        byte[] progressive = TestImages.jpeg(TestImages.rgbRamp(40, 30), true);
        Path half = write(dir.resolve("half.jpg"), Arrays.copyOf(baseline, baseline.length / 2));
        // a progressive JPEG cut in half decodes, half grey, with only a warning from the decoder
        Path halfProgressive = write(dir.resolve("halfp.jpg"), Arrays.copyOf(progressive, progressive.length / 2));
        Path noEnd = write(dir.resolve("noeoi.jpg"), Arrays.copyOf(baseline, baseline.length - 2));

        refused(half).hasMessageContaining("truncated JPEG");
        refused(halfProgressive).hasMessageContaining("truncated JPEG");
        refused(noEnd).hasMessageContaining("truncated JPEG: Truncated File - Missing EOI marker");
    }

    @Test
    void truncatedGifAndBmp() {
        byte[] gif = TestImages.gif(TestImages.palette(8, 40, 30, -1));
        byte[] bmp = TestImages.bmp(TestImages.rgbRamp(40, 30), null);
        Path g = write(dir.resolve("half.gif"), Arrays.copyOf(gif, gif.length / 2));
        Path b = write(dir.resolve("half.bmp"), Arrays.copyOf(bmp, bmp.length / 2));

        refused(g).hasMessageContaining("GIF");
        refused(b).hasMessageContaining("truncated BMP");
    }

    @Test
    void decompressionBombHeaderIsRefusedBeforeDecoding() {
        Path bomb = write(dir.resolve("bomb.png"), TestImages.pngHeaderDeclaring(100_000, 100_000));
        // 40000 x 40000 RGB would be 4.8 GB if the decoder were let allocate it
        Path big = write(dir.resolve("big.png"), TestImages.pngHeaderDeclaring(40_000, 40_000));

        refused(bomb)
                .hasMessage(bomb + ": PNG header declares 100000x100000 = 10000000000 pixels, more than the limit of"
                        + " 50000000 (a decompression bomb, or an image too large to decode); not decoded");
        refused(big).hasMessageContaining("declares 40000x40000 = 1600000000 pixels");
    }

    @Test
    void pixelLimitIsSettable() {
        Path f = write(dir.resolve("a.png"), TestImages.png(TestImages.rgbRamp(10, 10)));
        ImageDecoder small = new ImageDecoder(new DecodeSettings(3, 0, 0, 99));

        assertThatThrownBy(() -> small.decode(f))
                .hasMessageContaining("declares 10x10 = 100 pixels, more than the" + " limit of 99");
        assertThat(new ImageDecoder(new DecodeSettings(3, 0, 0, 100)).decode(f).width())
                .isEqualTo(10);
    }

    @Test
    void twelveBitLossyJpegIsRefusedWithTheReason() {
        Path f = write(dir.resolve("12bit.jpg"), TestImages.jpeg12BitLossy(3000));

        refused(f)
                .hasMessage(f + ": 12-bit lossy JPEG (frame type SOF1) is not read: neither Java's JPEG decoder"
                        + " nor TwelveMonkeys decodes more than 8 bits per sample of lossy JPEG; convert it to 8 bits or to"
                        + " PNG");
    }

    @Test
    void smallInterlacedGifIsRefusedRatherThanReadWrong() {
        Path f = write(dir.resolve("tiny.gif"), TestImages.gif(TestImages.palette(8, 9, 3, -1)));

        refused(f).hasMessageContaining("interlaced GIF 9x3 pixels: Java's GIF reader misplaces the rows");
    }

    @Test
    void garbageAfterAValidSignature() {
        byte[] junk = new byte[200];
        Arrays.fill(junk, (byte) 0x5A);
        byte[] png = TestImages.png(TestImages.rgbRamp(4, 4));
        System.arraycopy(png, 0, junk, 0, 8); // PNG signature, then junk
        byte[] jpeg = junk.clone();
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        jpeg[2] = (byte) 0xFF;
        jpeg[3] = (byte) 0xE0;
        Path p = write(dir.resolve("junk.png"), junk);
        Path j = write(dir.resolve("junk.jpg"), jpeg);

        refused(p).hasMessageContaining("PNG");
        refused(j).hasMessageContaining("JPEG");
    }

    @Test
    void missingFileAndFolder() throws Exception {
        Path missing = dir.resolve("nope.png");
        Path folder = Files.createDirectory(dir.resolve("folder.png"));

        refused(missing).hasMessage(missing + ": no such file");
        refused(folder).hasMessage(folder + ": not a regular file (a folder); expected an image");
    }

    @Test
    void everyBadFileGivesOneLineNeverAnotherException() {
        // every prefix of valid files of each format: whatever the cut, a decoded image or one clear line
        List<byte[]> valid = List.of(
                TestImages.png(TestImages.rgbRamp(9, 7)),
                TestImages.jpeg(TestImages.rgbRamp(9, 7), true),
                TestImages.gif(TestImages.palette(8, 9, 7, -1)),
                TestImages.bmp(TestImages.palette(4, 9, 7, -1), "BI_RLE4"));
        Path f = dir.resolve("cut");
        for (byte[] bytes : valid) {
            for (int n = 0; n < bytes.length; n += Math.max(1, bytes.length / 60)) {
                write(f, Arrays.copyOf(bytes, n));
                try {
                    DECODER.decode(f);
                } catch (InvalidInputException e) {
                    assertThat(e.getMessage()).startsWith(f + ": ").doesNotContain("\n");
                }
            }
        }
    }
}
