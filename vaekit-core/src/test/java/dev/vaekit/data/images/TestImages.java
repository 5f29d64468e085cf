package dev.vaekit.data.images;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Image files made in code for the tests: the JDK's own writers where they write the variant, hand-built bytes where
 * they do not (CMYK/YCCK and 12-bit JPEG, alpha BMP, a PNG header that lies about its size).
 */
final class TestImages {
    private TestImages() {}

    // ---------------------------------------------------------------------------------------------------- images

    /** An 8-bit RGB image whose pixel (x, y) is (r, g, b) = (10 x + 3, 7 y + 5, 200 - x - y). */
    static BufferedImage rgbRamp(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, rgb(rampR(x), rampG(y), rampB(x, y)));
            }
        }
        return img;
    }

    static int rampR(int x) {
        return (10 * x + 3) & 0xff;
    }

    static int rampG(int y) {
        return (7 * y + 5) & 0xff;
    }

    static int rampB(int x, int y) {
        return (200 - x - y) & 0xff;
    }

    static int rgb(int r, int g, int b) {
        return 0xff000000 | r << 16 | g << 8 | b;
    }

    /** An 8-bit grey image, value (x * 9 + y * 5) mod 256. */
    static BufferedImage grey8(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.getRaster().setSample(x, y, 0, (x * 9 + y * 5) & 0xff);
            }
        }
        return img;
    }

    /** A 16-bit grey image with the given samples, row-major. */
    static BufferedImage grey16(int width, int height, int[] samples) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setPixels(0, 0, width, height, samples);
        return img;
    }

    /** A 16-bit RGBA image with the given samples, row-major and interleaved (r, g, b, a). */
    static BufferedImage rgba16(int width, int height, int[] samples) {
        ComponentColorModel cm = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {16, 16, 16, 16},
                true,
                false,
                Transparency.TRANSLUCENT,
                DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(width, height);
        raster.setPixels(0, 0, width, height, samples);
        return new BufferedImage(cm, raster, false, null);
    }

    /** A 16-bit RGB image (no alpha) with the given samples, row-major and interleaved. */
    static BufferedImage rgb16(int width, int height, int[] samples) {
        ComponentColorModel cm = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {16, 16, 16},
                false,
                false,
                Transparency.OPAQUE,
                DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(width, height);
        raster.setPixels(0, 0, width, height, samples);
        return new BufferedImage(cm, raster, false, null);
    }

    /** An 8-bit grey + alpha image with the given (grey, alpha) samples, row-major. */
    static BufferedImage greyAlpha8(int width, int height, int[] samples) {
        ComponentColorModel cm = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_GRAY),
                new int[] {8, 8},
                true,
                false,
                Transparency.TRANSLUCENT,
                DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(width, height);
        raster.setPixels(0, 0, width, height, samples);
        return new BufferedImage(cm, raster, false, null);
    }

    /** An ARGB image with one colour everywhere. */
    static BufferedImage argb(int width, int height, int argb) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, argb);
            }
        }
        return img;
    }

    /**
     * A palette image of {@code bits} bits a pixel whose palette entry i is (17 i, 255 - 17 i, 5 i) mod 256, with
     * entry {@code transparent} (if not negative) fully transparent; pixel (x, y) is entry (x + 2 y) mod 2^bits.
     */
    static BufferedImage palette(int bits, int width, int height, int transparent) {
        int size = 1 << bits;
        byte[] r = new byte[size];
        byte[] g = new byte[size];
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            r[i] = (byte) paletteR(i);
            g[i] = (byte) paletteG(i);
            b[i] = (byte) paletteB(i);
        }
        IndexColorModel cm = transparent >= 0
                ? new IndexColorModel(bits, size, r, g, b, transparent)
                : new IndexColorModel(bits, size, r, g, b);
        BufferedImage img = bits == 8
                ? new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, cm)
                : new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY, cm);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.getRaster().setSample(x, y, 0, paletteIndex(bits, x, y));
            }
        }
        return img;
    }

    static int paletteIndex(int bits, int x, int y) {
        return (x + 2 * y) % (1 << bits);
    }

    static int paletteR(int i) {
        return (17 * i) & 0xff;
    }

    static int paletteG(int i) {
        return (255 - 17 * i) & 0xff;
    }

    static int paletteB(int i) {
        return (5 * i) & 0xff;
    }

    // --------------------------------------------------------------------------------------------- JDK writers

    static byte[] png(RenderedImage img) {
        return write("png", img, null);
    }

    static byte[] gif(RenderedImage img) {
        return write("gif", img, null);
    }

    static byte[] bmp(RenderedImage img, String compression) {
        return write("bmp", img, p -> {
            if (compression != null) {
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionType(compression);
            }
        });
    }

    static byte[] bmpTopDown(RenderedImage img) {
        return write("bmp", img, p -> ((javax.imageio.plugins.bmp.BMPImageWriteParam) p).setTopDown(true));
    }

    /** A JPEG by the JDK's encoder at quality 1.0 (least loss), baseline or progressive. */
    static byte[] jpeg(RenderedImage img, boolean progressive) {
        return write("jpeg", img, p -> {
            if (progressive) {
                p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            } else {
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(1f);
            }
        });
    }

    private static byte[] write(String format, RenderedImage img, Consumer<ImageWriteParam> configure) {
        return write(format, new IIOImage(img, null, null), configure);
    }

    /** Writes an image or, for the JPEG writer's 4-component output, a bare raster. */
    private static byte[] write(String format, IIOImage image, Consumer<ImageWriteParam> configure) {
        ImageWriter writer = jdkWriter(format);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (configure != null) {
                configure.accept(param);
            }
            writer.write(null, image, param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static ImageWriter jdkWriter(String format) {
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName(format); it.hasNext(); ) {
            ImageWriter w = it.next();
            if (w.getClass().getName().startsWith("com.sun.imageio")) {
                return w;
            }
        }
        throw new IllegalStateException("no JDK writer for " + format);
    }

    /** An animated GIF, one frame per image, by the JDK's GIF writer. */
    static byte[] animatedGif(List<BufferedImage> frames) {
        ImageWriter writer = jdkWriter("gif");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : frames) {
                ImageWriteParam param = writer.getDefaultWriteParam();
                IIOMetadata meta = writer.getDefaultImageMetadata(new ImageTypeSpecifier(frame), param);
                String format = meta.getNativeMetadataFormatName();
                IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
                IIOMetadataNode gce = new IIOMetadataNode("GraphicControlExtension");
                gce.setAttribute("disposalMethod", "none");
                gce.setAttribute("userInputFlag", "FALSE");
                gce.setAttribute("transparentColorFlag", "FALSE");
                gce.setAttribute("delayTime", "10");
                gce.setAttribute("transparentColorIndex", "0");
                root.appendChild(gce);
                meta.setFromTree(format, root);
                writer.writeToSequence(new IIOImage(frame, null, meta), param);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    // ------------------------------------------------------------------------------------------- hand-built JPEG

    /**
     * A 4-component JPEG of one colour with an Adobe APP14 segment: transform 0 (CMYK) or 2 (YCCK). As Adobe's
     * applications do, the CMYK values are stored inverted (255 - value). For YCCK the Y, Cb, Cr of (C, M, Y) taken
     * as if R, G, B are stored (libjpeg's convention), K inverted.
     */
    static byte[] adobeJpeg(int width, int height, int c, int m, int y, int k, boolean ycck) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        int[] px;
        if (ycck) {
            double lum = 0.299 * c + 0.587 * m + 0.114 * y;
            double cb = -0.168736 * c - 0.331264 * m + 0.5 * y + 128;
            double cr = 0.5 * c - 0.418688 * m - 0.081312 * y + 128;
            px = new int[] {clamp(lum), clamp(cb), clamp(cr), 255 - k};
        } else {
            px = new int[] {255 - c, 255 - m, 255 - y, 255 - k};
        }
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                raster.setPixel(i, j, px);
            }
        }
        byte[] plain = write("jpeg", new IIOImage(raster, null, null), p -> {
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(1f);
        });
        byte[] app14 = {
            (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) (ycck ? 2 : 0)
        };
        byte[] out = new byte[plain.length + app14.length];
        System.arraycopy(plain, 0, out, 0, 2);
        System.arraycopy(app14, 0, out, 2, app14.length);
        System.arraycopy(plain, 2, out, 2 + app14.length, plain.length - 2);
        return out;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /**
     * A grey 8 × 8 JPEG of one value, built byte by byte: extended sequential DCT (SOF1) with 12-bit samples, one
     * block whose only coefficient is DC (the level-shifted value times 8, quantised by 1).
     */
    static byte[] jpeg12BitLossy(int value) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0xFF);
        o.write(0xD8);
        byte[] dqt = new byte[65];
        java.util.Arrays.fill(dqt, (byte) 1);
        dqt[0] = 0;
        segment(o, 0xDB, dqt);
        segment(o, 0xC1, new byte[] {12, 0, 8, 0, 8, 1, 1, 0x11, 0});
        int dc = 8 * (value - 2048);
        int category = 32 - Integer.numberOfLeadingZeros(Math.abs(dc));
        int[] one = new int[16];
        one[0] = 1;
        segment(o, 0xC4, huffmanTable(0, one, category));
        segment(o, 0xC4, huffmanTable(0x10, one, 0));
        segment(o, 0xDA, new byte[] {1, 1, 0, 0, 63, 0});
        Bits bits = new Bits();
        bits.put(0, 1);
        bits.put(dc >= 0 ? dc : dc + (1 << category) - 1, category);
        bits.put(0, 1); // end of block
        o.writeBytes(bits.done());
        o.write(0xFF);
        o.write(0xD9);
        return o.toByteArray();
    }

    /**
     * A grey 8 × 8 lossless JPEG (SOF3, predictor 1) of one value at the given precision (2 to 16 bits): the first
     * sample's difference from 2^(P-1), then 63 zero differences.
     */
    static byte[] jpegLossless(int precision, int value) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0xFF);
        o.write(0xD8);
        segment(o, 0xC3, new byte[] {(byte) precision, 0, 8, 0, 8, 1, 1, 0x11, 0});
        int d = value - (1 << (precision - 1));
        int category = 32 - Integer.numberOfLeadingZeros(Math.abs(d));
        int[] counts = new int[16];
        counts[0] = 1; // difference category 0: code 0
        counts[1] = 1; // the first sample's category: code 10
        segment(o, 0xC4, huffmanTable(0, counts, 0, category));
        segment(o, 0xDA, new byte[] {1, 1, 0, 1, 0, 0});
        Bits bits = new Bits();
        bits.put(2, 2);
        bits.put(d >= 0 ? d : d + (1 << category) - 1, category);
        for (int i = 0; i < 63; i++) {
            bits.put(0, 1);
        }
        o.writeBytes(bits.done());
        o.write(0xFF);
        o.write(0xD9);
        return o.toByteArray();
    }

    private static byte[] huffmanTable(int classAndId, int[] counts, int... symbols) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(classAndId);
        for (int c : counts) {
            b.write(c);
        }
        for (int s : symbols) {
            b.write(s);
        }
        return b.toByteArray();
    }

    private static void segment(ByteArrayOutputStream o, int marker, byte[] body) {
        o.write(0xFF);
        o.write(marker);
        int length = body.length + 2;
        o.write(length >> 8);
        o.write(length & 0xFF);
        o.writeBytes(body);
    }

    /** Entropy-coded bits, most significant first, with JPEG's byte stuffing and 1-bit padding. */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int acc;
        private int n;

        void put(int value, int length) {
            for (int i = length - 1; i >= 0; i--) {
                acc = (acc << 1) | ((value >> i) & 1);
                if (++n == 8) {
                    out.write(acc);
                    if (acc == 0xFF) {
                        out.write(0);
                    }
                    acc = 0;
                    n = 0;
                }
            }
        }

        byte[] done() {
            while (n != 0) {
                put(1, 1);
            }
            return out.toByteArray();
        }
    }

    // -------------------------------------------------------------------------------------- hand-built BMP, PNG

    /** A 32-bit BMP with a V4 header and an alpha mask, every pixel the given ARGB. */
    static byte[] bmpV4Alpha(int width, int height, int argb) {
        int pixels = 4 * width * height;
        ByteBuffer b = ByteBuffer.allocate(14 + 108 + pixels).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(b.capacity()).putInt(0).putInt(14 + 108);
        b.putInt(108).putInt(width).putInt(height).putShort((short) 1).putShort((short) 32);
        b.putInt(3).putInt(pixels).putInt(2835).putInt(2835).putInt(0).putInt(0); // BI_BITFIELDS
        b.putInt(0x00FF0000).putInt(0x0000FF00).putInt(0x000000FF).putInt(0xFF000000);
        b.putInt(0x73524742); // 'sRGB'
        for (int i = 0; i < 12; i++) {
            b.putInt(0);
        }
        for (int i = 0; i < width * height; i++) {
            b.putInt(argb);
        }
        return b.array();
    }

    /** An OS/2 1.x BMP (12-byte header), 24-bit, every pixel (r, g, b). */
    static byte[] bmpOs2(int width, int height, int r, int g, int bl) {
        int stride = (3 * width + 3) / 4 * 4;
        ByteBuffer b = ByteBuffer.allocate(14 + 12 + stride * height).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(b.capacity()).putInt(0).putInt(26);
        b.putInt(12)
                .putShort((short) width)
                .putShort((short) height)
                .putShort((short) 1)
                .putShort((short) 24);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                b.put((byte) bl).put((byte) g).put((byte) r);
            }
            for (int p = 3 * width; p < stride; p++) {
                b.put((byte) 0);
            }
        }
        return b.array();
    }

    /**
     * A PNG whose header declares {@code width × height} 8-bit RGB pixels but whose data holds one row of them: what a
     * decompression bomb's header looks like.
     */
    static byte[] pngHeaderDeclaring(int width, int height) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        chunk(o, "IHDR", ihdr.array());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[1 + 3 * Math.min(width, 1000)]);
        deflater.finish();
        byte[] buf = new byte[8192];
        int n = deflater.deflate(buf);
        chunk(o, "IDAT", java.util.Arrays.copyOf(buf, n));
        chunk(o, "IEND", new byte[0]);
        return o.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream o, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        o.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        o.writeBytes(t);
        o.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        o.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    // --------------------------------------------------------------------------------------------------- files

    static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
