package dev.vaekit.data.images;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader;
import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import dev.vaekit.InvalidInputException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.spi.IIORegistry;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.NodeList;

/**
 * Decodes one image file into 8-bit channels-first pixels, by the conversions of {@link DecodeSettings} and, when a
 * size is set, {@link ImageResizer}.
 *
 * <p>Readers: PNG, GIF and BMP are read by the JDK's ImageIO readers, which handle every PNG colour type and bit depth
 * (1 to 16 bits; grey, grey + alpha, RGB, RGBA, palette, interlaced), GIF 87a/89a and the BMP variants (1, 4, 8, 16,
 * 24 and 32 bits, RLE4, RLE8, bit fields, OS/2 and V4/V5 headers, top-down). JPEG is read by TwelveMonkeys ImageIO
 * (which hands 8-bit baseline and progressive data to the JDK's decoder and adds CMYK and YCCK, converted to RGB,
 * and lossless JPEG of 2 to 16 bits). 12-bit lossy JPEG is read by neither and is refused with a message saying so.
 *
 * <p>Every file is checked before its pixels are allocated, and refused with one line naming it (an {@link
 * InvalidInputException}) when it is empty, not a PNG, JPEG, GIF or BMP by its content (whatever its name), declares
 * more than {@link DecodeSettings#maxPixels()} pixels, or is damaged: a truncated PNG or GIF fails in its reader; a
 * truncated or corrupt JPEG, which the JPEG decoder would return half grey with only a warning, is refused on that
 * warning. An animated GIF gives its first frame, with a note.
 *
 * <p>Two bugs of the JDK's readers, found by the tests: interlaced GIFs 2 to 4 rows high come out with misplaced rows,
 * so they are refused; RLE4-compressed BMPs whose rows have an odd number of pixels are decoded wrongly (the JDK's own
 * writer and reader disagree on them) and cannot be told apart cheaply, so they are read as the JDK reads them; such
 * files are rare.
 *
 * <p>An instance holds only its settings and may be shared by threads.
 */
public final class ImageDecoder {

    /**
     * The version of the decoding rules (conversions, resizing, refusals); raised whenever a change could alter a
     * decoded byte, so that caches built by older rules are rebuilt.
     */
    public static final int FORMAT_VERSION = 1;

    /** BT.601 luma weights, applied to R, G and B. */
    static final double LUMA_R = 0.299;

    static final double LUMA_G = 0.587;
    static final double LUMA_B = 0.114;

    private static final Object JPEG_LOOKUP = new Object();

    private final DecodeSettings settings;

    /** @param settings channels, size, background and pixel limit */
    public ImageDecoder(DecodeSettings settings) {
        this.settings = settings;
    }

    /** @return the settings */
    public DecodeSettings settings() {
        return settings;
    }

