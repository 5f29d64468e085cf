package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotCommandTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path run;

    @BeforeAll
    static void train() {
        run = TinyRuns.train(shared.resolve("run"), 2);
    }

    @Test
    void redrawsLossPngFromTheMetrics() throws Exception {
        Path copy = Cli.copy(run, dir.resolve("run"));
        Files.delete(copy.resolve("loss.png"));

        Cli.Result r = Cli.ok("plot", copy.toString());

        assertThat(r.out()).contains("wrote " + copy.resolve("loss.png")).contains("(1 epochs)");
        BufferedImage img = TinyRuns.png(copy.resolve("loss.png"));
        assertThat(img.getWidth()).isEqualTo(800);
        assertThat(img.getHeight()).isEqualTo(500);
    }

    @Test
    void writesWhereToldAndCountsEveryEpoch() throws Exception {
        Path copy = Cli.copy(run, dir.resolve("run"));
        // a second epoch line, as a longer run would have
        Path metrics = copy.resolve("metrics.jsonl");
        String line = Files.readAllLines(metrics).get(0);
        Files.writeString(metrics, line + "\n" + line.replace("\"epoch\":1,", "\"epoch\":2,") + "\n");
        Path png = dir.resolve("curves.png");

        Cli.Result r = Cli.ok("plot", copy.toString(), "-o", png.toString());

        assertThat(r.out()).contains("wrote " + png + " (2 epochs)");
        assertThat(TinyRuns.png(png).getWidth()).isEqualTo(800);
    }

    @Test
    void helpExitsZero() {
        assertThat(Cli.ok("plot", "--help").out()).contains("metrics.jsonl");
    }

    @Test
    void foldersWithoutMetricsAreBadInput() throws Exception {
        assertThat(Cli.assertBadInput(Cli.run("plot", dir.resolve("none").toString())))
                .contains("no such run folder");
        assertThat(Cli.assertBadInput(Cli.run("plot", dir.toString()))).contains("metrics.jsonl: no such file");
        Path copy = Cli.copy(run, dir.resolve("empty"));
        Files.writeString(copy.resolve("metrics.jsonl"), "");
        assertThat(Cli.assertBadInput(Cli.run("plot", copy.toString()))).contains("no epochs to plot");
    }
}
