package dev.vaekit.data;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.images.ImageResizer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * "Coloured MNIST": a deterministic colour image set made from MNIST digits, for colour models to be trained and
 * benchmarked offline, since no licensed colour image collection of 10,000 or more images can be installed from the
 * registries vaekit reaches (Maven Central, Debian, npm).
 *
 * <p>Image {@code i} is made from digit {@code i mod n} of the source ({@code n} digits, 28 × 28 grey) and its label,
 * with every random choice drawn from {@link SplittableRandom}{@code (}{@link RowSeeds#of}{@code (seed, i))}, in this
 * order:
 *
 * <ol>
 *   <li>two background colours {@code c1}, {@code c2}: each of R, G, B uniform in {@code 0..255};
 *   <li>a background kind, uniform among four: <b>flat</b> ({@code c1}); <b>stripes</b> of {@code c1} and {@code c2},
 *       each {@code p} pixels wide ({@code p} uniform in 2..8), horizontal, vertical or diagonal (uniform);
 *       <b>checks</b> of {@code c1} and {@code c2} in {@code p × p} cells ({@code p} uniform in 2..8); a linear
 *       <b>gradient</b> from {@code c1} to {@code c2} along a direction at an angle uniform in {@code [0, 2π)},
 *       spanning the image's side;
 *   <li>a digit colour {@code f}: R, G, B uniform in {@code 0..255}, drawn again (up to 100 draws) until its BT.601
 *       luma differs by at least {@value #MIN_CONTRAST} from the background's mean luma (that of {@code c1} for a flat
 *       background, the mean of {@code c1}'s and {@code c2}'s otherwise), so that the digit stands out; if no draw
 *       does, black or white, whichever differs more.
 * </ol>
 *
 * <p>The digit is scaled to the image size {@code S} by {@link ImageResizer} (area averaging when shrinking, bilinear
 * when enlarging), and every pixel is {@code round(b (1 - a) + f a)}, with {@code b} the background, {@code a} the
 * digit's grey value / 255 at that pixel. The same source, seed, index and size always give the same image.
 *
 * <p>{@link #main} writes such a set (or the plain grey digits) as PNG files in class folders:
 * {@code OUT/<label>/<index>.png}, e.g. {@code OUT/7/000000.png}. Run with no arguments for its usage.
 */
public final class ColouredMnist {

    /** The default seed. */
    public static final long DEFAULT_SEED = 31;

    /** The least difference of luma, on 0 to 255, between the digit's colour and the mean background colour. */
    public static final int MIN_CONTRAST = 96;

    private static final int DIGIT = 28;

    private ColouredMnist() {}

    /**
     * Renders one coloured image.
     *
     * @param digits the source: 28 × 28 grey images, values in {@code [0, 1]} (as IDX data sets hold them)
     * @param index the image's index {@code i}; its digit is {@code i mod digits.size()}
     * @param size the side {@code S} of the square result
     * @param seed the set's seed
     * @return {@code 3 × S × S} 8-bit samples, channels first
     */
    public static byte[] render(Dataset digits, int index, int size, long seed) {
        requireDigits(digits);
        if (size < 1 || size > 1024) {
            throw new InvalidInputException("coloured MNIST size: expected 1 to 1024 pixels, found " + size);
        }
        SplittableRandom random = new SplittableRandom(RowSeeds.of(seed, index));
        int[] c1 = colour(random);
        int[] c2 = colour(random);
        int kind = random.nextInt(4);
        int period = 2 + random.nextInt(7);
        int orientation = random.nextInt(3);
        double angle = 2 * Math.PI * random.nextDouble();
        int[] f = digitColour(random, c1, kind == 0 ? c1 : c2);

        byte[] digit = ImageResizer.resizeCentreCrop(grey(digits, index % digits.size()), 1, DIGIT, DIGIT, size);
        byte[] out = new byte[3 * size * size];
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double centre = (size - 1) / 2.0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double t; // the share of c2 in the background here
                switch (kind) {
                    case 0 -> t = 0;
                    case 1 -> {
                        int along = orientation == 0 ? y : orientation == 1 ? x : x + y;
                        t = (along / period) % 2;
                    }
                    case 2 -> t = ((x / period) + (y / period)) % 2;
                    default -> t = Math.max(0, Math.min(1, ((x - centre) * cos + (y - centre) * sin) / size + 0.5));
                }
                double a = (digit[y * size + x] & 0xff) / 255.0;
                for (int c = 0; c < 3; c++) {
                    double background = c1[c] + (c2[c] - c1[c]) * t;
                    long v = Math.round(background * (1 - a) + f[c] * a);
                    out[(c * size + y) * size + x] = (byte) Math.max(0, Math.min(255, v));
                }
            }
        }
        return out;
    }

    private static int[] colour(SplittableRandom random) {
        return new int[] {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
    }

    private static double luma(double r, double g, double b) {
        return 0.299 * r + 0.587 * g + 0.114 * b;
    }

    private static int[] digitColour(SplittableRandom random, int[] c1, int[] c2) {
        double background = (luma(c1[0], c1[1], c1[2]) + luma(c2[0], c2[1], c2[2])) / 2;
        for (int draw = 0; draw < 100; draw++) {
            int[] f = colour(random);
            if (Math.abs(luma(f[0], f[1], f[2]) - background) >= MIN_CONTRAST) {
                return f;
            }
        }
        return background > 127.5 ? new int[] {0, 0, 0} : new int[] {255, 255, 255};
    }

    private static byte[] grey(Dataset digits, int row) {
        byte[] b = new byte[DIGIT * DIGIT];
        int at = row * b.length;
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Math.round(digits.features()[at + i] * 255);
        }
        return b;
    }

    private static void requireDigits(Dataset digits) {
        if (digits.channels() != 1 || digits.height() != DIGIT || digits.width() != DIGIT || !digits.hasLabels()) {
            throw new InvalidInputException(digits.name() + ": expected labelled 28x28 grey digits, found "
                    + digits.channels() + "x" + digits.height() + "x" + digits.width()
                    + (digits.hasLabels() ? "" : " without labels"));
        }
    }

    /**
     * Writes a set of PNG files in class folders, {@code out/<label>/<index, 6 digits>.png}.
     *
     * @param digits the source digits
     * @param out a new or empty folder
     * @param count how many images; index {@code i} uses digit {@code i mod digits.size()}
     * @param size the side of the coloured images (ignored for grey ones, which keep 28 × 28)
     * @param seed the seed
     * @param colour {@code true}: coloured images by {@link #render}; {@code false}: the digits themselves, grey, the
     *     same bytes as in the IDX files
     * @throws InvalidInputException if the folder holds files already, or cannot be written
     */
    public static void write(Dataset digits, Path out, int count, int size, long seed, boolean colour) {
        requireDigits(digits);
        if (count < 1) {
            throw new InvalidInputException("coloured MNIST count: expected at least 1, found " + count);
        }
        try {
            if (Files.isDirectory(out)) {
                try (Stream<Path> files = Files.list(out)) {
                    if (files.findAny().isPresent()) {
                        throw new InvalidInputException(out + ": not empty; expected a new or empty folder");
                    }
                }
            }
            for (int label : java.util.Arrays.stream(digits.labels()).distinct().toArray()) {
                Files.createDirectories(out.resolve(Integer.toString(label)));
            }
            for (int i = 0; i < count; i++) {
                int row = i % digits.size();
                BufferedImage image;
                if (colour) {
                    image = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
                    byte[] px = render(digits, i, size, seed);
                    int plane = size * size;
                    for (int y = 0; y < size; y++) {
                        for (int x = 0; x < size; x++) {
                            int p = y * size + x;
                            int rgb = (px[p] & 0xff) << 16 | (px[plane + p] & 0xff) << 8 | (px[2 * plane + p] & 0xff);
                            image.setRGB(x, y, rgb);
                        }
                    }
                } else {
                    image = new BufferedImage(DIGIT, DIGIT, BufferedImage.TYPE_BYTE_GRAY);
                    byte[] g = grey(digits, row);
                    for (int p = 0; p < g.length; p++) {
                        image.getRaster().setSample(p % DIGIT, p / DIGIT, 0, g[p] & 0xff);
                    }
                }
                Path file = out.resolve(digits.labels()[row] + "/" + String.format(Locale.ROOT, "%06d.png", i));
                if (!ImageIO.write(image, "png", file.toFile())) {
                    throw new IllegalStateException("no PNG writer in this Java runtime");
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(out + ": cannot write the images: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new InvalidInputException(
                    out + ": cannot write the images: " + e.getCause().getMessage(), e);
        }
    }

    /**
     * Writes a set from the command line.
     *
     * <pre>
     * ColouredMnist --out DIR [--dataset mnist|fashion-mnist|mnist-mini] [--split train|test] [--grey]
     *               [--count N] [--size S] [--seed N] [--data-dir DIR]
     * </pre>
     *
     * <p>Defaults: {@code mnist}, {@code train}, coloured, every image of the split once, size 28, seed {@value
     * #DEFAULT_SEED}. Bad arguments print one line and exit with code 2.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        try {
            run(args);
        } catch (InvalidInputException e) {
            System.err.println("coloured-mnist: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void run(String[] args) {
        Path out = null;
        Path dataDir = null;
        String dataset = "mnist";
        String split = "train";
        boolean colour = true;
        int count = -1;
        int size = DIGIT;
        long seed = DEFAULT_SEED;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--grey")) {
                colour = false;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new InvalidInputException(usage("expected a value after " + a));
            }
            String v = args[++i];
            switch (a) {
                case "--out" -> out = Path.of(v);
                case "--data-dir" -> dataDir = Path.of(v);
                case "--dataset" -> dataset = v;
                case "--split" -> split = v;
                case "--count" -> count = number(a, v);
                case "--size" -> size = number(a, v);
                case "--seed" -> seed = number(a, v);
                default -> throw new InvalidInputException(usage("unknown option " + a));
            }
        }
        if (out == null) {
            throw new InvalidInputException(usage("expected --out DIR"));
        }
        if (!split.equals("train") && !split.equals("test")) {
            throw new InvalidInputException("--split: expected train or test, found '" + split + "'");
        }
        DatasetSplit data = Datasets.load(dataset, dataDir);
        DataSource part = split.equals("train") ? data.train() : data.test();
        Dataset digits = part == null ? null : part.materialize("coloured MNIST", Integer.MAX_VALUE);
        if (digits == null) {
            throw new InvalidInputException("--dataset " + dataset + ": has no " + split + " split");
        }
        int n = count < 0 ? digits.size() : count;
        long start = System.nanoTime();
        write(digits, out, n, size, seed, colour);
        System.out.printf(
                Locale.ROOT,
                "wrote %d %s PNG images of %s/%s to %s in %.1f s%n",
                n,
                colour ? "coloured " + size + "x" + size : "grey 28x28",
                dataset,
                split,
                out,
                (System.nanoTime() - start) / 1e9);
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(option + ": expected a whole number, found '" + value + "'");
        }
    }

    private static String usage(String problem) {
        return problem + "; usage: --out DIR [--dataset mnist|fashion-mnist|mnist-mini] [--split train|test]"
                + " [--grey] [--count N] [--size S] [--seed N] [--data-dir DIR]";
    }
}
