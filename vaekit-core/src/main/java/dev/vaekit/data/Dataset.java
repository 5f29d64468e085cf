package dev.vaekit.data;

import dev.vaekit.InvalidInputException;
import java.util.Arrays;

/**
 * An in-memory table of examples: {@code size} rows of {@code dim} float features, row-major, with optional integer
 * labels. Images keep their shape ({@code channels x height x width}) so they can be drawn; tabular data has shape
 * {@code 1 x 1 x dim}.
 *
 * @param name where the data came from, for messages and manifests (e.g. {@code mnist/train})
 * @param features row-major values, length {@code size * dim}
 * @param labels one label per row, or {@code null} when the data has none
 * @param channels image channels (1 for tables)
 * @param height image height (1 for tables)
 * @param width image width ({@code dim} for tables)
 */
public record Dataset(String name, float[] features, int[] labels, int channels, int height, int width)
        implements DataSource {

    /** Validates shapes. */
    public Dataset {
        if (channels < 1 || height < 1 || width < 1) {
            throw new InvalidInputException(
                    name + ": shape must be positive, got " + channels + "x" + height + "x" + width);
        }
        long dim = (long) channels * height * width;
        if (features.length % dim != 0) {
            throw new InvalidInputException(
                    name + ": " + features.length + " values is not a whole number of rows of " + dim);
        }
        if (labels != null && labels.length != features.length / dim) {
            throw new InvalidInputException(name + ": " + labels.length + " labels for " + features.length / dim
                    + " rows; expected one label per row");
        }
    }

    /**
     * A data set of one's own rows, copied.
     *
     * @param name for messages
     * @param rows the examples, each {@code channels · height · width} values (images channel by channel, row-major)
     * @param labels one label per row, or null
     * @param channels image channels (1 for tables)
     * @param height image height (1 for tables)
     * @param width image width (the row's length for tables)
     * @return the data set
     * @throws InvalidInputException naming the first row of another width
     */
    public static Dataset of(String name, float[][] rows, int[] labels, int channels, int height, int width) {
        return collect(name, java.util.Arrays.asList(rows).iterator(), labels, channels, height, width);
    }

    /**
     * A data set of the rows an iterator gives, read into memory (e.g. a stream of one's own records).
     *
     * @param name for messages
     * @param rows the examples, each {@code channels · height · width} values
     * @param labels one label per row, or null
     * @param channels image channels (1 for tables)
     * @param height image height (1 for tables)
     * @param width image width (the row's length for tables)
     * @return the data set
     * @throws InvalidInputException naming the first row of another width
     */
    public static Dataset collect(
            String name, java.util.Iterator<float[]> rows, int[] labels, int channels, int height, int width) {
        int d = Math.multiplyExact(Math.multiplyExact(channels, height), width);
        float[] values = new float[0];
        int n = 0;
        while (rows.hasNext()) {
            float[] row = rows.next();
            if (row == null || row.length != d) {
                throw new InvalidInputException(name + ": row " + (n + 1) + " has "
                        + (row == null ? "no values" : row.length + " values") + "; expected " + d + " ("
                        + channels + "x" + height + "x" + width + ")");
            }
            if ((long) (n + 1) * d > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException(name + ": more rows than one in-memory data set holds");
            }
            if ((n + 1) * d > values.length) {
                values = Arrays.copyOf(
                        values, Math.max((n + 1) * d, Math.min(Integer.MAX_VALUE - 8, 2 * values.length)));
            }
            System.arraycopy(row, 0, values, n * d, d);
            n++;
        }
        return new Dataset(
                name, Arrays.copyOf(values, n * d), labels == null ? null : labels.clone(), channels, height, width);
    }

    /**
     * @param i a row index
     * @return a copy of row i's values
     */
    @Override
    public float[] row(int i) {
        int d = dim();
        return Arrays.copyOfRange(features, i * d, (i + 1) * d);
    }

    /** @return features per row */
    @Override
    public int dim() {
        return channels * height * width;
    }

    /** @return number of rows */
    @Override
    public int size() {
        return features.length / dim();
    }

    /** @return whether labels are present */
    @Override
    public boolean hasLabels() {
        return labels != null;
    }

    @Override
    public void read(int from, int to, float[] dst) {
        int d = dim();
        System.arraycopy(features, from * d, dst, 0, (to - from) * d);
    }

    @Override
    public void read(int[] rows, float[] dst) {
        int d = dim();
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(features, rows[i] * d, dst, i * d, d);
        }
    }

    /** @return this data set itself: it is in memory already */
    @Override
    public Dataset materialize(String what, long maxValues) {
        return this;
    }

    /**
     * @param from first row, inclusive
     * @param to last row, exclusive
     * @return a copy of rows {@code [from, to)}
     */
    @Override
    public Dataset slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") outside [0, " + size() + ")");
        }
        int d = dim();
        return new Dataset(
                name,
                Arrays.copyOfRange(features, from * d, to * d),
                labels == null ? null : Arrays.copyOfRange(labels, from, to),
                channels,
                height,
                width);
    }

    /**
     * @param rows row indices, in the order wanted
     * @return a copy holding those rows
     */
    @Override
    public Dataset select(int[] rows) {
        int d = dim();
        float[] f = new float[rows.length * d];
        int[] l = labels == null ? null : new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(features, rows[i] * d, f, i * d, d);
            if (l != null) {
                l[i] = labels[rows[i]];
            }
        }
        return new Dataset(name, f, l, channels, height, width);
    }

    /** @return the same rows under another name */
    public Dataset withName(String newName) {
        return new Dataset(newName, features, labels, channels, height, width);
    }
}
