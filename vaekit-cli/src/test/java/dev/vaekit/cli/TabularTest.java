package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.train.Configs;
import dev.vaekit.train.RunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables with mixed column types: training with the mixed likelihood, then anomaly scoring with AUROC. */
class TabularTest {
    @TempDir
    static Path dir;

    private static Path train;
    private static Path test;
    private static Path run;

    /**
     * Normal rows: b ≈ 2a, flag says whether a > 0, colour mostly says whether b > 0. Anomalies: b ≈ −2a and a random
     * flag and colour, so every single column looks normal but the rows do not.
     */
    private static String rows(Random random, int normal, int anomalies) {
        StringBuilder csv = new StringBuilder("a,b,flag,colour,id,kind\n");
        for (int i = 0; i < normal + anomalies; i++) {
            boolean anomaly = i >= normal;
            double a = random.nextGaussian();
            double b = (anomaly ? -2 : 2) * a + 0.1 * random.nextGaussian();
            boolean flag = anomaly ? random.nextBoolean() : a > 0;
            String colour = anomaly || random.nextDouble() < 0.1
                    ? List.of("red", "blue", "green").get(random.nextInt(3))
                    : b > 0 ? "red" : "blue";
            csv.append(String.format(
                    Locale.ROOT,
                    "%.4f,%.4f,%s,%s,row%d,%s%n",
                    a,
                    b,
                    flag ? "yes" : "no",
                    colour,
                    i,
                    anomaly ? "odd" : "normal"));
        }
        return csv.toString();
    }

    @BeforeAll
    static void trainOnNormalRows() throws IOException {
        Random random = new Random(7);
        train = Files.writeString(dir.resolve("train.csv"), rows(random, 600, 0));
        test = Files.writeString(dir.resolve("test.csv"), rows(random, 100, 40));
        run = dir.resolve("run");
        Cli.ok(
                "train",
                "--dataset",
                "csv:" + train,
                "--likelihood",
                "mixed",
                "--binarize",
                "none",
                "--variance",
                "per-dimension",
                "--sigma",
                "1",
                "--label-column",
                "kind",
                "--column",
                "flag=binary",
                "--column",
                "id=ignore",
                "--latent-dim",
                "2",
                "--hidden",
                "32",
                "--batch-size",
                "32",
                "--epochs",
                "40",
                "--quiet",
                "--out",
                run.toString());
    }

    @Test
    void theFittedSchemaIsSavedWithTheRun() {
        RunConfig config = Configs.read(run.resolve("config.json"));

        assertThat(config.data().schema().columns())
                .extracting(c -> c.name() + ":" + c.kind().id())
                .containsExactly("a:numeric", "b:numeric", "flag:binary", "colour:categorical", "id:ignore");
        assertThat(config.data().schema().columns().get(2).categories()).containsExactly("no", "yes");
        assertThat(config.model().inputShape()).containsExactly(1, 1, 1 + 1 + 1 + 3);
    }

    @Test
    void trainingRaisesTheBound() throws IOException {
        List<String> metrics = Files.readAllLines(run.resolve("metrics.jsonl"));
        Pattern bound = Pattern.compile("\"trainBound\":(-?[0-9.eE+-]+)");
        Matcher first = bound.matcher(metrics.get(0));
        Matcher last = bound.matcher(metrics.get(metrics.size() - 1));
        assertThat(first.find()).isTrue();
        assertThat(last.find()).isTrue();
        assertThat(Double.parseDouble(last.group(1))).isGreaterThan(Double.parseDouble(first.group(1)) + 1);
    }

    @Test
    void scoresFlagTheAnomaliesBetterThanChance() throws IOException {
        Path csv = dir.resolve("scores.csv");
        Path png = dir.resolve("hist.png");

        Cli.Result r = Cli.ok(
                "score",
                run.toString(),
                "--dataset",
                "csv:" + test,
                "--k",
                "200",
                "--anomaly-label",
                "odd",
                "--pca",
                "1,2",
                "--histogram",
                png.toString(),
                "-o",
                csv.toString());

        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("index,label,log_px,elbo,reconstruction_log_prob,kl,pca1_error,pca2_error");
        assertThat(lines).hasSize(141);
        assertThat(lines.get(1)).startsWith("0,normal,");
        assertThat(lines.get(140)).startsWith("139,odd,");
        assertThat(r.out()).contains("AUROC for anomaly label 'odd' (40 of 140 examples");
        assertThat(auroc(r.out(), "log p(x)")).isGreaterThan(0.8);
        assertThat(auroc(r.out(), "PCA error (k = 2")).isBetween(0.0, 1.0);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(900);
    }

