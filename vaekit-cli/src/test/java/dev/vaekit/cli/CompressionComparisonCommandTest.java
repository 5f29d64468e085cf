package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare compression}: PCA, AE and VAE at two code sizes on mnist-mini, and bad sizes refused. */
class CompressionComparisonCommandTest {
    @TempDir
    Path dir;

    @Test
    void everyMethodAndSizeHasARowAndPcaImprovesWithK() throws Exception {
        Cli.Result r = Cli.ok(
                "compare",
                "compression",
                "--dataset",
                "mnist-mini",
                "--dims",
                "2,16",
                "--epochs",
                "8",
                "--hidden",
                "32",
                "--train-n",
                "2000",
                "--test-n",
                "200",
                "--out",
                dir.toString());
        List<String> lines = Files.readAllLines(dir.resolve("compression.csv"));
        assertThat(lines).hasSize(1 + 6);
        double pca2 = mse(lines, "2,PCA");
        double pca16 = mse(lines, "16,PCA");
        assertThat(pca16).isLessThan(pca2);
        // pixels in [0, 1]: every method has a finite cross-entropy, and every trained code reconstructs better than a
        // constant grey image would (a mean squared error near 0.2)
        assertThat(lines.subList(1, 7))
                .allSatisfy(l -> assertThat(Double.parseDouble(l.split(",")[4])).isFinite());
        // the squared error per example is the per-feature one summed over the 784 pixels
        assertThat(lines.subList(1, 7)).allSatisfy(l -> assertThat(Double.parseDouble(l.split(",")[3]))
                .isCloseTo(784 * Double.parseDouble(l.split(",")[2]), within(1e-3)));
        assertThat(lines.subList(1, 7))
                .allSatisfy(l -> assertThat(Double.parseDouble(l.split(",")[2])).isLessThan(0.1));
        assertThat(Files.size(dir.resolve("compression.png"))).isPositive();
        assertThat(r.out()).contains("| 16 | VAE |");
    }

    private static double mse(List<String> lines, String prefix) {
        return Double.parseDouble(lines.stream()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .orElseThrow()
                .split(",")[2]);
    }

    @Test
    void theDatasetDefaultsToMnistMiniAndAMissingReportFolderIsCreated() throws Exception {
        Path report = dir.resolve("not").resolve("yet");
        Cli.Result r = Cli.ok(
                "compare",
                "compression",
                "--dims",
                "2",
                "--epochs",
                "1",
                "--hidden",
                "8",
                "--train-n",
                "100",
                "--test-n",
                "20",
                "--report",
                report.toString());
        assertThat(r.out()).startsWith("mnist-mini: 100 training rows, 20 test rows");
        assertThat(Files.readAllLines(report.resolve("compression.csv"))).hasSize(1 + 3);
        assertThat(report.resolve("compression.md")).isRegularFile();
        assertThat(report.resolve("compression.png")).isRegularFile();
    }

    @Test
    void aReportFolderThatIsAFileIsRefusedBeforeAnyWork() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        // the data set does not exist: had the comparison started, it would have failed on it instead
        String line = Cli.assertBadInput(Cli.run(
                "compare", "compression", "--dataset", "csv:" + dir.resolve("none.csv"), "--out", file.toString()));
        assertThat(line).endsWith("--report " + file + ": expected a folder, found a file at " + file);
    }

    @Test
    void aCodeWiderThanTheDataIsRefused() {
        String line = Cli.assertBadInput(Cli.run("compare", "compression", "--dataset", "moons", "--dims", "3"));
        assertThat(line).contains("3 exceeds the 2 features");
    }
}
