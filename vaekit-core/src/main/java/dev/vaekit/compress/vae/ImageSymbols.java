package dev.vaekit.compress.vae;

import dev.vaekit.InvalidInputException;
import dev.vaekit.compress.Baselines;
import dev.vaekit.data.DataSource;
import dev.vaekit.data.IdxReader;
import dev.vaekit.io.Npy;
import dev.vaekit.util.AtomicFiles;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Images as the symbols a lossless coder sees: n examples of shape (channels, height, width), each value a symbol in
 * [0, alphabet) — 0 and 1 for binary images, grey (or colour) levels 0 to 255 for 8-bit ones — one byte each, example
 * after example, channel-major as vaekit holds pictures.
 *
 * <p>Files. Reading and writing use the same convention, so that a file written here reads back to the same symbols:
 *
 * <ul>
 *   <li>a folder of PNG files (its {@code *.png} files, by name; sub-folders and other files are not read): each file
 *       one example. An 8-bit example is the PNG's grey level (or red, green and blue for 3 channels); a binary one is
 *       black (0) or white (1), from a 1-bit PNG or an 8-bit one holding only 0 and 255. Written as
 *       {@code 00000.png}, {@code 00001.png}, …: 1-bit grey PNGs for binary images, 8-bit grey for 8-bit, 8-bit RGB
 *       for 3 channels;
 *   <li>one {@code .png} file: one example, as above;
 *   <li>an IDX file of unsigned bytes ({@code .idx} or a name ending in {@code -ubyte}, optionally gzip-compressed when
 *       read), dimensions (n, height, width), (n, channels, height, width) or (n, D): the symbols themselves;
 *   <li>an NPY file ({@code .npy}) of integers, the same dimensions; written as unsigned bytes ({@code |u1}).
 * </ul>
 *
 * Every value is checked against the alphabet, and every shape against the model's, each refusal one line naming the
 * file.
 */
public final class ImageSymbols {
    /** The most values (examples times features) held in memory: 512 MiB. */
    public static final long MAX_VALUES = 1L << 29;

    private final int[] shape;
    private final int alphabet;
    private final int features;
    private final byte[] values;

    /**
     * @param shape (channels, height, width) of one example
     * @param alphabet the number of symbols, 2 or 256
     * @param values the examples' symbols, n·D bytes (not copied)
     * @throws IllegalArgumentException if the values do not fill whole examples or the alphabet is not 2 or 256
     */
    public ImageSymbols(int[] shape, int alphabet, byte[] values) {
        if (shape.length != 3 || shape[0] < 1 || shape[1] < 1 || shape[2] < 1) {
            throw new IllegalArgumentException(
                    "an image shape is (channels, height, width), got " + Arrays.toString(shape));
        }
        if (alphabet != 2 && alphabet != 256) {
            throw new IllegalArgumentException("images have 2 or 256 levels, got " + alphabet);
        }
        this.shape = shape.clone();
        this.alphabet = alphabet;
        this.features = shape[0] * shape[1] * shape[2];
        if (values.length % features != 0) {
            throw new IllegalArgumentException(values.length + " values are not whole examples of " + features);
        }
        this.values = values;
    }

    /** @return (channels, height, width) */
    public int[] shape() {
        return shape.clone();
    }

    /** @return 2 or 256 */
    public int alphabet() {
        return alphabet;
    }

    /** @return D, the values of one example */
    public int features() {
        return features;
    }

    /** @return n */
    public int count() {
        return values.length / features;
    }

    /** @return the symbols, n·D bytes, read unsigned (not copied) */
    public byte[] values() {
        return values;
    }

    /**
     * @param index which example
     * @return its D symbols
     */
    public int[] example(int index) {
        int[] example = new int[features];
        int offset = index * features;
        for (int i = 0; i < features; i++) {
            example[i] = values[offset + i] & 0xFF;
        }
        return example;
    }

    /**
     * Room for examples to be filled in with {@link #set} (for a decoder).
     *
     * @param shape an example's shape
     * @param alphabet 2 or 256
     * @param count n
     * @return n zero examples
     * @throws InvalidInputException if n·D exceeds {@link #MAX_VALUES}
     */
    public static ImageSymbols allocate(int[] shape, int alphabet, int count) {
        long total = (long) count * shape[0] * shape[1] * shape[2];
        checkSize(total, "the file");
        return new ImageSymbols(shape, alphabet, new byte[(int) total]);
    }

