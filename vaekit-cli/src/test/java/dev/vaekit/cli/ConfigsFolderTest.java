package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.vaekit.data.ColouredMnist;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.Datasets;
import dev.vaekit.data.IdxReader;
import dev.vaekit.data.ToyDatasets;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.FlowConfig;
import dev.vaekit.models.ModelConfigJson;
import dev.vaekit.nn.NetworkKind;
import dev.vaekit.train.Checkpoint;
import dev.vaekit.train.Configs;
import dev.vaekit.train.EpochMetrics;
import dev.vaekit.train.MetricsLog;
import dev.vaekit.train.RunConfig;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every config in {@code configs/} trains: each {@code *.yaml} there, found by listing the folder (so a new config is
 * covered without touching this class), is trained for two epochs of a shrunken network (see below) through the
 * command line. Image configs train on the first {@value #IMAGES} images of mnist-mini, written as an IDX data root
 * and read as {@code mnist}, in place of their dataset (the whole of mnist-mini, 5000 images, made this class take
 * eight minutes, and proved nothing more: that each config parses, builds, takes steps that improve its bound and
 * loads back); a config of a folder of images trains on {@value #IMAGES} coloured MNIST images of 16 x 16 (the
 * generated set of {@link ColouredMnist}); toy configs train on their own data; a CSV config keeps its table, its path
 * taken from the repository root as the config's comment says to run it.
 */
class ConfigsFolderTest {
    /** The folder, seen from vaekit-cli, where Maven runs the tests. */
    private static final Path CONFIGS = Path.of("..", "configs");

    /** Training images of the image configs (a tenth held out for validation): some 5 batches of 100 per epoch. */
    static final int IMAGES = 600;

    /** Test images written beside them (not used by training, but part of an IDX data root). */
    private static final int TEST_IMAGES = 100;

    @TempDir
    static Path runs;

    @TempDir
    static Path dataRoot;

    /** Side of the images that stand in for a folder config's images. */
    private static final int FOLDER_IMAGE_SIZE = 16;

    @TempDir
    static Path imageFolder;

    /** Writes the first images of mnist-mini as {@code dataRoot/mnist/}, in the layout {@link Datasets} reads. */
    @BeforeAll
    static void writeImages() throws IOException {
        Path mnist = Files.createDirectories(dataRoot.resolve("mnist"));
        String mini = "/dev/vaekit/data/mnist-mini/";
        for (String[] file : new String[][] {
            {"train-images-idx3-ubyte", Integer.toString(IMAGES)},
            {"train-labels-idx1-ubyte", Integer.toString(IMAGES)},
            {"t10k-images-idx3-ubyte", Integer.toString(TEST_IMAGES)},
            {"t10k-labels-idx1-ubyte", Integer.toString(TEST_IMAGES)}
        }) {
            IdxReader.IdxArray all;
            try (InputStream in = Datasets.class.getResourceAsStream(mini + file[0] + ".gz")) {
                assertThat(in).as(file[0]).isNotNull();
                all = IdxReader.read(in, file[0]);
            }
            writeIdx(mnist.resolve(file[0]), all, Integer.parseInt(file[1]));
        }
        Dataset digits = Datasets.load("mnist-mini", null).trainRows();
        ColouredMnist.write(digits, imageFolder, IMAGES, FOLDER_IMAGE_SIZE, ColouredMnist.DEFAULT_SEED, true);
    }

    /** Writes the first {@code count} entries of {@code array} as an unsigned-byte IDX file. */
    private static void writeIdx(Path file, IdxReader.IdxArray array, int count) throws IOException {
        int[] dims = array.dims().clone();
        int per = array.count() / dims[0];
        dims[0] = count;
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(0x0800 | dims.length); // magic: two zero bytes, type 0x08 (unsigned byte), dimension count
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(array.data(), 0, count * per);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyConfigTrainsImprovesItsBoundAndLoadsBack() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(CONFIGS)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
        assertThat(files).as("YAML files in %s", CONFIGS.toAbsolutePath()).isNotEmpty();
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> trainTwoEpochs(f)));
    }

    private static void trainTwoEpochs(Path config) {
        RunConfig asGiven = Configs.build(config, Map.of());
        String dataset = asGiven.data().dataset().trim();
        // a dense network shrinks to 32 hidden units; a convolutional one to a single stage of 4 channels with one
        // residual block; a PixelVAE, whose convolutions run at full resolution, to one stage of 8 channels without
        // residual blocks and one PixelCNN layer of 4 channels; a flow on images (RealNVP, Glow), whose couplings
        // also convolve at full resolution, to conditioners of 8 channels and one residual block
        NetworkKind network = asGiven.model().network();
        boolean imageFlow = asGiven.model().family() instanceof FlowConfig
                && !ToyDatasets.NAMES.contains(dataset)
                && !dataset.startsWith(Datasets.CSV_PREFIX);
        if (dataset.startsWith(Datasets.CSV_PREFIX)) {
            Path table = Path.of(dataset.substring(Datasets.CSV_PREFIX.length()));
            dataset = Datasets.CSV_PREFIX
                    + (table.isAbsolute() ? table : Path.of("..").resolve(table));
        } else if (dataset.startsWith(Datasets.FOLDER_PREFIX)) {
            dataset = Datasets.FOLDER_PREFIX + imageFolder;
        } else if (!ToyDatasets.NAMES.contains(dataset)) {
            dataset = "mnist";
        }
        String name = config.getFileName().toString().replaceFirst("\\.yaml$", "");
        Path run = runs.resolve(name);
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--config",
                config.toString(),
                "--dataset",
                dataset,
                "--data-dir",
                dataRoot.toString(),
                "--epochs",
                "2",
                "--hidden",
                imageFlow
                        ? "8"
                        : switch (network) {
                            case DENSE -> "32";
                            case CONV, RESNET -> "4";
                            case PIXEL -> "8";
                        },
                "--latent-dim",
                "4",
                "--quiet",
                "--out",
                run.toString()));
        // flows shrink to two steps and one scale; flow posteriors and priors to MADEs of 16 units
        if (ModelConfigJson.flatten(asGiven.model()).has("flowHidden")) {
            args.addAll(List.of("--flow-hidden", "16"));
        }
        if (asGiven.model().family() instanceof FlowConfig) {
            args.addAll(List.of("--flow-length", "2", "--flow-levels", "1"));
        }
        if (dataset.startsWith(Datasets.FOLDER_PREFIX)) {
            args.addAll(List.of("--image-size", Integer.toString(FOLDER_IMAGE_SIZE)));
        }
        if (network == NetworkKind.PIXEL) {
            args.addAll(List.of("--residual-blocks", "0", "--pixel-layers", "1", "--pixel-channels", "4"));
        } else if (network != NetworkKind.DENSE || imageFlow) {
            args.addAll(List.of("--residual-blocks", "1"));
        }
        Cli.ok(args.toArray(String[]::new));

        List<EpochMetrics> epochs = MetricsLog.read(run.resolve(MetricsLog.FILE));
        assertThat(epochs).as(name).extracting(EpochMetrics::epoch).containsExactly(1, 2);
        assertThat(epochs.get(1).trainBound())
                .as(
                        "%s: training bound of epoch 2 above epoch 1's (%s)",
                        name, epochs.get(0).trainBound())
                .isGreaterThan(epochs.get(0).trainBound());

        RunConfig saved = Configs.read(run.resolve("config.json"));
        assertThat(saved.model().type()).as(name).isEqualTo(asGiven.model().type());
        assertThat(saved.objective()).as(name).isEqualTo(asGiven.objective());
        try (NDManager manager = Engines.newManager()) {
            Checkpoint.Loaded loaded = Checkpoint.load(run, manager);
            assertThat(loaded.config()).isEqualTo(saved);
            assertThat(loaded.model().config().latentDim()).isEqualTo(4);
            assertThat(loaded.state().epochsDone()).isEqualTo(2);
            loaded.model().close();
        }
    }
}
