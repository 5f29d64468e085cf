package dev.vaekit.spark;

import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.Model;
import dev.vaekit.train.Checkpoint;
import dev.vaekit.train.Configs;
import dev.vaekit.train.RunConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Encodes or scores a large input on Spark: the driver verifies the run folder and broadcasts its files once; each
 * partition's rows are numbered in input order (a counting pass gives each partition its first index), pushed through a model loaded once per executor
 * task slot in batches ({@link PartitionScorer}), and written as Parquet with the row's index and label.
 *
 * <p>Output columns: {@code index} (long, the row's position in the input), {@code label} (string, or null), then for
 * {@code encode} {@code z0 … z{d−1}} (double), for {@code score} {@code log_px}, {@code elbo},
 * {@code reconstruction_log_prob}, {@code kl} (double, nats), as {@code vaekit encode} and {@code vaekit score} write
 * them.
 */
public final class SparkJob {
    private SparkJob() {}

    /** What a job did. */
    public record Result(long rows, int partitions, String output, double seconds) {}

    /**
     * Runs the job.
     *
     * @param spark the session (local or a cluster's)
     * @param config the job
     * @return rows written
     * @throws InvalidInputException for a bad run folder, input or output
     */
    public static Result run(SparkSession spark, SparkJobConfig config) {
        long start = System.nanoTime();
        Path runDir = Path.of(config.run());
        ModelBundle bundle = ModelBundle.read(runDir);
        RunConfig run = Configs.read(runDir.resolve("config.json"));
        List<String> scoreColumns = outputColumns(runDir, config.task());
        boolean table = run.data().schema() != null;
        org.apache.spark.sql.Dataset<Row> input = read(spark, config, table);
        List<String> columns = Arrays.asList(input.columns());
        int labelColumn = columns.indexOf(config.labelColumn());
        int[] features = table ? new int[0] : featureColumns(input.schema(), columns, labelColumn, run, config);

        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<ModelBundle> shipped = context.broadcast(bundle);
        long[] offsets = partitionOffsets(input);
        LongAccumulator written = spark.sparkContext().longAccumulator("rows");
        JavaRDD<Row> results = input.javaRDD()
                .mapPartitionsWithIndex(
                        new PartitionScorer(shipped, config, columns, features, labelColumn, offsets, written), false);
        StructType schema = outputSchema(config, run.model().latentDim(), scoreColumns);
        spark.createDataFrame(results, schema)
                .write()
                .mode(config.overwrite() ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
                .parquet(config.output());
        shipped.destroy();
        return new Result(written.value(), offsets.length, config.output(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * The index of each partition's first row in the whole input: a counting pass over the same partitions that
     * reads no column (Spark's CSV and Parquet readers skip parsing then), instead of {@code zipWithIndex}'s full one.
     */
    private static long[] partitionOffsets(org.apache.spark.sql.Dataset<Row> input) {
        List<Long> counts = input.select(functions.lit(1))
                .javaRDD()
                .mapPartitions(rows -> {
                    long n = 0;
                    while (rows.hasNext()) {
                        rows.next();
                        n++;
                    }
                    return List.of(n).iterator();
                })
                .collect();
        long[] offsets = new long[counts.size()];
        for (int p = 1; p < offsets.length; p++) {
            offsets[p] = offsets[p - 1] + counts.get(p - 1);
        }
        return offsets;
    }

    private static org.apache.spark.sql.Dataset<Row> read(SparkSession spark, SparkJobConfig config, boolean table) {
        DataFrameReader reader = spark.read();
        try {
            if (config.resolvedFormat().equals("csv")) {
                // every cell as text, parsed by the job as the command line's CSV reader does (no inference pass)
                return reader.option("header", "true")
                        .option("mode", "FAILFAST")
                        .csv(config.input());
            }
            return reader.parquet(config.input());
        } catch (RuntimeException e) {
            throw new InvalidInputException(
                    config.input() + ": cannot read as " + config.resolvedFormat() + ": " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int eol = message.indexOf('\n');
        return eol < 0 ? message : message.substring(0, eol);
    }

    /** Every numeric column but the label, in order; their number must be the model's input size. */
    private static int[] featureColumns(
            StructType schema, List<String> columns, int labelColumn, RunConfig run, SparkJobConfig config) {
        List<Integer> picked = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            if (c == labelColumn) {
                continue;
            }
            DataType type = schema.fields()[c].dataType();
            if (!(type instanceof NumericType) && !(type instanceof StringType)) {
                throw new InvalidInputException(
                        config.input() + ": column '" + columns.get(c) + "' is " + type.simpleString()
                                + ", not a number; every column but '" + config.labelColumn() + "' is a feature");
            }
            picked.add(c);
        }
        int expected = run.model().inputDim();
        if (picked.size() != expected) {
            throw new InvalidInputException(config.input() + ": " + picked.size() + " feature columns, but the model "
                    + "takes " + expected + " (" + run.model().inputShape() + ")");
        }
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Asks the run's model, loaded once on the driver, whether it can do the task: encoding needs a latent space,
     * scoring a likelihood.
     *
     * @return for scoring, the estimator's per-example columns beside log p(x); for encoding, none
     * @throws InvalidInputException if the model cannot do the task
     */
    private static List<String> outputColumns(Path runDir, SparkJobConfig.Task task) {
        try (NDManager manager = Engines.newManager()) {
            Model model = Checkpoint.load(runDir, manager, Checkpoint.Weights.BEST, false)
                    .model();
            try (model) {
                if (task == SparkJobConfig.Task.ENCODE) {
                    model.requireAutoencoder();
                    return List.of();
                }
                return model.requireLikelihood("score on Spark").columns();
            }
        }
    }

    private static StructType outputSchema(SparkJobConfig config, int latentDim, List<String> scoreColumns) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("index", DataTypes.LongType, false));
        fields.add(DataTypes.createStructField("label", DataTypes.StringType, true));
        if (config.task() == SparkJobConfig.Task.ENCODE) {
            for (int j = 0; j < latentDim; j++) {
                fields.add(DataTypes.createStructField("z" + j, DataTypes.DoubleType, false));
            }
        } else {
            List<String> columns = new ArrayList<>(List.of("log_px"));
            columns.addAll(scoreColumns);
            for (String name : columns) {
                fields.add(DataTypes.createStructField(name, DataTypes.DoubleType, false));
            }
        }
        return DataTypes.createStructType(fields);
    }
}