    /**
     * Decodes a file.
     *
     * @param file the file
     * @return its pixels, {@code channels × S × S} when a size is set, else at the image's own size
     * @throws InvalidInputException with one line naming the file, if it is missing, empty, not an image, too large,
     *     damaged or in a variant that is not read
     */
    public DecodedImage decode(Path file) {
        String name = file.toString();
        long length = regularFileSize(file, name);
        if (length == 0) {
            throw bad(name, "empty file (0 bytes); expected an image");
        }
        ImageFormat format = null;
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            byte[] head = new byte[ImageFormat.SNIFF_BYTES];
            int n = readUpTo(in, head);
            format = ImageFormat.sniff(head, n);
            if (format == null) {
                throw bad(name, ImageFormat.describeOther(head, n));
            }
            if (format == ImageFormat.JPEG) {
                checkJpegFrame(in, name);
            } else if (format == ImageFormat.PNG) {
                checkPngChunks(in, length, name);
            }
            in.seek(0);
            return decode(in, format, name);
        } catch (InvalidInputException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw bad(name, "no such file");
        } catch (EOFException e) {
            throw bad(name, "truncated " + what(format) + ": the file ends before the image data does");
        } catch (IOException e) {
            if (endsEarly(e)) {
                throw bad(name, "truncated " + what(format) + ": the data ends early (" + message(e) + ")", e);
            }
            throw bad(name, "cannot decode " + what(format) + ": " + message(e), e);
        } catch (RuntimeException e) {
            // Decoders throw unchecked exceptions on some malformed input (index out of bounds, illegal arguments,
            // colour conversion errors): still the file's fault, reported as such.
            throw bad(
                    name, "cannot decode " + what(format) + ": " + e.getClass().getSimpleName() + ": " + message(e), e);
        }
    }

    private DecodedImage decode(ImageInputStream in, ImageFormat format, String name) throws IOException {
        ImageReader reader = readerFor(format);
        try {
            reader.setInput(in, false, false);
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width < 1 || height < 1) {
                throw bad(
                        name,
                        what(format) + " header declares " + width + "x" + height + " pixels; expected a"
                                + " positive size");
            }
            if ((long) width * height > settings.maxPixels()) {
                throw bad(
                        name,
                        what(format) + " header declares " + width + "x" + height + " = "
                                + (long) width * height + " pixels, more than the limit of " + settings.maxPixels()
                                + " (a decompression bomb, or an image too large to decode); not decoded");
            }
            List<String> notes = new ArrayList<>();
            if (format == ImageFormat.GIF && height >= 2 && height <= 4 && interlaced(reader)) {
                throw bad(
                        name,
                        "interlaced GIF " + width + "x" + height + " pixels: Java's GIF reader misplaces the"
                                + " rows of interlaced GIFs 2 to 4 rows high (a JDK bug); not read, save it without"
                                + " interlacing or as PNG");
            }
            if (format == ImageFormat.GIF) {
                int frames = reader.getNumImages(true);
                if (frames > 1) {
                    notes.add("animated GIF with " + frames + " frames: the first frame is used");
                }
            }
            BufferedImage image;
            try {
                image = reader.read(0);
            } catch (IOException | RuntimeException e) {
                // The JPEG decoder's warnings say why better than the exception that follows them.
                refuseDamage(warnings, format, name, e);
                throw e;
            }
            refuseDamage(warnings, format, name, null);
            for (String warning : warnings) {
                notes.add("decoder warning: " + warning);
            }
            if (image.getWidth() != width || image.getHeight() != height) {
                throw bad(
                        name,
                        what(format) + " header declares " + width + "x" + height + " pixels, the decoder" + " gave "
                                + image.getWidth() + "x" + image.getHeight());
            }
            byte[] pixels = toChannelsFirst(image, name);
            int c = settings.channels();
            if (settings.resizes()) {
                int s = settings.imageSize();
                return new DecodedImage(
                        format,
                        width,
                        height,
                        c,
                        s,
                        s,
                        ImageResizer.resizeCentreCrop(pixels, c, height, width, s),
                        notes);
            }
            return new DecodedImage(format, width, height, c, height, width, pixels, notes);
        } finally {
            reader.dispose();
        }
    }

    /**
     * The conversions of {@link DecodeSettings}: palette expanded, samples scaled to [0, 1] by their bit depth, alpha
     * composited over the background, grey from colour by BT.601 luma (or grey repeated), one rounding to 8 bits.
     */
    private byte[] toChannelsFirst(BufferedImage image, String name) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int width = image.getWidth();
        int height = image.getHeight();
        int outChannels = settings.channels();
        double bg = settings.background() / 255.0;
        byte[] out = new byte[outChannels * height * width];
        int planeSize = height * width;
        int minX = raster.getMinX();
        int minY = raster.getMinY();

        if (cm instanceof IndexColorModel icm) {
            int[] argb = new int[icm.getMapSize()];
            icm.getRGBs(argb); // non-premultiplied ARGB, 8 bits each
            boolean alpha = icm.hasAlpha();
            int[] index = new int[width];
            for (int y = 0; y < height; y++) {
                raster.getSamples(minX, minY + y, width, 1, 0, index);
                for (int x = 0; x < width; x++) {
                    int p = index[x];
                    if (p < 0 || p >= argb.length) {
                        throw bad(
                                name,
                                "palette index " + p + " at (" + x + ", " + y + ") outside the palette of "
                                        + argb.length + " colours");
                    }
                    int v = argb[p];
                    double a = alpha ? (v >>> 24) / 255.0 : 1;
                    double r = ((v >> 16) & 0xff) / 255.0;
                    double g = ((v >> 8) & 0xff) / 255.0;
                    double b = (v & 0xff) / 255.0;
                    store(out, planeSize, y * width + x, r, g, b, a, false, false, bg, outChannels);
                }
            }
            return out;
        }

        ColorSpace space = cm.getColorSpace();
        int colour = cm.getNumColorComponents();
        boolean grey = colour == 1 && space.getType() == ColorSpace.TYPE_GRAY;
        boolean rgb = colour == 3 && space.getType() == ColorSpace.TYPE_RGB;
        if (!grey && !rgb) {
            throw bad(
                    name,
                    "colour space with " + colour + " components (type " + space.getType() + ") is not"
                            + " read; expected grey or RGB");
        }
        int bands = raster.getNumBands();
        boolean alpha = cm.hasAlpha();
        if (bands != colour + (alpha ? 1 : 0)) {
            throw bad(
                    name,
                    bands + " samples per pixel for " + colour + " colour components" + (alpha ? " and alpha" : "")
                            + "; not read");
        }
        double[] scale = new double[bands];
        for (int b = 0; b < bands; b++) {
            int bits = cm.getComponentSize(b);
            if (bits < 1 || bits > 16) {
                throw bad(name, bits + "-bit samples are not read; expected 1 to 16 bits");
            }
            scale[b] = 1.0 / ((1 << bits) - 1);
        }
        boolean premultiplied = cm.isAlphaPremultiplied();
        int[][] rows = new int[bands][width];
        for (int y = 0; y < height; y++) {
            for (int b = 0; b < bands; b++) {
                raster.getSamples(minX, minY + y, width, 1, b, rows[b]);
            }
            for (int x = 0; x < width; x++) {
                double r = rows[0][x] * scale[0];
                double g = grey ? r : rows[1][x] * scale[1];
                double b = grey ? r : rows[2][x] * scale[2];
                double a = alpha ? rows[colour][x] * scale[colour] : 1;
                store(out, planeSize, y * width + x, r, g, b, a, premultiplied, grey, bg, outChannels);
            }
        }
        return out;
    }

    /** Composites, converts to the wanted channels and rounds one pixel. */
    private static void store(
            byte[] out,
            int planeSize,
            int at,
            double r,
            double g,
            double b,
            double a,
            boolean premultiplied,
            boolean grey,
            double bg,
            int outChannels) {
        if (a < 1) {
            double under = bg * (1 - a);
            if (premultiplied) {
                r += under;
                g += under;
                b += under;
            } else {
                r = r * a + under;
                g = g * a + under;
                b = b * a + under;
            }
        }
        if (outChannels == 1) {
            out[at] = to8Bits(grey ? r : LUMA_R * r + LUMA_G * g + LUMA_B * b);
        } else {
            out[at] = to8Bits(r);
            out[planeSize + at] = to8Bits(g);
            out[2 * planeSize + at] = to8Bits(b);
        }
    }

    /** @return {@code round(255 x)}, halves up, clamped to [0, 255] */
    static byte to8Bits(double x) {
        long v = (long) Math.floor(x * 255 + 0.5);
        return (byte) Math.max(0, Math.min(255, v));
    }

    /**
     * Walks a PNG's chunks by their length fields (seeking, not reading the data) and refuses a file that ends
     * before its {@code IEND} chunk: the JDK's reader reports a cut PNG only as "Error reading PNG metadata".
     */
    private static void checkPngChunks(ImageInputStream in, long length, String name) throws IOException {
        long at = 8;
        while (true) {
            if (at + 12 > length) {
                throw bad(name, "truncated PNG: the file ends at byte " + length + " before its IEND chunk");
            }
            in.seek(at);
            long chunkLength = in.readUnsignedInt();
            byte[] type = new byte[4];
            in.readFully(type);
            for (byte b : type) {
                if (!((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z'))) {
                    throw bad(name, "damaged PNG: byte offset " + (at + 4) + ": expected a chunk type of 4 letters");
                }
            }
            String typeName = new String(type, StandardCharsets.US_ASCII);
            if (at == 8 && !typeName.equals("IHDR")) {
                throw bad(name, "damaged PNG: expected the IHDR chunk first, found " + typeName);
            }
            long end = at + 12 + chunkLength;
            if (end > length) {
                throw bad(
                        name,
                        "truncated PNG: chunk " + typeName + " at byte offset " + at + " needs " + end
                                + " bytes, the file has " + length);
            }
            if (typeName.equals("IEND")) {
                return;
            }
            at = end;
        }
    }

    /** @return whether the GIF's first frame is interlaced, from its image descriptor */
    private static boolean interlaced(ImageReader reader) throws IOException {
        IIOMetadata metadata = reader.getImageMetadata(0);
        String format = "javax_imageio_gif_image_1.0";
        if (metadata == null
                || !Arrays.asList(metadata.getMetadataFormatNames()).contains(format)) {
            return false;
        }
        NodeList descriptors = ((IIOMetadataNode) metadata.getAsTree(format)).getElementsByTagName("ImageDescriptor");
        return descriptors.getLength() > 0
                && "TRUE".equalsIgnoreCase(((IIOMetadataNode) descriptors.item(0)).getAttribute("interlaceFlag"));
    }

    /**
     * Reads the JPEG's frame header (its SOF segment) and refuses 12-bit lossy JPEG, which neither the JDK's decoder
     * nor TwelveMonkeys reads (the decoders' own messages for it are misleading).
     */
    private static void checkJpegFrame(ImageInputStream in, String name) throws IOException {
        in.seek(2);
        while (true) {
            int b = in.read();
            if (b < 0) {
                return; // the decoder reports the missing frame
            }
            if (b != 0xFF) {
                return; // not a marker where one belongs: left to the decoder
            }
            int marker = in.read();
            while (marker == 0xFF) {
                marker = in.read(); // fill bytes
            }
            if (marker < 0) {
                return;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                continue; // standalone markers
            }
            if (marker == 0xDA || marker == 0xD9) {
                return; // scan or end before any frame header: left to the decoder
            }
            int segmentLength = in.readUnsignedShort();
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                int precision = in.read();
                boolean lossless = marker == 0xC3 || marker == 0xC7 || marker == 0xCB || marker == 0xCF;
                if (!lossless && precision > 8) {
                    throw bad(
                            name,
                            precision + "-bit lossy JPEG (frame type SOF" + (marker - 0xC0) + ") is not read:"
                                    + " neither Java's JPEG decoder nor TwelveMonkeys decodes more than 8 bits per sample"
                                    + " of lossy JPEG; convert it to 8 bits or to PNG");
                }
                return;
            }
            if (segmentLength < 2) {
                return;
            }
            in.skipBytes(segmentLength - 2);
        }
    }

    private static void refuseDamage(List<String> warnings, ImageFormat format, String name, Throwable cause) {
        for (String warning : warnings) {
            if (isDamage(warning)) {
                String kind = warning.toLowerCase(Locale.ROOT).contains("truncat") ? "truncated " : "damaged ";
                throw bad(name, kind + what(format) + ": " + warning.replace('\n', ' '), cause);
            }
        }
    }

    /** Decoder warnings that mean the data is cut off or damaged, rather than merely unusual. */
    static boolean isDamage(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        if (w.contains("extraneous bytes")) {
            return false; // junk between segments: the image itself decodes whole
        }
        return w.contains("truncat") || w.contains("premature") || w.contains("corrupt") || w.contains("missing eoi");
    }

    private static ImageReader readerFor(ImageFormat format) {
        if (format == ImageFormat.JPEG) {
            return twelveMonkeysJpegReader();
        }
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.readerName());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format + " in this Java runtime");
        }
        return readers.next();
    }

    /**
     * TwelveMonkeys' JPEG reader, found in ImageIO's registry (it registers itself through its service file, ahead of
     * the JDK's reader), or registered here when a repackaged class path lost the service file.
     */
    private static ImageReader twelveMonkeysJpegReader() {
        for (int attempt = 0; attempt < 2; attempt++) {
            for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg"); it.hasNext(); ) {
                ImageReader reader = it.next();
                if (reader instanceof JPEGImageReader) {
                    return reader;
                }
                reader.dispose();
            }
            synchronized (JPEG_LOOKUP) {
                IIORegistry.getDefaultInstance().registerServiceProvider(new JPEGImageReaderSpi());
            }
        }
        throw new IllegalStateException("TwelveMonkeys' JPEG reader is not available to ImageIO");
    }

    private static long regularFileSize(Path file, String name) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw bad(
                        name,
                        "not a regular file ("
                                + (attributes.isDirectory() ? "a folder" : "a device, pipe or" + " socket")
                                + "); expected an image");
            }
            return attributes.size();
        } catch (NoSuchFileException e) {
            throw bad(name, "no such file");
        } catch (IOException e) {
            throw bad(name, "cannot read: " + message(e), e);
        }
    }

    private static int readUpTo(ImageInputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int r = in.read(buffer, filled, buffer.length - filled);
            if (r < 0) {
                break;
            }
            filled += r;
        }
        return filled;
    }

    /** @return whether the failure, or one of its causes, is data that stops before the format says it ends */
    private static boolean endsEarly(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof EOFException || m.contains("unexpected end") || m.contains("premature end")) {
                return true;
            }
        }
        return false;
    }

    private static String what(ImageFormat format) {
        return format == null ? "image" : format.name();
    }

    /** @return the failure's message, with those of its causes that add to it, on one line */
    private static String message(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
            String part = t.getMessage();
            if (part != null && !part.isBlank() && parts.stream().noneMatch(p -> p.contains(part))) {
                parts.add(part);
            }
        }
        if (parts.isEmpty()) {
            return e instanceof IIOException
                    ? "the decoder refused the data"
                    : e.getClass().getSimpleName();
        }
        String m = parts.get(0);
        if (parts.size() > 1) {
            m += " (" + String.join("; ", parts.subList(1, parts.size())) + ")";
        }
        return m.replace('\n', ' ').replace('\r', ' ');
    }

    static InvalidInputException bad(String name, String what) {
        return new InvalidInputException(name + ": " + what);
    }

    private static InvalidInputException bad(String name, String what, Throwable cause) {
        return new InvalidInputException(name + ": " + what, cause);
    }
}
