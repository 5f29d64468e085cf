package dev.vaekit.spark;

import dev.vaekit.InvalidInputException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vaekit-spark encode|score}: the command line of the Spark job. Runs on {@code local[*]} unless
 * {@code --master} or spark-submit says otherwise. Bad input is one line on stderr and exit code 2, as in
 * {@code vaekit}: Spark's own log of the failed tasks is held back then ({@link BadInputLogFilter}; {@code --debug}
 * keeps it).
 */
@Command(
        name = "vaekit-spark",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Encode or score a large CSV or Parquet input with a vaekit run, on Spark; writes Parquet.")
public final class SparkMain implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TASK", description = "encode or score.")
    String task;

    @Option(names = "--run", paramLabel = "RUN", required = true, description = "Run folder written by vaekit train.")
    String run;

    @Option(names = "--input", paramLabel = "PATH", required = true, description = "CSV (with a header) or Parquet.")
    String input;

    @Option(names = "--format", paramLabel = "F", description = "csv, parquet or auto (by extension; default).")
    String format = "auto";

    @Option(names = "--output", paramLabel = "PATH", required = true, description = "Parquet folder to write.")
    String output;

    @Option(names = "--overwrite", description = "Replace the output folder if it exists.")
    boolean overwrite;

    @Option(
            names = "--label-column",
            paramLabel = "NAME",
            description = "Column carried to the output, not a feature (default label).")
    String labelColumn = "label";

    @Option(names = "--k", paramLabel = "K", description = "Importance samples per row for score (default 1000).")
    int k = 1000;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the importance samples (default 1).")
    long seed = 1;

    @Option(names = "--batch-size", paramLabel = "N", description = "Rows per batch through the model (default 256).")
    int batchSize = 256;

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master (default: spark-submit's, else local[*]).")
    String master;

    @Option(
            names = "--debug",
            description = "Keep Spark's own log when the job fails on bad input (by default only vaekit-spark's"
                    + " one-line message is printed then).")
    boolean debug;

    private PrintWriter out;

    /**
     * Runs the command line; never calls {@link System#exit}.
     *
     * @return the exit code: 0, 1 for a failure of the job, 2 for bad input
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        SparkMain main = new SparkMain();
        main.out = out;
        CommandLine cli = new CommandLine(main)
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    Throwable cause = e;
                    while (cause != null && !(cause instanceof InvalidInputException)) {
                        cause = cause.getCause();
                    }
                    if (cause != null) {
                        err.println("vaekit-spark: " + cause.getMessage());
                        return 2;
                    }
                    err.println("vaekit-spark: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
                    return 1;
                });
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("vaekit-spark: " + e.getMessage());
            return 2;
        });
        return cli.execute(args);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int eol = message.indexOf('\n');
        return eol < 0 ? message : message.substring(0, eol);
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(args, out, err));
    }

    @Override
    public Integer call() throws Exception {
        SparkJobConfig.Task what =
                switch (task.toLowerCase(Locale.ROOT)) {
                    case "encode" -> SparkJobConfig.Task.ENCODE;
                    case "score" -> SparkJobConfig.Task.SCORE;
                    default -> throw new InvalidInputException("TASK must be encode or score, got '" + task + "'");
                };
        SparkJobConfig config =
                new SparkJobConfig(what, run, input, format, output, overwrite, labelColumn, k, seed, batchSize);
        if (Runtime.version().feature() >= 24) {
            // Hadoop's client (UserGroupInformation) calls Subject.getSubject, which Java 24 and later refuse
            throw new InvalidInputException("Spark reads files through Hadoop's client, which does not run on Java "
                    + Runtime.version().feature() + "; run vaekit-spark on Java 17 or 21");
        }
        requireLocalInput(input);
        AutoCloseable quiet = debug ? () -> {} : quietOnBadInput();
        try {
            return runJob(config);
        } finally {
            quiet.close();
        }
    }

    /**
     * @return Spark's log filtered for this job so that bad input is reported in vaekit-spark's one line only
     *     ({@link BadInputLogFilter}); nothing where Spark logs through another backend than log4j 2
     */
    private static AutoCloseable quietOnBadInput() {
        try {
            return BadInputLogFilter.install();
        } catch (LinkageError e) {
            return () -> {};
        }
    }

    /**
     * Refuses, before Spark starts, an input on the local file system that does not exist (Spark would log a warning
     * with a stack trace before failing). Inputs with a scheme other than {@code file:} or with glob characters are
     * left to Spark.
     */
    static void requireLocalInput(String input) {
        if (input.matches("[A-Za-z][A-Za-z0-9+.-]*:.*") && !input.startsWith("file:")) {
            return;
        }
        if (input.matches(".*[*?\\[{].*")) {
            return;
        }
        String path = input.startsWith("file://")
                ? input.substring("file://".length())
                : input.startsWith("file:") ? input.substring("file:".length()) : input;
        try {
            if (!java.nio.file.Files.exists(java.nio.file.Path.of(path))) {
                throw new InvalidInputException("--input " + input + ": no such file or folder");
            }
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidInputException("--input " + input + ": not a path: " + e.getReason());
        }
    }

    private int runJob(SparkJobConfig config) throws Exception {
        SparkSession.Builder builder = SparkSession.builder().appName("vaekit-spark " + task);
        if (master != null) {
            builder.master(master);
        } else if (System.getProperty("spark.master") == null) {
            builder.master("local[*]");
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            SparkJob.Result r = SparkJob.run(spark, config);
            out.printf(
                    Locale.ROOT,
                    "%s: %d rows in %d partitions, %.1f s (%.0f rows/s) -> %s%n",
                    task,
                    r.rows(),
                    r.partitions(),
                    r.seconds(),
                    r.rows() / r.seconds(),
                    r.output());
            return 0;
        } catch (Exception e) {
            // Spark's AnalysisException (a missing input, an existing output) is checked in Java's eyes
            if (e instanceof org.apache.spark.sql.AnalysisException) {
                if (e.getMessage() != null && e.getMessage().contains("already exists")) {
                    throw new InvalidInputException(output + " already exists; pass --overwrite to replace it");
                }
                throw new InvalidInputException(firstLine(e.getMessage()));
            }
            throw e;
        } finally {
            spark.stop();
        }
    }
}
