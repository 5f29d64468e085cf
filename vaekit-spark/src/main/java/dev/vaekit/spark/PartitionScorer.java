package dev.vaekit.spark;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.Table;
import dev.vaekit.data.TableSchema;
import dev.vaekit.engine.Engines;
import dev.vaekit.eval.ExampleScores;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.latent.LatentCodes;
import dev.vaekit.latent.LatentSpace;
import dev.vaekit.train.Checkpoint;
import dev.vaekit.train.RunConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * The work of one partition: rows, with their index in the whole input, are pushed through the model in batches of
 * consecutive rows. Each row's binarisation and importance samples are drawn from streams seeded by its index
 * ({@link dev.vaekit.data.RowSeeds}), so the numbers equal the single-machine command line's for the same row, however
 * Spark partitions the input.
 */
final class PartitionScorer implements Function2<Integer, Iterator<Row>, Iterator<Row>> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<ModelBundle> bundle;
    private final SparkJobConfig config;
    private final List<String> columns;
    private final int[] featureColumns;
    private final int labelColumn;
    private final long[] offsets;
    private final LongAccumulator written;

    /**
     * @param bundle the model's files
     * @param config the job
     * @param columns the input's column names
     * @param featureColumns positions of the feature columns (models of numbers) in the input rows
     * @param labelColumn position of the label column, or −1
     * @param offsets index of each partition's first row in the whole input
     * @param written counts the rows written
     */
    PartitionScorer(
            Broadcast<ModelBundle> bundle,
            SparkJobConfig config,
            List<String> columns,
            int[] featureColumns,
            int labelColumn,
            long[] offsets,
            LongAccumulator written) {
        this.bundle = bundle;
        this.config = config;
        this.columns = columns;
        this.featureColumns = featureColumns;
        this.labelColumn = labelColumn;
        this.offsets = offsets;
        this.written = written;
    }

    @Override
    public Iterator<Row> call(Integer partition, Iterator<Row> input) {
        long first = offsets[partition];
        Iterator<Tuple2<Row, Long>> rows = new Iterator<>() {
            private long next = first;

            @Override
            public boolean hasNext() {
                return input.hasNext();
            }

            @Override
            public Tuple2<Row, Long> next() {
                return new Tuple2<>(input.next(), next++);
            }
        };
        if (!rows.hasNext()) {
            return List.<Row>of().iterator();
        }
        // one intra-op thread per task: Spark runs a task per core already
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        Engines.disableGradOnThisThread();
        ModelBundle models = bundle.value();
        Checkpoint.Loaded model = models.acquire();
        try {
            List<Row> out = new ArrayList<>();
            List<Tuple2<Row, Long>> batch = new ArrayList<>(Math.min(config.batchSize(), 4096));
            while (rows.hasNext()) {
                batch.add(rows.next());
                if (batch.size() == config.batchSize()) {
                    process(model, batch, out);
                    batch.clear();
                }
            }
            process(model, batch, out);
            written.add(out.size());
            return out.iterator();
        } finally {
            models.release(model);
        }
    }

    private void process(Checkpoint.Loaded loaded, List<Tuple2<Row, Long>> batch, List<Row> out) {
        if (batch.isEmpty()) {
            return;
        }
        long first = batch.get(0)._2();
        Dataset data = features(loaded.config(), batch);
        if (loaded.config().data().binarization() != dev.vaekit.data.Binarization.NONE) {
            data = Binarization.sample(data, loaded.config().data().binarizationSeed(), first);
        }
        if (config.task() == SparkJobConfig.Task.ENCODE) {
            LatentCodes codes = LatentSpace.encode(loaded.autoencoder(), data, false, config.seed());
            for (int r = 0; r < batch.size(); r++) {
                float[] z = codes.row(r);
                Object[] values = new Object[2 + z.length];
                values[0] = batch.get(r)._2();
                values[1] = label(batch.get(r)._1());
                for (int j = 0; j < z.length; j++) {
                    values[2 + j] = (double) z[j];
                }
                out.add(RowFactory.create(values));
            }
        } else {
            LikelihoodEstimator estimator = loaded.model().requireLikelihood("score on Spark");
            // k counts importance samples; an exact density (dequantized on 8-bit data) is scored with one draw
            int draws = estimator.draws() == LikelihoodEstimator.Draws.IMPORTANCE_SAMPLES ? config.k() : 1;
            ExampleScores s = estimator.score(data, draws, config.seed(), first);
            for (int r = 0; r < batch.size(); r++) {
                Object[] values = new Object[3 + s.columns().size()];
                values[0] = batch.get(r)._2();
                values[1] = label(batch.get(r)._1());
                values[2] = s.logLikelihood()[r];
                int c = 3;
                for (double[] column : s.columns().values()) {
                    values[c++] = column[r];
                }
                out.add(RowFactory.create(values));
            }
        }
    }

    private String label(Row row) {
        if (labelColumn < 0 || row.isNullAt(labelColumn)) {
            return null;
        }
        return String.valueOf(row.get(labelColumn));
    }

    /** The batch's model inputs: numbers as they are, or a table's cells through the run's schema. */
    private Dataset features(RunConfig run, List<Tuple2<Row, Long>> batch) {
        TableSchema schema = run.data().schema();
        if (schema != null) {
            List<String[]> cells = new ArrayList<>(batch.size());
            int[] lines = new int[batch.size()];
            for (int r = 0; r < batch.size(); r++) {
                Row row = batch.get(r)._1();
                String[] values = new String[columns.size()];
                for (int c = 0; c < values.length; c++) {
                    values[c] = row.isNullAt(c) ? "" : String.valueOf(row.get(c));
                }
                cells.add(values);
                lines[r] = (int) Math.min(Integer.MAX_VALUE, batch.get(r)._2() + 2); // the CSV line, header first
            }
            return schema.encode(new Table(config.input(), columns, cells, lines), "input")
                    .dataset();
        }
        int d = featureColumns.length;
        float[] x = new float[batch.size() * d];
        for (int r = 0; r < batch.size(); r++) {
            Row row = batch.get(r)._1();
            for (int j = 0; j < d; j++) {
                int c = featureColumns[j];
                if (row.isNullAt(c)) {
                    throw new InvalidInputException(config.input() + ": row "
                            + batch.get(r)._2() + ", column '" + columns.get(c) + "' is empty");
                }
                Object value = row.get(c);
                try {
                    x[r * d + j] = value instanceof Number n
                            ? n.floatValue()
                            : Float.parseFloat(value.toString().trim());
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(config.input() + ": row "
                            + batch.get(r)._2() + ", column '" + columns.get(c) + "': '" + value + "' is not a number");
                }
            }
        }
        List<Integer> shape = run.model().inputShape();
        return new Dataset("input", x, null, shape.get(0), shape.get(1), shape.get(2));
    }
}
