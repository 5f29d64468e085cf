package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.data.ColouredMnist;
import dev.vaekit.data.Datasets;
import dev.vaekit.train.Configs;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Runs of the commands on folders of coloured digits, and what their colour pictures and reports must show. */
final class ColourRuns {
    private ColourRuns() {}

    /**
     * Writes coloured digits of the embedded mnist-mini training rows as PNG files, in class sub-folders.
     *
     * @param folder where
     * @param n how many
     * @param side their width and height in pixels
     * @param seed seeds their colours
     * @return the folder
     */
    static Path digits(Path folder, int n, int side, long seed) {
        ColouredMnist.write(Datasets.load("mnist-mini", null).trainRows(), folder, n, side, seed, true);
        return folder;
    }

    /**
     * Trains a model on a folder of colour images (3 channels, not binarised), quietly, on one thread.
     *
     * @param folder the images
     * @param out the run folder
     * @param args the other flags: the model, its size, the epochs
     * @return what the run printed
     */
    static Cli.Result train(Path folder, Path out, String... args) {
        List<String> all = new ArrayList<>(
                List.of("train", "--dataset", "folder:" + folder, "--channels", "3", "--binarize", "none"));
        all.addAll(List.of(args));
        all.addAll(List.of("--quiet", "--threads", "1", "--out", out.toString()));
        return Cli.ok(all.toArray(String[]::new));
    }

    /**
     * Evaluates a run with {@code eval --json} and checks that its negative log-likelihood is a finite positive number
     * of nats and its bits/dim that number over every colour value: nll / (d ln 2).
     *
     * @param run the run folder
     * @param k importance samples
     * @param evalSize test rows
     * @param d values per image, colours included
     * @return the report
     */
    static JsonNode evalBitsPerDim(Path run, int k, int evalSize, int d) {
        JsonNode o = Configs.json()
                .readTree(Cli.ok(
                                "eval",
                                run.toString(),
                                "--k",
                                Integer.toString(k),
                                "--eval-size",
                                Integer.toString(evalSize),
                                "--json")
                        .out());
        double nll = o.get("nll").asDouble();
        assertThat(nll).as("%s", run).isFinite().isPositive();
        assertThat(o.get("bitsPerDim").asDouble()).as("%s", run).isCloseTo(nll / (d * Math.log(2)), within(1e-9));
        return o;
    }

    /**
     * @return how many pixels of the picture are coloured: their red, green and blue differ by more than 24 levels
     */
    static int colouredPixels(Path png) {
        BufferedImage img = TinyRuns.png(png);
        int coloured = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 24) {
                    coloured++;
                }
            }
        }
        return coloured;
    }
}
