package dev.vaekit.data;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.images.DecodeSettings;
import dev.vaekit.data.images.ImageFolderData;
import dev.vaekit.data.images.ImageFolderOptions;
import dev.vaekit.util.UserCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Loads data sets by name.
 *
 * <p>Specs:
 *
 * <ul>
 *   <li>{@code mnist}, {@code fashion-mnist}: 60000 training and 10000 test images of 28x28, read from IDX files on
 *       disk (see below).
 *   <li>{@code mnist-mini}: the first 5000 training and 1000 test images of MNIST, embedded in vaekit (no download).
 *   <li>{@code moons}, {@code rings}, {@code checkerboard}: 2-D toy densities, generated ({@link ToyDatasets}).
 *   <li>{@code dsprites}, {@code dsprites-small}: dSprites and a small sprite set with known factors, generated
 *       ({@link FactorDatasets}).
 *   <li>{@code csv:PATH}: a CSV file read by {@link CsvReader}, all of it as the training set (no test set); a column
 *       named {@code label}, if present, holds the labels.
 * </ul>
 *
 * <p>The IDX files of {@code mnist} and {@code fashion-mnist} are searched in these data roots, in order: the folder
 * given to {@link #load(String, Path)}, the folder in the environment variable {@code VAEKIT_DATA}, and the per-user
 * cache {@code ${XDG_CACHE_HOME:-~/.cache}/vaekit/datasets}. The first root holding all four files wins. Inside a root:
 *
 * <pre>
 * mnist/train-images-idx3-ubyte   mnist/train-labels-idx1-ubyte
 * mnist/t10k-images-idx3-ubyte    mnist/t10k-labels-idx1-ubyte
 * fashion-mnist/...               (the same names)
 * </pre>
 *
 * <p>each optionally gzip-compressed with a {@code .gz} suffix. {@code scripts/fetch-datasets.sh} fills the cache.
 */
public final class Datasets {

    /** The spec prefix for CSV files. */
    public static final String CSV_PREFIX = "csv:";

    /** The prefix of a folder-of-images spec, {@code folder:PATH}. */
    public static final String FOLDER_PREFIX = "folder:";

    /** The share of a folder's images held out as its test set, and the seed of that split. */
    public static final double FOLDER_TEST_FRACTION = ImageFolderData.DEFAULT_TEST_FRACTION;

    /** The seed of a folder's train/test split: fixed, so that the test set is the same for every run. */
    public static final long FOLDER_SPLIT_SEED = 0;

    /** The label column looked for in CSV files. */
    public static final String CSV_LABEL_COLUMN = "label";

    /** The names of the built-in data sets, in the order they are listed to users. */
    public static final List<String> BUILT_IN = List.of(
            "mnist",
            "fashion-mnist",
            "mnist-mini",
            "moons",
            "rings",
            "checkerboard",
            "8gaussians",
            "dsprites",
            "dsprites-small");

    private static final String MINI_RESOURCES = "mnist-mini/";

    private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    private static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    private static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    private static final List<String> IDX_FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** MNIST and Fashion-MNIST (and mnist-mini): grey images of 28x28 pixels in 10 classes. */
    private static final int MNIST_SIZE = 28;

    private static final int MNIST_CLASSES = 10;

    private Datasets() {}

    /**
     * Loads a data set by spec, searching the environment's data roots.
     *
     * @param spec {@code mnist}, {@code fashion-mnist}, {@code mnist-mini} or {@code csv:PATH}
     * @param dataDirOrNull a data root to search first, or {@code null}
     * @return the training set and, except for CSV files, the test set; named e.g. {@code mnist/train}
     * @throws InvalidInputException if the spec is unknown, the data set cannot be found, or its files are malformed
     */
    public static DatasetSplit load(String spec, Path dataDirOrNull) {
        return load(spec, dataDirOrNull, System.getenv());
    }

    /** As {@link #load(String, Path)}, with the environment variables given (for tests). */
    static DatasetSplit load(String spec, Path dataDirOrNull, Map<String, String> env) {
        return load(new DataConfig(spec, Binarization.NONE, 0, 0), dataDirOrNull, env, System.err::println);
    }

    /**
     * Loads the data set a run's data section names: as {@link #load(String, Path)}, and for a folder of images
     * ({@code folder:PATH}) with its channels, image size and strictness, the images read through their cache in
     * vaekit's cache folder.
     *
     * @param data the data section
     * @param dataDirOrNull a data root to search first, or {@code null}
     * @param log where the lines about skipped or converted image files go
     * @return the training set and the test set; a folder's test set is {@value #FOLDER_TEST_FRACTION} of its images,
     *     chosen with seed {@value #FOLDER_SPLIT_SEED}
     */
    public static DatasetSplit load(DataConfig data, Path dataDirOrNull, Consumer<String> log) {
        return load(data, dataDirOrNull, System.getenv(), log);
    }

    private static DatasetSplit load(
            DataConfig data, Path dataDirOrNull, Map<String, String> env, Consumer<String> log) {
        String spec = data.dataset();
        String s = spec == null ? "" : spec.trim();
        if (s.startsWith(FOLDER_PREFIX)) {
            ImageFolderOptions options = ImageFolderOptions.of(DecodeSettings.of(data.channels(), data.imageSize()))
                    .withStrict(data.strict());
            ImageFolderSource images = new ImageFolderSource(
                    ImageFolderData.open(path(s.substring(FOLDER_PREFIX.length()), "folder"), options, log));
            ImageFolderData.Split split = images.images().split(FOLDER_TEST_FRACTION, FOLDER_SPLIT_SEED);
            return new DatasetSplit(
                    images.select(split.train()),
                    images.select(split.test()),
                    images.images().listHash());
        }
        if (s.startsWith(CSV_PREFIX)) {
            return new DatasetSplit(loadCsv(s.substring(CSV_PREFIX.length())), null);
        }
        switch (s) {
            case "mnist":
            case "fashion-mnist":
                return loadIdx(s, searchRoots(dataDirOrNull, env));
            case "mnist-mini":
                return loadMini();
            case "moons":
            case "rings":
            case "checkerboard":
            case "8gaussians":
                return ToyDatasets.load(s);
            case "dsprites":
            case "dsprites-small":
                return FactorDatasets.load(s);
            default:
                throw new InvalidInputException("dataset: expected one of " + String.join(", ", BUILT_IN) + ", "
                        + CSV_PREFIX + "PATH or " + FOLDER_PREFIX + "PATH, found '" + spec + "'");
        }
    }

    /**
     * Reads the table of a {@code csv:PATH} spec as text, for {@link TableSchema} to type and encode.
     *
     * @param spec {@code csv:PATH}
     * @return the table
     * @throws InvalidInputException if the spec is not a CSV spec or the file is missing or malformed
     */
    public static Table loadTable(String spec) {
        String s = spec == null ? "" : spec.trim();
        if (!s.startsWith(CSV_PREFIX) || s.length() == CSV_PREFIX.length()) {
            throw new InvalidInputException(
                    "dataset: tables are read from " + CSV_PREFIX + "PATH, found '" + spec + "'");
        }
        String file = s.substring(CSV_PREFIX.length());
        return CsvReader.readTable(path(file, "dataset " + CSV_PREFIX + file));
    }

    /**
     * The data roots searched for {@code mnist} and {@code fashion-mnist}, in order.
     *
     * @param dataDirOrNull a root to search first, or {@code null}
     * @param env environment variables ({@code VAEKIT_DATA}, {@code XDG_CACHE_HOME}, {@code HOME})
     * @return the roots, without duplicates
     */
    static List<Path> searchRoots(Path dataDirOrNull, Map<String, String> env) {
        List<Path> roots = new ArrayList<>();
        if (dataDirOrNull != null) {
            roots.add(dataDirOrNull);
        }
        String vaekitData = env.get("VAEKIT_DATA");
        if (vaekitData != null && !vaekitData.isBlank()) {
            roots.add(path(vaekitData, "VAEKIT_DATA"));
        }
        roots.add(cacheRoot(env));
        return roots.stream().distinct().collect(Collectors.toList());
    }

    /**
     * @param env environment variables
     * @return {@code ${XDG_CACHE_HOME:-$HOME/.cache}/vaekit/datasets}; a relative {@code XDG_CACHE_HOME} is ignored
     *     as the XDG specification requires
     */
    static Path cacheRoot(Map<String, String> env) {
        return UserCache.root(env).resolve("datasets");
    }

    private static Path path(String text, String what) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new InvalidInputException(what + ": expected a path, found '" + text + "'", e);
        }
    }

    private static DatasetSplit loadIdx(String name, List<Path> roots) {
        List<String> searched = new ArrayList<>();
        for (Path root : roots) {
            Path dir = root.resolve(name);
            searched.add(dir.toString());
            List<Path> files = new ArrayList<>();
            for (String f : IDX_FILES) {
                Path found = find(dir, f);
                if (found == null) {
                    break;
                }
                files.add(found);
            }
            if (files.size() == IDX_FILES.size()) {
                IdxReader.Expected expected = mnistShaped(name);
                Dataset train = IdxReader.readImages(files.get(0), files.get(1), name + "/train", expected);
                Dataset test = IdxReader.readImages(files.get(2), files.get(3), name + "/test", expected);
                return new DatasetSplit(train, test);
            }
        }
        throw new InvalidInputException("dataset '" + name + "' not found in " + String.join(", ", searched)
                + "; fetch it with: scripts/fetch-datasets.sh");
    }

    /** @return {@code dir/name} or else {@code dir/name.gz} if it is a file, or {@code null} */
    private static Path find(Path dir, String name) {
        for (Path p : List.of(dir.resolve(name), dir.resolve(name + ".gz"))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static DatasetSplit loadMini() {
        Dataset train = miniResource(TRAIN_IMAGES, TRAIN_LABELS, "mnist-mini/train");
        Dataset test = miniResource(TEST_IMAGES, TEST_LABELS, "mnist-mini/test");
        return new DatasetSplit(train, test);
    }

    private static Dataset miniResource(String images, String labels, String name) {
        String imagesResource = MINI_RESOURCES + images + ".gz";
        String labelsResource = MINI_RESOURCES + labels + ".gz";
        IdxReader.IdxArray imageArray = resource(imagesResource);
        IdxReader.IdxArray labelArray = resource(labelsResource);
        return IdxReader.toDataset(
                imageArray, where(imagesResource), labelArray, where(labelsResource), name, mnistShaped("mnist-mini"));
    }

    /** @return what the IDX files of {@code name} must hold: 28x28 images in 10 classes */
    private static IdxReader.Expected mnistShaped(String name) {
        return new IdxReader.Expected(name, MNIST_SIZE, MNIST_SIZE, MNIST_CLASSES);
    }

    private static IdxReader.IdxArray resource(String resource) {
        try (InputStream in = Datasets.class.getResourceAsStream(resource)) {
            if (in == null) {
                // A packaging error, not the user's: the resources ship inside vaekit-core.
                throw new IllegalStateException(where(resource) + ": missing from the class path");
            }
            return IdxReader.read(in, where(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return how a resource of this package is named in messages */
    private static String where(String resource) {
        return "classpath:dev/vaekit/data/" + resource;
    }

    private static Dataset loadCsv(String file) {
        if (file.isBlank()) {
            throw new InvalidInputException(
                    "dataset: expected " + CSV_PREFIX + "PATH, found '" + CSV_PREFIX + "'" + " with no path");
        }
        Path path = path(file, "dataset " + CSV_PREFIX + file);
        String label = hasColumn(path, CSV_LABEL_COLUMN) ? CSV_LABEL_COLUMN : null;
        return CsvReader.read(path, label);
    }

    /** Peeks at the header row: does it name the column? (Read errors are left to {@link CsvReader} to report.) */
    private static boolean hasColumn(Path csv, String column) {
        try {
            return CsvReader.header(csv).stream().anyMatch(h -> h.trim().equals(column));
        } catch (InvalidInputException e) {
            return false;
        }
    }
}
