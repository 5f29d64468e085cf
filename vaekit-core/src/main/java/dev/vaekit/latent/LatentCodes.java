package dev.vaekit.latent;

import java.util.Arrays;

/**
 * A table of latent codes: {@code size} rows of {@code latentDim} floats, row-major, with the integer labels of the
 * examples they came from when those had labels.
 *
 * @param values row-major codes, length {@code size * latentDim}
 * @param latentDim values per code, ≥ 1
 * @param labels one label per code, or {@code null}
 */
public record LatentCodes(float[] values, int latentDim, int[] labels) {

    /** Validates the shapes. */
    public LatentCodes {
        if (latentDim < 1) {
            throw new IllegalArgumentException("latent dimension must be >= 1, got " + latentDim);
        }
        if (values.length % latentDim != 0) {
            throw new IllegalArgumentException(
                    values.length + " values is not a whole number of codes of " + latentDim);
        }
        if (labels != null && labels.length != values.length / latentDim) {
            throw new IllegalArgumentException(
                    labels.length + " labels for " + values.length / latentDim + " codes; expected one per code");
        }
    }

    /** @return number of codes */
    public int size() {
        return values.length / latentDim;
    }

    /** @return whether the codes carry labels */
    public boolean hasLabels() {
        return labels != null;
    }

    /**
     * @param i code index
     * @return a copy of code {@code i}
     */
    public float[] row(int i) {
        return Arrays.copyOfRange(values, i * latentDim, (i + 1) * latentDim);
    }
}
