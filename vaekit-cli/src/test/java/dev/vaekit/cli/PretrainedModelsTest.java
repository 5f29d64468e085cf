package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pretrained models under {@code models/} (models/README.md) load in the commands and score what they scored when
 * they were packed. The numbers: {@code vaekit score models/NAME --dataset mnist-mini --n 100} (the first 100 MNIST
 * test images, which are mnist-mini's first test images; one uniform dequantization draw per image, seed 1), the mean
 * of the CSV's log_px and bits_per_dim, measured on 2026-12-07 on the 2-core AMD EPYC development VM with 1 and with 2
 * threads (identical files). The computation is deterministic on one kind of machine; another CPU's kernels may round
 * differently, which the tolerance (0.05 nats of a mean near 623, 8e-5 of it) allows, while a changed weight file,
 * data transform or base distribution moves the mean by nats.
 */
class PretrainedModelsTest {
    private static final Path MODELS = Path.of("..", "models");

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"glow-mnist, -623.2771, 1.146937", "realnvp-mnist, -623.9121, 1.148106"})
    void scoresTheFirstHundredTestImagesAsWhenPacked(String name, double meanLogPx, double meanBitsPerDim)
            throws IOException {
        Path csv = dir.resolve(name + ".csv");
        Cli.ok("score", MODELS.resolve(name).toString(), "--dataset", "mnist-mini", "--n", "100", "-o", csv.toString());

        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("index,label,log_px,bits_per_dim");
        assertThat(lines).hasSize(101);
        double logPx = column(lines, 2);
        double bits = column(lines, 3);
        assertThat(logPx).isCloseTo(meanLogPx, within(0.05));
        assertThat(bits).isCloseTo(meanBitsPerDim, within(1e-4));
        // bits/dim of 8-bit data: −log p / (784 ln 2)
        assertThat(bits).isCloseTo(-logPx / (784 * Math.log(2)), within(1e-4));
    }

    @Test
    void aModelFolderSamplesAndHoldsNoOptimiserState() throws IOException {
        Path png = dir.resolve("samples.png");
        Cli.ok(
                "sample",
                MODELS.resolve("glow-mnist").toString(),
                "--n",
                "16",
                "--temperature",
                "0.7",
                "-o",
                png.toString());
        assertThat(ImageIO.read(png.toFile())).isNotNull();

        List<String> files = List.of("config.json", "manifest.json", "trainer-state.json", "weights.safetensors");
        try (Stream<Path> folders = Files.list(MODELS)) {
            for (Path model : folders.filter(Files::isDirectory).toList()) {
                try (Stream<Path> listing = Files.list(model)) {
                    List<String> names = listing.map(p -> p.getFileName().toString())
                            .sorted()
                            .toList();
                    assertThat(names).as(model.toString()).containsAll(files);
                    assertThat(names)
                            .as(model + ": no optimiser state, no other weights")
                            .filteredOn(n -> n.endsWith(".safetensors"))
                            .containsExactly("weights.safetensors");
                }
                long bytes = 0;
                for (String name : files) {
                    bytes += Files.size(model.resolve(name));
                }
                assertThat(bytes).as(model + " in bytes").isLessThanOrEqualTo(5L << 20);
            }
        }
    }

    private static double column(List<String> lines, int index) {
        return lines.stream()
                .skip(1)
                .mapToDouble(l -> Double.parseDouble(l.split(",")[index]))
                .average()
                .orElseThrow();
    }
}
