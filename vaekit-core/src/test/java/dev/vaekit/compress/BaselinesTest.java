package dev.vaekit.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.XZInputStream;

/** The general-purpose baselines measure real, decodable files. */
class BaselinesTest {
    /** Bytes with structure: a repeated pattern and some noise. */
    private static byte[] sample() {
        Random random = new Random(1);
        byte[] data = new byte[50_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (random.nextInt(10) == 0 ? random.nextInt(256) : (i % 17) * 3);
        }
        return data;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    @Test
    void generalPurposeSizesAreThoseOfDecodableFiles() throws IOException {
        byte[] data = sample();
        Baselines.Sizes sizes = Baselines.generalPurpose(data);
        assertThat(sizes.raw()).isEqualTo(data.length);
        assertThat(sizes.gzip()).isBetween(1L, (long) data.length);
        assertThat(sizes.bzip2()).isBetween(1L, (long) data.length);
        assertThat(sizes.xz()).isBetween(1L, (long) data.length);
        // the same compressors written out here decode to the data, and have the measured sizes
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gz) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
            }
        }) {
            out.write(data);
        }
        assertThat((long) gz.size()).isEqualTo(sizes.gzip());
        assertThat(readAll(new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray()))))
                .isEqualTo(data);
        ByteArrayOutputStream bz = new ByteArrayOutputStream();
        try (var out = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(bz, 9)) {
            out.write(data);
        }
        assertThat((long) bz.size()).isEqualTo(sizes.bzip2());
        assertThat(readAll(new BZip2CompressorInputStream(new ByteArrayInputStream(bz.toByteArray()))))
                .isEqualTo(data);
        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        try (var out = new org.tukaani.xz.XZOutputStream(xz, new org.tukaani.xz.LZMA2Options(6))) {
            out.write(data);
        }
        assertThat((long) xz.size()).isEqualTo(sizes.xz());
        assertThat(readAll(new XZInputStream(new ByteArrayInputStream(xz.toByteArray()))))
                .isEqualTo(data);
        // random bytes do not compress
        byte[] noise = new byte[20_000];
        new Random(2).nextBytes(noise);
        assertThat(Baselines.gzip(noise)).isGreaterThan(noise.length);
    }

    @Test
    void pngFilesAreLosslessInOneAndEightBits() throws IOException {
        Random random = new Random(3);
        List<int[]> grey = new ArrayList<>();
        List<int[]> binary = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            int[] g = new int[7 * 5];
            int[] b = new int[7 * 5];
            for (int i = 0; i < g.length; i++) {
                g[i] = random.nextInt(256);
                b[i] = random.nextInt(2);
            }
            grey.add(g);
            binary.add(b);
        }
        long total = 0;
        for (int[] image : grey) {
            byte[] png = Baselines.png(image, 7, 5, 8);
            total += png.length;
            BufferedImage read = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(read.getWidth()).isEqualTo(7);
            assertThat(read.getRaster().getPixels(0, 0, 7, 5, (int[]) null)).isEqualTo(image);
        }
        assertThat(Baselines.png(grey, 7, 5, 8)).isEqualTo(total);
        for (int[] image : binary) {
            byte[] png = Baselines.png(image, 7, 5, 1);
            BufferedImage read = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(read.getColorModel().getPixelSize()).isEqualTo(1);
            assertThat(read.getRaster().getPixels(0, 0, 7, 5, (int[]) null)).isEqualTo(image);
        }
        assertThatThrownBy(() -> Baselines.png(new int[35], 7, 5, 4)).hasMessageContaining("1- or 8-bit");
        assertThatThrownBy(() -> Baselines.png(new int[34], 7, 5, 8)).hasMessageContaining("needs 35 pixels");
        assertThatThrownBy(() -> Baselines.png(new int[] {0, 2}, 2, 1, 1)).hasMessageContaining("pixel 1");
    }

    @Test
    void packsBitsMostSignificantFirst() {
        assertThat(Baselines.packBits(new int[] {1, 0, 1, 1, 0, 0, 0, 1, 1})).containsExactly((byte) 0xB1, (byte) 0x80);
        assertThat(Baselines.packBits(new int[0])).isEmpty();
        assertThatThrownBy(() -> Baselines.packBits(new int[] {0, 2})).hasMessageContaining("value 1");
    }
}
