package dev.vaekit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.cli.Main;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.Datasets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job on {@code local[2]}, with the input cut into several partitions, against the single-machine command
 * line on the same rows: the codes and the importance-sampled scores must agree row by row (same seeds: every row
 * draws from streams seeded by its index).
 */
class SparkJobTest {
    /** Rows of mnist-mini in the input. */
    private static final int ROWS = 3000;

    /** Relative agreement required of every number (float32 arithmetic in batches of other sizes). */
    private static final double TOLERANCE = 1e-5;

    @TempDir
    static Path dir;

    private static Path run;
    private static Path csv;

    /** What a command printed. */
    private record Result(int code, String out, String err) {}

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static Result spark(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SparkMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs the job on local[2] over the test's input and checks that it succeeded. */
    private static Result sparkJob(String task, Path out, String... options) {
        List<String> args = new ArrayList<>(List.of(
                task,
                "--run",
                run.toString(),
                "--input",
                csv.toString(),
                "--output",
                out.toString(),
                "--master",
                "local[2]"));
        args.addAll(List.of(options));
        Result r = spark(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    @BeforeAll
    static void prepare() throws IOException {
        // small files per partition, so the 3000 rows come in several partitions
        System.setProperty("spark.sql.files.maxPartitionBytes", "2m");
        System.setProperty("spark.ui.enabled", "false");
        run = dir.resolve("run");
        Result trained = cli(
                "train",
                "--dataset",
                "mnist-mini",
                "--hidden",
                "32",
                "--latent-dim",
                "3",
                "--epochs",
                "2",
                "--quiet",
                "--out",
                run.toString());
        assertThat(trained.code()).as(trained.err()).isZero();
        Dataset train = Datasets.load("mnist-mini", null).trainRows().slice(0, ROWS);
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < train.dim(); j++) {
            b.append("px").append(j).append(',');
        }
        b.append("label\n");
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < train.dim(); j++) {
                b.append(train.features()[i * train.dim() + j]).append(',');
            }
            b.append(train.labels()[i]).append('\n');
        }
        csv = dir.resolve("rows.csv");
        Files.writeString(csv, b.toString(), StandardCharsets.UTF_8);
    }

    @AfterAll
    static void clear() {
        System.clearProperty("spark.sql.files.maxPartitionBytes");
        System.clearProperty("spark.ui.enabled");
    }

    /** The command line's CSV: index → its numeric columns after index and label. */
    private static Map<Long, double[]> readCliCsv(Path file, int skip) throws IOException {
        Map<Long, double[]> rows = new HashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            double[] v = new double[cells.length - skip];
            for (int j = 0; j < v.length; j++) {
                v[j] = Double.parseDouble(cells[skip + j]);
            }
            rows.put(skip == 2 ? Long.parseLong(cells[0]) : i - 1L, v);
        }
        return rows;
    }

    private static List<Row> readParquet(Path folder) {
        SparkSession session =
                SparkSession.builder().master("local[1]").appName("check").getOrCreate();
        try {
            return new ArrayList<>(session.read().parquet(folder.toString()).collectAsList());
        } finally {
            session.stop();
        }
    }

    @Test
    void scoresEqualTheCommandLinesRowByRow() throws IOException {
        Path cliScores = dir.resolve("cli-scores.csv");
        Result single = cli(
                "score",
                run.toString(),
                "--dataset",
                "csv:" + csv,
                "--split",
                "train",
                "--k",
                "20",
                "--seed",
                "3",
                "-o",
                cliScores.toString());
        assertThat(single.code()).as(single.err()).isZero();
        Path out = dir.resolve("spark-scores");
        Result distributed = sparkJob("score", out, "--k", "20", "--seed", "3", "--batch-size", "128");
        assertThat(distributed.out()).containsPattern("score: " + ROWS + " rows in ([2-9]|[1-9][0-9]+) partitions");

        Map<Long, double[]> expected = readCliCsv(cliScores, 2); // index,label,log_px,elbo,reconstruction_log_prob,kl
        List<Row> rows = readParquet(out);
        assertThat(rows).hasSize(ROWS);
        int[] labels = Datasets.load("mnist-mini", null).trainRows().labels();
        double worst = 0;
        for (Row row : rows) {
            long index = row.getLong(0);
            double[] e = expected.get(index);
            assertThat(row.getString(1)).isEqualTo(String.valueOf(labels[(int) index]));
            for (int j = 0; j < 4; j++) {
                double got = row.getDouble(2 + j);
                double diff = Math.abs(got - e[j]);
                worst = Math.max(worst, diff / Math.max(1, Math.abs(e[j])));
                assertThat(diff)
                        .as("row %d, score %d: %s vs %s", index, j, got, e[j])
                        .isLessThanOrEqualTo(TOLERANCE * Math.max(1, Math.abs(e[j])) + 1e-6);
            }
        }
        System.out.printf("largest relative difference of the %d x 4 scores: %.2e%n", ROWS, worst);
    }

    @Test
    void codesEqualTheCommandLinesRowByRow() throws IOException {
        Path cliCodes = dir.resolve("cli-codes.csv");
        Result single =
                cli("encode", run.toString(), "--dataset", "csv:" + csv, "--split", "train", "-o", cliCodes.toString());
        assertThat(single.code()).as(single.err()).isZero();
        Path out = dir.resolve("spark-codes");
        sparkJob("encode", out);

        Map<Long, double[]> expected = readCliCsv(cliCodes, 0); // z0,z1,z2,label (row order)
        List<Row> rows = readParquet(out);
        assertThat(rows).hasSize(ROWS);
        for (Row row : rows) {
            double[] e = expected.get(row.getLong(0));
            for (int j = 0; j < 3; j++) {
                assertThat(row.getDouble(2 + j)).isCloseTo(e[j], org.assertj.core.api.Assertions.within(1e-5));
            }
        }
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws IOException {
        Result noRun = spark(
                "score",
                "--run",
                dir.resolve("nope").toString(),
                "--input",
                csv.toString(),
                "--output",
                dir.resolve("x").toString(),
                "--master",
                "local[1]");
        assertThat(noRun.code()).isEqualTo(2);
        assertThat(noRun.err().strip()).doesNotContain("\n").contains("no such run folder");

        Result badTask = spark("fit", "--run", run.toString(), "--input", csv.toString(), "--output", "o");
        assertThat(badTask.code()).isEqualTo(2);
        assertThat(badTask.err()).contains("TASK must be encode or score");

        Result badK = spark("score", "--run", run.toString(), "--input", csv.toString(), "--output", "o", "--k", "0");
        assertThat(badK.code()).isEqualTo(2);
        assertThat(badK.err()).contains("--k must be in");

        Path narrow = dir.resolve("narrow.csv");
        Files.writeString(narrow, "a,b,label\n1,2,0\n3,4,1\n");
        Result wrongWidth = spark(
                "encode",
                "--run",
                run.toString(),
                "--input",
                narrow.toString(),
                "--output",
                dir.resolve("n").toString(),
                "--master",
                "local[1]");
        assertThat(wrongWidth.code()).isEqualTo(2);
        assertThat(wrongWidth.err().strip())
                .doesNotContain("\n")
                .contains("2 feature columns, but the model takes 784");
    }
}
