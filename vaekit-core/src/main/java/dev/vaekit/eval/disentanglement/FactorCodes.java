package dev.vaekit.eval.disentanglement;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.factors.FactorData;
import java.util.SplittableRandom;

/**
 * Observations drawn with their factors and encoded: row i holds the classes of the scored factors and the code of one
 * observation whose factors were drawn uniformly (disentanglement_lib's {@code generate_batch_factor_code}).
 *
 * @param classes n rows of one class per scored factor ({@link FactorData#varyingFactors()})
 * @param codes n rows of the representation's code
 */
public record FactorCodes(int[][] classes, double[][] codes) {

    /** Observations encoded per call when the batch does not matter to the estimate. */
    public static final int ENCODE_BATCH = 64;

    /** Validates that both have the same rows. */
    public FactorCodes {
        if (classes.length != codes.length) {
            throw new IllegalArgumentException(classes.length + " rows of classes but " + codes.length + " codes");
        }
    }

    /** @return rows */
    public int size() {
        return codes.length;
    }

    /** @return the code's length */
    public int codeSize() {
        return codes.length == 0 ? 0 : codes[0].length;
    }

    /**
     * @param data the data
     * @param representation the representation scored
     * @param n observations
     * @param random the generator of the factors
     * @return n observations' scored classes and codes
     */
    public static FactorCodes sample(
            FactorData data, RepresentationFunction representation, int n, SplittableRandom random) {
        int[] scored = data.varyingFactors();
        int[][] classes = new int[n][];
        double[][] codes = new double[n][];
        Encoder encoder = new Encoder(data, representation, ENCODE_BATCH);
        for (int start = 0; start < n; start += ENCODE_BATCH) {
            int count = Math.min(ENCODE_BATCH, n - start);
            int[][] all = data.sampleFactors(count, random);
            double[][] batch = encoder.encode(all);
            for (int i = 0; i < count; i++) {
                classes[start + i] = select(all[i], scored);
                codes[start + i] = batch[i];
            }
        }
        return new FactorCodes(classes, codes);
    }

    /**
     * @param all one class per factor
     * @param scored indices of the scored factors
     * @return the classes of the scored factors
     */
    static int[] select(int[] all, int[] scored) {
        int[] out = new int[scored.length];
        for (int k = 0; k < scored.length; k++) {
            out[k] = all[scored[k]];
        }
        return out;
    }

    /** @return column {@code k} of the classes */
    int[] factorColumn(int k) {
        int[] out = new int[classes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = classes[i][k];
        }
        return out;
    }

    /** @return column {@code j} of the codes */
    double[] codeColumn(int j) {
        double[] out = new double[codes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = codes[i][j];
        }
        return out;
    }

    /**
     * Renders factor classes into reused buffers and encodes them, checking what the representation returns.
     */
    static final class Encoder {
        private final FactorData data;
        private final RepresentationFunction representation;
        private final float[][][] buffers;
        private int codeSize = -1;

        /**
         * @param data the data
         * @param representation the representation
         * @param maxBatch the most observations encoded at once
         */
        Encoder(FactorData data, RepresentationFunction representation, int maxBatch) {
            this.data = data;
            this.representation = representation;
            this.buffers = new float[maxBatch + 1][][];
        }

        /**
         * @param classes one row of classes (of all factors) per observation
         * @return their codes
         */
        double[][] encode(int[][] classes) {
            int n = classes.length;
            float[][] observations = buffers[n];
            if (observations == null) {
                observations = new float[n][data.observationSize()];
                buffers[n] = observations;
            }
            for (int i = 0; i < n; i++) {
                data.render(classes[i], observations[i], 0);
            }
            float[][] codes = representation.encode(observations);
            if (codes == null || codes.length != n) {
                throw new InvalidInputException("representation: expected " + n + " codes for " + n
                        + " observations of " + data.name() + ", got " + (codes == null ? "none" : codes.length));
            }
            double[][] out = new double[n][];
            for (int i = 0; i < n; i++) {
                float[] code = codes[i];
                if (code == null || code.length == 0 || (codeSize >= 0 && code.length != codeSize)) {
                    throw new InvalidInputException("representation: expected codes of " + Math.max(codeSize, 1)
                            + (codeSize >= 0 ? "" : "+") + " values, got "
                            + (code == null ? "none" : code.length) + " for an observation of " + data.name());
                }
                codeSize = code.length;
                double[] row = new double[code.length];
                for (int j = 0; j < code.length; j++) {
                    if (!Float.isFinite(code[j])) {
                        throw new InvalidInputException("representation: code value " + j + " is " + code[j]
                                + " for an observation of " + data.name() + "; expected finite values");
                    }
                    row[j] = code[j];
                }
                out[i] = row;
            }
            return out;
        }
    }
}