    @Test
    void codesDecodeToRowsWithTheTablesColumns() throws IOException {
        Path codes = dir.resolve("codes.csv");
        Path decoded = dir.resolve("decoded.csv");
        Cli.ok("encode", run.toString(), "--dataset", "csv:" + test, "-o", codes.toString());

        Cli.ok("decode", run.toString(), "--in", codes.toString(), "--rows", decoded.toString());

        List<String> lines = Files.readAllLines(decoded);
        assertThat(lines.get(0)).isEqualTo("a,b,flag,colour");
        assertThat(lines).hasSize(141);
        String[] first = lines.get(1).split(",");
        assertThat(Double.parseDouble(first[0])).isBetween(-5.0, 5.0);
        assertThat(first[2]).isIn("no", "yes");
        assertThat(first[3]).isIn("blue", "green", "red");
        // the first test row is normal: its reconstruction keeps b ≈ 2a roughly
        double a = Double.parseDouble(first[0]);
        double b = Double.parseDouble(first[1]);
        assertThat(Math.abs(b - 2 * a)).isLessThan(1.5);

        String line = Cli.assertBadInput(Cli.run("decode", run.toString(), "--in", codes.toString()));
        assertThat(line).contains("a model of a table decodes to rows");
    }

    @Test
    void unseenCategoriesAndUnknownLabelsAreOneLine() throws IOException {
        Path odd = Files.writeString(dir.resolve("odd.csv"), "a,b,flag,colour,id,kind\n0,0,yes,purple,x,normal\n");
        String line = Cli.assertBadInput(Cli.run(
                "score",
                run.toString(),
                "--dataset",
                "csv:" + odd,
                "-o",
                dir.resolve("x.csv").toString()));
        assertThat(line).contains("odd.csv:2:4 ('colour'): expected one of the categories seen in training");

        line = Cli.assertBadInput(Cli.run(
                "score",
                run.toString(),
                "--dataset",
                "csv:" + test,
                "--anomaly-label",
                "weird",
                "-o",
                dir.resolve("x.csv").toString()));
        assertThat(line).contains("no label 'weird' in test.csv; its labels are normal, odd");
    }

    /** Runs {@code train} into a fresh folder with the given flags; it must fail as bad input. */
    private static String badTrain(String... flags) {
        List<String> args = new ArrayList<>(List.of(
                "train", "--quiet", "--out", dir.resolve("bad-" + badRuns++).toString()));
        args.addAll(List.of(flags));
        return Cli.assertBadInput(Cli.run(args.toArray(String[]::new)));
    }

    private static int badRuns;

    @Test
    void badTableConfigurationsAreOneLine() {
        String csv = "csv:" + train;
        assertThat(badTrain("--dataset", csv, "--likelihood", "mixed", "--binarize", "none", "--column", "a=ordinal"))
                .contains("unknown column type 'ordinal'");
        assertThat(badTrain(
                        "--dataset", csv, "--likelihood", "mixed", "--binarize", "none", "--column", "colour=numeric"))
                .contains("train.csv:2:4 ('colour'): expected a number, found ");
        assertThat(badTrain("--likelihood", "mixed", "--binarize", "none"))
                .contains("model.likelihood mixed models the columns of a table: set data.dataset to csv:PATH");
        assertThat(badTrain("--dataset", csv, "--likelihood", "mixed"))
                .contains("set data.binarization (--binarize) to none");
    }

    @Test
    void textCellsWithoutTheMixedLikelihoodSuggestIt() {
        assertThat(badTrain("--dataset", "csv:" + train))
                .contains("expected a number, found 'yes' (for text columns train with model.likelihood mixed)");
    }

    @Test
    void theBreastCancerTableIsSeparatedByLikelihood() throws IOException {
        // The protocol of bench/tabular-anomaly.sh, shorter: train on 70% of the benign rows, test on the rest and
        // every malignant row.
        List<String> all = Files.readAllLines(Path.of("../examples/data/breast-cancer-wisconsin.csv"));
        StringBuilder trainRows = new StringBuilder(all.get(0)).append('\n');
        StringBuilder testRows = new StringBuilder(all.get(0)).append('\n');
        int benign = 0;
        for (String row : all.subList(1, all.size())) {
            boolean isBenign = row.endsWith(",benign");
            boolean toTest = !isBenign || ++benign % 10 < 3;
            (toTest ? testRows : trainRows).append(row).append('\n');
        }
        Path bcTrain = Files.writeString(dir.resolve("bc-train.csv"), trainRows);
        Path bcTest = Files.writeString(dir.resolve("bc-test.csv"), testRows);
        Path bcRun = dir.resolve("bc-run");
        Cli.ok(
                "train",
                "--config",
                "../configs/tabular-anomaly.yaml",
                "--dataset",
                "csv:" + bcTrain,
                "--epochs",
                "60",
                "--quiet",
                "--out",
                bcRun.toString());

        Cli.Result r = Cli.ok(
                "score",
                bcRun.toString(),
                "--dataset",
                "csv:" + bcTest,
                "--k",
                "100",
                "--anomaly-label",
                "malignant",
                "-o",
                dir.resolve("bc-scores.csv").toString());

        assertThat(r.out()).contains("(212 of 319 examples");
        assertThat(auroc(r.out(), "log p(x)")).isGreaterThan(0.9);
    }

    private static double auroc(String out, String score) {
        Matcher m = Pattern.compile("^  " + Pattern.quote(score) + ".*? ([0-9.]+) ± ", Pattern.MULTILINE)
                .matcher(out);
        assertThat(m.find()).as("AUROC line for %s in\n%s", score, out).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
