package dev.vaekit.data.images;

import dev.vaekit.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A folder of images as a data set larger than memory: decoded once into a cache file, read in batches.
 *
 * <p>{@link #open} scans the folder ({@link ImageFolder}), then looks for its cache in the cache folder: one file per
 * folder and decode settings, named by a hash of the folder's real path and the settings. The cache is used when its
 * key matches: a SHA-256 of the settings ({@link DecodeSettings#describe()}, which holds the decoder's format version
 * and the resize filter), and of every image file's relative path, class, size and modification time, and of the
 * scan's problems. Any change to the folder (a file added, removed, renamed, rewritten or touched) or to the
 * settings changes the key, and the cache is rebuilt; so is a cache file that is damaged or not a vaekit cache at all
 * (see {@link ImageCache}'s checks).
 *
 * <p>Bad files: with {@link ImageFolderOptions#strict()} off, every file that cannot be read (not an image, damaged,
 * too large, a link out of the folder, an image beside the class folders) is skipped with one line naming it, and a
 * summary line counts them; these lines are reported again, from the cache, every time the data set is opened. With
 * strict on, the first such file refuses the data set. Images of different sizes with no image size set are always
 * refused, with a message naming two of them and their sizes.
 *
 * <p>Values: {@link #read(int[], float[])} gives each 8-bit sample {@code v} as {@code v / 255f}, the scaling of the
 * IDX data sets, image after image, each channels first ({@code [c][y][x]}).
 *
 * <p>Reading is safe from several threads. Close the data set when done; reading after {@link #close()} fails.
 */
public final class ImageFolderData implements AutoCloseable {

    /** The default share of the images held out as the test set by {@link #split}: 10%. */
    public static final double DEFAULT_TEST_FRACTION = 0.1;

    /** The cache files' extension. */
    public static final String CACHE_EXTENSION = ".vkimg";

    private static final float[] UNIT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            UNIT[i] = i / 255f;
        }
    }

    private final Path folder;
    private final Path cacheFile;
    private final ImageCache cache;
    private final double buildImagesPerSecond;
    private volatile boolean closed;

    private ImageFolderData(Path folder, Path cacheFile, ImageCache cache, double buildImagesPerSecond) {
        this.folder = folder;
        this.cacheFile = cacheFile;
        this.cache = cache;
        this.buildImagesPerSecond = buildImagesPerSecond;
    }

    /**
     * Opens a folder of images, building or rebuilding its cache when needed.
     *
     * @param folder the folder
     * @param options decode settings, strictness, cache folder, threads
     * @param log receives one line per skipped file, the summaries, and what happens to the cache
     * @return the data set
     * @throws InvalidInputException if the folder is missing or holds no readable image, a file cannot be read in
     *     strict mode, the images differ in size with no size set, or the cache cannot be written
     */
    public static ImageFolderData open(Path folder, ImageFolderOptions options, Consumer<String> log) {
        ImageFolder scan = ImageFolder.scan(folder);
        if (options.strict() && !scan.problems().isEmpty()) {
            throw new InvalidInputException(scan.problems().get(0).line() + " (strict: the data set is refused)");
        }
        DecodeSettings settings = options.decode();
        Path realRoot = realPath(folder);
        Path cacheFile = options.resolvedCacheRoot()
                .resolve(sha256Hex(realRoot + "\n" + settings.describe()).substring(0, 32) + CACHE_EXTENSION);
        String key = key(scan, settings, realRoot);

        ImageCache.Opened opened = ImageCache.open(cacheFile, key, options.verifyCache());
        double rate = Double.NaN;
        if (opened.cache() == null) {
            if (opened.reason() != null) {
                log.accept(folder + ": image cache " + cacheFile + " " + opened.reason() + "; rebuilding it");
            }
            log.accept(folder + ": decoding " + scan.entries().size() + " image files into " + cacheFile);
            ImageCache.Built built = ImageCache.build(
                    cacheFile, key, scan, new ImageDecoder(settings), options.strict(), options.threads());
            rate = built.images() / Math.max(built.seconds(), 1e-9);
            log.accept(String.format(
                    "%s: cached %d images in %.1f s (%.0f images/s)", folder, built.images(), built.seconds(), rate));
            opened = ImageCache.open(cacheFile, key, false);
            if (opened.cache() == null) {
                throw new InvalidInputException(cacheFile + ": the image cache just written " + opened.reason()
                        + "; expected a cache folder that keeps what is written to it");
            }
        }
        ImageCache cache = opened.cache();
        List<String> problems = cache.meta.problems();
        if (options.strict() && !problems.isEmpty()) {
            throw new InvalidInputException(
                    problems.get(0).replaceFirst("; skipped$", "") + " (strict: the data set is refused)");
        }
        problems.forEach(log);
        if (!problems.isEmpty()) {
            log.accept(folder + ": skipped " + problems.size() + " of " + (problems.size() + cache.count)
                    + " image files that could not be read; strict mode refuses the data set instead");
        }
        cache.meta.notes().forEach(log);
        if (!scan.otherFiles().isEmpty()) {
            log.accept(folder + ": ignored " + scan.otherFiles().size() + " file"
                    + (scan.otherFiles().size() == 1 ? "" : "s") + " not named as images (e.g. "
                    + scan.otherFiles().get(0) + ")");
        }
        return new ImageFolderData(folder, cacheFile, cache, rate);
    }

    /** @return {@code folder:PATH}, for messages and manifests */
    public String name() {
        return "folder:" + folder;
    }

    /** @return the folder, as it was given */
    public Path folder() {
        return folder;
    }

    /** @return the cache file the pixels are read from */
    public Path cacheFile() {
        return cacheFile;
    }

    /** @return the images per second of the cache build done by {@link #open}, or NaN when the cache was reused */
    public double buildImagesPerSecond() {
        return buildImagesPerSecond;
    }

    /** @return how many images (rows) */
    public int size() {
        return cache.count;
    }

    /** @return 1 or 3 */
    public int channels() {
        return cache.channels;
    }

    /** @return image height */
    public int height() {
        return cache.height;
    }

    /** @return image width */
    public int width() {
        return cache.width;
    }

    /** @return values per image, {@code channels * height * width} */
    public int dim() {
        return cache.channels * cache.height * cache.width;
    }

    /** @return whether the images have labels (the folder has class folders) */
    public boolean hasLabels() {
        return cache.meta.labels() != null;
    }

    /** @return the class names in label order (label {@code i} is {@code labelNames().get(i)}); empty if unlabelled */
    public List<String> labelNames() {
        return cache.meta.labelNames();
    }

    /**
     * @param row an image
     * @return its label
     * @throws IllegalStateException if the data set has no labels
     */
    public int label(int row) {
        if (!hasLabels()) {
            throw new IllegalStateException(name() + " has no labels");
        }
        return cache.meta.labels()[checkRow(row)];
    }

    /**
     * @param rows images
     * @return their labels, or {@code null} when the data set has none
     */
    public int[] labels(int[] rows) {
        if (!hasLabels()) {
            return null;
        }
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = cache.meta.labels()[checkRow(rows[i])];
        }
        return out;
    }

    /**
     * @param row an image
     * @return its path relative to the folder, names joined by {@code /}
     */
    public String relativePath(int row) {
        return cache.meta.paths().get(checkRow(row));
    }

    /**
     * A hash of the images used, for a run to record: the lower-case hex SHA-256 of one line per image, in row order,
     * {@code relative path TAB class name (empty when unlabelled) TAB hex SHA-256 of the file's bytes LF}. It names
     * the images and their content, not where the folder lies or when the files were touched, so the same images
     * give the same hash on any machine; it does not cover the decode settings, which a run records on its own.
     *
     * @return 64 hex digits
     */
    public String listHash() {
        return cache.meta.listHash();
    }

    /** @return the lines of the files skipped when the cache was built, one per file */
    public List<String> skipped() {
        return cache.meta.problems();
    }

    /** @return summary lines of what was noted while decoding (animated GIFs, decoder warnings) */
    public List<String> notes() {
        return cache.meta.notes();
    }

    /**
     * Reads images as 8-bit samples.
     *
     * @param rows the images, in the order wanted (repeats allowed)
     * @param dst receives {@code rows.length * dim()} bytes, image after image, each channels first
     */
    public void readBytes(int[] rows, byte[] dst) {
        int d = dim();
        checkLength(rows, dst.length);
        for (int i = 0; i < rows.length; i++) {
            cache.read(checkRow(rows[i]), dst, i * d);
        }
    }

    /**
     * Reads images as floats {@code v / 255}.
     *
     * @param rows the images, in the order wanted (repeats allowed)
     * @param dst receives {@code rows.length * dim()} values, image after image, each channels first
     */
    public void read(int[] rows, float[] dst) {
        int d = dim();
        checkLength(rows, dst.length);
        byte[] scratch = new byte[d];
        for (int i = 0; i < rows.length; i++) {
            cache.read(checkRow(rows[i]), scratch, 0);
            int at = i * d;
            for (int k = 0; k < d; k++) {
                dst[at + k] = UNIT[scratch[k] & 0xff];
            }
        }
    }

    /**
     * A seeded split into training and test images: the images are shuffled by a Fisher–Yates shuffle driven by
     * {@link SplittableRandom}{@code (seed)} (the shuffle of {@code dev.vaekit.data.Splits.permutation}); the first
     * {@code round(testFraction * size())} shuffled images form the test set, the rest the training set, each in
     * ascending row order. The same images, fraction and seed give the same split.
     *
     * @param testFraction the share held out, in {@code [0, 1)}; {@link #DEFAULT_TEST_FRACTION} by default
     * @param seed the seed
     * @return the two sets of rows
     * @throws InvalidInputException if the fraction is outside {@code [0, 1)} or leaves no training image
     */
    public Split split(double testFraction, long seed) {
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new InvalidInputException("test fraction: expected a number in [0, 1), found " + testFraction);
        }
        int n = size();
        int test = (int) Math.round(testFraction * n);
        if (test >= n) {
            throw new InvalidInputException("test fraction: " + testFraction + " of " + n + " images in " + name()
                    + " leaves no training images; expected a smaller fraction");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] testRows = Arrays.copyOfRange(order, 0, test);
        int[] trainRows = Arrays.copyOfRange(order, test, n);
        Arrays.sort(testRows);
        Arrays.sort(trainRows);
        return new Split(trainRows, testRows);
    }

    /**
     * Rows of a seeded split.
     *
     * @param train the training images, ascending
     * @param test the test images, ascending
     */
    public record Split(int[] train, int[] test) {}

    /** Closes the cache file; reading afterwards fails. Closing twice does nothing. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            cache.close();
        }
    }

    private int checkRow(int row) {
        if (closed) {
            throw new IllegalStateException(name() + " is closed");
        }
        if (row < 0 || row >= cache.count) {
            throw new IndexOutOfBoundsException("row " + row + " outside [0, " + cache.count + ") of " + name());
        }
        return row;
    }

    private void checkLength(int[] rows, int length) {
        if ((long) rows.length * dim() > length) {
            throw new IllegalArgumentException(rows.length + " images of " + dim() + " values need "
                    + (long) rows.length * dim() + ", the destination holds " + length);
        }
    }

    private static Path realPath(Path folder) {
        try {
            return folder.toRealPath();
        } catch (IOException e) {
            throw new InvalidInputException(folder + ": cannot read the folder: " + e.getMessage(), e);
        }
    }

    /** The cache key: settings, folder, and every file's path, class, size and time, and the scan's problems. */
    static String key(ImageFolder scan, DecodeSettings settings, Path realRoot) {
        MessageDigest digest = sha256();
        Consumer<String> line = text -> digest.update((text + "\n").getBytes(StandardCharsets.UTF_8));
        line.accept("vaekit image cache key 1");
        line.accept(settings.describe());
        line.accept(realRoot.toString());
        line.accept(String.join("\t", scan.labelNames()));
        for (ImageFolder.Entry e : scan.entries()) {
            line.accept(e.relativePath() + "\t" + e.label() + "\t" + e.size() + "\t" + e.modifiedNanos());
        }
        for (ImageFolder.Problem p : scan.problems()) {
            line.accept(p.line());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
