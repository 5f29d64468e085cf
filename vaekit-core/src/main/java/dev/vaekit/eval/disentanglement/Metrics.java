package dev.vaekit.eval.disentanglement;

import dev.vaekit.data.factors.FactorData;
import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the metrics. */
final class Metrics {
    private Metrics() {}

    /** The most observations a metric draws for one sample (codes are held in memory). */
    static final int MAX_OBSERVATIONS = 10_000_000;

    /** The most votes or examples of the FactorVAE and β-VAE metrics (each encodes a batch). */
    static final int MAX_VOTES = 10_000_000;

    /** The largest batch of the FactorVAE and β-VAE metrics. */
    static final int MAX_BATCH = 100_000;

    /** @return the names of the scored factors (those with more than one class) */
    static List<String> factorNames(FactorData data) {
        List<String> names = new ArrayList<>();
        for (int f : data.varyingFactors()) {
            names.add(data.factors().get(f).name());
        }
        return names;
    }

    /**
     * @param data the data
     * @return the number of scored factors
     * @throws dev.vaekit.InvalidInputException when no factor varies
     */
    static int scoredFactors(FactorData data) {
        int n = data.varyingFactors().length;
        if (n == 0) {
            throw new dev.vaekit.InvalidInputException(
                    data.name() + ": no factor has more than one class; nothing to score");
        }
        return n;
    }

    /**
     * @param matrix code dimension × factor
     * @return for each factor, the largest entry less the second largest (the largest alone for one dimension)
     */
    static double[] topTwoGaps(double[][] matrix) {
        int factors = matrix[0].length;
        double[] gaps = new double[factors];
        for (int k = 0; k < factors; k++) {
            double first = Double.NEGATIVE_INFINITY;
            double second = Double.NEGATIVE_INFINITY;
            for (double[] row : matrix) {
                double v = row[k];
                if (v > first) {
                    second = first;
                    first = v;
                } else if (v > second) {
                    second = v;
                }
            }
            gaps[k] = first - (matrix.length > 1 ? second : 0);
        }
        return gaps;
    }

    /** @return each column's largest entry */
    static double[] columnMax(double[][] matrix) {
        double[] out = new double[matrix[0].length];
        java.util.Arrays.fill(out, Double.NEGATIVE_INFINITY);
        for (double[] row : matrix) {
            for (int k = 0; k < out.length; k++) {
                out[k] = Math.max(out[k], row[k]);
            }
        }
        return out;
    }

    /** @return the mean, 0 for none */
    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }
}
