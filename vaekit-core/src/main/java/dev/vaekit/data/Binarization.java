package dev.vaekit.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.vaekit.InvalidInputException;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How grey-scale values in {@code [0, 1]} are turned into the binary values a Bernoulli decoder models.
 *
 * <ul>
 *   <li>{@link #NONE}: keep the values as they are.
 *   <li>{@link #STATIC}: draw {@code x ~ Bernoulli(p)} once, with a fixed seed, and train on that fixed binary data.
 *   <li>{@link #DYNAMIC}: draw a fresh binary sample every time an example is used in training (a regulariser); the
 *       test set is still binarized once, statically, so evaluations are comparable.
 * </ul>
 */
public enum Binarization {
    /** Keep the grey-scale values. */
    NONE,
    /** Sample once with a fixed seed. */
    STATIC,
    /** Resample on every use during training. */
    DYNAMIC;

    /**
     * @param text {@code none}, {@code static} or {@code dynamic}, in any case, surrounding spaces ignored
     * @return the matching mode
     * @throws InvalidInputException naming the valid choices if {@code text} is none of them
     */
    @JsonCreator
    public static Binarization parse(String text) {
        if (text != null) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            for (Binarization b : values()) {
                if (b.id().equals(t)) {
                    return b;
                }
            }
        }
        throw new InvalidInputException("binarization: expected one of none, static, dynamic, found "
                + (text == null ? "nothing" : "'" + text + "'"));
    }

    /** @return the lower-case name used in configuration files and on the command line */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Draws {@code x[i] ~ Bernoulli(p[i])} independently for every value. The same seed always gives the same result.
     * Probabilities below 0 (or NaN) always give 0, above 1 always give 1.
     *
     * @param probabilities values in {@code [0, 1]}
     * @param seed the random seed
     * @return a new array of 0s and 1s, the same length as {@code probabilities}
     */
    public static float[] sample(float[] probabilities, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[probabilities.length];
        for (int i = 0; i < x.length; i++) {
            // nextDouble() is in [0, 1): P(u < p) = p.
            x[i] = random.nextDouble() < probabilities[i] ? 1f : 0f;
        }
        return x;
    }

    /**
     * Binarizes a whole data set, keeping its name, labels and shape. Each row draws from its own stream, seeded by
     * {@code seed} and the row's index, so a row comes out the same whichever rows it is binarised with.
     *
     * @param data grey-scale data in {@code [0, 1]}
     * @param seed the random seed
     * @return the binary data
     */
    public static Dataset sample(Dataset data, long seed) {
        return sample(data, seed, 0);
    }

    /**
     * {@link #sample(Dataset, long)} for rows that are part of a larger data set: row r of {@code data} is row
     * {@code firstRow + r} of the whole, and is binarised exactly as it would be there (Spark partitions use this).
     *
     * @param data grey-scale data in {@code [0, 1]}
     * @param seed the random seed
     * @param firstRow index of the first row in the whole data set
     * @return the binary data
     */
    public static Dataset sample(Dataset data, long seed, long firstRow) {
        return binarize(data, seed, firstRow);
    }

    /**
     * Binarizes a data source as {@link #sample(Dataset, long)} does, row r from its own stream seeded by {@code seed}
     * and r: an in-memory data set at once, any other source as a view that binarizes each batch as it is read (so a
     * data set larger than memory stays so).
     *
     * @param data values in {@code [0, 1]}
     * @param seed the random seed
     * @return the binary data
     */
    public static DataSource sample(DataSource data, long seed) {
        if (data instanceof Dataset inMemory) {
            return sample(inMemory, seed, 0);
        }
        return new Binarized(data, seed);
    }

    /** A source read through a row-seeded binarization. */
    private record Binarized(DataSource source, long seed) implements DataSource.View {
        @Override
        public void read(int[] rows, float[] dst) {
            source.read(rows, dst);
            int d = dim();
            for (int i = 0; i < rows.length; i++) {
                SplittableRandom random = new SplittableRandom(RowSeeds.of(seed, rows[i]));
                for (int j = i * d; j < (i + 1) * d; j++) {
                    dst[j] = random.nextDouble() < dst[j] ? 1f : 0f;
                }
            }
        }
    }

    private static Dataset binarize(Dataset data, long seed, long firstRow) {
        int d = data.dim();
        float[] p = data.features();
        float[] x = new float[p.length];
        for (int r = 0; r < data.size(); r++) {
            SplittableRandom random = new SplittableRandom(RowSeeds.of(seed, firstRow + r));
            for (int j = r * d; j < (r + 1) * d; j++) {
                x[j] = random.nextDouble() < p[j] ? 1f : 0f;
            }
        }
        return new Dataset(data.name(), x, data.labels(), data.channels(), data.height(), data.width());
    }
}
