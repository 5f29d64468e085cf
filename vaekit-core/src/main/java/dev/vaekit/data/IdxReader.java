package dev.vaekit.data;

import dev.vaekit.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a 4-byte magic ({@code 0x00 0x00}, a type byte, the number
 * of dimensions), one big-endian 32-bit size per dimension, then the values in row-major order. Only the unsigned-byte
 * type ({@code 0x08}) and 1 to 4 dimensions are supported.
 *
 * <p>Files may be gzip-compressed; compression is detected from the content (the {@code 0x1f 0x8b} gzip magic), not from
 * the file name. The header is never trusted for allocation: a raw file's size is compared with what the header
 * promises before anything is allocated, and compressed data is read through a buffer that only grows as bytes
 * actually arrive, so a header claiming billions of values fails as soon as the data runs short. Trailing bytes after
 * the promised data are an error too.
 */
public final class IdxReader {

    /** The only supported IDX element type: unsigned byte. */
    private static final int TYPE_UNSIGNED_BYTE = 0x08;

    private static final int MAX_DIMS = 4;

    /** The largest array the JVM reliably allocates. */
    private static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    /** First allocation when the data length is not known in advance; the buffer doubles from here as data arrives. */
    private static final int INITIAL_CHUNK = 1 << 16;

    private IdxReader() {}

    /**
     * The raw content of an IDX file.
     *
     * @param dims the size of each dimension, outermost first (for MNIST images: count, height, width)
     * @param data the values as unsigned bytes (read them with {@code b & 0xff}), row-major
     */
    public record IdxArray(int[] dims, byte[] data) {

        /** @return the number of values, the product of {@link #dims()} */
        public int count() {
            return data.length;
        }
    }

