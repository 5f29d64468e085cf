package dev.vaekit.data;

import dev.vaekit.data.factors.FactorSource;
import java.util.Objects;

/**
 * The rows of a {@link FactorSource} as a {@link DataSource}: each image is rendered from its factor classes when a
 * batch is read, into the reader's buffer, so that a data set with known factors trains, validates, is evaluated and
 * encoded without its pixels ever being held. A source over dSprites' 737,280 images holds one int per row (the index
 * of the row's observation) and no pixels; reading b rows renders b images. Rendering is exact and deterministic, so
 * the rows read are those a materialised copy would hold ({@link FactorDatasets#materialise}). It has no labels: an
 * image has one class per factor ({@link FactorSource#classes(int)}), not one label.
 *
 * <p>Thread-safe, as {@link FactorSource} is.
 */
public final class FactorDataSource implements DataSource {
    private final FactorSource rows;

    /** @param rows the rows, rendered on demand */
    public FactorDataSource(FactorSource rows) {
        this.rows = Objects.requireNonNull(rows, "rows");
    }

    /** @return the rows with their factors, for metrics and pictures */
    public FactorSource rows() {
        return rows;
    }

    @Override
    public String name() {
        return rows.name();
    }

    @Override
    public int size() {
        return rows.size();
    }

    @Override
    public int channels() {
        return rows.channels();
    }

    @Override
    public int height() {
        return rows.height();
    }

    @Override
    public int width() {
        return rows.width();
    }

    @Override
    public int dim() {
        return rows.dim();
    }

    /** @return null: an image has one class per factor, not one label */
    @Override
    public int[] labels() {
        return null;
    }

    @Override
    public void read(int from, int to, float[] dst) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") outside [0, " + size() + ")");
        }
        rows.read(from, to, dst);
    }

    @Override
    public void read(int[] which, float[] dst) {
        rows.read(which, dst);
    }

    @Override
    public String toString() {
        return name() + " (" + size() + " images of " + rows.factors().name() + ", rendered when read)";
    }
}