    /**
     * @param index which example
     * @param example its D symbols, each in [0, alphabet)
     */
    public void set(int index, int[] example) {
        int offset = index * features;
        for (int i = 0; i < features; i++) {
            values[offset + i] = (byte) example[i];
        }
    }

    /**
     * The rows of a data set as symbols: binary values 0 and 1, or 8-bit values v/255 as vaekit reads pictures.
     *
     * @param rows the rows, as the model sees them (binarised when the model is binary)
     * @param shape the model's example shape
     * @param alphabet 2 or 256
     * @return the symbols
     * @throws InvalidInputException if the rows have another size, or a value is not one of the alphabet's
     */
    public static ImageSymbols ofRows(DataSource rows, int[] shape, int alphabet) {
        int d = shape[0] * shape[1] * shape[2];
        if (rows.dim() != d) {
            throw new InvalidInputException(
                    rows.name() + ": examples of " + rows.dim() + " values, the model takes " + Arrays.toString(shape));
        }
        checkSize((long) rows.size() * d, rows.name());
        byte[] values = new byte[rows.size() * d];
        int batch = Math.max(1, (1 << 16) / d);
        float[] buffer = new float[batch * d];
        for (int from = 0; from < rows.size(); from += batch) {
            int to = Math.min(rows.size(), from + batch);
            int[] index = new int[to - from];
            for (int i = 0; i < index.length; i++) {
                index[i] = from + i;
            }
            rows.read(index, buffer);
            for (int i = 0; i < (to - from) * d; i++) {
                values[from * d + i] = (byte) symbolOf(buffer[i], alphabet, rows.name(), from + i / d, i % d);
            }
        }
        return new ImageSymbols(shape, alphabet, values);
    }

    /** A value of vaekit's data as a symbol, refused unless exactly one. */
    private static int symbolOf(float value, int alphabet, String name, int example, int feature) {
        if (alphabet == 2) {
            if (value == 0f || value == 1f) {
                return (int) value;
            }
            throw new InvalidInputException(name + ": example " + example + ", value " + feature + " is " + value
                    + "; a model of binary images codes 0 and 1 only (was the run trained with --binarize none?)");
        }
        int level = Math.round(value * 255f);
        if (level < 0 || level > 255 || level / 255f != value) {
            throw new InvalidInputException(name + ": example " + example + ", value " + feature + " is " + value
                    + ", not one of the 256 levels v/255 of 8-bit data");
        }
        return level;
    }

