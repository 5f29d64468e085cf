package dev.vaekit.spark;

import dev.vaekit.InvalidInputException;
import dev.vaekit.io.Configs;
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
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Encodes or scores a large input on Spark: the driver verifies the run folder and broadcasts its files once; each
 * partition's rows are numbered in input order ({@code zipWithIndex}), pushed through a model loaded once per executor
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
        if (run.model().flow()) {
            throw new InvalidInputException(runDir + " holds a " + run.model().type() + " flow; encode and score on "
                    + "Spark take a VAE or autoencoder");
        }
        boolean table = run.data().schema() != null;
        org.apache.spark.sql.Dataset<Row> input = read(spark, config, table);
        List<String> columns = Arrays.asList(input.columns());
        int labelColumn = columns.indexOf(config.labelColumn());
        int[] features = table ? new int[0] : featureColumns(input.schema(), columns, labelColumn, run, config);

        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<ModelBundle> shipped = context.broadcast(bundle);
        JavaRDD<Row> rowsIn = input.javaRDD();
        int partitions = rowsIn.getNumPartitions();
        JavaRDD<Row> results = rowsIn.zipWithIndex()
                .mapPartitions(new PartitionScorer(shipped, config, columns, features, labelColumn));
        StructType schema = outputSchema(config, run.model().latentDim());
        spark.createDataFrame(results, schema)
                .write()
                .mode(config.overwrite() ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
                .parquet(config.output());
        long rows = spark.read().parquet(config.output()).count();
        shipped.destroy();
        return new Result(rows, partitions, config.output(), (System.nanoTime() - start) / 1e9);
    }

    private static org.apache.spark.sql.Dataset<Row> read(SparkSession spark, SparkJobConfig config, boolean table) {
        DataFrameReader reader = spark.read();
        try {
            if (config.resolvedFormat().equals("csv")) {
                // a table model reads every cell as text, as the command line's CSV reader does
                return reader.option("header", "true")
                        .option("inferSchema", table ? "false" : "true")
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
            if (!(type instanceof NumericType)) {
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

    private static StructType outputSchema(SparkJobConfig config, int latentDim) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("index", DataTypes.LongType, false));
        fields.add(DataTypes.createStructField("label", DataTypes.StringType, true));
        if (config.task() == SparkJobConfig.Task.ENCODE) {
            for (int j = 0; j < latentDim; j++) {
                fields.add(DataTypes.createStructField("z" + j, DataTypes.DoubleType, false));
            }
        } else {
            for (String name : List.of("log_px", "elbo", "reconstruction_log_prob", "kl")) {
                fields.add(DataTypes.createStructField(name, DataTypes.DoubleType, false));
            }
        }
        return DataTypes.createStructType(fields);
    }
}
