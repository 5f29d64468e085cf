package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.vaekit.data.Datasets;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every config in {@code configs/} trains: each {@code *.yaml} there, found by listing the folder (so a new config is
 * covered without touching this class), is trained for two epochs of a shrunken network (see below) through the
 * command line. Image configs train on the embedded mnist-mini in place of their dataset, toy configs on their own; a
 * CSV config keeps its table, its path taken from the repository root as the config's comment says to run it.
 */
class ConfigsFolderTest {
    /** The folder, seen from vaekit-cli, where Maven runs the tests. */
    private static final Path CONFIGS = Path.of("..", "configs");

    @TempDir
    static Path runs;

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
        // residual blocks and one PixelCNN layer of 4 channels
        NetworkKind network = asGiven.model().network();
        if (dataset.startsWith(Datasets.CSV_PREFIX)) {
            Path table = Path.of(dataset.substring(Datasets.CSV_PREFIX.length()));
            dataset = Datasets.CSV_PREFIX
                    + (table.isAbsolute() ? table : Path.of("..").resolve(table));
        } else if (!ToyDatasets.NAMES.contains(dataset)) {
            dataset = "mnist-mini";
        }
        String name = config.getFileName().toString().replaceFirst("\\.yaml$", "");
        Path run = runs.resolve(name);
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--config",
                config.toString(),
                "--dataset",
                dataset,
                "--epochs",
                "2",
                "--hidden",
                switch (network) {
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
        if (network == NetworkKind.PIXEL) {
            args.addAll(List.of("--residual-blocks", "0", "--pixel-layers", "1", "--pixel-channels", "4"));
        } else if (network != NetworkKind.DENSE) {
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
