package dev.vaekit.data;

import dev.vaekit.InvalidInputException;
import java.util.Arrays;

/**
 * Examples of one shape, read in batches: an in-memory {@link Dataset}, the images of a folder read through their
 * 8-bit cache file ({@link ImageFolderSource}), or a view of some rows of another source. The trainer, validation,
 * evaluation and encoding read every data set through this interface, one batch at a time, so a data set need not fit
 * in memory as floats. Values are as the model reads them (v/255 for 8-bit images); rows are {@link #dim} values each,
 * channel by channel, row-major.
 */
public interface DataSource {

    /** @return where the data came from, for messages, e.g. {@code mnist/train} */
    String name();

    /** @return the number of examples */
    int size();

    /** @return image channels (1 for tables) */
    int channels();

    /** @return image height (1 for tables) */
    int height();

    /** @return image width (the row's length for tables) */
    int width();

    /** @return one label per example, or null when the data have none */
    int[] labels();

    /** @return features per example */
    default int dim() {
        return channels() * height() * width();
    }

    /** @return whether labels are present */
    default boolean hasLabels() {
        return labels() != null;
    }

    /**
     * @param i an example's index
     * @return a copy of its values
     */
    default float[] row(int i) {
        float[] values = new float[dim()];
        read(new int[] {i}, values);
        return values;
    }

    /**
     * Copies consecutive examples.
     *
     * @param from first example, inclusive
     * @param to last example, exclusive
     * @param dst where the values go, from index 0; at least {@code (to − from) · dim()} long
     */
    default void read(int from, int to, float[] dst) {
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        read(rows, dst);
    }

    /**
     * Copies the given examples, in the given order.
     *
     * @param rows example indices
     * @param dst where the values go, from index 0; at least {@code rows.length · dim()} long
     */
    void read(int[] rows, float[] dst);

    /**
     * @param from first example, inclusive
     * @param to last example, exclusive
     * @return a view of those examples, sharing this source's storage
     */
    default DataSource slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") outside [0, " + size() + ")");
        }
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return select(rows);
    }

    /**
     * @param rows example indices, in the order wanted
     * @return a view of those examples, sharing this source's storage
     */
    default DataSource select(int[] rows) {
        return new Selection(this, rows.clone());
    }

    /**
     * The examples as one in-memory array, for what needs them all at once (the classical baselines, plots).
     *
     * @param what what needs them, for the message
     * @param maxValues the most floats to hold
     * @return the data set in memory
     * @throws InvalidInputException if the examples hold more than {@code maxValues} floats
     */
    default Dataset materialize(String what, long maxValues) {
        long values = (long) size() * dim();
        if (values > maxValues) {
            throw new InvalidInputException(what + " holds its data in memory, and " + name() + " has " + size()
                    + " examples of " + dim() + " values (" + values + " floats, more than " + maxValues
                    + "); use fewer examples");
        }
        float[] features = new float[(int) values];
        int batch = Math.max(1, (1 << 20) / Math.max(1, dim()));
        float[] buffer = new float[batch * dim()];
        for (int from = 0; from < size(); from += batch) {
            int to = Math.min(size(), from + batch);
            read(from, to, buffer);
            System.arraycopy(buffer, 0, features, from * dim(), (to - from) * dim());
        }
        return new Dataset(name(), features, labels(), channels(), height(), width());
    }

    /**
     * A source seen through another: the same name, shape and labels unless it says otherwise (a selection of rows,
     * a binarization).
     */
    interface View extends DataSource {
        /** @return the source seen */
        DataSource source();

        @Override
        default String name() {
            return source().name();
        }

        @Override
        default int size() {
            return source().size();
        }

        @Override
        default int channels() {
            return source().channels();
        }

        @Override
        default int height() {
            return source().height();
        }

        @Override
        default int width() {
            return source().width();
        }

        @Override
        default int[] labels() {
            return source().labels();
        }
    }

    /** A view of some examples of another source. */
    record Selection(DataSource source, int[] rows) implements View {
        /** Checks the indices. */
        public Selection {
            for (int r : rows) {
                if (r < 0 || r >= source.size()) {
                    throw new IllegalArgumentException("row " + r + " outside [0, " + source.size() + ")");
                }
            }
        }

        @Override
        public int size() {
            return rows.length;
        }

        @Override
        public int[] labels() {
            int[] all = source.labels();
            if (all == null) {
                return null;
            }
            int[] picked = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                picked[i] = all[rows[i]];
            }
            return picked;
        }

        @Override
        public void read(int[] which, float[] dst) {
            int[] mapped = new int[which.length];
            for (int i = 0; i < which.length; i++) {
                mapped[i] = rows[which[i]];
            }
            source.read(mapped, dst);
        }

        @Override
        public DataSource select(int[] which) {
            int[] mapped = new int[which.length];
            for (int i = 0; i < which.length; i++) {
                mapped[i] = rows[which[i]];
            }
            return new Selection(source, mapped);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Selection s && s.source.equals(source) && Arrays.equals(s.rows, rows);
        }

        @Override
        public int hashCode() {
            return 31 * source.hashCode() + Arrays.hashCode(rows);
        }

        @Override
        public String toString() {
            return name() + " (" + rows.length + " of " + source.size() + " examples)";
        }
    }
}
