package dev.vaekit.compress;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * General-purpose compressors on the same data, the baselines of a compression benchmark: gzip at level 9 (the JDK's
 * {@link GZIPOutputStream}), bzip2 with 900 kB blocks (Apache Commons Compress), xz at preset 6, xz's default
 * (org.tukaani:xz, whose 8 MiB dictionary covers the 7.5 MiB of the MNIST test set's bytes), and PNG through {@link
 * ImageIO}, one file per image as a dataset of pictures would be stored. Each returns the compressed size in bytes;
 * nothing is written to disk.
 */
public final class Baselines {
    private Baselines() {}

    /**
     * The sizes of one byte string under the general-purpose compressors.
     *
     * @param raw the uncompressed length
     * @param gzip gzip -9
     * @param bzip2 bzip2 -9
     * @param xz xz -6
     */
    public record Sizes(long raw, long gzip, long bzip2, long xz) {}

    /**
     * @param data the bytes to compress, as they would be stored
     * @return their sizes
     */
    public static Sizes generalPurpose(byte[] data) {
        return new Sizes(data.length, gzip(data), bzip2(data), xz(data));
    }

    /** @return the length of gzip -9 of the data */
    public static long gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new BestGzip(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size();
    }

    /** @return the length of bzip2 -9 (900 kB blocks) of the data */
    public static long bzip2(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new BZip2CompressorOutputStream(bytes, BZip2CompressorOutputStream.MAX_BLOCKSIZE)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size();
    }

    /** @return the length of xz -6 of the data */
    public static long xz(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new XZOutputStream(bytes, new LZMA2Options(LZMA2Options.PRESET_DEFAULT))) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size();
    }

    /**
     * The total size of the images as separate greyscale PNG files.
     *
     * @param images row-major pixel values, each image {@code width * height} values in [0, 2^bitDepth)
     * @param width the images' width
     * @param height the images' height
     * @param bitDepth 1 (binary images, a 1-bit PNG) or 8 (8-bit grey)
     * @return the sum of the PNG files' lengths
     * @throws IllegalArgumentException if an image has the wrong size or a value out of range, or the depth is not 1
     *     or 8
     */
    public static long png(List<int[]> images, int width, int height, int bitDepth) {
        long total = 0;
        for (int[] image : images) {
            total += png(image, width, height, bitDepth).length;
        }
        return total;
    }

    /**
     * One image as a greyscale PNG file.
     *
     * @param image row-major pixel values in [0, 2^bitDepth)
     * @param width the width
     * @param height the height
     * @param bitDepth 1 or 8
     * @return the PNG file's bytes
     */
    public static byte[] png(int[] image, int width, int height, int bitDepth) {
        if (bitDepth != 1 && bitDepth != 8) {
            throw new IllegalArgumentException("PNG baselines take 1- or 8-bit images, got " + bitDepth + " bits");
        }
        if (width < 1 || height < 1 || image.length != (long) width * height) {
            throw new IllegalArgumentException("an image of " + width + " x " + height + " needs "
                    + (long) width * height + " pixels, got " + image.length);
        }
        int max = (1 << bitDepth) - 1;
        BufferedImage picture = new BufferedImage(
                width, height, bitDepth == 1 ? BufferedImage.TYPE_BYTE_BINARY : BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = picture.getRaster();
        for (int i = 0; i < image.length; i++) {
            if (image[i] < 0 || image[i] > max) {
                throw new IllegalArgumentException("pixel " + i + " must be in [0, " + max + "], got " + image[i]);
            }
            raster.setSample(i % width, i / width, 0, image[i]);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(picture, "png", bytes)) {
                throw new IllegalStateException("ImageIO has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Packs binary values 8 to a byte, most significant bit first (the last byte padded with zeros): how binary images
     * are stored at 1 bit a pixel before a general-purpose compressor sees them.
     *
     * @param bits values 0 or 1
     * @return ⌈n/8⌉ bytes
     * @throws IllegalArgumentException if a value is not 0 or 1
     */
    public static byte[] packBits(int[] bits) {
        byte[] packed = new byte[(bits.length + 7) / 8];
        for (int i = 0; i < bits.length; i++) {
            if (bits[i] != 0 && bits[i] != 1) {
                throw new IllegalArgumentException("value " + i + " must be 0 or 1, got " + bits[i]);
            }
            packed[i >> 3] |= (byte) (bits[i] << (7 - (i & 7)));
        }
        return packed;
    }

    /** gzip at {@link Deflater#BEST_COMPRESSION}. */
    private static final class BestGzip extends GZIPOutputStream {
        BestGzip(OutputStream out) throws IOException {
            super(out);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }
}
