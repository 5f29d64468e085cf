package dev.vaekit.data.factors;

import dev.vaekit.InvalidInputException;
import java.util.SplittableRandom;

/**
 * Training rows of a data set with known factors, rendered on demand: row i is observation {@link #index(int)} of a
 * {@link FactorData}, drawn into the caller's buffer when it is read, so that a source over all 737,280 dSprites images
 * holds one int per row (its observation's index) and no pixels. Its methods are those of a row source (name, size,
 * shape, labels, {@link #read(int[], float[])}): {@link dev.vaekit.data.FactorDataSource} hands it to the trainer,
 * which reads batches; the factors stay available ({@link #factors()}, {@link #classes(int)}) for metrics and
 * pictures. It has no labels: an observation has one class per factor, not one label.
 *
 * <p>Thread-safe: it holds no state beyond its indices, and {@link FactorData} renders from several threads.
 */
public final class FactorSource {
    private final FactorData data;
    private final String name;
    /** The observation of each row, or null for every observation in index order. */
    private final int[] indices;

    private FactorSource(FactorData data, String name, int[] indices) {
        this.data = data;
        this.name = name;
        this.indices = indices;
    }

    /**
     * @param data a data set with known factors, of at most {@link Integer#MAX_VALUE} observations
     * @return every observation, in index order
     */
    public static FactorSource all(FactorData data) {
        if (data.size() > Integer.MAX_VALUE) {
            throw new InvalidInputException(
                    data.name() + ": " + data.size() + " observations, more than a row source " + "indexes");
        }
        return new FactorSource(data, data.name(), null);
    }

    /**
     * Disjoint seeded random samples of a data set's observations, without replacement: the first {@code sizes[0]}
     * observations of a seeded random permutation, then the next {@code sizes[1]}, and so on (a partial Fisher–Yates
     * shuffle, so only the drawn part is permuted).
     *
     * @param data the data set
     * @param seed the permutation's seed
     * @param names each part's name, e.g. {@code dsprites/train}
     * @param sizes each part's number of rows; together at most the data set's size
     * @return the parts
     */
    public static FactorSource[] split(FactorData data, long seed, String[] names, int... sizes) {
        long total = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("a part's size must be >= 0, got " + s);
            }
            total += s;
        }
        if (total > data.size() || data.size() > Integer.MAX_VALUE) {
            throw new InvalidInputException(
                    data.name() + ": cannot draw " + total + " rows of " + data.size() + " observations");
        }
        int n = (int) data.size();
        int[] permutation = new int[n];
        for (int i = 0; i < n; i++) {
            permutation[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < total; i++) {
            int j = i + random.nextInt(n - i);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
        FactorSource[] parts = new FactorSource[sizes.length];
        int from = 0;
        for (int p = 0; p < sizes.length; p++) {
            parts[p] =
                    new FactorSource(data, names[p], java.util.Arrays.copyOfRange(permutation, from, from + sizes[p]));
            from += sizes[p];
        }
        return parts;
    }

    /** @return the data set with known factors the rows come from */
    public FactorData factors() {
        return data;
    }

    /** @return where the rows came from, e.g. {@code dsprites/train} */
    public String name() {
        return name;
    }

    /** @return the number of rows */
    public int size() {
        return indices == null ? (int) data.size() : indices.length;
    }

    /** @return image channels */
    public int channels() {
        return data.channels();
    }

    /** @return image height */
    public int height() {
        return data.height();
    }

    /** @return image width */
    public int width() {
        return data.width();
    }

    /** @return values per row */
    public int dim() {
        return data.observationSize();
    }

    /** @return null: an observation has one class per factor ({@link #classes(int)}), not one label */
    public int[] labels() {
        return null;
    }

    /**
     * @param row a row in [0, size())
     * @return the index of its observation in the factor data
     */
    public long index(int row) {
        if (row < 0 || row >= size()) {
            throw new IllegalArgumentException("row " + row + " outside [0, " + size() + ")");
        }
        return indices == null ? row : indices[row];
    }

    /**
     * @param row a row in [0, size())
     * @return its observation's factor classes
     */
    public int[] classes(int row) {
        return data.classes(index(row));
    }

    /**
     * Renders the given rows, in the given order.
     *
     * @param rows row indices
     * @param dst where the values go, from index 0; at least {@code rows.length · dim()} long
     */
    public void read(int[] rows, float[] dst) {
        int d = dim();
        for (int i = 0; i < rows.length; i++) {
            data.render(classes(rows[i]), dst, i * d);
        }
    }

    /**
     * Renders consecutive rows.
     *
     * @param from first row, inclusive
     * @param to last row, exclusive
     * @param dst where the values go, from index 0; at least {@code (to − from) · dim()} long
     */
    public void read(int from, int to, float[] dst) {
        int d = dim();
        for (int r = from; r < to; r++) {
            data.render(classes(r), dst, (r - from) * d);
        }
    }
}