    /**
     * Reads an IDX file, raw or gzip-compressed.
     *
     * @param file the file
     * @return its dimensions and bytes
     * @throws InvalidInputException if the file is missing, unreadable or not a well-formed unsigned-byte IDX file
     */
    public static IdxArray read(Path file) {
        String source = file.toString();
        long fileSize = fileSize(file);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, source, fileSize);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(source + ": no such file", e);
        } catch (IOException e) {
            throw new InvalidInputException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an IDX stream, raw or gzip-compressed, to its end. The stream is not closed.
     *
     * @param in the bytes
     * @param source what to call the stream in messages (a file name or resource path)
     * @return its dimensions and bytes
     * @throws InvalidInputException if the stream is not a well-formed unsigned-byte IDX file or cannot be read
     */
    public static IdxArray read(InputStream in, String source) {
        try {
            return read(in, source, -1);
        } catch (IOException e) {
            throw new InvalidInputException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * What the IDX files of a named data set must hold: images of one size and labels of its classes.
     *
     * @param dataset the data set's name, for messages (e.g. {@code mnist})
     * @param height image height in pixels
     * @param width image width in pixels
     * @param classes the number of classes; labels must lie in {@code [0, classes)}
     */
    public record Expected(String dataset, int height, int width, int classes) {

        /** Validates the sizes. */
        public Expected {
            if (height < 1 || width < 1 || classes < 1 || classes > 256) {
                throw new IllegalArgumentException("expected height, width >= 1 and 1 to 256 classes, got " + height
                        + ", " + width + " and " + classes);
            }
        }
    }

    /**
     * Reads a 1-D IDX file of labels (one unsigned byte per example).
     *
     * @param file the file, raw or gzip-compressed
     * @return the labels, each in {@code [0, 255]}
     * @throws InvalidInputException if the file is missing, malformed, or not one-dimensional
     */
    public static int[] readLabels(Path file) {
        return labels(read(file), file.toString());
    }

    /**
     * Reads a 3-D IDX file of grey-scale images ({@code count x height x width}) and, optionally, a 1-D IDX file with
     * one label per image.
     *
     * @param images the images file, raw or gzip-compressed
     * @param labelsOrNull the labels file, or {@code null} for unlabelled data
     * @param name the name to give the data set
     * @return the images as one channel, values scaled from {@code [0, 255]} to {@code [0, 1]}
     * @throws InvalidInputException if a file is missing or malformed, or the counts of images and labels differ
     */
    public static Dataset readImages(Path images, Path labelsOrNull, String name) {
        return readImages(images, labelsOrNull, name, null);
    }

    /**
     * As {@link #readImages(Path, Path, String)}, for the files of a named data set: the images must have its size
     * and the labels must name its classes.
     *
     * @param images the images file, raw or gzip-compressed
     * @param labelsOrNull the labels file, or {@code null} for unlabelled data
     * @param name the name to give the data set
     * @param expectedOrNull what the files must hold, or {@code null} for any size and labels 0 to 255
     * @return the images as one channel, values scaled from {@code [0, 255]} to {@code [0, 1]}
     * @throws InvalidInputException if a file is missing or malformed, the counts of images and labels differ, the
     *     images are of another size than expected or a label lies outside the expected classes
     */
    public static Dataset readImages(Path images, Path labelsOrNull, String name, Expected expectedOrNull) {
        IdxArray imageArray = read(images);
        // the images' size is checked before the labels are read
        requireShape(imageArray, images.toString(), expectedOrNull);
        IdxArray labelArray = labelsOrNull == null ? null : read(labelsOrNull);
        return toDataset(
                imageArray,
                images.toString(),
                labelArray,
                labelsOrNull == null ? null : labelsOrNull.toString(),
                name,
                expectedOrNull);
    }

    /**
     * Builds a data set from already-read IDX arrays (shared by the file and class-path loaders).
     *
     * @param images a 3-D array, count x height x width
     * @param imagesSource its name for messages
     * @param labelsOrNull a 1-D array with one label per image, or {@code null}
     * @param labelsSource its name for messages (ignored when there are no labels)
     * @param name the data set's name
     * @param expectedOrNull what the arrays must hold, or {@code null} for any size and labels 0 to 255
     */
    static Dataset toDataset(
            IdxArray images,
            String imagesSource,
            IdxArray labelsOrNull,
            String labelsSource,
            String name,
            Expected expectedOrNull) {
        requireShape(images, imagesSource, expectedOrNull);
        int count = images.dims()[0];
        int[] labels = null;
        if (labelsOrNull != null) {
            labels = labels(labelsOrNull, labelsSource);
            if (labels.length != count) {
                throw new InvalidInputException(labelsSource + ": " + labels.length + " labels, but " + imagesSource
                        + " has " + count + " images; expected one label per image");
            }
            if (expectedOrNull != null) {
                requireClasses(labels, labelsSource, expectedOrNull);
            }
        }
        byte[] data = images.data();
        float[] features = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            features[i] = (data[i] & 0xff) / 255f;
        }
        return new Dataset(name, features, labels, 1, images.dims()[1], images.dims()[2]);
    }

    /** Images must be 3-D and, when a size is expected, of that size. */
    private static void requireShape(IdxArray images, String source, Expected expectedOrNull) {
        int[] dims = images.dims();
        if (dims.length != 3) {
            throw new InvalidInputException(source + ": header: expected 3 dimensions (count x height x width)"
                    + " for images, found " + dims.length + " (" + shape(dims) + ")");
        }
        if (expectedOrNull != null && (dims[1] != expectedOrNull.height() || dims[2] != expectedOrNull.width())) {
            throw new InvalidInputException(source + ": header: expected " + expectedOrNull.dataset() + " images of "
                    + expectedOrNull.height() + "x" + expectedOrNull.width() + " pixels, found "
                    + Integer.toUnsignedString(dims[1]) + "x" + Integer.toUnsignedString(dims[2]) + " ("
                    + shape(dims) + "); other images are read with --dataset folder:PATH");
        }
    }

    /** Every label must be one of the expected classes; the first that is not is named with its position. */
    private static void requireClasses(int[] labels, String source, Expected expected) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= expected.classes()) {
                // header: magic and one size, 8 bytes
                throw new InvalidInputException(source + ": byte offset " + (8L + i) + " (label of image " + (i + 1)
                        + "): expected a label from 0 to " + (expected.classes() - 1) + " (" + expected.dataset()
                        + " has " + expected.classes() + " classes), found " + labels[i]);
            }
        }
    }

    private static int[] labels(IdxArray array, String source) {
        if (array.dims().length != 1) {
            throw new InvalidInputException(source + ": header: expected 1 dimension for labels, found "
                    + array.dims().length + " (" + shape(array.dims()) + ")");
        }
        byte[] data = array.data();
        int[] labels = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            labels[i] = data[i] & 0xff;
        }
        return labels;
    }

    private static long fileSize(Path file) {
        try {
            if (!Files.exists(file)) {
                throw new InvalidInputException(file + ": no such file");
            }
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(file + ": expected a regular file, found a directory or device");
            }
            return Files.size(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The shared core.
     *
     * @param rawSize the size of the underlying file when known (used to reject a lying header of an uncompressed file
     *     before allocating), or -1
     */
    private static IdxArray read(InputStream raw, String source, long rawSize) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        if (gzip) {
            try (InputStream in = new GZIPInputStream(buffered, 1 << 16)) {
                // Sizes of the decompressed data are unknown up front.
                return readIdx(in, source + " (gzip, decompressed)", -1);
            } catch (ZipException e) {
                throw new InvalidInputException(source + ": corrupt gzip data: " + e.getMessage(), e);
            } catch (EOFException e) {
                // All promised values arrived, but the compressed stream itself was cut off (e.g. its trailer).
                throw new InvalidInputException(source + ": truncated gzip data: " + e.getMessage(), e);
            }
        }
        return readIdx(buffered, source, rawSize);
    }

    private static IdxArray readIdx(InputStream in, String source, long knownSize) throws IOException {
        byte[] magic = readHeaderBytes(in, source, 0, 4);
        if (magic[0] != 0 || magic[1] != 0) {
            throw new InvalidInputException(String.format(
                    "%s: byte offset 0: expected IDX magic 0x00 0x00, found 0x%02x 0x%02x (not an IDX file)",
                    source, magic[0] & 0xff, magic[1] & 0xff));
        }
        if ((magic[2] & 0xff) != TYPE_UNSIGNED_BYTE) {
            throw new InvalidInputException(String.format(
                    "%s: byte offset 2: expected IDX type 0x08 (unsigned byte), found 0x%02x",
                    source, magic[2] & 0xff));
        }
        int ndims = magic[3] & 0xff;
        if (ndims < 1 || ndims > MAX_DIMS) {
            throw new InvalidInputException(
                    source + ": byte offset 3: expected 1 to " + MAX_DIMS + " dimensions, found " + ndims);
        }
        byte[] sizes = readHeaderBytes(in, source, 4, 4 * ndims);
        int[] dims = new int[ndims];
        for (int d = 0; d < ndims; d++) {
            int o = 4 * d;
            dims[d] = ((sizes[o] & 0xff) << 24)
                    | ((sizes[o + 1] & 0xff) << 16)
                    | ((sizes[o + 2] & 0xff) << 8)
                    | (sizes[o + 3] & 0xff);
            if (dims[d] <= 0) {
                throw new InvalidInputException(source + ": byte offset " + (4 + o) + ": expected a positive size for"
                        + " dimension " + (d + 1) + ", found " + Integer.toUnsignedString(dims[d]));
            }
        }
        long count = 1;
        for (int dim : dims) {
            // Each factor is below 2^31 and we stop as soon as the product leaves int range: no long overflow.
            count *= dim;
            if (count > MAX_VALUES) {
                throw new InvalidInputException(
                        source + ": header: " + shape(dims) + " values; expected at most " + MAX_VALUES + " in all");
            }
        }
        long headerSize = 4L + 4L * ndims;
        long expected = headerSize + count;
        if (knownSize >= 0 && knownSize != expected) {
            // Uncompressed file: check the promise against the real size before allocating anything.
            throw sizeMismatch(source, dims, headerSize, expected, knownSize);
        }
        byte[] data = readBody(in, source, dims, headerSize, (int) count);
        if (in.read() != -1) {
            throw new InvalidInputException(source + ": byte offset " + expected + ": expected end of data after "
                    + shape(dims) + " values, found extra bytes");
        }
        return new IdxArray(dims, data);
    }

    private static InvalidInputException sizeMismatch(
            String source, int[] dims, long headerSize, long expected, long actual) {
        String what = actual < expected ? "truncated" : "trailing bytes";
        return new InvalidInputException(source + ": " + what + ": header promises " + shape(dims) + " values ("
                + expected + " bytes with the " + headerSize + "-byte header), found " + actual + " bytes");
    }

    private static byte[] readHeaderBytes(InputStream in, String source, int offset, int n) throws IOException {
        byte[] b = readFully(in, n);
        if (b.length < n) {
            throw new InvalidInputException(source + ": byte offset " + (offset + b.length)
                    + ": truncated header, expected " + (offset + n) + " header bytes, file ends after "
                    + (offset + b.length));
        }
        return b;
    }

    /**
     * Reads exactly {@code count} bytes, growing the buffer only as data arrives so that a header promising more than
     * the stream holds costs no more memory than the stream's real content.
     */
    private static byte[] readBody(InputStream in, String source, int[] dims, long headerSize, int count)
            throws IOException {
        byte[] buf = new byte[Math.min(count, INITIAL_CHUNK)];
        int filled = 0;
        while (filled < count) {
            if (filled == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(count, 2L * buf.length));
            }
            int n;
            try {
                n = in.read(buf, filled, buf.length - filled);
            } catch (EOFException e) {
                // GZIPInputStream reports a cut-off compressed stream this way.
                n = -1;
            }
            if (n < 0) {
                throw new InvalidInputException(source + ": byte offset " + (headerSize + filled)
                        + ": truncated: header promises " + shape(dims) + " values (" + (headerSize + count)
                        + " bytes with the header), data ends after " + (headerSize + filled) + " bytes");
            }
            filled += n;
        }
        return buf;
    }

    /** Reads up to {@code n} bytes; fewer only when the stream ends first. */
    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        int filled = 0;
        while (filled < n) {
            int r;
            try {
                r = in.read(b, filled, n - filled);
            } catch (EOFException e) {
                r = -1;
            }
            if (r < 0) {
                return Arrays.copyOf(b, filled);
            }
            filled += r;
        }
        return b;
    }

    private static String shape(int[] dims) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                s.append('x');
            }
            s.append(Integer.toUnsignedString(dims[i]));
        }
        return s.toString();
    }
}
