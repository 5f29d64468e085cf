package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreCommandTest {
    @TempDir
    static Path shared;

    private static Path run;

    @BeforeAll
    static void train() {
        run = Cli.trainSmallRun(shared.resolve("run"), 1);
    }

    @Test
    void writesOneRowOfScoresPerExampleWithItsLabel() throws Exception {
        Path csv = shared.resolve("scores.csv");
        Path png = shared.resolve("hist.png");

        Cli.Result r = Cli.ok(
                "score", run.toString(), "--n", "30", "--k", "20", "-o", csv.toString(), "--histogram", png.toString());

        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("index,label,log_px,elbo,reconstruction_log_prob,kl");
        assertThat(lines).hasSize(31);
        for (int i = 1; i < lines.size(); i++) {
            double[] v = Arrays.stream(lines.get(i).split(","))
                    .mapToDouble(Double::parseDouble)
                    .toArray();
            assertThat(v[0]).isEqualTo(i - 1);
            assertThat(v[1]).isBetween(0.0, 9.0);
            double logPx = v[2];
            double elbo = v[3];
            double reconstructionLogProb = v[4];
            double kl = v[5];
            assertThat(logPx).isNegative();
            // log (1/k) Σ p(x,z)/q(z|x) ≥ (1/k) Σ log p(x,z)/q(z|x) = the k-sample ELBO with a Monte-Carlo KL; the
            // analytic-KL ELBO is close to it, so log p̂(x) should not fall far below it
            assertThat(logPx).isGreaterThan(elbo - 5);
            // Jensen: log of a mean ≥ mean of logs, and the reconstruction term ignores the KL the ELBO pays
            assertThat(reconstructionLogProb).isGreaterThanOrEqualTo(elbo + kl - 1e-4);
            assertThat(kl).isPositive();
        }
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(900);
        assertThat(r.out()).contains("scored 30 examples").contains("lowest log p(x): #");
    }

    @Test
    void theMeanScoreIsEvalsLogLikelihood() throws Exception {
        Path csv = shared.resolve("mean.csv");
        Cli.ok("score", run.toString(), "--n", "20", "--k", "10", "-o", csv.toString());
        double mean = Files.readAllLines(csv).stream()
                .skip(1)
                .mapToDouble(l -> Double.parseDouble(l.split(",")[2]))
                .average()
                .orElseThrow();

        String json = Cli.ok("eval", run.toString(), "--k", "10", "--eval-size", "20", "--json")
                .out();
        double nll = dev.vaekit.train.Configs.json().readTree(json).get("nll").asDouble();

        assertThat(-mean).isCloseTo(nll, within(1e-4));
    }

    @Test
    void badOptionsAndMismatchedDataEndWithOneLine() throws Exception {
        Path csv = shared.resolve("bad.csv");
        assertThat(Cli.assertBadInput(Cli.run("score", run.toString(), "--k", "0", "-o", csv.toString())))
                .contains("--k must be >= 1");
        assertThat(Cli.assertBadInput(Cli.run("score", run.toString(), "--split", "dev", "-o", csv.toString())))
                .contains("--split must be test or train");
        Path table = shared.resolve("table.csv");
        Files.writeString(table, "a,b,c\n1,2,3\n4,5,6\n");
        assertThat(Cli.assertBadInput(Cli.run(
                        "score",
                        run.toString(),
                        "--dataset",
                        "csv:" + table,
                        "--split",
                        "train",
                        "-o",
                        csv.toString())))
                .contains("has examples of shape [1, 1, 3]");
        assertThat(csv).doesNotExist();
    }
}
