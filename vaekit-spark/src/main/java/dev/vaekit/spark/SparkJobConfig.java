package dev.vaekit.spark;

import dev.vaekit.InvalidInputException;
import java.io.Serializable;
import java.util.Locale;

/**
 * One Spark job, validated on construction.
 *
 * @param task what to compute per row
 * @param run the run folder (on the driver's file system; the job ships its files to the executors)
 * @param input Parquet or CSV path or URI (anything Spark reads: a file, a folder, hdfs://, s3a://)
 * @param format {@code csv}, {@code parquet}, or {@code auto} (by the input's extension; a folder is Parquet)
 * @param output Parquet folder to write
 * @param overwrite replace the output if it exists
 * @param labelColumn column carried to the output and never used as a feature (it need not exist)
 * @param k importance samples per row ({@link Task#SCORE})
 * @param seed seed of the importance samples
 * @param batchSize rows pushed through the model at once
 */
public record SparkJobConfig(
        Task task,
        String run,
        String input,
        String format,
        String output,
        boolean overwrite,
        String labelColumn,
        int k,
        long seed,
        int batchSize)
        implements Serializable {

    /** What the job computes for each row. */
    public enum Task {
        /** the posterior means E[z|x] (a plain autoencoder: its codes), columns z0 … z{d−1} */
        ENCODE,
        /** log p(x) by importance sampling, the ELBO, the reconstruction probability and the KL (VAEs) */
        SCORE
    }

    /** The most rows in one batch. */
    public static final int MAX_BATCH = 100_000;

    public SparkJobConfig {
        if (task == null) {
            throw new InvalidInputException("say what to compute: encode or score");
        }
        if (run == null || run.isBlank()) {
            throw new InvalidInputException("--run is required: the run folder of the model");
        }
        if (input == null || input.isBlank()) {
            throw new InvalidInputException("--input is required: a CSV or Parquet file or folder");
        }
        if (output == null || output.isBlank()) {
            throw new InvalidInputException("--output is required: the Parquet folder to write");
        }
        format = format == null ? "auto" : format.toLowerCase(Locale.ROOT);
        if (!format.equals("auto") && !format.equals("csv") && !format.equals("parquet")) {
            throw new InvalidInputException("--format must be csv, parquet or auto, got '" + format + "'");
        }
        if (labelColumn == null || labelColumn.isBlank()) {
            labelColumn = "label";
        }
        if (k < 1 || k > 100_000) {
            throw new InvalidInputException("--k must be in [1, 100000], got " + k);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new InvalidInputException("--batch-size must be in [1, " + MAX_BATCH + "], got " + batchSize);
        }
    }

    /** @return csv or parquet: the given format, or for auto the input's extension (csv, else Parquet) */
    String resolvedFormat() {
        if (!format.equals("auto")) {
            return format;
        }
        return input.toLowerCase(Locale.ROOT).matches(".*\\.csv(\\.gz)?") ? "csv" : "parquet";
    }
}