    /**
     * Reads examples from a folder of PNG files, one PNG file, an IDX file or an NPY file (see the class comment).
     *
     * @param input the folder or file
     * @param shape the model's example shape (channels, height, width)
     * @param alphabet 2 or 256
     * @param limit at most this many examples (0: all)
     * @return the symbols
     * @throws InvalidInputException in one line naming the file, if it is missing, not of a kind read here, of another
     *     shape, or holds a value outside the alphabet
     */
    public static ImageSymbols read(Path input, int[] shape, int alphabet, int limit) {
        if (Files.isDirectory(input)) {
            return readFolder(input, shape, alphabet, limit);
        }
        if (!Files.isRegularFile(input)) {
            throw new InvalidInputException(input + ": no such file or folder");
        }
        byte[] head = new byte[8];
        int got;
        try (InputStream in = Files.newInputStream(input)) {
            got = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new InvalidInputException(input + ": cannot read: " + e.getMessage(), e);
        }
        if (got >= 6 && (head[0] & 0xFF) == 0x93 && head[1] == 'N' && head[2] == 'U' && head[3] == 'M') {
            return readNpy(input, shape, alphabet, limit);
        }
        if (got >= 8 && (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            ImageSymbols one = new ImageSymbols(shape, alphabet, new byte[shape[0] * shape[1] * shape[2]]);
            one.set(0, readPng(input, shape, alphabet));
            return one;
        }
        if (got >= 4 && ((head[0] == 0 && head[1] == 0) || ((head[0] & 0xFF) == 0x1f && (head[1] & 0xFF) == 0x8b))) {
            return readIdx(input, shape, alphabet, limit);
        }
        throw new InvalidInputException(input + ": not a folder of PNG files, a PNG, an IDX or an NPY file");
    }

    private static ImageSymbols readFolder(Path folder, int[] shape, int alphabet, int limit) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".")
                        && name.toLowerCase(Locale.ROOT).endsWith(".png")
                        && Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(folder + ": cannot list: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new InvalidInputException(folder + ": holds no .png files");
        }
        files.sort(
                (a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        int count = limit > 0 ? Math.min(limit, files.size()) : files.size();
        int d = shape[0] * shape[1] * shape[2];
        checkSize((long) count * d, folder.toString());
        ImageSymbols symbols = new ImageSymbols(shape, alphabet, new byte[count * d]);
        for (int i = 0; i < count; i++) {
            symbols.set(i, readPng(files.get(i), shape, alphabet));
        }
        return symbols;
    }

    /** One PNG file as an example's symbols. */
    static int[] readPng(Path file, int[] shape, int alphabet) {
        int channels = shape[0];
        int height = shape[1];
        int width = shape[2];
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new InvalidInputException(file + ": not an image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0); // from the header, before any pixel is decoded
                int h = reader.getHeight(0);
                if (w != width || h != height) {
                    throw new InvalidInputException(file + ": image is " + w + "x" + h + " (width x height), the model "
                            + "takes " + width + "x" + height);
                }
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException invalid) {
                throw invalid;
            }
            throw new InvalidInputException(file + ": cannot read as an image: " + e.getMessage(), e);
        }
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        IndexColorModel palette = image.getColorModel() instanceof IndexColorModel indexed ? indexed : null;
        boolean grey = palette == null && bands <= 2; // grey, or grey and alpha
        int maxSample = grey ? (1 << image.getColorModel().getComponentSize(0)) - 1 : 255;
        int[] example = new int[channels * height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r;
                int g;
                int b;
                if (palette != null) {
                    int index = raster.getSample(x, y, 0);
                    r = palette.getRed(index);
                    g = palette.getGreen(index);
                    b = palette.getBlue(index);
                } else if (grey) {
                    int sample = raster.getSample(x, y, 0);
                    if ((sample * 255L) % maxSample != 0) {
                        throw new InvalidInputException(file + ": pixel (" + x + ", " + y + ") is " + sample + " of "
                                + maxSample + ", between two of the 256 levels of 8-bit images");
                    }
                    r = (int) (sample * 255L / maxSample);
                    g = r;
                    b = r;
                } else {
                    r = raster.getSample(x, y, 0);
                    g = raster.getSample(x, y, 1);
                    b = raster.getSample(x, y, 2);
                    if (image.getColorModel().getComponentSize(0) != 8) {
                        throw new InvalidInputException(file + ": a colour image of "
                                + image.getColorModel().getComponentSize(0) + " bits per channel; 8 are read");
                    }
                }
                int pixel = y * width + x;
                if (channels == 1) {
                    if (r != g || g != b) {
                        throw new InvalidInputException(
                                file + ": pixel (" + x + ", " + y + ") is in colour; the model " + "takes grey images");
                    }
                    example[pixel] = level(r, alphabet, file, x, y);
                } else if (channels == 3) {
                    example[pixel] = level(r, alphabet, file, x, y);
                    example[height * width + pixel] = level(g, alphabet, file, x, y);
                    example[2 * height * width + pixel] = level(b, alphabet, file, x, y);
                } else {
                    throw new InvalidInputException(file + ": PNG files hold 1 or 3 channels, the model takes "
                            + channels + "; use an IDX or NPY file");
                }
            }
        }
        return example;
    }

    /** An 8-bit level as a symbol: itself, or for binary images 0 → 0 and 255 → 1. */
    private static int level(int value, int alphabet, Path file, int x, int y) {
        if (alphabet == 256) {
            return value;
        }
        if (value == 0 || value == 255) {
            return value / 255;
        }
        throw new InvalidInputException(file + ": pixel (" + x + ", " + y + ") is " + value + "; a model of binary "
                + "images codes black (0) and white (255) only");
    }

    private static ImageSymbols readIdx(Path file, int[] shape, int alphabet, int limit) {
        IdxReader.IdxArray array = IdxReader.read(file);
        long[] dims = new long[array.dims().length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = array.dims()[i];
        }
        int count = checkDims(file, dims, shape);
        return fromBytes(file, array.data(), shape, alphabet, count, limit);
    }

    private static ImageSymbols readNpy(Path file, int[] shape, int alphabet, int limit) {
        Npy.Array array = Npy.read(file);
        int count = checkDims(file, array.shape(), shape);
        checkSize(array.size(), file.toString());
        if (array.kind() == 'u' && array.itemSize() == 1) {
            return fromBytes(file, array.data(), shape, alphabet, count, limit); // C order: one row after another
        }
        int[] ints = array.toInts();
        int d = shape[0] * shape[1] * shape[2];
        int n = limit > 0 ? Math.min(limit, count) : count;
        byte[] values = new byte[n * d];
        for (int i = 0; i < values.length; i++) {
            if (ints[i] < 0 || ints[i] >= alphabet) {
                throw outOfRange(file, i / d, i % d, ints[i], alphabet);
            }
            values[i] = (byte) ints[i];
        }
        return new ImageSymbols(shape, alphabet, values);
    }

    /** Checks that the dimensions are (n, shape...), (n, height, width) for grey images or (n, D); returns n. */
    private static int checkDims(Path file, long[] dims, int[] shape) {
        int d = shape[0] * shape[1] * shape[2];
        boolean fits = (dims.length == 4 && dims[1] == shape[0] && dims[2] == shape[1] && dims[3] == shape[2])
                || (dims.length == 3 && shape[0] == 1 && dims[1] == shape[1] && dims[2] == shape[2])
                || (dims.length == 2 && dims[1] == d);
        if (!fits || dims[0] > Integer.MAX_VALUE) {
            throw new InvalidInputException(file + ": dimensions " + Arrays.toString(dims) + "; the model takes "
                    + "examples of shape " + Arrays.toString(shape) + ": expected (n, " + shape[0] + ", " + shape[1]
                    + ", " + shape[2] + ")" + (shape[0] == 1 ? ", (n, " + shape[1] + ", " + shape[2] + ")" : "")
                    + " or (n, " + d + ")");
        }
        return (int) dims[0];
    }

    private static ImageSymbols fromBytes(Path file, byte[] data, int[] shape, int alphabet, int count, int limit) {
        int d = shape[0] * shape[1] * shape[2];
        int n = limit > 0 ? Math.min(limit, count) : count;
        byte[] values = Arrays.copyOf(data, n * d);
        if (alphabet < 256) {
            for (int i = 0; i < values.length; i++) {
                if ((values[i] & 0xFF) >= alphabet) {
                    throw outOfRange(file, i / d, i % d, values[i] & 0xFF, alphabet);
                }
            }
        }
        return new ImageSymbols(shape, alphabet, values);
    }

    private static InvalidInputException outOfRange(Path file, int example, int feature, int value, int alphabet) {
        return new InvalidInputException(file + ": example " + example + ", value " + feature + " is " + value
                + "; the model codes values 0 to " + (alphabet - 1)
                + (alphabet == 2 ? " (binary images: 0 and 1)" : ""));
    }

    private static void checkSize(long values, String what) {
        if (values > MAX_VALUES) {
            throw new InvalidInputException(what + ": " + values + " values, more than the " + MAX_VALUES
                    + " held in memory at once; take fewer examples (--n)");
        }
    }

    /** How {@link #write} stores the examples, chosen by the output's name. */
    public enum Format {
        /** {@code NAME.npy}: one NPY file of unsigned bytes. */
        NPY,
        /** {@code NAME.idx} or {@code NAME…-ubyte}: one IDX file of unsigned bytes. */
        IDX,
        /** {@code NAME.png}: one PNG file, for exactly one example. */
        PNG,
        /** Anything else: a folder of PNG files. */
        FOLDER;

        /**
         * @param output where the examples go
         * @return the format its name asks for
         */
        public static Format of(Path output) {
            String name = output.getFileName() == null
                    ? ""
                    : output.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".npy")) {
                return NPY;
            }
            if (name.endsWith(".idx") || name.endsWith("-ubyte")) {
                return IDX;
            }
            return name.endsWith(".png") ? PNG : FOLDER;
        }
    }

    /**
     * Writes the examples in the format {@link Format#of} gives the output: a new file written atomically, or a new
     * folder of PNG files filled beside it and renamed into place.
     *
     * @param output the file or folder; a folder must not exist or be empty, a file is replaced
     * @return the format written
     * @throws InvalidInputException if the output is a folder that holds files, or a PNG is asked for more than one
     *     example or more than 3 channels
     */
    public Format write(Path output) {
        Format format = Format.of(output);
        int n = count();
        switch (format) {
            case NPY -> AtomicFiles.write(output, out -> Npy.writeUint8(out, values, dims()));
            case IDX -> AtomicFiles.write(output, out -> out.write(idx()));
            case PNG -> {
                if (n != 1) {
                    throw new InvalidInputException(output + ": one PNG file holds one image, these are " + n
                            + "; write a folder, an .npy or an .idx file");
                }
                byte[] png = png(0);
                AtomicFiles.write(output, out -> out.write(png));
            }
            case FOLDER -> writeFolder(output);
        }
        return format;
    }

    /** (n, height, width) for grey images, (n, channels, height, width) otherwise. */
    private long[] dims() {
        return shape[0] == 1
                ? new long[] {count(), shape[1], shape[2]}
                : new long[] {count(), shape[0], shape[1], shape[2]};
    }

    /** The IDX file: magic 0, 0, 0x08 (unsigned bytes), the rank, the dimensions (big-endian), the values. */
    private byte[] idx() throws IOException {
        long[] dims = dims();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4 + 4 * dims.length + values.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeShort(0);
            out.writeByte(0x08);
            out.writeByte(dims.length);
            for (long dim : dims) {
                out.writeInt((int) dim);
            }
            out.write(values);
        }
        return bytes.toByteArray();
    }

    /**
     * Checks, before any work, that {@link #write} may write there: a folder of PNG files must not exist or be empty.
     *
     * @param output the file or folder
     * @throws InvalidInputException if the output is a folder that holds files, or a file where a folder is asked for
     */
    public static void checkOutput(Path output) {
        if (Format.of(output) != Format.FOLDER || !Files.exists(output)) {
            return;
        }
        if (!Files.isDirectory(output)) {
            throw new InvalidInputException(output + ": exists and is not a folder");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(output)) {
            if (entries.iterator().hasNext()) {
                throw new InvalidInputException(output + ": exists and is not empty; name a new folder");
            }
        } catch (IOException e) {
            throw new InvalidInputException(output + ": cannot list: " + e.getMessage(), e);
        }
    }

    private void writeFolder(Path folder) {
        if (shape[0] != 1 && shape[0] != 3) {
            throw new InvalidInputException(folder + ": PNG files hold 1 or 3 channels, these images have " + shape[0]
                    + "; write an .npy or .idx file");
        }
        checkOutput(folder);
        try {
            Path parent = folder.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path staging = Files.createTempDirectory(parent, folder.getFileName() + ".tmp");
            try {
                int digits =
                        Math.max(5, Integer.toString(Math.max(0, count() - 1)).length());
                for (int i = 0; i < count(); i++) {
                    Files.write(staging.resolve(String.format(Locale.ROOT, "%0" + digits + "d.png", i)), png(i));
                }
                Files.deleteIfExists(folder); // an empty folder
                AtomicFiles.move(staging, folder);
            } catch (IOException | RuntimeException e) {
                deleteTree(staging);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Example i as a PNG file: 1-bit grey for binary grey images, 8-bit grey, or 8-bit RGB for 3 channels. */
    private byte[] png(int index) {
        int height = shape[1];
        int width = shape[2];
        int[] example = example(index);
        if (shape[0] == 1) {
            return Baselines.png(example, width, height, alphabet == 2 ? 1 : 8);
        }
        if (shape[0] != 3) {
            throw new InvalidInputException(
                    "PNG files hold 1 or 3 channels, these images have " + shape[0] + "; write an .npy or .idx file");
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster raster = image.getRaster();
        int scale = alphabet == 2 ? 255 : 1;
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < height * width; p++) {
                raster.setSample(p % width, p / width, c, example[c * height * width + p] * scale);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void deleteTree(Path folder) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
            Files.deleteIfExists(folder);
        } catch (IOException ignored) {
            // best effort: a stray staging folder is harmless
        }
    }
}
